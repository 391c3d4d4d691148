import { and, count, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { auditLog } from '../../platform/schema.ts';
import { lastMailTo, linkIn, makeUser, useTestApp } from '../../testing/harness.ts';
import { verifyOnline } from '../credentials/online.ts';
import { findCredential } from '../credentials/queries.ts';
import { createIssuer } from '../credentials/service.ts';
import { addAward, awardCredentials, publishResults } from './awards.ts';
import { conflictFacts, eligibilityMatrix, pairKey } from './conflicts.ts';
import { confirmName, info, publishedHackathon, teamOf } from './fixtures.test.helpers.ts';
import {
  assignJudge,
  assignJudges,
  inviteJudge,
  overrideConflict,
  rubricResults,
  scoreSubmission,
  seatByToken,
} from './judging.ts';
import {
  markFirstSeen,
  openSession,
  pairwiseRanking,
  pass,
  recomputeRound,
  undoLastVote,
  vote,
} from './pairwise.ts';
import { findHackathon, type Hackathon } from './queries.ts';
import {
  hackathonAssignments,
  hackathonDecisions,
  hackathonPairwiseItems,
  hackathonPairwiseSessions,
  hackathonSubmissions,
} from './schema.ts';
import { submitProject } from './submissions.ts';
import { registerParticipant } from './teams.ts';

const t = useTestApp();
const mailInfo = { ...info, publicUrl: 'http://gongjin.test', locale: 'zh-CN' as const };

async function rejects(p: Promise<unknown>, code: string, messageKey: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect({ code: (err as AppError).code, key: (err as AppError).messageKey }).toEqual({
    code,
    key: messageKey,
  });
}

/** A hackathon with `n` submitted teams of 2; the first team's members study at `school`. */
async function judgedHackathon(n: number) {
  const world = await publishedHackathon(t.db);
  const schoolAdmin = await makeUser(t.db);
  const { makeOrg } = await import('../../testing/harness.ts');
  const school = await makeOrg(t.db, schoolAdmin.id, { type: 'school', nameZh: '杭州电子科技大学' });
  const submissions = [];
  for (let i = 0; i < n; i++) {
    const { team, people } = await teamOf(
      t.db,
      world.hackathon,
      `队${i}`,
      2,
      i === 0 ? school.id : undefined,
    );
    const sub = await submitProject(
      t.db,
      world.hackathon,
      team.id,
      people[0].id,
      {
        title: `作品${i}`,
        repoUrl: `https://gitee.com/t${i}/p${i}`,
        videoUrl: '',
        description: '',
        trackIds: i === 1 ? [world.track.id] : [],
      },
      info,
    );
    submissions.push({ sub, team, people });
  }
  return { ...world, school, submissions };
}

async function seat(h: Hackathon, email: string, over: Partial<Parameters<typeof inviteJudge>[2]> = {}) {
  const token = await inviteJudge(
    t.db,
    h,
    {
      email,
      name: email.split('@')[0],
      orgIds: [],
      expertise: ['向量'],
      availability: '',
      trackId: null,
      ...over,
    },
    mailInfo,
  );
  const s = await seatByToken(t.db, token);
  if (!s) throw new Error('no seat');
  return { token, seat: s };
}

describe('judge pool and conflicts of interest', () => {
  it('mails a magic link that opens the judge’s seat without an account', async () => {
    const { hackathon } = await publishedHackathon(t.db);
    const token = await inviteJudge(
      t.db,
      hackathon,
      {
        email: 'Judge@Example.test',
        name: '王评委',
        orgIds: [],
        expertise: [],
        availability: '周末',
        trackId: null,
      },
      mailInfo,
    );
    const mail = await lastMailTo(t.db, 'judge@example.test');
    expect(mail.subject).toBe(`邀请你担任「${hackathon.title}」的评委`);
    expect(linkIn(mail.text)).toBe(`/hackathons/judge/${token}`);
    expect((await seatByToken(t.db, token))?.name).toBe('王评委');
    expect(await seatByToken(t.db, 'not-a-token')).toBeUndefined();
    await rejects(
      inviteJudge(
        t.db,
        hackathon,
        {
          email: 'judge@example.test',
          name: '王评委',
          orgIds: [],
          expertise: [],
          availability: '',
          trackId: null,
        },
        mailInfo,
      ),
      'CONFLICT',
      'hackathons.judge.alreadyOnPanel',
    );
  });

  it('excludes a judge from the school’s project, an advisor from their student’s, a sponsor from its track’s entrants', async () => {
    const w = await judgedHackathon(3);
    const fromSchool = await seat(w.hackathon, 'school@example.test', { orgIds: [w.school.id] });
    const sponsorJudge = await seat(w.hackathon, 'sponsor@example.test', { orgIds: [w.sponsor.id] });
    const trackJudge = await seat(w.hackathon, 'track@example.test', {
      orgIds: [w.sponsor.id],
      trackId: w.track.id,
    });
    // An advisor: a teacher with an account, named by a member of team 2, who binds the judge seat to it.
    const teacher = await makeUser(t.db, { roles: ['teacher'], email: `adv-${Date.now()}@example.test` });
    await registerParticipant(
      t.db,
      w.hackathon,
      w.submissions[2].people[0].id,
      { orgId: null, advisorEmail: teacher.email, skills: '', lookingForTeam: false },
      info,
    );
    const advisor = await seat(w.hackathon, teacher.email);
    const { bindJudgeAccount } = await import('./judging.ts');
    await bindJudgeAccount(t.db, advisor.seat, teacher.id, info);
    const m = eligibilityMatrix(await conflictFacts(t.db, w.hackathon.id));
    const [s0, s1, s2] = w.submissions.map((s) => s.sub.id);
    const reasons = (j: string, s: string) => (m.get(pairKey(j, s))?.reasons ?? []).map((r) => r.kind);
    expect(reasons(fromSchool.seat.judgeId, s0)).toEqual(['sharedOrg', 'sharedOrg']);
    expect(reasons(fromSchool.seat.judgeId, s1)).toEqual([]);
    expect(reasons(sponsorJudge.seat.judgeId, s1)).toEqual(['sponsor']);
    expect(reasons(trackJudge.seat.judgeId, s1)).toEqual([]);
    expect(m.get(pairKey(trackJudge.seat.judgeId, s0))?.inScope).toBe(false);
    expect(reasons(advisor.seat.judgeId, s2)).toEqual(['advisor']);
    // A forced assignment of a conflicted judge: a clear refusal, nothing written.
    await rejects(
      assignJudge(t.db, w.hackathon.id, 1, fromSchool.seat.judgeId, s0, info),
      'CONFLICT',
      'hackathons.assign.conflicted',
    );
    await rejects(
      assignJudge(t.db, w.hackathon.id, 1, trackJudge.seat.judgeId, s0, info),
      'CONFLICT',
      'hackathons.assign.outsideTrack',
    );
    expect(await t.db.select().from(hackathonAssignments)).toEqual([]);
    // An override with a note is audited, and then the assignment goes through.
    await rejects(
      overrideConflict(t.db, w.hackathon.id, fromSchool.seat.judgeId, s0, '', info),
      'INVALID_INPUT',
      'hackathons.coi.noteRequired',
    );
    await overrideConflict(
      t.db,
      w.hackathon.id,
      fromSchool.seat.judgeId,
      s0,
      '评委已离职两年，经组委会确认',
      info,
    );
    await assignJudge(t.db, w.hackathon.id, 1, fromSchool.seat.judgeId, s0, info);
    const [audited] = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'hackathons.conflict_overridden'));
    expect(audited.data).toMatchObject({
      judgeId: fromSchool.seat.judgeId,
      note: '评委已离职两年，经组委会确认',
    });
  });

  it('assigns k judges per project with balanced load and never an excluded judge (property over random pools)', async () => {
    const w = await judgedHackathon(4);
    const judges = [];
    for (let i = 0; i < 5; i++)
      judges.push(await seat(w.hackathon, `j${i}@example.test`, { orgIds: i < 2 ? [w.school.id] : [] }));
    const made = await assignJudges(t.db, w.hackathon.id, 1, 2, info);
    expect(made).toBe(8);
    const rows = await t.db.select().from(hackathonAssignments);
    const m = eligibilityMatrix(await conflictFacts(t.db, w.hackathon.id));
    for (const r of rows) expect(m.get(pairKey(r.judgeId, r.submissionId))?.eligible).toBe(true);
    const perProject = new Map<string, number>();
    const perJudge = new Map<string, number>();
    for (const r of rows) {
      perProject.set(r.submissionId, (perProject.get(r.submissionId) ?? 0) + 1);
      perJudge.set(r.judgeId, (perJudge.get(r.judgeId) ?? 0) + 1);
    }
    expect([...perProject.values()]).toEqual([2, 2, 2, 2]);
    const loads = [...perJudge.values()];
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    // k larger than the eligible judges of the school's project: refused, nothing more written.
    await rejects(assignJudges(t.db, w.hackathon.id, 1, 4, info), 'CONFLICT', 'hackathons.assign.notEnough');
    const [{ n }] = await t.db.select({ n: count() }).from(hackathonAssignments);
    expect(n).toBe(8);
  });
});

