/**
 * Credentials: issuers and their Ed25519 keys, achievement definitions, and every credential issued
 * (the signed Open Badges 3.0 document as issued, with its revocation/suspension state). A
 * credential's place in the status lists comes from one sequence shared by all issuers.
 */
import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { now } from '../../db/columns.ts';

const at = () => timestamp({ withTimezone: true, mode: 'date' });

export const credentialIssuers = pgTable('credential_issuers', {
  id: uuid().primaryKey().defaultRandom(),
  /** Names the did:web identifier: did:web:<host>:issuers:<slug>. Never changes. */
  slug: text().notNull().unique(),
  nameZh: text().notNull(),
  nameEn: text().notNull(),
  url: text().notNull().default(''),
  /** The logo drawn on certificates: a PNG or JPEG in the platform's files table, by content hash. */
  logoSha256: text(),
  createdAt: now(),
});

export const credentialIssuerKeys = pgTable(
  'credential_issuer_keys',
  {
    id: uuid().primaryKey().defaultRandom(),
    issuerId: uuid()
      .notNull()
      .references(() => credentialIssuers.id, { onDelete: 'restrict' }),
    /** The fragment of the verification method: key-1, key-2 … */
    keyId: text().notNull(),
    publicKeyMultibase: text().notNull(),
    /** AES-256-GCM under a key derived from GONGJIN_SECRET; see keys.ts. */
    secretKeyEncrypted: text().notNull(),
    createdAt: now(),
    /** Set when rotated out: the key stays published and verifies what it signed before this time. */
    retiredAt: at(),
  },
  (t) => [uniqueIndex('credential_issuer_keys_issuer_key_idx').on(t.issuerId, t.keyId)],
);

export const credentialAchievements = pgTable('credential_achievements', {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  nameZh: text().notNull(),
  nameEn: text().notNull(),
  descriptionZh: text().notNull(),
  descriptionEn: text().notNull(),
  criteriaZh: text().notNull(),
  criteriaEn: text().notNull(),
  imageUrl: text(),
  creditsAvailable: doublePrecision(),
  /** The track or level it aligns to (OB 3.0 Alignment): a name and, optionally, its page. */
  alignmentName: text(),
  alignmentUrl: text(),
  /** The issuer that signs first and is named as `issuer`. */
  issuerId: uuid()
    .notNull()
    .references(() => credentialIssuers.id),
  /** An issuing body that co-signs (named as the achievement's creator) — optional. */
  coIssuerId: uuid().references(() => credentialIssuers.id),
  createdAt: now(),
});

export const CREDENTIAL_STATUSES = ['active', 'revoked', 'suspended'] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

export const credentialStatusIndex = pgSequence('credential_status_index_seq', { startWith: 0, minValue: 0 });

export const credentials = pgTable(
  'credentials',
  {
    id: uuid().primaryKey(),
    achievementId: uuid()
      .notNull()
      .references(() => credentialAchievements.id),
    /** The Gongjin person who holds it, when there is one (identity's users.id; no cross-module FK). */
    recipientUserId: uuid(),
    recipientName: text().notNull(),
    document: jsonb().$type<Record<string, unknown>>().notNull(),
    statusIndex: bigint({ mode: 'number' }).notNull().unique(),
    status: text().$type<CredentialStatus>().notNull().default('active'),
    statusReason: text().notNull().default(''),
    statusChangedAt: at(),
    /** The holder chooses whether it is listed publicly (the API answers only for public ones). */
    public: integer().notNull().default(1),
    issuedAt: now(),
    issuedBy: uuid(),
  },
  (t) => [index('credentials_recipient_idx').on(t.recipientUserId)],
);

/**
 * One counter per issuer, raised in the same transaction as every status change. Writers take the
 * row lock in turn, so a reader that sees version n sees every change up to n: the signed status list
 * cached for n is current (a timestamp could not promise that: a slow transaction can commit an
 * older time after a newer one).
 */
export const credentialStatusVersions = pgTable('credential_status_versions', {
  issuerId: uuid()
    .primaryKey()
    .references(() => credentialIssuers.id),
  version: bigint({ mode: 'number' }).notNull().default(0),
});
