/**
 * Members: the alliance's public face. The product landscape (categories → subcategories →
 * products, all data) and each organisation's logo. Organisations, tiers and alliance membership
 * themselves belong to identity and are read through its queries.
 */
import { customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { now } from '../../db/columns.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const COMPATIBILITY = ['postgresql', 'mysql', 'oracle', 'other'] as const;
export type Compatibility = (typeof COMPATIBILITY)[number];
export const DEPLOYMENTS = ['on_prem', 'cloud', 'embedded'] as const;
export type Deployment = (typeof DEPLOYMENTS)[number];
/** A licence is an SPDX id (Apache-2.0, PostgreSQL, MulanPSL-2.0 …) or this word. */
export const COMMERCIAL = 'commercial';

export const categories = pgTable('landscape_categories', {
  slug: text().primaryKey(),
  nameZh: text().notNull(),
  nameEn: text().notNull(),
  rank: integer().notNull(),
});

export const subcategories = pgTable(
  'landscape_subcategories',
  {
    slug: text().primaryKey(),
    categorySlug: text()
      .notNull()
      .references(() => categories.slug, { onDelete: 'cascade' }),
    nameZh: text().notNull(),
    nameEn: text().notNull(),
    rank: integer().notNull(),
  },
  (t) => [index('landscape_subcategories_category_idx').on(t.categorySlug)],
);

export type ProductExtra = Record<string, unknown>;

export const products = pgTable(
  'products',
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull().unique(),
    /** identity's organizations.id (no foreign key across modules; removal is handled by the service). */
    orgId: uuid().notNull(),
    subcategorySlug: text()
      .notNull()
      .references(() => subcategories.slug),
    name: text().notNull(),
    descriptionZh: text().notNull().default(''),
    descriptionEn: text().notNull().default(''),
    /** SPDX id, or 'commercial'. */
    license: text().notNull(),
    compatibility: jsonb().$type<Compatibility[]>().notNull().default([]),
    deployment: jsonb().$type<Deployment[]>().notNull().default([]),
    homepageUrl: text().notNull().default(''),
    githubUrl: text().notNull().default(''),
    giteeUrl: text().notNull().default(''),
    gitcodeUrl: text().notNull().default(''),
    docsUrl: text().notNull().default(''),
    /** The item's place in an imported data.yml (ADR 0039): exports keep the file's order; 0 sorts by slug. */
    rank: integer().notNull().default(0),
    /** The item's own logo file as the data.yml named it, when not its organisation's (ADR 0039). */
    logoFile: text().notNull().default(''),
    /** product_logo_files.sha256 of that file. */
    logoSha256: text().notNull().default(''),
    /** landscape2 fields we do not model, kept for a faithful export. */
    extra: jsonb().$type<ProductExtra>().notNull().default({}),
    /** Lower-case names and descriptions plus the pinyin and pinyin initials of the Chinese ones. */
    searchText: text().notNull().default(''),
    createdAt: now(),
    updatedAt: now(),
  },
  (t) => [index('products_org_idx').on(t.orgId), index('products_subcategory_idx').on(t.subcategorySlug)],
);

/** One logo per organisation: sanitised SVG or PNG, addressed by the SHA-256 of its bytes. */
export const organizationLogos = pgTable(
  'organization_logos',
  {
    orgId: uuid().primaryKey(),
    sha256: text().notNull(),
    mime: text().notNull(),
    bytes: bytea().notNull(),
    updatedAt: now(),
  },
  (t) => [index('organization_logos_sha256_idx').on(t.sha256)],
);

/**
 * The logo files items of an imported landscape name (CNCF gives each product its own), by
 * content hash: many items share one file. Kept so that an export writes every item's own logo
 * under its own name; the wall shows the organisation's logo (ADR 0039).
 */
export const productLogoFiles = pgTable('product_logo_files', {
  sha256: text().primaryKey(),
  mime: text().notNull(),
  bytes: bytea().notNull(),
});

export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** An organisation's application to join the alliance, reviewed by a platform admin. */
export const allianceApplications = pgTable(
  'alliance_applications',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** identity's organizations.id and users.id (no cross-module foreign keys). */
    orgId: uuid().notNull(),
    applicantId: uuid().notNull(),
    tierSlug: text().notNull(),
    message: text().notNull().default(''),
    /** The organisation's description as the applicant wants it on the wall; written on approval when not both empty. */
    descriptionZh: text().notNull().default(''),
    descriptionEn: text().notNull().default(''),
    /** The applicant's language, for the decision email. */
    locale: text().notNull().default('zh-CN'),
    status: text().$type<ApplicationStatus>().notNull().default('pending'),
    reason: text().notNull().default(''),
    decidedBy: uuid(),
    decidedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: now(),
  },
  (t) => [index('alliance_applications_status_idx').on(t.status, t.createdAt)],
);
