/** Reads for the hackathon pages, the judging pages and other modules. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizationsByIds, peopleByIds } from '../identity/queries.ts';
import {
  hackathonAwards,
  hackathonJoinRequests,
  hackathonParticipants,
  hackathonSponsors,
  hackathonSubmissions,
  hackathonSubmissionVersions,
  hackathons,
  hackathonTeamMembers,
  hackathonTeams,
  hackathonTracks,
} from './schema.ts';

export type Hackathon = typeof hackathons.$inferSelect;
export type Track = typeof hackathonTracks.$inferSelect;
export type Team = typeof hackathonTeams.$inferSelect;
export type Submission = typeof hackathonSubmissions.$inferSelect;

export async function findHackathonBySlug(db: Db, slug: string): Promise<Hackathon | undefined> {
  const [row] = await db.select().from(hackathons).where(eq(hackathons.slug, slug));
  return row;
}

export async function findHackathon(db: Db, id: string): Promise<Hackathon | undefined> {
  const [row] = await db.select().from(hackathons).where(eq(hackathons.id, id));
  return row;
}

/** Published hackathons, newest first (drafts are the organisers' business). */
export async function listPublicHackathons(db: Db): Promise<Hackathon[]> {
  return db
    .select()
    .from(hackathons)
    .where(inArray(hackathons.status, ['published', 'judging', 'results_published']))
    .orderBy(desc(hackathons.startsAt));
}

/** Every hackathon, for platform admins and organisers. */
export async function listAllHackathons(db: Db): Promise<Hackathon[]> {
  return db.select().from(hackathons).orderBy(desc(hackathons.startsAt));
}

export async function listTracks(db: Db, hackathonId: string): Promise<Track[]> {
  return db
    .select()
    .from(hackathonTracks)
    .where(eq(hackathonTracks.hackathonId, hackathonId))
    .orderBy(asc(hackathonTracks.createdAt), asc(hackathonTracks.id));
}

export type SponsorRow = {
  orgId: string;
  kind: 'title' | 'prize';
  amountCny: number;
  nameZh: string;
  nameEn: string;
  slug: string;
};

export async function listSponsors(db: Db, hackathonId: string): Promise<SponsorRow[]> {
  const rows = await db
    .select()
    .from(hackathonSponsors)
    .where(eq(hackathonSponsors.hackathonId, hackathonId));
  const orgs = await organizationsByIds(
    db,
    rows.map((r) => r.orgId),
  );
  return rows
    .map((r) => {
      const o = orgs.get(r.orgId);
      return {
        orgId: r.orgId,
        kind: r.kind,
        amountCny: r.amountCny,
        nameZh: o?.nameZh ?? '',
        nameEn: o?.nameEn ?? '',
        slug: o?.slug ?? '',
      };
    })
    .sort((a, b) => (a.kind === b.kind ? b.amountCny - a.amountCny : a.kind === 'title' ? -1 : 1));
}

/** Hackathons an organisation sponsors (for its member page). */
export async function hackathonsSponsoredBy(db: Db, orgId: string) {
  return db
    .select({
      slug: hackathons.slug,
      title: hackathons.title,
      startsAt: hackathons.startsAt,
      kind: hackathonSponsors.kind,
    })
    .from(hackathonSponsors)
    .innerJoin(hackathons, eq(hackathons.id, hackathonSponsors.hackathonId))
    .where(
      and(
        eq(hackathonSponsors.orgId, orgId),
        inArray(hackathons.status, ['published', 'judging', 'results_published']),
      ),
    )
    .orderBy(desc(hackathons.startsAt));
}

export async function findParticipant(db: Db, hackathonId: string, userId: string) {
  const [row] = await db
    .select()
    .from(hackathonParticipants)
    .where(and(eq(hackathonParticipants.hackathonId, hackathonId), eq(hackathonParticipants.userId, userId)));
  return row;
}

export type TeamView = Team & {
  members: Array<{ userId: string; displayName: string }>;
  submission: Submission | undefined;
};

/** The team a person is in for one hackathon, with its members and project. */
export async function teamOf(db: Db, hackathonId: string, userId: string): Promise<TeamView | undefined> {
  const [m] = await db
    .select({ teamId: hackathonTeamMembers.teamId })
    .from(hackathonTeamMembers)
    .where(and(eq(hackathonTeamMembers.hackathonId, hackathonId), eq(hackathonTeamMembers.userId, userId)));
  return m ? teamView(db, m.teamId) : undefined;
}

