import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { auditLog } from '../../platform/schema.ts';
import { makeOrg, makeUser, useTestApp } from '../../testing/harness.ts';
import { hackathonInput, info, joinOrg, publishedHackathon, teamOf } from './fixtures.test.helpers.ts';
import { findHackathon, listSponsors, teamView } from './queries.ts';
import { hackathonSubmissions, hackathonSubmissionVersions, hackathonTeamMembers } from './schema.ts';
import { addSponsor, addTrack, createHackathon } from './service.ts';
import { deadlineVerdict, isRepositoryUrl, submitProject } from './submissions.ts';
import { createTeam, joinTeamByCode, registerParticipant, transferCaptain } from './teams.ts';

const t = useTestApp();

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

const project = {
  title: '向量加速器',
  repoUrl: 'https://gitee.com/team-a/vector-boost',
  videoUrl: '',
  description: '# 介绍',
  trackIds: [] as string[],
};

describe('organising', () => {
  it('creates a hackathon with a title sponsor and a company problem, and refuses a second title sponsor', async () => {
    const { hackathon, sponsor, track } = await publishedHackathon(t.db);
    expect(hackathon.status).toBe('published');
    expect(track.sponsorOrgId).toBe(sponsor.id);
    const other = await makeOrg(t.db, (await makeUser(t.db)).id, { nameZh: '云杉科技' });
    await rejects(
      addSponsor(t.db, hackathon.id, { orgId: other.id, kind: 'title', amountCny: 1 }, info),
      'CONFLICT',
      'hackathons.sponsor.titleTaken',
    );
    await addSponsor(t.db, hackathon.id, { orgId: other.id, kind: 'prize', amountCny: 8000 }, info);
    expect((await listSponsors(t.db, hackathon.id)).map((s) => [s.nameZh, s.kind, s.amountCny])).toEqual([
      ['星河数据', 'title', 50000],
      ['云杉科技', 'prize', 8000],
    ]);
  });

  it('refuses dates out of order and a problem from a company that is not a sponsor, writing nothing', async () => {
    const u = await makeUser(t.db);
    const org = await makeOrg(t.db, u.id);
    const input = hackathonInput(org.id);
    await rejects(
      createHackathon(
        t.db,
        { ...input, submissionDeadline: new Date(input.registrationOpensAt.getTime() - 1) },
        info,
      ),
      'INVALID_INPUT',
      'hackathons.datesOrder',
    );
    await rejects(
      createHackathon(t.db, { ...input, timezone: 'Mars/Olympus' }, info),
      'INVALID_INPUT',
      'hackathons.invalidTimezone',
    );
    const h = await createHackathon(t.db, input, info);
    await rejects(
      addTrack(
        t.db,
        h.id,
        { title: 'x', description: '', resources: '', sponsorOrgId: org.id, prizeCny: 0, criteria: [] },
        info,
      ),
      'INVALID_INPUT',
      'hackathons.track.sponsorNotListed',
    );
    const [{ n }] = await t.db
      .select({ n: count() })
      .from(auditLog)
      .where(eq(auditLog.action, 'hackathons.track_added'));
    expect(n).toBe(0);
  });
});

describe('teams', () => {
  it('forms a team by invite code, one team per person, refuses a full team, transfers the captaincy', async () => {
    const { hackathon } = await publishedHackathon(t.db);
    const { team, people } = await teamOf(t.db, hackathon, '星火', 3);
    // A fourth person: the team (max 3) is full, and nothing is written.
    const late = await makeUser(t.db);
    await registerParticipant(
      t.db,
      hackathon,
      late.id,
      { orgId: null, advisorEmail: '', skills: 'Rust', lookingForTeam: true },
      info,
    );
    await rejects(
      joinTeamByCode(t.db, hackathon, late.id, team.inviteCode, info),
      'CONFLICT',
      'hackathons.team.full',
    );
    const [{ n }] = await t.db
      .select({ n: count() })
      .from(hackathonTeamMembers)
      .where(eq(hackathonTeamMembers.teamId, team.id));
    expect(n).toBe(3);
    // A member of one team cannot start another.
    await rejects(
      createTeam(t.db, hackathon, people[1].id, '另一队', info),
      'CONFLICT',
      'hackathons.team.alreadyInTeam',
    );
    await rejects(
      transferCaptain(t.db, team.id, people[1].id, people[2].id, info),
      'FORBIDDEN',
      'hackathons.team.notCaptain',
    );
    await transferCaptain(t.db, team.id, people[0].id, people[2].id, info);
    expect((await teamView(t.db, team.id))?.captainId).toBe(people[2].id);
  });

  it('keeps a listed-schools hackathon to those schools', async () => {
    const u = await makeUser(t.db);
    const school = await makeOrg(t.db, u.id, { type: 'school', nameZh: '浙江大学' });
    const { hackathon } = await publishedHackathon(t.db, {
      eligibility: 'listed_orgs',
      eligibleOrgIds: [school.id],
    });
    const outsider = await makeUser(t.db);
    await rejects(
      registerParticipant(
        t.db,
        hackathon,
        outsider.id,
        { orgId: null, advisorEmail: '', skills: '', lookingForTeam: true },
        info,
      ),
      'FORBIDDEN',
      'hackathons.register.notEligible',
    );
    const student = await makeUser(t.db);
    await joinOrg(t.db, student.id, school.id);
    const row = await registerParticipant(
      t.db,
      hackathon,
      student.id,
      { orgId: school.id, advisorEmail: '', skills: '', lookingForTeam: true },
      info,
    );
    expect(row.orgId).toBe(school.id);
  });
});

