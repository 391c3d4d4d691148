/**
 * Participants and teams: registering (with the school or studio entered for, and an advisor),
 * creating a team, joining by invite code or by a request the captain accepts, captain transfer,
 * leaving. One team per person per hackathon is a unique index, so two joins at once cannot both
 * win; a team's size is checked under its row lock. Team size is enforced again at submit.
 */
import { randomInt } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { isUniqueViolation } from '../../platform/tokens.ts';
import { organizationsOfPeople, userIdByEmail } from '../identity/queries.ts';
import { problem } from './problems.ts';
import type { Hackathon } from './queries.ts';
import {
  hackathonJoinRequests,
  hackathonParticipants,
  hackathonTeamMembers,
  hackathonTeams,
} from './schema.ts';
import type { RequestInfo } from './service.ts';

export type RegistrationInput = {
  orgId: string | null;
  advisorEmail: string;
  skills: string;
  lookingForTeam: boolean;
};

const isOpen = (h: Hackathon, now: Date) =>
  h.status === 'published' && now >= h.registrationOpensAt && now <= h.registrationClosesAt;

/**
 * Registers `userId`. With eligibility `listed_orgs` they must belong to one of the listed
 * organisations and enter for it. Writes hackathon_participants (a second registration updates
 * the first), audit `hackathons.registered`.
 */
export async function registerParticipant(
  db: Db,
  hackathon: Hackathon,
  userId: string,
  input: RegistrationInput,
  info: RequestInfo,
  now = new Date(),
) {
  if (!isOpen(hackathon, now)) throw problem('CONFLICT', 'hackathons.register.closed');
  const mine = new Set((await organizationsOfPeople(db, [userId])).map((m) => m.orgId));
  if (input.orgId && !mine.has(input.orgId))
    throw problem('INVALID_INPUT', 'hackathons.register.orgNotYours', { field: 'orgId' });
  if (
    hackathon.eligibility === 'listed_orgs' &&
    !(input.orgId && hackathon.eligibleOrgIds.includes(input.orgId))
  )
    throw problem('FORBIDDEN', 'hackathons.register.notEligible', { field: 'orgId' });
  let advisorUserId: string | null = null;
  if (input.advisorEmail.trim()) {
    advisorUserId = (await userIdByEmail(db, input.advisorEmail.trim().toLowerCase())) ?? null;
    if (!advisorUserId)
      throw problem('INVALID_INPUT', 'hackathons.register.advisorUnknown', { field: 'advisorEmail' });
  }
  const values = {
    orgId: input.orgId,
    advisorUserId,
    skills: input.skills.trim(),
    lookingForTeam: input.lookingForTeam,
  };
  return transaction(db, async (tx) => {
    const [row] = await tx
      .insert(hackathonParticipants)
      .values({ hackathonId: hackathon.id, userId, ...values })
      .onConflictDoUpdate({
        target: [hackathonParticipants.hackathonId, hackathonParticipants.userId],
        set: values,
      })
      .returning();
    await audit(tx, {
      actorId: userId,
      action: 'hackathons.registered',
      targetType: 'hackathon',
      targetId: hackathon.id,
      data: { orgId: input.orgId, advisorUserId },
      ip: info.ip,
    });
    return row;
  });
}

async function requireParticipant(tx: Db, hackathonId: string, userId: string) {
  const [p] = await tx
    .select({ userId: hackathonParticipants.userId })
    .from(hackathonParticipants)
    .where(and(eq(hackathonParticipants.hackathonId, hackathonId), eq(hackathonParticipants.userId, userId)));
  if (!p) throw problem('CONFLICT', 'hackathons.register.first');
}

// Unambiguous characters only: codes are read aloud and typed on phones.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const newInviteCode = () =>
  Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

function alreadyInTeam(err: unknown): boolean {
  return (
    isUniqueViolation(err) &&
    String((err as { constraint?: string })?.constraint ?? (err as Error)?.message ?? '').includes('user_id')
  );
}

/**
 * Creates a team with `userId` as captain and first member. Writes hackathon_teams,
 * hackathon_team_members, audit `hackathons.team_created`. CONFLICT when the person is in a team
 * already or the name is taken.
 */
