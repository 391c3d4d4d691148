/**
 * The judge pool and rubric judging. Judges are invited by email to a hackathon's panel with a
 * magic link (the link's token, stored as a digest, is their key: no account needed), and may bind
 * the link to an account later. Assignment gives every project at least k eligible judges (no
 * conflict, or an organiser's override; sponsor-track judges only their track) with balanced load;
 * a forced assignment of a conflicted judge is refused. Scores are 1–5 per criterion.
 */
import { and, asc, eq } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import type { Locale } from '../../i18n/index.ts';
import { audit } from '../../platform/audit.ts';
import { translator } from '../../platform/i18n.ts';
import { queueMail } from '../../platform/mail.ts';
import { digest, isUniqueViolation, newToken } from '../../platform/tokens.ts';
import {
  type ConflictReason,
  conflictFacts,
  eligibilityMatrix,
  pairEligibility,
  pairKey,
} from './conflicts.ts';
import { type Criterion, normaliseScores, type ProjectScore } from './normalise.ts';
import { key, problem } from './problems.ts';
import { findHackathon, type Hackathon } from './queries.ts';
import {
  hackathonAssignments,
  hackathonConflictOverrides,
  hackathonJudges,
  hackathonPanel,
  hackathonSubmissions,
  hackathonTracks,
} from './schema.ts';
import type { RequestInfo } from './service.ts';

export type JudgeInput = {
  email: string;
  name: string;
  orgIds: string[];
  expertise: string[];
  availability: string;
  trackId: string | null;
};

export const judgeLink = (publicUrl: string, token: string) => `${publicUrl}/hackathons/judge/${token}`;

/**
 * Invites a judge (found in the pool by email, or added to it) to the hackathon's panel and mails
 * the magic link. Writes hackathon_judges, hackathon_panel, mail_outbox (+ its job), audit
 * `hackathons.judge_invited`. Returns the token (the link is only ever in the mail).
 */
