/** Reads of identity data used by views and the API. */
import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { PageCache } from '../../platform/cache.ts';
import { type Actor, PLATFORM_ROLES, type PlatformRole } from '../../platform/permissions.ts';
import {
  allianceMemberships,
  allianceTiers,
  invitations,
  type MembershipStatus,
  memberships,
  type OrgRole,
  type OrgType,
  organizations,
  userRoles,
  users,
} from './schema.ts';

/** Organisation types, for other modules' filters (they may not import identity's schema). */
export { ORG_TYPES, type OrgType } from './schema.ts';

/** Cache tags of pages that show organisations or alliance membership. */
export const CACHE_TAGS = { organizations: 'organizations', people: 'people' } as const;
/** An organisation with active alliance membership, with its tier's names (tier order, then joining date). */
export type ActiveAllianceMember = {
  slug: string;
  nameZh: string;
  nameEn: string;
  type: OrgType;
  tierZh: string;
  tierEn: string;
};

export async function listActiveAllianceMembers(db: Db): Promise<ActiveAllianceMember[]> {
  return db
    .select({
      slug: organizations.slug,
      nameZh: organizations.nameZh,
      nameEn: organizations.nameEn,
      type: organizations.type,
      tierZh: allianceTiers.nameZh,
      tierEn: allianceTiers.nameEn,
    })
    .from(allianceMemberships)
    .innerJoin(organizations, eq(organizations.id, allianceMemberships.orgId))
    .innerJoin(allianceTiers, eq(allianceTiers.slug, allianceMemberships.tierSlug))
    .where(eq(allianceMemberships.status, 'active'))
    .orderBy(asc(allianceTiers.rank), asc(allianceMemberships.joinedOn), asc(organizations.slug));
}

/** People who confirmed their email address, and every organisation (public counts). */
export async function publicCounts(db: Db): Promise<{ people: number; organizations: number }> {
  const [[o], [p]] = await Promise.all([
    db.select({ n: sql<number>`count(*)::int` }).from(organizations),
    db.select({ n: sql<number>`count(*)::int` }).from(users).where(sql`${users.emailVerifiedAt} is not null`),
  ]);
  return { organizations: Number(o.n), people: Number(p.n) };
}

export type AllianceTier = { slug: string; nameZh: string; nameEn: string };

export type OrgListItem = {
  id: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  type: OrgType;
  city: string;
  website: string;
  /** Set only while the organisation's alliance membership is active. */
  alliance: { tier: AllianceTier; joinedOn: string } | null;
};

/** The public directory: every organisation, active alliance members first (by tier rank), then by slug. */
export async function listOrganizations(db: Db, filter: { type?: OrgType } = {}): Promise<OrgListItem[]> {
  const rows = await db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      nameZh: organizations.nameZh,
      nameEn: organizations.nameEn,
      type: organizations.type,
      city: organizations.city,
      website: organizations.website,
      tierSlug: allianceTiers.slug,
      tierZh: allianceTiers.nameZh,
      tierEn: allianceTiers.nameEn,
      joinedOn: allianceMemberships.joinedOn,
    })
    .from(organizations)
    .leftJoin(
      allianceMemberships,
      and(eq(allianceMemberships.orgId, organizations.id), eq(allianceMemberships.status, 'active')),
    )
    .leftJoin(allianceTiers, eq(allianceTiers.slug, allianceMemberships.tierSlug))
    .where(filter.type ? eq(organizations.type, filter.type) : undefined)
    .orderBy(sql`${allianceTiers.rank} asc nulls last`, asc(organizations.slug));
  return rows.map(({ tierSlug, tierZh, tierEn, joinedOn, ...org }) => ({
    ...org,
    alliance:
      tierSlug && joinedOn
        ? { tier: { slug: tierSlug, nameZh: tierZh ?? '', nameEn: tierEn ?? '' }, joinedOn }
        : null,
  }));
}

/** The directory through the page cache (the page and the API share it), until an organisation changes. */
export function cachedOrganizationList(deps: { db: Db; cache: PageCache }, type?: OrgType) {
  return deps.cache.get(`orgs:list:${type ?? 'all'}`, [CACHE_TAGS.organizations], () =>
    listOrganizations(deps.db, { type }),
  );
}

export type OrgProfile = typeof organizations.$inferSelect & {
  /** The alliance membership record in any status (active, suspended, ended), or null. */
  alliance: { tier: AllianceTier; joinedOn: string; status: MembershipStatus } | null;
};

/** One organisation by its slug, with its alliance membership record if it has one. */
export async function findOrganizationBySlug(db: Db, slug: string): Promise<OrgProfile | undefined> {
  const [row] = await db
    .select({ org: organizations, membership: allianceMemberships, tier: allianceTiers })
    .from(organizations)
    .leftJoin(allianceMemberships, eq(allianceMemberships.orgId, organizations.id))
    .leftJoin(allianceTiers, eq(allianceTiers.slug, allianceMemberships.tierSlug))
    .where(eq(organizations.slug, slug));
  if (!row) return undefined;
  const { membership, tier } = row;
  return {
    ...row.org,
    alliance:
      membership && tier
        ? {
            tier: { slug: tier.slug, nameZh: tier.nameZh, nameEn: tier.nameEn },
            joinedOn: membership.joinedOn,
            status: membership.status,
          }
        : null,
  };
}

