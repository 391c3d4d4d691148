/**
 * Identity, the spine every module shares: people, their platform roles, sessions and one-time
 * email tokens; organisations, who belongs to them, invitations, and alliance membership records.
 */
import { sql } from 'drizzle-orm';
import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { now } from '../../db/columns.ts';
import type { Locale } from '../../i18n/index.ts';
import type { PlatformRole } from '../../platform/permissions.ts';

export type ProfileLink = { label: string; url: string };

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    emailVerifiedAt: timestamp({ withTimezone: true, mode: 'date' }),
    passwordHash: text().notNull(),
    displayName: text().notNull(),
    bio: text().notNull().default(''),
    links: jsonb().$type<ProfileLink[]>().notNull().default([]),
    /** School or company, as the person writes it. */
    affiliation: text().notNull().default(''),
    /** Job title or position (职位), as the person writes it; shown on their public speaker page. */
    title: text().notNull().default(''),
    avatarSha256: text(),
    /**
     * The name certificates carry, confirmed by the person (ADR 0024); display-name edits leave it
     * alone, changing it needs confirming again.
     */
    certificateName: text(),
    certificateNameConfirmedAt: timestamp({ withTimezone: true, mode: 'date' }),
    locale: text().$type<Locale>(),
    createdAt: now(),
    updatedAt: now(),
    disabledAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  // Case-insensitive uniqueness: Alice@x.cn and alice@x.cn are one account.
  (t) => [uniqueIndex('users_email_lower_idx').on(sql`lower(${t.email})`)],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text().$type<PlatformRole>().notNull(),
    grantedBy: uuid(),
    grantedAt: now(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie value: a leaked table does not leak usable sessions. */
    idHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: now(),
    lastSeenAt: now(),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export type TokenPurpose = 'confirm_email' | 'reset_password';

export const userTokens = pgTable(
  'user_tokens',
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text().$type<TokenPurpose>().notNull(),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: now(),
  },
  (t) => [index('user_tokens_user_idx').on(t.userId, t.purpose)],
);

export const ORG_TYPES = [
  'vendor',
  'ecosystem',
  'user_company',
  'community_media',
  'school',
  'issuing_body',
  'other',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];
export const ORG_ROLES = ['admin', 'member'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export const organizations = pgTable('organizations', {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  nameZh: text().notNull(),
  nameEn: text().notNull().default(''),
  type: text().$type<OrgType>().notNull(),
  /** The Chinese description (the column predates the English one; ADR 0020). */
  description: text().notNull().default(''),
  descriptionEn: text().notNull().default(''),
  website: text().notNull().default(''),
  city: text().notNull().default(''),
  /** Official accounts and channels (WeChat, Weibo, Bilibili, Gitee …), shown on public pages. */
  links: jsonb().$type<ProfileLink[]>().notNull().default([]),
  /** Members plus pending invitations may not exceed this; platform admins can raise it. */
  memberLimit: integer().notNull().default(200),
  createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  createdAt: now(),
  updatedAt: now(),
});

export const memberships = pgTable(
  'memberships',
  {
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text().$type<OrgRole>().notNull(),
    createdAt: now(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    role: text().$type<OrgRole>().notNull(),
    tokenHash: text().notNull().unique(),
    invitedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    acceptedAt: timestamp({ withTimezone: true, mode: 'date' }),
    acceptedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: now(),
  },
  (t) => [index('invitations_org_idx').on(t.orgId)],
);

/** Alliance tiers are data (理事单位 / 会员单位 / 合作伙伴 …), ordered by rank. */
export const allianceTiers = pgTable('alliance_tiers', {
  slug: text().primaryKey(),
  nameZh: text().notNull(),
  nameEn: text().notNull(),
  rank: integer().notNull(),
});

export const MEMBERSHIP_STATUSES = ['active', 'suspended', 'ended'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const allianceMemberships = pgTable('alliance_memberships', {
  orgId: uuid()
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  tierSlug: text()
    .notNull()
    .references(() => allianceTiers.slug),
  joinedOn: date({ mode: 'string' }).notNull(),
  status: text().$type<MembershipStatus>().notNull().default('active'),
  recordedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  updatedAt: now(),
});