export async function createTeam(
  db: Db,
  hackathon: Hackathon,
  userId: string,
  name: string,
  info: RequestInfo,
) {
  try {
    return await transaction(db, async (tx) => {
      await requireParticipant(tx, hackathon.id, userId);
      const [inTeam] = await tx
        .select({ teamId: hackathonTeamMembers.teamId })
        .from(hackathonTeamMembers)
        .where(
          and(eq(hackathonTeamMembers.hackathonId, hackathon.id), eq(hackathonTeamMembers.userId, userId)),
        );
      if (inTeam) throw problem('CONFLICT', 'hackathons.team.alreadyInTeam');
      const [team] = await tx
        .insert(hackathonTeams)
        .values({
          hackathonId: hackathon.id,
          name: name.trim(),
          captainId: userId,
          inviteCode: newInviteCode(),
        })
        .returning();
      await tx.insert(hackathonTeamMembers).values({ teamId: team.id, hackathonId: hackathon.id, userId });
      await audit(tx, {
        actorId: userId,
        action: 'hackathons.team_created',
        targetType: 'hackathon_team',
        targetId: team.id,
        data: { hackathonId: hackathon.id, name: team.name },
        ip: info.ip,
      });
      return team;
    });
  } catch (err) {
    if (alreadyInTeam(err)) throw problem('CONFLICT', 'hackathons.team.alreadyInTeam');
    if (isUniqueViolation(err)) throw problem('CONFLICT', 'hackathons.team.nameTaken', { field: 'name' });
    throw err;
  }
}

/** Adds `userId` to the locked team if it has room. */
async function addMember(tx: Db, hackathon: Hackathon, teamId: string, userId: string) {
  await requireParticipant(tx, hackathon.id, userId);
  const [{ n }] = await tx
    .select({ n: count() })
    .from(hackathonTeamMembers)
    .where(eq(hackathonTeamMembers.teamId, teamId));
  if (n >= hackathon.maxTeamSize) throw problem('CONFLICT', 'hackathons.team.full');
  const [inTeam] = await tx
    .select({ teamId: hackathonTeamMembers.teamId })
    .from(hackathonTeamMembers)
    .where(and(eq(hackathonTeamMembers.hackathonId, hackathon.id), eq(hackathonTeamMembers.userId, userId)));
  if (inTeam) throw problem('CONFLICT', 'hackathons.team.alreadyInTeam');
  await tx.insert(hackathonTeamMembers).values({ teamId, hackathonId: hackathon.id, userId });
}

/**
 * Joins the team whose invite code this is. Writes hackathon_team_members, audit
 * `hackathons.team_joined`. CONFLICT when the team is full or the person is in a team already.
 */
