/**
 * Organisations: creation, editing, invitations by email link, member roles, and the alliance
 * membership record that platform admins keep. Each function writes in one transaction with its
 * audit entry and mail. Permission checks happen in routes (requirePermission) before these run.
 */
import { and, count, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import type { Locale } from '../../i18n/index.ts';
import { audit } from '../../platform/audit.ts';
import { invalidateTags } from '../../platform/cache.ts';
import { AppError } from '../../platform/errors.ts';
import { translator } from '../../platform/i18n.ts';
import { queueMail } from '../../platform/mail.ts';
import { auditLog } from '../../platform/schema.ts';
import { digest, isUniqueViolation, newToken } from '../../platform/tokens.ts';
import type { RequestInfo } from './accounts.ts';
import { CACHE_TAGS } from './queries.ts';
import {
  allianceMemberships,
  allianceTiers,
  invitations,
  type MembershipStatus,
  memberships,
  type OrgRole,
  type OrgType,
  organizations,
  type ProfileLink,
  users,
} from './schema.ts';

const INVITE_DAYS = 14;

export type OrgInput = {
  slug: string;
  nameZh: string;
  nameEn: string;
  type: OrgType;
  city: string;
  website: string;
  /** Chinese. */
  description: string;
  descriptionEn?: string;
  links?: ProfileLink[];
};

/** Creates an organisation with its creator as admin. Writes organizations, memberships, audit `organization.created`. */
export async function createOrganization(db: Db, creatorId: string, input: OrgInput, info: RequestInfo) {
  try {
    return await transaction(db, async (tx) => {
      const [org] = await tx
        .insert(organizations)
        .values({ ...input, createdBy: creatorId })
        .returning();
      await tx.insert(memberships).values({ orgId: org.id, userId: creatorId, role: 'admin' });
      await invalidateTags(tx, CACHE_TAGS.organizations);
      await audit(tx, {
        actorId: creatorId,
        action: 'organization.created',
        targetType: 'organization',
        targetId: org.id,
        data: { slug: org.slug },
        ip: info.ip,
      });
      return org;
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', { messageKey: 'org.slugTaken', fields: { slug: 'org.slugTaken' } });
    throw err;
  }
}

/**
 * Edits an organisation's profile (not its slug). Writes organizations, audit `organization.updated`
 * with the names of the fields that changed (`data.changed`).
 */
export async function updateOrganization(
  db: Db,
  orgId: string,
  input: Omit<OrgInput, 'slug'>,
  info: RequestInfo,
) {
  await transaction(db, async (tx) => {
    const [before] = await tx.select().from(organizations).where(eq(organizations.id, orgId)).for('update');
    if (!before) throw new AppError('NOT_FOUND');
    await tx
      .update(organizations)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(organizations.id, orgId));
    const changed = (Object.keys(input) as Array<keyof typeof input>).filter(
      (k) => input[k] !== undefined && JSON.stringify(input[k]) !== JSON.stringify(before[k]),
    );
    await invalidateTags(tx, CACHE_TAGS.organizations);
    await audit(tx, {
      actorId: info.actorId,
      action: 'organization.updated',
      targetType: 'organization',
      targetId: orgId,
      data: { changed },
      ip: info.ip,
    });
  });
}

/**
 * Sets an organisation's Chinese and English descriptions (for the members module: an approved
 * application, a landscape2 import). Does nothing when both are unchanged. Writes organizations,
 * audit `organization.updated` with `data.changed` and `data.via`.
 */
export async function setOrganizationDescriptions(
  db: Db,
  orgId: string,
  input: { zh: string; en: string },
  info: { ip: string | null; actorId: string | null; via: string },
): Promise<boolean> {
  const [before] = await db
    .select({ zh: organizations.description, en: organizations.descriptionEn })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!before) throw new AppError('NOT_FOUND', { messageKey: 'org.notFound' });
  const changed = [
    ...(before.zh !== input.zh ? ['description'] : []),
    ...(before.en !== input.en ? ['descriptionEn'] : []),
  ];
  if (!changed.length) return false;
  await db
    .update(organizations)
    .set({ description: input.zh, descriptionEn: input.en, updatedAt: new Date() })
    .where(eq(organizations.id, orgId));
  await invalidateTags(db, CACHE_TAGS.organizations);
  await audit(db, {
    actorId: info.actorId,
    action: 'organization.updated',
    targetType: 'organization',
    targetId: orgId,
    data: { changed, via: info.via },
    ip: info.ip,
  });
  return true;
}

/**
 * Creates the organisations an import names but this installation lacks (a landscape2 data.yml
 * into an empty installation, the CNCF landscape's companies; ADR 0039). They have no members yet:
 * a platform admin invites their people. Runs in the caller's transaction, many rows per statement.
 * Writes organizations, one audit `organization.created` per organisation with `data.via`.
 * Returns the new ids by slug.
 */
export async function createImportedOrganizations(
  db: Db,
  inputs: Array<
    Pick<OrgInput, 'slug' | 'nameZh' | 'nameEn' | 'type' | 'website' | 'description'> & {
      descriptionEn: string;
    }
  >,
  info: { ip: string | null; actorId: string | null; via: string },
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < inputs.length; i += 500) {
    const rows = await db
      .insert(organizations)
      .values(inputs.slice(i, i + 500).map((o) => ({ ...o, city: '', createdBy: info.actorId })))
      .returning({ id: organizations.id, slug: organizations.slug });
    for (const r of rows) ids.set(r.slug, r.id);
    await db.insert(auditLog).values(
      rows.map((r) => ({
        actorId: info.actorId,
        action: 'organization.created',
        targetType: 'organization',
        targetId: r.id,
        data: { slug: r.slug, via: info.via },
        ip: info.ip,
      })),
    );
  }
  if (ids.size) await invalidateTags(db, CACHE_TAGS.organizations);
  return ids;
}

