/**
 * Reads for the wall, detail pages, API and exports. The whole wall (every organisation, product
 * and category) is one cached value, rebuilt when the `organizations` or `members` tag changes;
 * filtering and search then run in memory over at most a few thousand items.
 */
import { createHash } from 'node:crypto';
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { PageCache } from '../../platform/cache.ts';
import { type AllianceTier, CACHE_TAGS as IDENTITY_TAGS, listAllianceTiers } from '../identity/queries.ts';
import {
  type HostedSalon,
  listSalons,
  type OrgMemberTalk,
  salonsHostedBy,
  talksByOrganizationMembers,
} from '../salons/queries.ts';
import type { WallFilters } from './forms.ts';
import {
  listOrganizationsWithProfiles,
  listSpeakers,
  type OrgWallItem,
  type SpeakerProfile,
} from './profiles.ts';
import { COMMERCIAL, categories, organizationLogos, products, subcategories } from './schema.ts';
import { buildSearchText, matchesQuery, normalizeQuery } from './search.ts';
import { monogramSvg } from './svg.ts';

export const MEMBERS_TAG = 'members';
export const WALL_CACHE_TAGS = [IDENTITY_TAGS.organizations, MEMBERS_TAG];

export type Product = typeof products.$inferSelect;
export type Subcategory = { slug: string; nameZh: string; nameEn: string; categorySlug: string };
export type Category = { slug: string; nameZh: string; nameEn: string; subcategories: Subcategory[] };

export type WallOrg = OrgWallItem & { logoUrl: string; searchText: string };
export type WallProduct = Product & {
  org: { slug: string; nameZh: string; nameEn: string };
  logoUrl: string;
};

export type WallData = {
  tiers: AllianceTier[];
  categories: Category[];
  orgs: WallOrg[];
  products: WallProduct[];
  cities: string[];
  licenses: string[];
};

/** Categories in rank order, each with its subcategories in rank order. */
export async function listTaxonomy(db: Db): Promise<Category[]> {
  const [cats, subs] = await Promise.all([
    db.select().from(categories).orderBy(asc(categories.rank), asc(categories.slug)),
    db.select().from(subcategories).orderBy(asc(subcategories.rank), asc(subcategories.slug)),
  ]);
  return cats.map((c) => ({
    slug: c.slug,
    nameZh: c.nameZh,
    nameEn: c.nameEn,
    subcategories: subs
      .filter((s) => s.categorySlug === c.slug)
      .map((s) => ({ slug: s.slug, nameZh: s.nameZh, nameEn: s.nameEn, categorySlug: s.categorySlug })),
  }));
}

const shortHash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

/** The logo URL: the stored file by content hash, or the monogram (versioned by the name it draws). */
export function logoUrl(org: { slug: string; nameZh: string }, logo?: { sha256: string; mime: string }) {
  if (logo) return `/logos/${logo.sha256}.${logo.mime === 'image/png' ? 'png' : 'svg'}`;
  return `/monograms/${org.slug}.svg?v=${shortHash(org.nameZh)}`;
}