describe('rubric scoring', () => {
  it('keeps raw and normalised scores side by side', async () => {
    const w = await judgedHackathon(2);
    const a = await seat(w.hackathon, 'a@example.test');
    const b = await seat(w.hackathon, 'b@example.test');
    await assignJudges(t.db, w.hackathon.id, 1, 2, info);
    const [s0, s1] = w.submissions.map((s) => s.sub.id);
    await scoreSubmission(t.db, a.seat, 1, s0, { impact: 5, tech: 5 }, info);
    await scoreSubmission(t.db, a.seat, 1, s1, { impact: 4, tech: 4 }, info);
    await scoreSubmission(t.db, b.seat, 1, s0, { impact: 2, tech: 2 }, info);
    await scoreSubmission(t.db, b.seat, 1, s1, { impact: 1, tech: 1 }, info);
    await rejects(
      scoreSubmission(t.db, b.seat, 1, s1, { impact: 6, tech: 1 }, info),
      'INVALID_INPUT',
      'hackathons.score.invalid',
    );
    const results = await rubricResults(t.db, w.hackathon, 1);
    expect(results.map((r) => [r.submissionId, r.raw, r.normalised, r.judges])).toEqual([
      [s0, 3.5, 1, 2],
      [s1, 2.5, -1, 2],
    ]);
  });
});