export async function inviteJudge(
  db: Db,
  hackathon: Hackathon,
  input: JudgeInput,
  info: RequestInfo & { publicUrl: string; locale: Locale },
) {
  const email = input.email.trim().toLowerCase();
  const token = newToken();
  try {
    await transaction(db, async (tx) => {
      if (input.trackId) {
        const [track] = await tx
          .select({ id: hackathonTracks.id })
          .from(hackathonTracks)
          .where(and(eq(hackathonTracks.id, input.trackId), eq(hackathonTracks.hackathonId, hackathon.id)));
        if (!track) throw problem('INVALID_INPUT', 'hackathons.submit.unknownTrack', { field: 'trackId' });
      }
      const profile = {
        name: input.name.trim(),
        orgIds: input.orgIds,
        expertise: input.expertise,
        availability: input.availability.trim(),
      };
      const [judge] = await tx
        .insert(hackathonJudges)
        .values({ email, ...profile })
        .onConflictDoUpdate({ target: hackathonJudges.email, set: profile })
        .returning();
      await tx.insert(hackathonPanel).values({
        hackathonId: hackathon.id,
        judgeId: judge.id,
        trackId: input.trackId,
        tokenDigest: digest(token),
        invitedBy: info.actorId ?? null,
      });
      const t = translator(info.locale);
      const vars = { name: judge.name, title: hackathon.title, link: judgeLink(info.publicUrl, token) };
      await queueMail(tx, {
        to: email,
        subject: t(key('hackathons.judge.mail.subject'), vars),
        text: t(key('hackathons.judge.mail.text'), vars),
        template: 'hackathons.judge_invited',
      });
      await audit(tx, {
        actorId: info.actorId,
        action: 'hackathons.judge_invited',
        targetType: 'hackathon',
        targetId: hackathon.id,
        data: { judgeId: judge.id, trackId: input.trackId },
        ip: info.ip,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw problem('CONFLICT', 'hackathons.judge.alreadyOnPanel', { field: 'email' });
    throw err;
  }
  return token;
}

export type PanelSeat = {
  panelId: string;
  hackathon: Hackathon;
  judgeId: string;
  trackId: string | null;
  name: string;
  email: string;
  userId: string | null;
};

/** The panel seat a magic-link token opens, or undefined. */
export async function seatByToken(db: Db, token: string): Promise<PanelSeat | undefined> {
  if (!token || token.length > 100) return undefined;
  const [row] = await db
    .select({ panel: hackathonPanel, judge: hackathonJudges })
    .from(hackathonPanel)
    .innerJoin(hackathonJudges, eq(hackathonJudges.id, hackathonPanel.judgeId))
    .where(eq(hackathonPanel.tokenDigest, digest(token)));
  if (!row) return undefined;
  const hackathon = await findHackathon(db, row.panel.hackathonId);
  if (!hackathon) return undefined;
  return {
    panelId: row.panel.id,
    hackathon,
    judgeId: row.judge.id,
    trackId: row.panel.trackId,
    name: row.judge.name,
    email: row.judge.email,
    userId: row.judge.userId,
  };
}

/** Binds the pool judge to a signed-in account. Writes hackathon_judges, audit `hackathons.judge_bound`. */
export async function bindJudgeAccount(db: Db, seat: PanelSeat, userId: string, info: RequestInfo) {
  if (seat.userId && seat.userId !== userId) throw problem('CONFLICT', 'hackathons.judge.boundElsewhere');
  await transaction(db, async (tx) => {
    await tx.update(hackathonJudges).set({ userId }).where(eq(hackathonJudges.id, seat.judgeId));
    await audit(tx, {
      actorId: userId,
      action: 'hackathons.judge_bound',
      targetType: 'hackathon_judge',
      targetId: seat.judgeId,
      ip: info.ip,
    });
  });
}

/**
 * Lets a conflicted judge see one project anyway, with the organiser's note. Refused for a pair
 * without a conflict (nothing to allow). Writes hackathon_conflict_overrides, audit
 * `hackathons.conflict_overridden` with the reasons and the note.
 */
export async function overrideConflict(
  db: Db,
  hackathonId: string,
  judgeId: string,
  submissionId: string,
  note: string,
  info: RequestInfo,
) {
  if (note.trim().length < 4)
    throw problem('INVALID_INPUT', 'hackathons.coi.noteRequired', { field: 'note' });
  const pair = await pairEligibility(db, hackathonId, judgeId, submissionId);
  if (!pair) throw problem('NOT_FOUND', 'hackathons.notFound');
  if (pair.reasons.length === 0) throw problem('CONFLICT', 'hackathons.coi.notConflicted');
  await transaction(db, async (tx) => {
    await tx
      .insert(hackathonConflictOverrides)
      .values({ hackathonId, judgeId, submissionId, note: note.trim(), createdBy: info.actorId ?? null })
      .onConflictDoUpdate({
        target: [hackathonConflictOverrides.judgeId, hackathonConflictOverrides.submissionId],
        set: { note: note.trim(), createdBy: info.actorId ?? null, createdAt: new Date() },
      });
    await audit(tx, {
      actorId: info.actorId,
      action: 'hackathons.conflict_overridden',
      targetType: 'hackathon_submission',
      targetId: submissionId,
      data: { judgeId, note: note.trim(), reasons: pair.reasons },
      ip: info.ip,
    });
  });
}

export function describeReasons(
  t: (k: ReturnType<typeof key>, v?: Record<string, string>) => string,
  reasons: ConflictReason[],
) {
  return reasons
    .map((r) =>
      r.kind === 'sharedOrg'
        ? t(key('hackathons.coi.sharedOrg'), { member: r.memberName, org: r.orgName })
        : r.kind === 'advisor'
          ? t(key('hackathons.coi.advisor'), { member: r.memberName })
          : t(key('hackathons.coi.sponsor'), { org: r.orgName }),
    )
    .join('；');
}

/** Projects in the round: every visible submission in round 1, the shortlist after. */
async function roundProjects(db: Db, hackathonId: string, round: number) {
  const rows = await db
    .select({
      id: hackathonSubmissions.id,
      title: hackathonSubmissions.title,
      shortlisted: hackathonSubmissions.shortlisted,
      hidden: hackathonSubmissions.hidden,
    })
    .from(hackathonSubmissions)
    .where(eq(hackathonSubmissions.hackathonId, hackathonId))
    .orderBy(asc(hackathonSubmissions.submittedAt), asc(hackathonSubmissions.id));
  return rows.filter((r) => !r.hidden && (round === 1 || r.shortlisted));
}

/**
 * Assigns k eligible judges to every project of the round, balancing load: projects with the
 * fewest eligible judges go first, each takes the least-loaded eligible judges (existing
 * assignments count). If any project cannot reach k, nothing is written. Writes
 * hackathon_assignments, audit `hackathons.judges_assigned`.
 */
export async function assignJudges(db: Db, hackathonId: string, round: number, k: number, info: RequestInfo) {
  const facts = await conflictFacts(db, hackathonId);
  const matrix = eligibilityMatrix(facts);
  const projects = await roundProjects(db, hackathonId, round);
  const existing = await db
    .select()
    .from(hackathonAssignments)
    .where(and(eq(hackathonAssignments.hackathonId, hackathonId), eq(hackathonAssignments.round, round)));
  const load = new Map(facts.judges.map((j) => [j.judgeId, 0]));
  const has = new Map<string, Set<string>>(projects.map((p) => [p.id, new Set()]));
  for (const a of existing) {
    load.set(a.judgeId, (load.get(a.judgeId) ?? 0) + 1);
    has.get(a.submissionId)?.add(a.judgeId);
  }
  const eligibleFor = (p: string) =>
    facts.judges.filter((j) => matrix.get(pairKey(j.judgeId, p))?.eligible).map((j) => j.judgeId);
  const order = [...projects].sort((a, b) => eligibleFor(a.id).length - eligibleFor(b.id).length);
  const planned: Array<{ judgeId: string; submissionId: string }> = [];
  for (const p of order) {
    const pool = eligibleFor(p.id);
    if (pool.length < k)
      throw problem('CONFLICT', 'hackathons.assign.notEnough', {
        vars: { title: p.title, have: pool.length, k },
      });
    const mine = has.get(p.id) ?? new Set<string>();
    const free = pool
      .filter((j) => !mine.has(j))
      .sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || a.localeCompare(b));
    for (const j of free.slice(0, Math.max(0, k - mine.size))) {
      planned.push({ judgeId: j, submissionId: p.id });
      load.set(j, (load.get(j) ?? 0) + 1);
    }
  }
  await transaction(db, async (tx) => {
    if (planned.length)
      await tx.insert(hackathonAssignments).values(planned.map((p) => ({ hackathonId, round, ...p })));
    await audit(tx, {
      actorId: info.actorId,
      action: 'hackathons.judges_assigned',
      targetType: 'hackathon',
      targetId: hackathonId,
      data: { round, k, count: planned.length },
      ip: info.ip,
    });
  });
  return planned.length;
}

/**
 * Assigns one judge to one project by hand. A conflicted judge (without an override) or a
 * sponsor judge outside their track is refused, and nothing is written. Writes
 * hackathon_assignments, audit `hackathons.judge_assigned`.
 */
export async function assignJudge(
  db: Db,
  hackathonId: string,
  round: number,
  judgeId: string,
  submissionId: string,
  info: RequestInfo & { describe?: (r: ConflictReason[]) => string },
) {
  const pair = await pairEligibility(db, hackathonId, judgeId, submissionId);
  if (!pair) throw problem('NOT_FOUND', 'hackathons.notFound');
  if (!pair.inScope) throw problem('CONFLICT', 'hackathons.assign.outsideTrack');
  if (!pair.eligible)
    throw problem('CONFLICT', 'hackathons.assign.conflicted', {
      vars: {
        reasons: info.describe ? info.describe(pair.reasons) : pair.reasons.map((r) => r.kind).join(', '),
      },
    });
  try {
    await transaction(db, async (tx) => {
      await tx.insert(hackathonAssignments).values({ hackathonId, round, judgeId, submissionId });
      await audit(tx, {
        actorId: info.actorId,
        action: 'hackathons.judge_assigned',
        targetType: 'hackathon_submission',
        targetId: submissionId,
        data: { judgeId, round, overridden: pair.overriddenNote !== null },
        ip: info.ip,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw problem('CONFLICT', 'hackathons.assign.exists');
    throw err;
  }
}

/** The rubric that applies to a project: the first entered track's own, else the hackathon's. */
export async function rubricFor(db: Db, hackathon: Hackathon, trackIds: string[]): Promise<Criterion[]> {
  if (trackIds.length) {
    const tracks = await db
      .select()
      .from(hackathonTracks)
      .where(eq(hackathonTracks.hackathonId, hackathon.id));
    const own = tracks.find((t) => trackIds.includes(t.id) && t.criteria.length > 0);
    if (own) return own.criteria;
  }
  return hackathon.criteria;
}

/**
 * Records a judge's scores for an assigned project (again: replaces them while judging is open).
 * Every criterion must have an integer 1–5. Writes hackathon_assignments, audit `hackathons.scored`.
 */
export async function scoreSubmission(
  db: Db,
  seat: PanelSeat,
  round: number,
  submissionId: string,
  scores: Record<string, number>,
  info: RequestInfo,
) {
  if (seat.hackathon.status === 'results_published') throw problem('CONFLICT', 'hackathons.wrongState');
  const [assignment] = await db
    .select()
    .from(hackathonAssignments)
    .where(
      and(
        eq(hackathonAssignments.round, round),
        eq(hackathonAssignments.judgeId, seat.judgeId),
        eq(hackathonAssignments.submissionId, submissionId),
        eq(hackathonAssignments.hackathonId, seat.hackathon.id),
      ),
    );
  if (!assignment) throw problem('FORBIDDEN', 'hackathons.score.notAssigned');
  const [sub] = await db
    .select({ trackIds: hackathonSubmissions.trackIds })
    .from(hackathonSubmissions)
    .where(eq(hackathonSubmissions.id, submissionId));
  const criteria = await rubricFor(db, seat.hackathon, sub?.trackIds ?? []);
  const clean: Record<string, number> = {};
  for (const c of criteria) {
    const s = scores[c.key];
    if (!Number.isInteger(s) || s < 1 || s > 5)
      throw problem('INVALID_INPUT', 'hackathons.score.invalid', { field: c.key });
    clean[c.key] = s;
  }
  await transaction(db, async (tx) => {
    await tx
      .update(hackathonAssignments)
      .set({ scores: clean, scoredAt: new Date() })
      .where(eq(hackathonAssignments.id, assignment.id));
    await audit(tx, {
      actorId: seat.userId,
      action: 'hackathons.scored',
      targetType: 'hackathon_submission',
      targetId: submissionId,
      data: { judgeId: seat.judgeId, round, scores: clean },
      ip: info.ip,
    });
  });
}

/** Raw and normalised rubric results of a round (the hackathon's rubric; track rubrics per track). */
export async function rubricResults(
  db: Db,
  hackathon: Hackathon,
  round: number,
  trackId?: string,
): Promise<ProjectScore[]> {
  const rows = await db
    .select({ a: hackathonAssignments, trackIds: hackathonSubmissions.trackIds })
    .from(hackathonAssignments)
    .innerJoin(hackathonSubmissions, eq(hackathonSubmissions.id, hackathonAssignments.submissionId))
    .where(and(eq(hackathonAssignments.hackathonId, hackathon.id), eq(hackathonAssignments.round, round)));
  const scored = rows.filter((r) => r.a.scores && (!trackId || r.trackIds.includes(trackId)));
  const criteria = trackId ? await rubricFor(db, hackathon, [trackId]) : hackathon.criteria;
  return normaliseScores(
    criteria,
    scored.map((r) => ({ judgeId: r.a.judgeId, submissionId: r.a.submissionId, scores: r.a.scores ?? {} })),
  );
}

/** A judge's assignments in a round, with the project titles and whether they are scored. */
export async function assignmentsOf(db: Db, seat: PanelSeat, round: number) {
  return db
    .select({
      submissionId: hackathonAssignments.submissionId,
      title: hackathonSubmissions.title,
      scores: hackathonAssignments.scores,
    })
    .from(hackathonAssignments)
    .innerJoin(hackathonSubmissions, eq(hackathonSubmissions.id, hackathonAssignments.submissionId))
    .where(
      and(
        eq(hackathonAssignments.hackathonId, seat.hackathon.id),
        eq(hackathonAssignments.round, round),
        eq(hackathonAssignments.judgeId, seat.judgeId),
      ),
    )
    .orderBy(asc(hackathonSubmissions.title));
}