export async function joinTeamByCode(
  db: Db,
  hackathon: Hackathon,
  userId: string,
  code: string,
  info: RequestInfo,
) {
  try {
    return await transaction(db, async (tx) => {
      const [team] = await tx
        .select()
        .from(hackathonTeams)
        .where(
          and(
            eq(hackathonTeams.hackathonId, hackathon.id),
            eq(hackathonTeams.inviteCode, code.trim().toUpperCase()),
          ),
        )
        .for('update');
      if (!team) throw problem('INVALID_INPUT', 'hackathons.team.codeUnknown', { field: 'code' });
      await addMember(tx, hackathon, team.id, userId);
      await audit(tx, {
        actorId: userId,
        action: 'hackathons.team_joined',
        targetType: 'hackathon_team',
        targetId: team.id,
        data: { via: 'code' },
        ip: info.ip,
      });
      return team;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw problem('CONFLICT', 'hackathons.team.alreadyInTeam');
    throw err;
  }
}

/** Asks to join a team from the board. Writes hackathon_join_requests, audit `hackathons.join_requested`. */
export async function requestToJoin(
  db: Db,
  hackathon: Hackathon,
  teamId: string,
  userId: string,
  message: string,
  info: RequestInfo,
) {
  return transaction(db, async (tx) => {
    await requireParticipant(tx, hackathon.id, userId);
    const [team] = await tx
      .select()
      .from(hackathonTeams)
      .where(and(eq(hackathonTeams.id, teamId), eq(hackathonTeams.hackathonId, hackathon.id)));
    if (!team) throw problem('NOT_FOUND', 'hackathons.notFound');
    const [inTeam] = await tx
      .select({ teamId: hackathonTeamMembers.teamId })
      .from(hackathonTeamMembers)
      .where(
        and(eq(hackathonTeamMembers.hackathonId, hackathon.id), eq(hackathonTeamMembers.userId, userId)),
      );
    if (inTeam) throw problem('CONFLICT', 'hackathons.team.alreadyInTeam');
    const [row] = await tx
      .insert(hackathonJoinRequests)
      .values({ teamId, userId, message: message.trim() })
      .returning();
    await audit(tx, {
      actorId: userId,
      action: 'hackathons.join_requested',
      targetType: 'hackathon_team',
      targetId: teamId,
      ip: info.ip,
    });
    return row;
  });
}

/**
 * The captain accepts or declines a join request. Accepting adds the member (room and one team
 * per person checked). Writes hackathon_join_requests (and hackathon_team_members), audit
 * `hackathons.join_decided`.
 */
export async function decideJoinRequest(
  db: Db,
  hackathon: Hackathon,
  requestId: string,
  captainId: string,
  accept: boolean,
  info: RequestInfo,
) {
  try {
    return await transaction(db, async (tx) => {
      const [req] = await tx
        .select()
        .from(hackathonJoinRequests)
        .where(eq(hackathonJoinRequests.id, requestId))
        .for('update');
      if (!req) throw problem('NOT_FOUND', 'hackathons.notFound');
      const [team] = await tx
        .select()
        .from(hackathonTeams)
        .where(eq(hackathonTeams.id, req.teamId))
        .for('update');
      if (!team || team.hackathonId !== hackathon.id) throw problem('NOT_FOUND', 'hackathons.notFound');
      if (team.captainId !== captainId) throw problem('FORBIDDEN', 'hackathons.team.notCaptain');
      if (req.status !== 'pending') throw problem('CONFLICT', 'hackathons.team.requestDecided');
      if (accept) await addMember(tx, hackathon, team.id, req.userId);
      await tx
        .update(hackathonJoinRequests)
        .set({ status: accept ? 'accepted' : 'declined', decidedAt: new Date() })
        .where(eq(hackathonJoinRequests.id, requestId));
      await audit(tx, {
        actorId: captainId,
        action: 'hackathons.join_decided',
        targetType: 'hackathon_team',
        targetId: team.id,
        data: { userId: req.userId, accept },
        ip: info.ip,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw problem('CONFLICT', 'hackathons.team.alreadyInTeam');
    throw err;
  }
}

/** Hands the captaincy to another member. Writes hackathon_teams, audit `hackathons.captain_transferred`. */
export async function transferCaptain(
  db: Db,
  teamId: string,
  captainId: string,
  newCaptainId: string,
  info: RequestInfo,
) {
  return transaction(db, async (tx) => {
    const [team] = await tx.select().from(hackathonTeams).where(eq(hackathonTeams.id, teamId)).for('update');
    if (!team) throw problem('NOT_FOUND', 'hackathons.notFound');
    if (team.captainId !== captainId) throw problem('FORBIDDEN', 'hackathons.team.notCaptain');
    const [member] = await tx
      .select({ userId: hackathonTeamMembers.userId })
      .from(hackathonTeamMembers)
      .where(and(eq(hackathonTeamMembers.teamId, teamId), eq(hackathonTeamMembers.userId, newCaptainId)));
    if (!member) throw problem('INVALID_INPUT', 'hackathons.team.notMember', { field: 'userId' });
    await tx.update(hackathonTeams).set({ captainId: newCaptainId }).where(eq(hackathonTeams.id, teamId));
    await audit(tx, {
      actorId: captainId,
      action: 'hackathons.captain_transferred',
      targetType: 'hackathon_team',
      targetId: teamId,
      data: { from: captainId, to: newCaptainId },
      ip: info.ip,
    });
  });
}

/** Leaves a team (a captain hands over first). Writes hackathon_team_members, audit `hackathons.team_left`. */
export async function leaveTeam(db: Db, teamId: string, userId: string, info: RequestInfo) {
  return transaction(db, async (tx) => {
    const [team] = await tx.select().from(hackathonTeams).where(eq(hackathonTeams.id, teamId)).for('update');
    if (!team) throw problem('NOT_FOUND', 'hackathons.notFound');
    if (team.captainId === userId) throw problem('CONFLICT', 'hackathons.team.captainCannotLeave');
    const gone = await tx
      .delete(hackathonTeamMembers)
      .where(and(eq(hackathonTeamMembers.teamId, teamId), eq(hackathonTeamMembers.userId, userId)))
      .returning();
    if (gone.length === 0) throw problem('INVALID_INPUT', 'hackathons.team.notMember');
    await audit(tx, {
      actorId: userId,
      action: 'hackathons.team_left',
      targetType: 'hackathon_team',
      targetId: teamId,
      ip: info.ip,
    });
  });
}