/** The slug of an organisation by id (to redirect after accepting an invitation). */
export async function organizationSlug(db: Db, orgId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ slug: organizations.slug })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  return row?.slug;
}

export type OrgMember = { userId: string; displayName: string; email: string; role: OrgRole; since: Date };

/** An organisation's members, admins first, then by the date they joined. Emails are for org admins only. */
export async function listMembers(db: Db, orgId: string): Promise<OrgMember[]> {
  return db
    .select({
      userId: users.id,
      displayName: users.displayName,
      email: users.email,
      role: memberships.role,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.role), asc(memberships.createdAt), asc(users.id));
}

export type PendingInvitation = { id: string; email: string; role: OrgRole; expiresAt: Date };

/** Invitations that can still be accepted (not accepted, revoked or expired), oldest first. */
export async function listPendingInvitations(db: Db, orgId: string): Promise<PendingInvitation[]> {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(asc(invitations.createdAt), asc(invitations.id));
}

/** Alliance tiers by rank (理事单位 before 会员单位 …). */
export async function listAllianceTiers(db: Db): Promise<AllianceTier[]> {
  return db
    .select({ slug: allianceTiers.slug, nameZh: allianceTiers.nameZh, nameEn: allianceTiers.nameEn })
    .from(allianceTiers)
    .orderBy(asc(allianceTiers.rank), asc(allianceTiers.slug));
}

export const PEOPLE_PAGE_SIZE = 50;

export type UserRow = {
  id: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
  disabled: boolean;
  createdAt: Date;
  orgCount: number;
  roles: PlatformRole[];
};

/** One page of people (PEOPLE_PEOPLE_PAGE_SIZE), newest first, matching `q` in the email or display name. */
export async function listUsers(
  db: Db,
  f: { q?: string; page: number },
): Promise<{ rows: UserRow[]; hasPrev: boolean; hasNext: boolean }> {
  const q = f.q?.toLowerCase();
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      emailVerifiedAt: users.emailVerifiedAt,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      orgCount: sql<number>`(select count(*)::int from memberships m where m.user_id = ${users.id})`,
    })
    .from(users)
    .where(
      q
        ? sql`(strpos(lower(${users.email}), ${q}) > 0 or strpos(lower(${users.displayName}), ${q}) > 0)`
        : undefined,
    )
    .orderBy(desc(users.createdAt), asc(users.email))
    .limit(PEOPLE_PAGE_SIZE + 1)
    .offset((f.page - 1) * PEOPLE_PAGE_SIZE);
  const pageRows = rows.slice(0, PEOPLE_PAGE_SIZE);
  const ids = pageRows.map((r) => r.id);
  const roles = ids.length
    ? await db
        .select({ userId: userRoles.userId, role: userRoles.role })
        .from(userRoles)
        .where(inArray(userRoles.userId, ids))
    : [];
  return {
    rows: pageRows.map((r) => ({
      id: r.id,
      email: r.email,
      displayName: r.displayName,
      emailVerified: !!r.emailVerifiedAt,
      disabled: !!r.disabledAt,
      createdAt: r.createdAt,
      orgCount: Number(r.orgCount),
      roles: PLATFORM_ROLES.filter((role) => roles.some((x) => x.userId === r.id && x.role === role)),
    })),
    hasPrev: f.page > 1,
    hasNext: rows.length > PEOPLE_PAGE_SIZE,
  };
}

/** Counts for the admin dashboard: everyone who signed up, and every organisation. */
export async function identityCounts(db: Db): Promise<{ people: number; organizations: number }> {
  const [[p], [o]] = await Promise.all([
    db.select({ n: sql<number>`count(*)::int` }).from(users),
    db.select({ n: sql<number>`count(*)::int` }).from(organizations),
  ]);
  return { people: Number(p.n), organizations: Number(o.n) };
}

/** The id behind an email (case-insensitive), for filters. */
export async function userIdByEmail(db: Db, email: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  return row?.id;
}

/**
 * A person as an actor (roles and memberships), for re-checking a permission later than the request
 * that used it (an exam's achievement link at award time); null when gone or disabled.
 */
export async function actorById(db: Db, userId: string): Promise<Actor | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)));
  if (!user) return null;
  const [roles, orgs] = await Promise.all([
    db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)),
    db
      .select({ orgId: memberships.orgId, role: memberships.role })
      .from(memberships)
      .where(eq(memberships.userId, userId)),
  ]);
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    emailVerified: !!user.emailVerifiedAt,
    roles: new Set(roles.map((r) => r.role)),
    orgRoles: new Map(orgs.map((o) => [o.orgId, o.role])),
  };
}

/**
 * The holder's verified identity a certificate may carry (ADR 0024): their confirmed certificate
 * name, and whether their email is confirmed.
 */
