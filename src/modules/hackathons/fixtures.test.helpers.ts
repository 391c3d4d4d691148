/** Test fixtures (named `.test.` so the import rules treat it as test code, which it is): a published hackathon with an organiser, a sponsor with a problem, and helpers. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { makeOrg, makeUser } from '../../testing/harness.ts';
import { memberships, users } from '../identity/schema.ts';
import type { Hackathon } from './queries.ts';
import { findHackathon } from './queries.ts';
import { addSponsor, addTrack, createHackathon, type HackathonInput, setHackathonStatus } from './service.ts';
import { createTeam, registerParticipant } from './teams.ts';

export const info = { ip: null, actorId: null, publicUrl: 'http://gongjin.test' };
const day = 86_400_000;

export function hackathonInput(
  organizerOrgId: string,
  over: Partial<HackathonInput> = {},
  now = Date.now(),
): HackathonInput {
  return {
    slug: `hk-${Math.random().toString(36).slice(2, 8)}`,
    title: '国产数据库黑客松 2026',
    theme: '数据库 + AI',
    rules: '**原创**作品',
    city: '杭州',
    online: false,
    timezone: 'Asia/Shanghai',
    registrationOpensAt: new Date(now - day),
    registrationClosesAt: new Date(now + day),
    submissionDeadline: new Date(now + 2 * day),
    startsAt: new Date(now + day),
    endsAt: new Date(now + 3 * day),
    latePolicy: 'refuse',
    lateGraceMinutes: 0,
    minTeamSize: 2,
    maxTeamSize: 3,
    eligibility: 'open',
    eligibleOrgIds: [],
    organizerOrgId,
    criteria: [
      { key: 'impact', label: '价值', weight: 2 },
      { key: 'tech', label: '技术', weight: 1 },
    ],
    issuerId: null,
    coIssuerId: null,
    ...over,
  };
}

export async function joinOrg(db: Db, userId: string, orgId: string) {
  await db.insert(memberships).values({ orgId, userId, role: 'member' });
}

export async function confirmName(db: Db, userId: string, name: string) {
  await db
    .update(users)
    .set({ certificateName: name, certificateNameConfirmedAt: new Date() })
    .where(eq(users.id, userId));
}

export async function publishedHackathon(db: Db, over: Partial<HackathonInput> = {}) {
  const organizer = await makeUser(db);
  const org = await makeOrg(db, organizer.id, { nameZh: '联盟秘书处' });
  const sponsorAdmin = await makeUser(db);
  const sponsor = await makeOrg(db, sponsorAdmin.id, { nameZh: '星河数据', type: 'vendor' });
  const created = await createHackathon(db, hackathonInput(org.id, over), info);
  await addSponsor(db, created.id, { orgId: sponsor.id, kind: 'title', amountCny: 50000 }, info);
  const track = await addTrack(
    db,
    created.id,
    {
      title: '向量检索加速',
      description: '用国产数据库做向量检索',
      resources: '',
      sponsorOrgId: sponsor.id,
      prizeCny: 20000,
      criteria: [],
    },
    info,
  );
  await setHackathonStatus(db, created.id, 'published', info);
  return {
    hackathon: (await findHackathon(db, created.id)) as Hackathon,
    organizer,
    org,
    sponsor,
    sponsorAdmin,
    track,
  };
}

/** A registered team of `size` people (the first is captain), each optionally in `schoolId`. */
export async function teamOf(db: Db, h: Hackathon, name: string, size: number, schoolId?: string) {
  const people = [];
  for (let i = 0; i < size; i++) {
    const u = await makeUser(db, { roles: ['student'], name: `${name}队员${i + 1}` });
    if (schoolId) await joinOrg(db, u.id, schoolId);
    await registerParticipant(
      db,
      h,
      u.id,
      { orgId: schoolId ?? null, advisorEmail: '', skills: '', lookingForTeam: true },
      info,
    );
    people.push(u);
  }
  const team = await createTeam(db, h, people[0].id, name, info);
  const { joinTeamByCode } = await import('./teams.ts');
  for (const p of people.slice(1)) await joinTeamByCode(db, h, p.id, team.inviteCode, info);
  return { team, people };
}