describe('pairwise judging (CrowdBT)', () => {
  it('walks Gavel’s flow: first project, votes, a repeated vote refused, undo, and the log recomputes the live state', async () => {
    const w = await judgedHackathon(4);
    const j = await seat(w.hackathon, 'p@example.test');
    const fixed = () => 0.5; // deterministic shuffles and never below ε … except it is 0.5 ≥ 0.25: gain
    const first = await openSession(t.db, j.seat, 1, new Date(), fixed);
    expect(first.prevId).toBeNull();
    const second = await markFirstSeen(t.db, j.seat, 1, first.nextId as string, new Date(), fixed);
    expect(second).not.toBeNull();
    await vote(
      t.db,
      j.seat,
      1,
      { prevId: first.nextId as string, nextId: second as string, winner: 'next' },
      info,
      new Date(),
      fixed,
    );
    // The same pair again (a double tap): refused, nothing written.
    const before = await t.db.select({ n: count() }).from(hackathonDecisions);
    await rejects(
      vote(
        t.db,
        j.seat,
        1,
        { prevId: first.nextId as string, nextId: second as string, winner: 'next' },
        info,
      ),
      'CONFLICT',
      'hackathons.pairwise.stale',
    );
    expect(await t.db.select({ n: count() }).from(hackathonDecisions)).toEqual(before);
    const live = await pairwiseRanking(t.db, w.hackathon.id, 1);
    expect(live[0].submissionId).toBe(second);
    // Undo: back on the same pair, the ranking is the priors again, and the judge can vote the other way.
    await undoLastVote(t.db, j.seat, 1, info);
    const [session] = await t.db
      .select()
      .from(hackathonPairwiseSessions)
      .where(eq(hackathonPairwiseSessions.judgeId, j.seat.judgeId));
    expect([session.prevId, session.nextId, session.alpha, session.beta]).toEqual([
      first.nextId,
      second,
      10,
      1,
    ]);
    const reset = await pairwiseRanking(t.db, w.hackathon.id, 1);
    expect(reset.map((r) => [r.mu, r.sigmaSq])).toEqual(reset.map(() => [0, 1]));
    await vote(
      t.db,
      j.seat,
      1,
      { prevId: first.nextId as string, nextId: second as string, winner: 'prev' },
      info,
      new Date(),
      fixed,
    );
    const after = await pairwiseRanking(t.db, w.hackathon.id, 1);
    expect(after[0].submissionId).toBe(first.nextId);
    expect(after[0].mu).toBeCloseTo(0.4090909091, 9);
    await rejects(
      undoLastVote(t.db, (await seat(w.hackathon, 'q@example.test')).seat, 1, info),
      'CONFLICT',
      'hackathons.pairwise.nothingToUndo',
    );
  });

  it('property: with several judges, skips and absences, the ranking recomputed from the log equals the live one', async () => {
    const w = await judgedHackathon(6);
    const seats = [];
    for (let i = 0; i < 3; i++) seats.push((await seat(w.hackathon, `r${i}@example.test`)).seat);
    let x = 7;
    const random = () => {
      x = (x * 16807) % 2147483647;
      return x / 2147483647;
    };
    const now = new Date();
    for (const s of seats) {
      const o = await openSession(t.db, s, 1, now, random);
      if (o.nextId) await markFirstSeen(t.db, s, 1, o.nextId, now, random);
    }
    for (let step = 0; step < 12; step++) {
      const s = seats[step % seats.length];
      const [row] = await t.db
        .select()
        .from(hackathonPairwiseSessions)
        .where(and(eq(hackathonPairwiseSessions.judgeId, s.judgeId)));
      if (!row.prevId || !row.nextId) continue;
      if (step === 5) await pass(t.db, s, 1, row.nextId, 'skip', info, now, random);
      else
        await vote(
          t.db,
          s,
          1,
          { prevId: row.prevId, nextId: row.nextId, winner: random() < 0.5 ? 'prev' : 'next' },
          info,
          now,
          random,
        );
      if (step === 7) await undoLastVote(t.db, s, 1, info);
    }
    const liveItems = await t.db
      .select()
      .from(hackathonPairwiseItems)
      .orderBy(hackathonPairwiseItems.submissionId);
    const liveSessions = await t.db
      .select()
      .from(hackathonPairwiseSessions)
      .orderBy(hackathonPairwiseSessions.judgeId);
    await recomputeRound(t.db, w.hackathon.id, 1);
    const items = await t.db
      .select()
      .from(hackathonPairwiseItems)
      .orderBy(hackathonPairwiseItems.submissionId);
    const sessions = await t.db
      .select()
      .from(hackathonPairwiseSessions)
      .orderBy(hackathonPairwiseSessions.judgeId);
    expect(items).toEqual(liveItems);
    expect(sessions).toEqual(liveSessions);
    const votes = await t.db
      .select()
      .from(hackathonDecisions)
      .where(and(eq(hackathonDecisions.kind, 'vote'), isNull(hackathonDecisions.undoneAt)));
    expect(votes.length).toBeGreaterThan(5);
  });

  it('hides a project marked absent three times', async () => {
    const w = await judgedHackathon(4);
    for (let i = 0; i < 3; i++) {
      const s = (await seat(w.hackathon, `abs${i}@example.test`)).seat;
      // Each judge is shown the first project first (nobody else is busy with it once passed on).
      let state = await openSession(t.db, s, 1, new Date(), () => 0);
      while (state.nextId && state.nextId !== w.submissions[0].sub.id) {
        await pass(t.db, s, 1, state.nextId, 'skip', info, new Date(), () => 0);
        const [row] = await t.db
          .select()
          .from(hackathonPairwiseSessions)
          .where(eq(hackathonPairwiseSessions.judgeId, s.judgeId));
        state = { prevId: row.prevId, nextId: row.nextId, started: false };
      }
      if (state.nextId) await pass(t.db, s, 1, state.nextId, 'absent', info, new Date(), () => 0);
    }
    const [sub] = await t.db
      .select()
      .from(hackathonSubmissions)
      .where(eq(hackathonSubmissions.id, w.submissions[0].sub.id));
    expect([sub.absentCount, sub.hidden]).toEqual([3, true]);
  });
});