export async function certificateIdentity(
  db: Db,
  userId: string,
): Promise<{ name: string | null; emailVerified: boolean } | undefined> {
  const [row] = await db
    .select({
      name: users.certificateName,
      at: users.certificateNameConfirmedAt,
      verified: users.emailVerifiedAt,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!row) return undefined;
  return { name: row.at ? row.name : null, emailVerified: !!row.verified };
}

/**
 * Who may own what the actor authors (ADR 0024), for the owner field of the exam, category and
 * import forms: their organisations by name, and the platform itself for platform admins.
 */
export async function ownerChoices(
  db: Db,
  actor: Actor | null | undefined,
  locale: string,
): Promise<{ platform: boolean; orgs: { id: string; name: string }[] }> {
  const ids = actor ? [...actor.orgRoles.keys()] : [];
  const rows = ids.length
    ? await db
        .select({ id: organizations.id, nameZh: organizations.nameZh, nameEn: organizations.nameEn })
        .from(organizations)
        .where(inArray(organizations.id, ids))
        .orderBy(asc(organizations.nameZh))
    : [];
  return {
    platform: !!actor?.roles.has('platform_admin'),
    orgs: rows.map((o) => ({ id: o.id, name: locale === 'en' ? o.nameEn || o.nameZh : o.nameZh })),
  };
}

/** Display name and email of each id, for showing who did what. */
export async function peopleByIds(
  db: Db,
  ids: string[],
): Promise<Map<string, { displayName: string; email: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, email: users.email })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, { displayName: r.displayName, email: r.email }]));
}

/** An organisation's description in the reader's language, or the other one when that is empty. */
export const orgDescription = (o: { description: string; descriptionEn: string }, locale: string) =>
  (locale === 'en' ? o.descriptionEn || o.description : o.description || o.descriptionEn) ?? '';

/** Every organisation's description (both languages) and links, by id. */
export async function organizationDescriptions(
  db: Db,
): Promise<Map<string, Pick<typeof organizations.$inferSelect, 'description' | 'descriptionEn' | 'links'>>> {
  const rows = await db
    .select({
      id: organizations.id,
      description: organizations.description,
      descriptionEn: organizations.descriptionEn,
      links: organizations.links,
    })
    .from(organizations);
  return new Map(rows.map(({ id, ...d }) => [id, d]));
}

/** The organisations each of these people belongs to, with their display names (for modules that credit people's work to organisations). */
export async function organizationsOfPeople(
  db: Db,
  userIds: string[],
): Promise<Array<{ userId: string; orgId: string; displayName: string }>> {
  if (userIds.length === 0) return [];
  return db
    .select({ userId: memberships.userId, orgId: memberships.orgId, displayName: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.userId, [...new Set(userIds)]));
}

/** The organisation a person joined first (what they author in when they do not choose), if any. */
export async function firstOrganizationOf(db: Db, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ orgId: memberships.orgId })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(memberships.orgId))
    .limit(1);
  return row?.orgId ?? null;
}

/** Organisation ids by slug, for imports that name organisations by slug. */
export async function organizationIdsBySlug(db: Db): Promise<Map<string, string>> {
  const rows = await db.select({ id: organizations.id, slug: organizations.slug }).from(organizations);
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** A person's public profile fields and the organisations they belong to. */
export type PublicProfile = {
  id: string;
  displayName: string;
  affiliation: string;
  title: string;
  bio: string;
  links: Array<{ label: string; url: string }>;
  avatarSha256: string | null;
  orgIds: string[];
};

/** People who hold a platform role (confirmed, not disabled), by name; public profile fields only. */
export async function peopleWithRole(db: Db, role: PlatformRole): Promise<PublicProfile[]> {
  const rows = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      affiliation: users.affiliation,
      title: users.title,
      bio: users.bio,
      links: users.links,
      avatarSha256: users.avatarSha256,
    })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, role)))
    .where(sql`${users.disabledAt} is null and ${users.emailVerifiedAt} is not null`)
    .orderBy(asc(users.displayName), asc(users.id));
  const ids = rows.map((r) => r.id);
  const orgs = ids.length
    ? await db
        .select({ userId: memberships.userId, orgId: memberships.orgId })
        .from(memberships)
        .where(inArray(memberships.userId, ids))
    : [];
  return rows.map((r) => ({ ...r, orgIds: orgs.filter((m) => m.userId === r.id).map((m) => m.orgId) }));
}

/** Slug and names of each organisation id, for modules that show organisations they reference. */
export async function organizationsByIds(
  db: Db,
  ids: string[],
): Promise<Map<string, { id: string; slug: string; nameZh: string; nameEn: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      nameZh: organizations.nameZh,
      nameEn: organizations.nameEn,
    })
    .from(organizations)
    .where(inArray(organizations.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** People a salon can name as speakers: confirmed accounts, by name (at most `limit`). */
export async function listPeopleForPicker(
  db: Db,
  limit = 500,
): Promise<Array<{ id: string; displayName: string; affiliation: string }>> {
  return db
    .select({ id: users.id, displayName: users.displayName, affiliation: users.affiliation })
    .from(users)
    .where(and(sql`${users.emailVerifiedAt} is not null`, isNull(users.disabledAt)))
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(limit);
}
