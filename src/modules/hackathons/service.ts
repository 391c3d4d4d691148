/**
 * Organising a hackathon: the hackathon itself, its sponsors and its problems (prize tracks).
 * Every function writes in one transaction with its audit entry and bumps the public pages' cache
 * tag (the pages change once the transaction commits). Permission checks happen in routes.
 */
import { and, eq } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { invalidateTags } from '../../platform/cache.ts';
import { isTimeZone } from '../../platform/time.ts';
import { isUniqueViolation } from '../../platform/tokens.ts';
import { problem } from './problems.ts';
import {
  type Criterion,
  type Eligibility,
  type HackathonStatus,
  hackathonSponsors,
  hackathons,
  hackathonTracks,
  type LatePolicy,
  type SponsorKind,
} from './schema.ts';

export type RequestInfo = { ip?: string | null; actorId?: string | null; publicUrl?: string };

/** The anonymous page cache's tag for every public hackathon page. */
export const HACKATHON_PAGES_TAG = 'hackathons';
export const pagesChanged = (tx: Db) => invalidateTags(tx, HACKATHON_PAGES_TAG);

export type HackathonInput = {
  slug: string;
  title: string;
  theme: string;
  rules: string;
  city: string;
  online: boolean;
  timezone: string;
  startsAt: Date;
  endsAt: Date;
  registrationOpensAt: Date;
  registrationClosesAt: Date;
  submissionDeadline: Date;
  latePolicy: LatePolicy;
  lateGraceMinutes: number;
  minTeamSize: number;
  maxTeamSize: number;
  eligibility: Eligibility;
  eligibleOrgIds: string[];
  organizerOrgId: string;
  criteria: Criterion[];
  issuerId: string | null;
  coIssuerId: string | null;
};

export const MAX_CRITERIA = 6;

/** The checks a form's Zod schema cannot see alone (orders between fields); throws INVALID_INPUT. */
export function checkHackathon(input: HackathonInput): void {
  if (!isTimeZone(input.timezone))
    throw problem('INVALID_INPUT', 'hackathons.invalidTimezone', { field: 'timezone' });
  const ordered =
    input.registrationOpensAt <= input.registrationClosesAt &&
    input.registrationClosesAt <= input.submissionDeadline &&
    input.startsAt < input.endsAt;
  if (!ordered) throw problem('INVALID_INPUT', 'hackathons.datesOrder', { field: 'submissionDeadline' });
  if (input.minTeamSize < 1 || input.minTeamSize > input.maxTeamSize || input.maxTeamSize > 20)
    throw problem('INVALID_INPUT', 'hackathons.teamSizeOrder', { field: 'minTeamSize' });
  checkCriteria(input.criteria, 'criteria');
}

export function checkCriteria(criteria: Criterion[], field: string): void {
  const keys = new Set(criteria.map((c) => c.key));
  if (
    criteria.length > MAX_CRITERIA ||
    keys.size !== criteria.length ||
    criteria.some((c) => !(c.weight > 0) || !c.label.trim())
  )
    throw problem('INVALID_INPUT', 'hackathons.invalidCriteria', { field });
}

/**
 * Creates a draft hackathon run by `organizerOrgId`'s admins. Writes hackathons, audit
 * `hackathons.created`. CONFLICT when the slug is taken.
 */