async function seatsTaken(tx: Db, orgId: string): Promise<number> {
  const [[m], [i]] = await Promise.all([
    tx.select({ n: count() }).from(memberships).where(eq(memberships.orgId, orgId)),
    tx
      .select({ n: count() })
      .from(invitations)
      .where(
        and(
          eq(invitations.orgId, orgId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date()),
        ),
      ),
  ]);
  return Number(m.n) + Number(i.n);
}

/**
 * Invites someone by email to join as admin or member. The link is mailed in the inviter's
 * language. Refused when the organisation is missing (NOT_FOUND), full (CONFLICT), or the person is
 * already a member (CONFLICT). Writes invitations, mail_outbox + job, audit `organization.member_invited`.
 */
export async function inviteMember(
  db: Db,
  input: { orgId: string; email: string; role: OrgRole; inviterId: string; locale: Locale },
  info: RequestInfo,
): Promise<{ id: string; token: string }> {
  return transaction(db, async (tx) => {
    // Lock the organisation row so two concurrent invitations cannot both take the last seat.
    const [org] = await tx
      .select()
      .from(organizations)
      .where(eq(organizations.id, input.orgId))
      .for('update');
    if (!org) throw new AppError('NOT_FOUND', { messageKey: 'org.notFound' });
    const email = input.email.trim().toLowerCase();
    const [already] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, org.id), sql`lower(${users.email}) = ${email}`));
    if (already)
      throw new AppError('CONFLICT', {
        messageKey: 'org.invite.alreadyMember',
        fields: { email: 'org.invite.alreadyMember' },
      });
    if ((await seatsTaken(tx, org.id)) >= org.memberLimit) {
      throw new AppError('CONFLICT', { messageKey: 'org.invite.full', vars: { limit: org.memberLimit } });
    }
    const token = newToken();
    const [inv] = await tx
      .insert(invitations)
      .values({
        orgId: org.id,
        email,
        role: input.role,
        tokenHash: digest(token),
        invitedBy: input.inviterId,
        expiresAt: new Date(Date.now() + INVITE_DAYS * 86400_000),
      })
      .returning({ id: invitations.id });
    const t = translator(input.locale);
    // The organisation's name in the mail's language too, when it has one.
    const orgName = input.locale === 'en' && org.nameEn ? org.nameEn : org.nameZh;
    await queueMail(tx, {
      to: email,
      template: 'mail.invite',
      subject: t('mail.invite.subject', { org: orgName }),
      text: t('mail.invite.body', {
        org: orgName,
        role: t(`org.role.${input.role}`),
        link: `${info.publicUrl}/invitations/${token}`,
        days: INVITE_DAYS,
      }),
    });
    await audit(tx, {
      actorId: input.inviterId,
      action: 'organization.member_invited',
      targetType: 'organization',
      targetId: org.id,
      data: { email, role: input.role },
      ip: info.ip,
    });
    return { id: inv.id, token };
  });
}