/** Everything the wall shows, in display order. */
export async function loadWallData(db: Db): Promise<WallData> {
  const [tiers, taxonomy, orgs, productRows, logos] = await Promise.all([
    listAllianceTiers(db),
    listTaxonomy(db),
    listOrganizationsWithProfiles(db),
    db.select().from(products),
    db
      .select({
        orgId: organizationLogos.orgId,
        sha256: organizationLogos.sha256,
        mime: organizationLogos.mime,
      })
      .from(organizationLogos),
  ]);
  const logoBy = new Map(logos.map((l) => [l.orgId, l]));
  const wallOrgs: WallOrg[] = orgs.map((o) => ({
    ...o,
    logoUrl: logoUrl(o, logoBy.get(o.id)),
    searchText: buildSearchText([o.nameZh, o.nameEn], [o.description, o.descriptionEn, o.city]),
  }));
  const orgBy = new Map(wallOrgs.map((o) => [o.id, o]));
  // Sorted here rather than in SQL: collations differ between PGlite and the server.
  productRows.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const wallProducts: WallProduct[] = productRows.flatMap((p) => {
    const org = orgBy.get(p.orgId);
    return org
      ? [{ ...p, org: { slug: org.slug, nameZh: org.nameZh, nameEn: org.nameEn }, logoUrl: org.logoUrl }]
      : [];
  });
  const sorted = (xs: string[]) =>
    [...new Set(xs.filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  return {
    tiers,
    categories: taxonomy,
    orgs: wallOrgs,
    products: wallProducts,
    cities: sorted(wallOrgs.map((o) => o.city)),
    licenses: sorted(wallProducts.map((p) => p.license)),
  };
}

/** Pages that also show speakers change when people do. */
export const SPEAKER_CACHE_TAGS = [...WALL_CACHE_TAGS, IDENTITY_TAGS.people];

/** Community and media partners and partner-tier members: the partners page and the wall's partners section. */
export const partnersOf = (data: WallData) =>
  data.orgs.filter((o) => o.alliance && (o.alliance.tier.slug === 'partner' || o.type === 'community_media'));

export function cachedSpeakers(deps: { db: Db; cache: PageCache }): Promise<SpeakerProfile[]> {
  return deps.cache.get('members:speakers', [IDENTITY_TAGS.people, IDENTITY_TAGS.organizations], () =>
    listSpeakers(deps.db),
  );
}

export function cachedWallData(deps: { db: Db; cache: PageCache }): Promise<WallData> {
  return deps.cache.get('members:wall', WALL_CACHE_TAGS, () => loadWallData(deps.db));
}

export type WallView = {
  /** Tier groups (active members only), then organisations outside the alliance are left out. */
  tiers: Array<{ tier: AllianceTier; orgs: WallOrg[]; total: number }>;
  landscape: Array<{
    category: Category;
    groups: Array<{ subcategory: Subcategory; products: WallProduct[]; total: number }>;
  }>;
  memberCount: number;
  productCount: number;
};

const isOpen = (license: string) => license !== COMMERCIAL;

function productMatches(p: WallProduct, f: WallFilters, categoryOf: Map<string, string>): boolean {
  if (f.category && p.subcategorySlug !== f.category && categoryOf.get(p.subcategorySlug) !== f.category)
    return false;
  if (f.license) {
    if (f.license === 'open' ? !isOpen(p.license) : p.license.toLowerCase() !== f.license.toLowerCase())
      return false;
  }
  if (f.compat && !p.compatibility.includes(f.compat)) return false;
  if (f.deploy && !p.deployment.includes(f.deploy)) return false;
  return true;
}

const hasProductFilter = (f: WallFilters) => !!(f.category || f.license || f.compat || f.deploy);

function orgMatches(o: WallOrg, f: WallFilters): boolean {
  if (f.type && o.type !== f.type) return false;
  if (f.tier && o.alliance?.tier.slug !== f.tier) return false;
  if (f.city && o.city !== f.city) return false;
  return true;
}

/** Applies the filters: organisation filters narrow both lists, product filters narrow products and the members that make them. */
export function filterWall(data: WallData, f: WallFilters): { orgs: WallOrg[]; products: WallProduct[] } {
  const q = normalizeQuery(f.q ?? '');
  const categoryOf = new Map(
    data.categories.flatMap((c) => c.subcategories.map((s) => [s.slug, c.slug] as const)),
  );
  const orgsOk = new Map(data.orgs.filter((o) => orgMatches(o, f)).map((o) => [o.slug, o]));
  const orgHit = new Map<string, boolean>();
  const orgFound = (o: WallOrg) => {
    let hit = orgHit.get(o.slug);
    if (hit === undefined) {
      hit = matchesQuery(q, o.searchText, [o.nameZh]);
      orgHit.set(o.slug, hit);
    }
    return hit;
  };
  const products = data.products.filter((p) => {
    const org = orgsOk.get(p.org.slug);
    if (!org || !productMatches(p, f, categoryOf)) return false;
    return !q || matchesQuery(q, p.searchText, [p.name]) || orgFound(org);
  });
  const withProducts = new Set(products.map((p) => p.org.slug));
  const orgs = [...orgsOk.values()].filter((o) =>
    hasProductFilter(f) || q ? withProducts.has(o.slug) || (!hasProductFilter(f) && orgFound(o)) : true,
  );
  return { orgs, products };
}

/**
 * What the unfiltered wall shows of each group; the rest are one click away (the group's filter).
 * Keeps the phone page small (ADR 0017): with 500 members a phone would otherwise receive every
 * member's tile before the first product.
 */
export const PREVIEW_PER_SUBCATEGORY = 8;
export const PREVIEW_PER_TIER = 60;

const isUnfiltered = (f: WallFilters) => !Object.values(f).some(Boolean);

/**
 * The wall's groups: members by tier (rank order), products by category → subcategory; empty groups
 * left out. The unfiltered view previews each group unless `whole` (the static export, whose pages
 * cannot filter, shows everything).
 */
export function wallView(data: WallData, f: WallFilters, opts: { whole?: boolean } = {}): WallView {
  const preview = isUnfiltered(f) && !opts.whole;
  const limit = preview ? PREVIEW_PER_SUBCATEGORY : Number.POSITIVE_INFINITY;
  const tierLimit = preview ? PREVIEW_PER_TIER : Number.POSITIVE_INFINITY;
  const { orgs, products: found } = filterWall(data, f);
  const tiers = data.tiers
    .map((tier) => {
      const all = orgs.filter((o) => o.alliance?.tier.slug === tier.slug);
      return { tier, orgs: all.slice(0, tierLimit), total: all.length };
    })
    .filter((g) => g.total);
  const landscape = data.categories
    .map((category) => ({
      category,
      groups: category.subcategories
        .map((subcategory) => {
          const all = found.filter((p) => p.subcategorySlug === subcategory.slug);
          return { subcategory, products: all.slice(0, limit), total: all.length };
        })
        .filter((g) => g.total),
    }))
    .filter((c) => c.groups.length);
  return {
    tiers,
    landscape,
    memberCount: tiers.reduce((n, g) => n + g.total, 0),
    productCount: found.length,
  };
}

/** A stored logo by content hash. */
export async function findLogo(db: Db, sha256: string) {
  const [row] = await db
    .select({ mime: organizationLogos.mime, bytes: organizationLogos.bytes })
    .from(organizationLogos)
    .where(eq(organizationLogos.sha256, sha256))
    .limit(1);
  return row;
}

/** Products of one organisation, for its admins' page. */
export async function listOrgProducts(db: Db, orgId: string): Promise<Product[]> {
  return db.select().from(products).where(eq(products.orgId, orgId)).orderBy(asc(products.slug));
}

export async function findProductBySlug(db: Db, slug: string): Promise<Product | undefined> {
  const [row] = await db.select().from(products).where(eq(products.slug, slug));
  return row;
}

/** Whether an organisation has an uploaded logo (rather than the monogram). */
export async function hasLogo(db: Db, orgId: string): Promise<boolean> {
  const [row] = await db
    .select({ orgId: organizationLogos.orgId })
    .from(organizationLogos)
    .where(eq(organizationLogos.orgId, orgId));
  return !!row;
}

/**
 * Each organisation's logo as bytes, for pictures drawn elsewhere (salon posters): the stored PNG or
 * sanitised SVG, or the monogram the wall shows when none was uploaded, so every organisation has one.
 */
export async function logosForOrganizations(
  db: Db,
  orgs: { id: string; slug: string; nameZh: string }[],
): Promise<Map<string, { mime: 'image/png' | 'image/svg+xml'; bytes: Uint8Array }>> {
  const ids = [...new Set(orgs.map((o) => o.id))];
  const rows = ids.length
    ? await db
        .select({
          orgId: organizationLogos.orgId,
          mime: organizationLogos.mime,
          bytes: organizationLogos.bytes,
        })
        .from(organizationLogos)
        .where(inArray(organizationLogos.orgId, ids))
    : [];
  const stored = new Map(rows.map((r) => [r.orgId, r]));
  const out = new Map<string, { mime: 'image/png' | 'image/svg+xml'; bytes: Uint8Array }>();
  for (const o of orgs) {
    const row = stored.get(o.id);
    out.set(
      o.id,
      row
        ? { mime: row.mime === 'image/png' ? 'image/png' : 'image/svg+xml', bytes: row.bytes }
        : { mime: 'image/svg+xml', bytes: new TextEncoder().encode(monogramSvg(o.slug, o.nameZh)) },
    );
  }
  return out;
}

/**
 * Each organisation's logo address (the uploaded file's, or its monogram's), for lists drawn
 * elsewhere (salon cards): one query, no bytes.
 */
export async function logoUrlsForOrganizations(
  db: Db,
  orgs: { id: string; slug: string; nameZh: string }[],
): Promise<Map<string, string>> {
  const ids = [...new Set(orgs.map((o) => o.id))];
  const rows = ids.length
    ? await db
        .select({
          orgId: organizationLogos.orgId,
          sha256: organizationLogos.sha256,
          mime: organizationLogos.mime,
        })
        .from(organizationLogos)
        .where(inArray(organizationLogos.orgId, ids))
    : [];
  const stored = new Map(rows.map((r) => [r.orgId, r]));
  return new Map(orgs.map((o) => [o.id, logoUrl(o, stored.get(o.id))]));
}

/** Every stored logo with its bytes, for the static export and landscape2 logos folder. */
export async function listLogoFiles(db: Db) {
  return db
    .select({
      orgId: organizationLogos.orgId,
      sha256: organizationLogos.sha256,
      mime: organizationLogos.mime,
      bytes: organizationLogos.bytes,
    })
    .from(organizationLogos);
}

/** What a member page shows beyond the wall data: its speakers, the salons it hosted, its people's talks. */
export type MemberExtras = {
  speakers: SpeakerProfile[];
  hostedSalons: HostedSalon[];
  talks: OrgMemberTalk[];
};

export async function memberExtras(deps: { db: Db; cache: PageCache }, orgId: string): Promise<MemberExtras> {
  const [speakers, hostedSalons, talks] = await Promise.all([
    cachedSpeakers(deps),
    salonsHostedBy(deps.db, orgId),
    talksByOrganizationMembers(deps.db, [orgId]),
  ]);
  return {
    speakers: speakers.filter((s) => s.orgIds.includes(orgId)),
    hostedSalons,
    talks: talks.get(orgId) ?? [],
  };
}

/** The same for every organisation on the wall, in a few queries (for the static export). */
export async function memberExtrasForAll(db: Db, data: WallData): Promise<Map<string, MemberExtras>> {
  const [speakers, salonList, talks] = await Promise.all([
    listSpeakers(db),
    listSalons(db),
    talksByOrganizationMembers(
      db,
      data.orgs.map((o) => o.id),
    ),
  ]);
  const out = new Map<string, MemberExtras>();
  for (const org of data.orgs) {
    out.set(org.id, {
      speakers: speakers.filter((s) => s.orgIds.includes(org.id)),
      // listSalons leaves out drafts and puts the newest first, as salonsHostedBy does.
      hostedSalons: salonList
        .filter((s) => s.hostOrgId === org.id)
        .map((s) => ({
          id: s.id,
          number: s.number,
          title: s.title,
          city: s.city,
          startsAt: s.startsAt,
          timezone: s.timezone,
        })),
      talks: talks.get(org.id) ?? [],
    });
  }
  return out;
}