describe('awards become credentials', () => {
  it('publishes in one action: every confirmed member of the winning team gets a credential that verifies', async () => {
    const w = await judgedHackathon(2);
    const ctx = { db: t.db, secret: t.deps.config.GONGJIN_SECRET, publicUrl: 'http://gongjin.test' };
    const winner = w.submissions[1];
    await confirmName(t.db, winner.people[0].id, '李明');
    await confirmName(t.db, winner.people[1].id, '韩梅梅');
    await addAward(
      t.db,
      w.hackathon.id,
      {
        trackId: w.track.id,
        submissionId: winner.sub.id,
        title: '一等奖',
        rank: 1,
        prizeCny: 20000,
        creditHours: 32,
      },
      info,
    );
    // No issuer chosen yet: refused, nothing issued.
    await rejects(publishResults(ctx, w.hackathon.id, info), 'CONFLICT', 'hackathons.award.noIssuer');
    expect(await awardCredentials(t.db, w.hackathon.id)).toEqual([]);
    const issuer = await createIssuer(
      ctx,
      { slug: `alliance-${Date.now()}`, nameZh: '数据库产业联盟', nameEn: 'Alliance' },
      info,
    );
    const { hackathons } = await import('./schema.ts');
    await t.db.update(hackathons).set({ issuerId: issuer.id }).where(eq(hackathons.id, w.hackathon.id));
    const result = await publishResults(ctx, w.hackathon.id, info);
    expect(result).toEqual({ awards: 1, credentials: 2 });
    expect((await findHackathon(t.db, w.hackathon.id))?.status).toBe('results_published');
    const issued = await awardCredentials(t.db, w.hackathon.id);
    expect(issued.map((i) => i.userId).sort()).toEqual([winner.people[0].id, winner.people[1].id].sort());
    const credential = await findCredential(t.db, issued[0].credentialId);
    const verification = await verifyOnline(ctx, credential?.document);
    expect(verification.valid).toBe(true);
    await rejects(publishResults(ctx, w.hackathon.id, info), 'CONFLICT', 'hackathons.award.alreadyPublished');
  });
});