export async function createHackathon(db: Db, input: HackathonInput, info: RequestInfo) {
  checkHackathon(input);
  try {
    return await transaction(db, async (tx) => {
      const [row] = await tx
        .insert(hackathons)
        .values({ ...input, createdBy: info.actorId ?? null })
        .returning();
      await audit(tx, {
        actorId: info.actorId,
        action: 'hackathons.created',
        targetType: 'hackathon',
        targetId: row.id,
        data: { slug: row.slug },
        ip: info.ip,
      });
      await pagesChanged(tx);
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw problem('CONFLICT', 'hackathons.slugTaken', { field: 'slug' });
    throw err;
  }
}

/** Moves a hackathon to `status`. Writes hackathons, audit `hackathons.status_changed`. */
export async function setHackathonStatus(
  db: Db,
  hackathonId: string,
  status: HackathonStatus,
  info: RequestInfo,
) {
  return transaction(db, async (tx) => {
    const [before] = await tx.select().from(hackathons).where(eq(hackathons.id, hackathonId)).for('update');
    if (!before) throw problem('NOT_FOUND', 'hackathons.notFound');
    if (before.status === 'results_published') throw problem('CONFLICT', 'hackathons.wrongState');
    await tx.update(hackathons).set({ status, updatedAt: new Date() }).where(eq(hackathons.id, hackathonId));
    await audit(tx, {
      actorId: info.actorId,
      action: 'hackathons.status_changed',
      targetType: 'hackathon',
      targetId: hackathonId,
      data: { from: before.status, to: status },
      ip: info.ip,
    });
    await pagesChanged(tx);
  });
}

export type SponsorInput = { orgId: string; kind: SponsorKind; amountCny: number };

/**
 * Adds a member organisation as title or prize sponsor, with its amount in CNY. One title sponsor
 * per hackathon. Writes hackathon_sponsors, audit `hackathons.sponsor_added`.
 */
export async function addSponsor(db: Db, hackathonId: string, input: SponsorInput, info: RequestInfo) {
  if (!Number.isInteger(input.amountCny) || input.amountCny < 0 || input.amountCny > 100_000_000)
    throw problem('INVALID_INPUT', 'hackathons.sponsor.invalidAmount', { field: 'amountCny' });
  try {
    return await transaction(db, async (tx) => {
      // The hackathon row serialises sponsor changes, so two title sponsors never slip in together.
      await tx
        .select({ id: hackathons.id })
        .from(hackathons)
        .where(eq(hackathons.id, hackathonId))
        .for('update');
      if (input.kind === 'title') {
        const [title] = await tx
          .select({ orgId: hackathonSponsors.orgId })
          .from(hackathonSponsors)
          .where(and(eq(hackathonSponsors.hackathonId, hackathonId), eq(hackathonSponsors.kind, 'title')));
        if (title) throw problem('CONFLICT', 'hackathons.sponsor.titleTaken', { field: 'kind' });
      }
      const [row] = await tx
        .insert(hackathonSponsors)
        .values({ hackathonId, ...input })
        .returning();
      await audit(tx, {
        actorId: info.actorId,
        action: 'hackathons.sponsor_added',
        targetType: 'hackathon',
        targetId: hackathonId,
        data: { ...input },
        ip: info.ip,
      });
      await pagesChanged(tx);
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw problem('CONFLICT', 'hackathons.sponsor.duplicate', { field: 'orgId' });
    throw err;
  }
}

export type TrackInput = {
  title: string;
  description: string;
  resources: string;
  sponsorOrgId: string | null;
  prizeCny: number;
  criteria: Criterion[];
};

/**
 * Publishes a problem (出题) with its own prize track. A company's problem needs the company to be
 * a sponsor of the hackathon. Writes hackathon_tracks, audit `hackathons.track_added`.
 */
export async function addTrack(db: Db, hackathonId: string, input: TrackInput, info: RequestInfo) {
  checkCriteria(input.criteria, 'criteria');
  if (!Number.isInteger(input.prizeCny) || input.prizeCny < 0 || input.prizeCny > 100_000_000)
    throw problem('INVALID_INPUT', 'hackathons.sponsor.invalidAmount', { field: 'prizeCny' });
  return transaction(db, async (tx) => {
    if (input.sponsorOrgId) {
      const [sponsor] = await tx
        .select({ orgId: hackathonSponsors.orgId })
        .from(hackathonSponsors)
        .where(
          and(
            eq(hackathonSponsors.hackathonId, hackathonId),
            eq(hackathonSponsors.orgId, input.sponsorOrgId),
          ),
        );
      if (!sponsor)
        throw problem('INVALID_INPUT', 'hackathons.track.sponsorNotListed', { field: 'sponsorOrgId' });
    }
    const [row] = await tx
      .insert(hackathonTracks)
      .values({ hackathonId, ...input, createdBy: info.actorId ?? null })
      .returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'hackathons.track_added',
      targetType: 'hackathon_track',
      targetId: row.id,
      data: { hackathonId, title: row.title, sponsorOrgId: row.sponsorOrgId },
      ip: info.ip,
    });
    await pagesChanged(tx);
    return row;
  });
}