describe('submissions', () => {
  it('validates repository hosts', () => {
    expect(isRepositoryUrl('https://github.com/gongjin/demo')).toBe(true);
    expect(isRepositoryUrl('https://gitcode.com/a/b.git')).toBe(true);
    expect(isRepositoryUrl('https://gitee.com/a/b/')).toBe(true);
    expect(isRepositoryUrl('http://github.com/a/b')).toBe(false);
    expect(isRepositoryUrl('https://evil.example/a/b')).toBe(false);
    expect(isRepositoryUrl('https://github.com/a')).toBe(false);
  });

  it('versions a project until the deadline, then refuses it and keeps the last version', async () => {
    const { hackathon, track } = await publishedHackathon(t.db);
    const { team, people } = await teamOf(t.db, hackathon, '星火', 2);
    const first = await submitProject(
      t.db,
      hackathon,
      team.id,
      people[0].id,
      { ...project, trackIds: [track.id] },
      info,
    );
    expect([first.version, first.late]).toEqual([1, false]);
    const second = await submitProject(
      t.db,
      hackathon,
      team.id,
      people[1].id,
      { ...project, title: '向量加速器 v2' },
      info,
    );
    expect(second.version).toBe(2);
    const after = new Date(hackathon.submissionDeadline.getTime() + 1000);
    await rejects(
      submitProject(t.db, hackathon, team.id, people[0].id, { ...project, title: 'v3' }, info, after),
      'CONFLICT',
      'hackathons.submit.deadlinePassed',
    );
    const [row] = await t.db
      .select()
      .from(hackathonSubmissions)
      .where(eq(hackathonSubmissions.teamId, team.id));
    expect([row.title, row.version]).toEqual(['向量加速器 v2', 2]);
    const [{ n }] = await t.db
      .select({ n: count() })
      .from(hackathonSubmissionVersions)
      .where(eq(hackathonSubmissionVersions.submissionId, row.id));
    expect(n).toBe(2);
  });

  it('accepts within the grace period and marks it late when the policy says so', async () => {
    const { hackathon } = await publishedHackathon(t.db, {
      latePolicy: 'accept_marked',
      lateGraceMinutes: 30,
    });
    const { team, people } = await teamOf(t.db, hackathon, '晚到', 2);
    const d = hackathon.submissionDeadline.getTime();
    expect(deadlineVerdict(hackathon, new Date(d))).toBe('on_time');
    expect(deadlineVerdict(hackathon, new Date(d + 31 * 60_000))).toBe('refused');
    const row = await submitProject(
      t.db,
      hackathon,
      team.id,
      people[0].id,
      project,
      info,
      new Date(d + 10 * 60_000),
    );
    expect(row.late).toBe(true);
  });

  it('enforces the team size at submit and refuses a non-member', async () => {
    const { hackathon } = await publishedHackathon(t.db);
    const { team, people } = await teamOf(t.db, hackathon, '独行', 1);
    await rejects(
      submitProject(t.db, hackathon, team.id, people[0].id, project, info),
      'CONFLICT',
      'hackathons.submit.teamTooSmall',
    );
    const stranger = await makeUser(t.db);
    await rejects(
      submitProject(t.db, hackathon, team.id, stranger.id, project, info),
      'FORBIDDEN',
      'hackathons.team.notMember',
    );
    await rejects(
      submitProject(
        t.db,
        hackathon,
        team.id,
        people[0].id,
        { ...project, repoUrl: 'https://example.com/x/y' },
        info,
      ),
      'INVALID_INPUT',
      'hackathons.submit.invalidRepo',
    );
    const rows = await t.db
      .select()
      .from(hackathonSubmissions)
      .where(and(eq(hackathonSubmissions.teamId, team.id)));
    expect(rows).toEqual([]);
    expect((await findHackathon(t.db, hackathon.id))?.status).toBe('published');
  });
});