export async function teamView(db: Db, teamId: string): Promise<TeamView | undefined> {
  const [team] = await db.select().from(hackathonTeams).where(eq(hackathonTeams.id, teamId));
  if (!team) return undefined;
  const memberRows = await db
    .select({ userId: hackathonTeamMembers.userId })
    .from(hackathonTeamMembers)
    .where(eq(hackathonTeamMembers.teamId, teamId))
    .orderBy(asc(hackathonTeamMembers.joinedAt));
  const people = await peopleByIds(
    db,
    memberRows.map((r) => r.userId),
  );
  const [submission] = await db
    .select()
    .from(hackathonSubmissions)
    .where(eq(hackathonSubmissions.teamId, teamId));
  return {
    ...team,
    members: memberRows.map((r) => ({
      userId: r.userId,
      displayName: people.get(r.userId)?.displayName ?? '',
    })),
    submission,
  };
}

export async function teamMemberIds(db: Db, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: hackathonTeamMembers.userId })
    .from(hackathonTeamMembers)
    .where(eq(hackathonTeamMembers.teamId, teamId));
  return rows.map((r) => r.userId);
}

/** Teams with room that say they are looking, and registered people not in a team (the board). */
export async function teamBoard(db: Db, hackathon: Hackathon) {
  const teams = await db.select().from(hackathonTeams).where(eq(hackathonTeams.hackathonId, hackathon.id));
  const members = await db
    .select({ teamId: hackathonTeamMembers.teamId, userId: hackathonTeamMembers.userId })
    .from(hackathonTeamMembers)
    .where(eq(hackathonTeamMembers.hackathonId, hackathon.id));
  const counts = new Map<string, number>();
  for (const m of members) counts.set(m.teamId, (counts.get(m.teamId) ?? 0) + 1);
  const inTeam = new Set(members.map((m) => m.userId));
  const participants = await db
    .select()
    .from(hackathonParticipants)
    .where(
      and(
        eq(hackathonParticipants.hackathonId, hackathon.id),
        eq(hackathonParticipants.lookingForTeam, true),
      ),
    );
  const free = participants.filter((p) => !inTeam.has(p.userId));
  const names = await peopleByIds(
    db,
    free.map((p) => p.userId),
  );
  return {
    teams: teams
      .filter((t) => t.lookingForMembers && (counts.get(t.id) ?? 0) < hackathon.maxTeamSize)
      .map((t) => ({ id: t.id, name: t.name, size: counts.get(t.id) ?? 0 })),
    people: free.map((p) => ({
      userId: p.userId,
      displayName: names.get(p.userId)?.displayName ?? '',
      skills: p.skills,
    })),
  };
}

export async function pendingJoinRequests(db: Db, teamId: string) {
  const rows = await db
    .select()
    .from(hackathonJoinRequests)
    .where(and(eq(hackathonJoinRequests.teamId, teamId), eq(hackathonJoinRequests.status, 'pending')));
  const names = await peopleByIds(
    db,
    rows.map((r) => r.userId),
  );
  return rows.map((r) => ({ ...r, displayName: names.get(r.userId)?.displayName ?? '' }));
}

export async function listSubmissions(db: Db, hackathonId: string) {
  return db
    .select({ submission: hackathonSubmissions, teamName: hackathonTeams.name })
    .from(hackathonSubmissions)
    .innerJoin(hackathonTeams, eq(hackathonTeams.id, hackathonSubmissions.teamId))
    .where(eq(hackathonSubmissions.hackathonId, hackathonId))
    .orderBy(asc(hackathonSubmissions.submittedAt));
}

export async function submissionVersions(db: Db, submissionId: string) {
  return db
    .select()
    .from(hackathonSubmissionVersions)
    .where(eq(hackathonSubmissionVersions.submissionId, submissionId))
    .orderBy(desc(hackathonSubmissionVersions.version));
}

export async function listAwards(db: Db, hackathonId: string) {
  return db
    .select({ award: hackathonAwards, title: hackathonSubmissions.title, teamName: hackathonTeams.name })
    .from(hackathonAwards)
    .innerJoin(hackathonSubmissions, eq(hackathonSubmissions.id, hackathonAwards.submissionId))
    .innerJoin(hackathonTeams, eq(hackathonTeams.id, hackathonSubmissions.teamId))
    .where(eq(hackathonAwards.hackathonId, hackathonId))
    .orderBy(asc(hackathonAwards.trackId), asc(hackathonAwards.rank));
}
