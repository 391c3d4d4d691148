/**
 * Conflicts of interest, computed rather than declared (ADR 0035). A judge is excluded from a
 * project when:
 *  - they share an organisation with a team member (the school or studio the member entered for,
 *    or any organisation the member belongs to);
 *  - they advise a team member (named as advisor at registration);
 *  - they belong to the sponsor of a track the project entered, unless they sit on that track's
 *    own panel (a sponsor's judges judge their own problem; they do not judge its entrants for
 *    anything else).
 * A judge's organisations are those they declared plus their account's memberships. An
 * organiser may override one (judge, project) pair with a note; the note is kept and audited.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizationsByIds, organizationsOfPeople, peopleByIds } from '../identity/queries.ts';
import {
  hackathonConflictOverrides,
  hackathonJudges,
  hackathonPanel,
  hackathonParticipants,
  hackathonSubmissions,
  hackathonTeamMembers,
  hackathonTracks,
} from './schema.ts';

export type ConflictReason =
  | { kind: 'sharedOrg'; memberName: string; orgName: string }
  | { kind: 'advisor'; memberName: string }
  | { kind: 'sponsor'; orgName: string };

/** What decides a conflict, gathered once per hackathon (pure inputs for `conflictsOf`). */
export type ConflictFacts = {
  judges: Array<{ judgeId: string; orgIds: Set<string>; userId: string | null; trackId: string | null }>;
  projects: Array<{
    submissionId: string;
    trackIds: string[];
    members: Array<{ userId: string; name: string; orgIds: Set<string>; advisorUserId: string | null }>;
  }>;
  trackSponsor: Map<string, string | null>;
  orgName: Map<string, string>;
  overrides: Map<string, string>;
};

export const pairKey = (judgeId: string, submissionId: string) => `${judgeId}|${submissionId}`;

/** The reasons `judge` may not judge `project` (empty: no conflict). Overrides are not applied here. */
export function conflictsOf(
  facts: ConflictFacts,
  judge: ConflictFacts['judges'][number],
  project: ConflictFacts['projects'][number],
): ConflictReason[] {
  const reasons: ConflictReason[] = [];
  for (const m of project.members) {
    for (const org of m.orgIds)
      if (judge.orgIds.has(org))
        reasons.push({ kind: 'sharedOrg', memberName: m.name, orgName: facts.orgName.get(org) ?? org });
    if (judge.userId && m.advisorUserId === judge.userId)
      reasons.push({ kind: 'advisor', memberName: m.name });
  }
  for (const t of project.trackIds) {
    const sponsor = facts.trackSponsor.get(t);
    if (sponsor && judge.orgIds.has(sponsor) && judge.trackId !== t)
      reasons.push({ kind: 'sponsor', orgName: facts.orgName.get(sponsor) ?? sponsor });
  }
  return reasons;
}

/** Whether the judge may see the project at all: a sponsor-track judge sees only that track. */
export function inJudgesScope(judge: { trackId: string | null }, project: { trackIds: string[] }): boolean {
  return !judge.trackId || project.trackIds.includes(judge.trackId);
}