/** The invitation behind a link, if it can still be accepted. */
export async function findOpenInvitation(db: Db, token: string) {
  const [row] = await db
    .select({ invitation: invitations, org: organizations })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(
      and(
        eq(invitations.tokenHash, digest(token)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    );
  return row;
}

/**
 * Accepts an invitation for the signed-in person, whose email must match the invited address.
 * Writes memberships, invitations.accepted_at, audit `organization.invitation_accepted`.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  user: { userId: string; email: string },
  info: RequestInfo,
) {
  return transaction(db, async (tx) => {
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(
        and(
          eq(invitations.tokenHash, digest(token)),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date()),
        ),
      )
      .for('update');
    if (!inv) throw new AppError('GONE', { messageKey: 'org.invite.invalid' });
    if (inv.email !== user.email.trim().toLowerCase()) {
      throw new AppError('FORBIDDEN', { messageKey: 'org.invite.wrongAccount', vars: { email: inv.email } });
    }
    // Someone who is already a member keeps their role unless the invitation promotes them: an
    // older "member" invitation must never demote an admin (possibly the last one).
    const insert = tx.insert(memberships).values({ orgId: inv.orgId, userId: user.userId, role: inv.role });
    if (inv.role === 'admin')
      await insert.onConflictDoUpdate({
        target: [memberships.orgId, memberships.userId],
        set: { role: 'admin' },
      });
    else await insert.onConflictDoNothing();
    await tx
      .update(invitations)
      .set({ acceptedAt: new Date(), acceptedBy: user.userId })
      .where(eq(invitations.id, inv.id));
    await audit(tx, {
      actorId: user.userId,
      action: 'organization.invitation_accepted',
      targetType: 'organization',
      targetId: inv.orgId,
      data: { role: inv.role },
      ip: info.ip,
    });
    return inv.orgId;
  });
}

/** Withdraws a pending invitation. Writes invitations.revoked_at, audit `organization.invitation_revoked`. */
export async function revokeInvitation(db: Db, orgId: string, invitationId: string, info: RequestInfo) {
  await transaction(db, async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.id, invitationId),
          eq(invitations.orgId, orgId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ id: invitations.id });
    if (!row) throw new AppError('NOT_FOUND');
    await audit(tx, {
      actorId: info.actorId,
      action: 'organization.invitation_revoked',
      targetType: 'organization',
      targetId: orgId,
      data: { invitationId },
      ip: info.ip,
    });
  });
}

async function otherAdmins(tx: Db, orgId: string, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'admin'), ne(memberships.userId, userId)));
  return Number(row.n);
}

/**
 * Makes a member an admin or a plain member; an organisation always keeps at least one admin.
 * Writes memberships.role, audit `organization.member_role_changed`.
 */
export async function setMemberRole(db: Db, orgId: string, userId: string, role: OrgRole, info: RequestInfo) {
  await transaction(db, async (tx) => {
    await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, orgId))
      .for('update');
    if (role === 'member' && (await otherAdmins(tx, orgId, userId)) === 0) {
      throw new AppError('CONFLICT', { messageKey: 'org.members.lastAdmin' });
    }
    const [row] = await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
      .returning();
    if (!row) throw new AppError('NOT_FOUND');
    await audit(tx, {
      actorId: info.actorId,
      action: 'organization.member_role_changed',
      targetType: 'organization',
      targetId: orgId,
      data: { userId, role },
      ip: info.ip,
    });
  });
}

/** Removes a member (never the last admin). Writes memberships, audit `organization.member_removed`. */
export async function removeMember(db: Db, orgId: string, userId: string, info: RequestInfo) {
  await transaction(db, async (tx) => {
    await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, orgId))
      .for('update');
    if ((await otherAdmins(tx, orgId, userId)) === 0) {
      const [me] = await tx
        .select()
        .from(memberships)
        .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
      if (me?.role === 'admin') throw new AppError('CONFLICT', { messageKey: 'org.members.lastAdmin' });
    }
    const [row] = await tx
      .delete(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
      .returning();
    if (!row) throw new AppError('NOT_FOUND');
    await audit(tx, {
      actorId: info.actorId,
      action: 'organization.member_removed',
      targetType: 'organization',
      targetId: orgId,
      data: { userId },
      ip: info.ip,
    });
  });
}

/**
 * Records (or updates) an organisation's alliance membership: tier, date joined, status.
 * Writes alliance_memberships, audit `alliance.membership_recorded`.
 */
export async function recordAllianceMembership(
  db: Db,
  orgId: string,
  input: { tierSlug: string; joinedOn: string; status: MembershipStatus },
  info: RequestInfo,
) {
  await transaction(db, async (tx) => {
    const [org] = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, orgId));
    if (!org) throw new AppError('NOT_FOUND', { messageKey: 'org.notFound' });
    const [tier] = await tx.select().from(allianceTiers).where(eq(allianceTiers.slug, input.tierSlug));
    if (!tier) throw new AppError('INVALID_INPUT', { fields: { tierSlug: 'validation.invalid' } });
    const values = { ...input, recordedBy: info.actorId ?? null, updatedAt: new Date() };
    await tx
      .insert(allianceMemberships)
      .values({ orgId, ...values })
      .onConflictDoUpdate({ target: allianceMemberships.orgId, set: values });
    await invalidateTags(tx, CACHE_TAGS.organizations);
    await audit(tx, {
      actorId: info.actorId,
      action: 'alliance.membership_recorded',
      targetType: 'organization',
      targetId: orgId,
      data: input,
      ip: info.ip,
    });
  });
}

/** Adds or updates an alliance tier (tiers are data). Writes alliance_tiers, audit `alliance.tier_saved`. */
export async function saveAllianceTier(
  db: Db,
  tier: { slug: string; nameZh: string; nameEn: string; rank: number },
  info: RequestInfo,
) {
  await transaction(db, async (tx) => {
    await tx.insert(allianceTiers).values(tier).onConflictDoUpdate({ target: allianceTiers.slug, set: tier });
    await audit(tx, {
      actorId: info.actorId,
      action: 'alliance.tier_saved',
      targetType: 'alliance_tier',
      targetId: tier.slug,
      ip: info.ip,
    });
  });
}