export async function conflictFacts(db: Db, hackathonId: string): Promise<ConflictFacts> {
  const panel = await db
    .select({
      judgeId: hackathonPanel.judgeId,
      trackId: hackathonPanel.trackId,
      userId: hackathonJudges.userId,
      orgIds: hackathonJudges.orgIds,
    })
    .from(hackathonPanel)
    .innerJoin(hackathonJudges, eq(hackathonJudges.id, hackathonPanel.judgeId))
    .where(eq(hackathonPanel.hackathonId, hackathonId));
  const subs = await db
    .select({
      id: hackathonSubmissions.id,
      teamId: hackathonSubmissions.teamId,
      trackIds: hackathonSubmissions.trackIds,
    })
    .from(hackathonSubmissions)
    .where(eq(hackathonSubmissions.hackathonId, hackathonId));
  const members = subs.length
    ? await db
        .select({ teamId: hackathonTeamMembers.teamId, userId: hackathonTeamMembers.userId })
        .from(hackathonTeamMembers)
        .where(
          inArray(
            hackathonTeamMembers.teamId,
            subs.map((s) => s.teamId),
          ),
        )
    : [];
  const participants = await db
    .select()
    .from(hackathonParticipants)
    .where(eq(hackathonParticipants.hackathonId, hackathonId));
  const participant = new Map(participants.map((p) => [p.userId, p]));
  const userIds = [...members.map((m) => m.userId), ...panel.flatMap((j) => (j.userId ? [j.userId] : []))];
  const memberships = await organizationsOfPeople(db, userIds);
  const orgsOf = new Map<string, Set<string>>();
  for (const m of memberships) orgsOf.set(m.userId, (orgsOf.get(m.userId) ?? new Set()).add(m.orgId));
  const names = await peopleByIds(
    db,
    members.map((m) => m.userId),
  );
  const tracks = await db
    .select({ id: hackathonTracks.id, sponsorOrgId: hackathonTracks.sponsorOrgId })
    .from(hackathonTracks)
    .where(eq(hackathonTracks.hackathonId, hackathonId));
  const overrides = await db
    .select()
    .from(hackathonConflictOverrides)
    .where(eq(hackathonConflictOverrides.hackathonId, hackathonId));
  const judges = panel.map((j) => ({
    judgeId: j.judgeId,
    trackId: j.trackId,
    userId: j.userId,
    orgIds: new Set([...j.orgIds, ...(j.userId ? (orgsOf.get(j.userId) ?? []) : [])]),
  }));
  const allOrgs = new Set<string>([
    ...judges.flatMap((j) => [...j.orgIds]),
    ...memberships.map((m) => m.orgId),
  ]);
  for (const p of participants) if (p.orgId) allOrgs.add(p.orgId);
  const orgRows = await organizationsByIds(db, [...allOrgs]);
  return {
    judges,
    projects: subs.map((s) => ({
      submissionId: s.id,
      trackIds: s.trackIds,
      members: members
        .filter((m) => m.teamId === s.teamId)
        .map((m) => {
          const p = participant.get(m.userId);
          const orgIds = new Set(orgsOf.get(m.userId) ?? []);
          if (p?.orgId) orgIds.add(p.orgId);
          return {
            userId: m.userId,
            name: names.get(m.userId)?.displayName ?? '',
            orgIds,
            advisorUserId: p?.advisorUserId ?? null,
          };
        }),
    })),
    trackSponsor: new Map(tracks.map((t) => [t.id, t.sponsorOrgId])),
    orgName: new Map([...orgRows].map(([id, o]) => [id, o.nameZh])),
    overrides: new Map(overrides.map((o) => [pairKey(o.judgeId, o.submissionId), o.note])),
  };
}

export type Eligibility = {
  eligible: boolean;
  reasons: ConflictReason[];
  overriddenNote: string | null;
  inScope: boolean;
};

/** Every (judge, project) pair of the panel: in scope, conflicted, overridden, and so eligible or not. */
export function eligibilityMatrix(facts: ConflictFacts): Map<string, Eligibility> {
  const out = new Map<string, Eligibility>();
  for (const j of facts.judges)
    for (const p of facts.projects) {
      const reasons = conflictsOf(facts, j, p);
      const note = facts.overrides.get(pairKey(j.judgeId, p.submissionId)) ?? null;
      const inScope = inJudgesScope(j, p);
      out.set(pairKey(j.judgeId, p.submissionId), {
        reasons,
        overriddenNote: note,
        inScope,
        eligible: inScope && (reasons.length === 0 || note !== null),
      });
    }
  return out;
}

/** One pair's eligibility, from the database. */
export async function pairEligibility(db: Db, hackathonId: string, judgeId: string, submissionId: string) {
  const facts = await conflictFacts(db, hackathonId);
  return eligibilityMatrix(facts).get(pairKey(judgeId, submissionId));
}

export async function overrideNote(db: Db, judgeId: string, submissionId: string) {
  const [row] = await db
    .select()
    .from(hackathonConflictOverrides)
    .where(
      and(
        eq(hackathonConflictOverrides.judgeId, judgeId),
        eq(hackathonConflictOverrides.submissionId, submissionId),
      ),
    );
  return row?.note ?? null;
}
