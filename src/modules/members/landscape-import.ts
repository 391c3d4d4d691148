/**
 * Importing a landscape2 `data.yml` as people have it — Gongjin's own export, or the CNCF landscape
 * unmodified (ADR 0039). The whole file is checked in one pass (`planLandscapeImport`): every error
 * with its line, and every part that would be left out (a logo the sanitiser refuses, a category
 * the mapping file skips) listed as a skip. Nothing is written while there is an error, nor while
 * there are skips the caller has not accepted. Unknown categories, subcategories and organisations
 * are created (or mapped onto existing ones by a mapping file); `extra.gongjin_org` and a licence
 * are optional. Distinct names never share a slug; an existing product is only updated when it has
 * the item's name (or its `extra.gongjin_slug`), and every update is reported by name.
 */
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { invalidateTags } from '../../platform/cache.ts';
import { AppError } from '../../platform/errors.ts';
import { createImportedOrganizations, setOrganizationDescriptions } from '../identity/organizations.ts';
import { ORG_TYPES, type OrgType } from '../identity/queries.ts';
import { LICENSE, type ProductInput } from './forms.ts';
import { type LandscapeError, type LandscapeItem, parseLandscape } from './landscape.ts';
import { type LandscapeMapping, readMapping } from './landscape-mapping.ts';
import { loadWallData, WALL_CACHE_TAGS, type WallData } from './queries.ts';
import {
  COMPATIBILITY,
  type Compatibility,
  categories as categoriesTable,
  DEPLOYMENTS,
  type Deployment,
  productLogoFiles,
  products,
  subcategories as subcategoriesTable,
} from './schema.ts';
import {
  MAX_LOGO_BYTES,
  MAX_LOGO_INPUT_BYTES,
  prepareLogo,
  productSearchText,
  slugFromName,
  writeOrganizationLogos,
} from './service.ts';
import { monogramSvg } from './svg.ts';

/** data.yml fields under `extra` that are Gongjin's own (ADR 0020, 0039); every other one is kept verbatim. */
export const GONGJIN_KEYS = [
  'gongjin_org',
  'gongjin_org_name',
  'gongjin_org_name_en',
  'gongjin_org_type',
  'gongjin_org_logo',
  'gongjin_slug',
  'license',
  'description_en',
  'compatibility',
  'deployment',
  'docs_url',
  'gongjin_homepage_inherited',
  'gongjin_org_description',
  'gongjin_org_description_en',
] as const;

/** A landscape2 logos folder: a file's bytes by its name (`logo: foo.svg` is `logos/foo.svg`). */
export type LogoFolder = (file: string) => Uint8Array | undefined;

export type ImportOptions = {
  /** A mapping file's text (YAML) and the name to report its errors under. */
  mapping?: { text: string; file: string };
  /** Write even though parts are listed as skipped (the caller has shown them). */
  acceptSkips?: boolean;
};

export type ImportResult = {
  created: number;
  updated: number;
  logos: number;
  organizations: number;
  /** Names of the products that existed and were overwritten. */
  updatedNames: string[];
  createdOrganizations: number;
  createdCategories: number;
  createdSubcategories: number;
  skipped: LandscapeError[];
};

export class LandscapeImportError extends Error {
  constructor(
    readonly errors: LandscapeError[],
    readonly skips: LandscapeError[] = [],
  ) {
    super(
      errors.length
        ? `landscape import failed with ${errors.length} error(s)`
        : `landscape import would skip ${skips.length} part(s)`,
    );
  }
}

const HTTP = /^https?:\/\/\S+$/i;
const REPO_HOSTS: Record<string, 'githubUrl' | 'giteeUrl' | 'gitcodeUrl'> = {
  'github.com': 'githubUrl',
  'gitee.com': 'giteeUrl',
  'gitcode.com': 'gitcodeUrl',
};
const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
};
const hash6 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 6);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** `./x.svg` is `x.svg`; a name may have spaces or parentheses, never a folder or `..`. */
export function logoFileName(logo: string): string | undefined {
  const name = logo.trim().replace(/^\.\//, '');
  return name &&
    !name.includes('/') &&
    !name.includes('\\') &&
    !name.startsWith('.') &&
    /\.(?:svg|png)$/i.test(name)
    ? name
    : undefined;
}

type PlannedOrg = {
  slug: string;
  line: number;
  nameZh: string;
  nameEn: string;
  type: OrgType;
  website: string;
};
type PlannedProduct = {
  line: number;
  rank: number;
  slug: string;
  orgSlug: string;
  input: ProductInput;
  extra: Record<string, unknown>;
  logoFile: string;
  logoSha256: string;
  existing: boolean;
};
type PreparedLogo = { mime: 'image/png' | 'image/svg+xml'; bytes: Uint8Array; sha256: string };

/** An organisation named by an item without `extra.gongjin_org`, as the CNCF landscape names them. */
function itemOrganization(
  item: LandscapeItem,
  mapping: LandscapeMapping,
): { key: string; slug: string; name: string } {
  const crunchbase = text(item.rest.crunchbase).trim();
  const org = item.rest.organization;
  const orgName = org && typeof org === 'object' ? text((org as { name?: unknown }).name).trim() : '';
  const orgUrl = typeof org === 'string' ? org.trim() : '';
  for (const key of [crunchbase, orgUrl, orgName, item.name]) {
    const mapped = key && mapping.organizations.get(key);
    if (mapped) return { key, slug: mapped, name: mapped };
  }
  const fromUrl = (u: string) => {
    const id = /\/organization\/([^/?#]+)/.exec(u)?.[1] ?? '';
    try {
      return decodeURIComponent(id); // CNCF has ids in Chinese, percent-encoded
    } catch {
      return id;
    }
  };
  const cb = fromUrl(crunchbase) || fromUrl(orgUrl);
  if (orgName) return { key: orgName, slug: slugFromName(orgName), name: orgName };
  if (cb) {
    // The company's name is not in the file, only its Crunchbase id: "red-hat" → "Red Hat".
    const name = /^[a-z0-9-]+$/i.test(cb)
      ? cb
          .split('-')
          .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
          .join(' ')
      : cb;
    return { key: crunchbase || orgUrl, slug: slugFromName(cb), name };
  }
  return { key: item.name, slug: slugFromName(item.name), name: item.name };
}

/**
 * Checks a whole data.yml against this installation and plans the import. Reads only: errors and
 * skips come back with their lines, in file order.
 */
export async function planLandscapeImport(
  db: Db,
  source: string,
  logoFolder: LogoFolder | undefined,
  options: ImportOptions = {},
  wall?: WallData,
) {
  const parsed = parseLandscape(source);
  const errors: LandscapeError[] = [...parsed.errors];
  const skips: LandscapeError[] = [];
  const mapping = await readMapping(db, options.mapping, errors);
  const data = wall ?? (await loadWallData(db));
  const orgBySlug = new Map(data.orgs.map((o) => [o.slug, o]));
  const existingBySlug = new Map(data.products.map((p) => [p.slug, p]));

  // Categories and subcategories: found by either name or slug, mapped, or planned new.
  const usedCatSlugs = new Set(data.categories.map((c) => c.slug));
  const usedSubSlugs = new Set(data.categories.flatMap((c) => c.subcategories.map((s) => s.slug)));
  const freeSlug = (base: string, used: Set<string>) => {
    let slug = base;
    for (let n = 2; used.has(slug); n += 1) slug = `${base}-${n}`;
    used.add(slug);
    return slug;
  };
  const newCategories: Array<{ slug: string; name: string }> = [];
  const newSubcategories: Array<{ slug: string; categorySlug: string; name: string }> = [];

  const newOrgs = new Map<string, PlannedOrg>();
  const orgKeys = new Map<string, string>();
  const planned: PlannedProduct[] = [];
  const fileSlugs = new Map<string, string>();
  const prepared = new Map<string, PreparedLogo | 'monogram' | 'refused'>();
  const orgLogos = new Map<string, { file: string; line: number; logo: PreparedLogo }>();
  const orgDescriptions = new Map<string, { line: number; zh: string; en: string }>();
  let rank = 0;

  /**
   * A logo file read and checked once however many items name it. A problem is a skip of that
   * logo, listed once at the first item that names the file; the items import without it.
   */
  const readLogo = (line: number, raw: string, orgSlug: string): PreparedLogo | undefined => {
    if (!logoFolder) return undefined;
    const file = logoFileName(raw);
    const seen = prepared.get(file ?? raw);
    if (seen !== undefined) return seen === 'monogram' || seen === 'refused' ? undefined : seen;
    const skip = (key: LandscapeError['key'], vars?: LandscapeError['vars']) => {
      prepared.set(file ?? raw, 'refused');
      skips.push({ line, key, vars });
      return undefined;
    };
    if (!file) return skip('members.import.err.logoName', { file: raw });
    const bytes = logoFolder(file);
    if (!bytes) return skip('members.import.err.logoMissing', { file });
    if (bytes.byteLength > MAX_LOGO_INPUT_BYTES)
      return skip('members.import.err.logoTooLarge', { file, kb: MAX_LOGO_BYTES / 1024 });
    // Gongjin writes a monogram for an organisation without a logo: reading it back changes nothing.
    const name = orgBySlug.get(orgSlug)?.nameZh ?? newOrgs.get(orgSlug)?.nameZh;
    if (name !== undefined && Buffer.from(bytes).toString() === monogramSvg(orgSlug, name)) {
      prepared.set(file, 'monogram');
      return undefined;
    }
    try {
      const logo = prepareLogo(bytes, file);
      const ready = { ...logo, sha256: sha256(logo.bytes) };
      prepared.set(file, ready);
      return ready;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // An unsafe SVG says why and where (members.svg.*, naming the file); size and type as before.
      if (e.messageKey.startsWith('members.svg.')) return skip(e.messageKey, e.vars);
      if (e.code === 'PAYLOAD_TOO_LARGE')
        return skip('members.import.err.logoTooLarge', { file, kb: MAX_LOGO_BYTES / 1024 });
      return skip('members.import.err.logoType', { file });
    }
  };

  for (const cat of parsed.categories) {
    const mappedCat = mapping.categories.get(cat.name);
    if (mappedCat === 'skip') {
      const count = cat.subcategories.reduce((n, s) => n + s.items.length, 0);
      skips.push({
        line: cat.line,
        key: 'members.import.err.categorySkipped',
        vars: { name: cat.name, count },
      });
      continue;
    }
    const category = data.categories.find((c) =>
      mappedCat ? c.slug === mappedCat : [c.nameZh, c.nameEn, c.slug].includes(cat.name),
    );
    let newCategory = newCategories.find((c) => c.name === cat.name);
    if (!category && !newCategory) {
      newCategory = { slug: freeSlug(slugFromName(cat.name), usedCatSlugs), name: cat.name };
      newCategories.push(newCategory);
    }
    const catSlug = category?.slug ?? (newCategory as { slug: string }).slug;
    for (const sub of cat.subcategories) {
      const mappedSub = mapping.subcategories.get(`${cat.name}/${sub.name}`);
      if (mappedSub === 'skip') {
        skips.push({
          line: sub.line,
          key: 'members.import.err.categorySkipped',
          vars: { name: `${cat.name}/${sub.name}`, count: sub.items.length },
        });
        continue;
      }
      const found =
        (mappedSub
          ? data.categories.flatMap((c) => c.subcategories).find((s) => s.slug === mappedSub)
          : undefined) ??
        category?.subcategories.find((s) => [s.nameZh, s.nameEn, s.slug].includes(sub.name));
      let subSlug =
        found?.slug ?? newSubcategories.find((s) => s.categorySlug === catSlug && s.name === sub.name)?.slug;
      if (!subSlug) {
        subSlug = freeSlug(slugFromName(sub.name), usedSubSlugs);
        newSubcategories.push({ slug: subSlug, categorySlug: catSlug, name: sub.name });
      }
      for (const item of sub.items) {
        const err = (key: LandscapeError['key'], vars?: LandscapeError['vars']) =>
          errors.push({ line: item.line, key, vars });
        const ex = item.extra;
        rank += 1;
        // The organisation: Gongjin's own field, else the mapping file or what the CNCF file says.
        let orgSlug = text(ex.gongjin_org).trim();
        let orgName = text(ex.gongjin_org_name) || orgSlug;
        if (!orgSlug) {
          const named = itemOrganization(item, mapping);
          const known = orgKeys.get(named.key);
          orgSlug = known ?? named.slug;
          orgName = named.name;
          orgKeys.set(named.key, orgSlug);
        }
        if (!orgBySlug.has(orgSlug) && !newOrgs.has(orgSlug)) {
          if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(orgSlug)) err('members.import.err.org', { org: orgSlug });
          const type = text(ex.gongjin_org_type) as OrgType;
          newOrgs.set(orgSlug, {
            slug: orgSlug,
            line: item.line,
            nameZh: orgName,
            nameEn: text(ex.gongjin_org_name_en) || (orgName === orgSlug ? '' : orgName),
            type: ORG_TYPES.includes(type) ? type : 'ecosystem',
            // A product that borrowed its organisation's website gives it back (Gongjin's export).
            website:
              ex.gongjin_homepage_inherited === true && !item.homepageUrl.endsWith('.invalid/')
                ? item.homepageUrl
                : '',
          });
        }
        const license = text(ex.license);
        if (license && !LICENSE.test(license)) err('members.import.err.license', { license });
        if (!HTTP.test(item.homepageUrl)) err('members.import.err.url', { field: 'homepage_url' });
        const docsUrl = text(ex.docs_url);
        if (docsUrl && !HTTP.test(docsUrl)) err('members.import.err.url', { field: 'extra.docs_url' });
        const repos = { githubUrl: '', giteeUrl: '', gitcodeUrl: '' };
        for (const url of item.repoUrls) {
          if (!HTTP.test(url)) err('members.import.err.url', { field: 'repo_url' });
          const field = REPO_HOSTS[hostOf(url)];
          if (field && !repos[field]) repos[field] = url;
        }
        const options = <T extends string>(field: string, allowed: readonly T[]): T[] => {
          const v = ex[field];
          const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
          const bad = list.find((x) => !allowed.includes(x as T));
          if (bad !== undefined)
            err('members.import.err.options', { field: `extra.${field}`, value: String(bad) });
          return list.filter((x): x is T => allowed.includes(x as T));
        };
        const compatibility = options<Compatibility>('compatibility', COMPATIBILITY);
        const deployment = options<Deployment>('deployment', DEPLOYMENTS);
        if ('gongjin_org_description' in ex || 'gongjin_org_description_en' in ex) {
          const next = {
            line: item.line,
            zh: text(ex.gongjin_org_description).trim(),
            en: text(ex.gongjin_org_description_en).trim(),
          };
          const before = orgDescriptions.get(orgSlug);
          if (!before) orgDescriptions.set(orgSlug, next);
          else if (before.zh !== next.zh || before.en !== next.en)
            err('members.import.err.orgDescriptionConflict', { org: orgSlug, line: before.line });
        }
        // Logos: the organisation's (Gongjin's export names it; else its first item's), and the item's own.
        const orgLogoFile = text(ex.gongjin_org_logo);
        if (orgLogoFile && !orgLogos.has(orgSlug)) {
          const logo = readLogo(item.line, orgLogoFile, orgSlug);
          if (logo) orgLogos.set(orgSlug, { file: orgLogoFile, line: item.line, logo });
        }
        const ownLogo = readLogo(item.line, item.logo, orgSlug);
        if (ownLogo && !orgLogoFile && !orgLogos.has(orgSlug))
          orgLogos.set(orgSlug, { file: item.logo, line: item.line, logo: ownLogo });
        // The item's own file name is kept unless it is the name Gongjin's export writes anyway.
        const keepLogo = ownLogo && item.logo !== `${orgSlug}.svg` && item.logo !== `${orgSlug}.png`;
        const logoFile = keepLogo ? item.logo : '';
        const logoSha256 = keepLogo ? ownLogo.sha256 : '';
        // The slug: Gongjin's own, else one made from the name that no other name holds.
        const slug = text(ex.gongjin_slug) || productSlug(item.name, fileSlugs, existingBySlug);
        if (fileSlugs.has(slug)) err('members.import.err.duplicate', { slug });
        fileSlugs.set(slug, item.name);
        const before = existingBySlug.get(slug);
        if (before && orgBySlug.get(orgSlug)?.id !== before.orgId)
          err('members.import.err.otherOrg', { slug });
        const keptExtra = Object.fromEntries(
          Object.entries(ex).filter(([k]) => !(GONGJIN_KEYS as readonly string[]).includes(k)),
        );
        // Repositories as written, when the three repository fields cannot say them again
        // (GitLab, several on one host, a `branch`): the export writes them back verbatim.
        const simple = [repos.githubUrl, repos.giteeUrl, repos.gitcodeUrl].filter(Boolean);
        const rest = { ...item.rest };
        const written = {
          repo_url: item.repoUrl || undefined,
          additional_repos: item.additionalRepos.length ? item.additionalRepos : undefined,
        };
        const exported = {
          repo_url: simple[0],
          additional_repos: simple.length > 1 ? simple.slice(1).map((repo_url) => ({ repo_url })) : undefined,
        };
        if (JSON.stringify(written) !== JSON.stringify(exported)) {
          if (written.repo_url) rest.repo_url = written.repo_url;
          if (written.additional_repos) rest.additional_repos = written.additional_repos;
        }
        planned.push({
          line: item.line,
          rank,
          slug,
          orgSlug,
          existing: !!before,
          logoFile,
          logoSha256,
          extra: {
            ...(Object.keys(rest).length ? { item: rest } : {}),
            ...(Object.keys(keptExtra).length ? { extra: keptExtra } : {}),
          },
          input: {
            name: item.name,
            subcategorySlug: subSlug,
            descriptionZh: item.description,
            descriptionEn: text(ex.description_en),
            license,
            compatibility,
            deployment,
            homepageUrl: ex.gongjin_homepage_inherited === true ? '' : item.homepageUrl,
            ...repos,
            docsUrl,
          },
        });
      }
    }
  }
  const byLine = (a: LandscapeError, b: LandscapeError) => a.line - b.line;
  // Only what receives an item is created: an empty category in a file adds nothing to the wall.
  const usedSubs = new Set(planned.map((p) => p.input.subcategorySlug));
  const subsToCreate = newSubcategories.filter((s) => usedSubs.has(s.slug));
  const catsToCreate = newCategories.filter((c) => subsToCreate.some((s) => s.categorySlug === c.slug));
  return {
    errors: errors.sort(byLine),
    skips: skips.sort(byLine),
    data,
    newCategories: catsToCreate,
    newSubcategories: subsToCreate,
    newOrgs: [...newOrgs.values()],
    planned,
    orgLogos,
    orgDescriptions,
    productLogos: [...new Map(keptLogoFiles(prepared, planned, orgLogos).map((l) => [l.sha256, l])).values()],
  };
}

/**
 * The item logo files the planned products keep, less those that are an organisation's logo in
 * this import: organization_logos holds those bytes already, and the export reads both.
 */
function keptLogoFiles(
  prepared: Map<string, PreparedLogo | 'monogram' | 'refused'>,
  planned: PlannedProduct[],
  orgLogos: Map<string, { logo: PreparedLogo }>,
) {
  const kept = new Set(planned.map((p) => p.logoSha256).filter(Boolean));
  for (const { logo } of orgLogos.values()) kept.delete(logo.sha256);
  return [...prepared.values()].filter((l): l is PreparedLogo => typeof l === 'object' && kept.has(l.sha256));
}

/** A slug made from the name; when another name holds it, the name's hash tells them apart ("C", "C#", "C++"). */
function productSlug(
  name: string,
  inFile: Map<string, string>,
  existing: Map<string, { name: string }>,
): string {
  const base = slugFromName(name);
  const free = (slug: string) => !inFile.has(slug) && (existing.get(slug)?.name ?? name) === name;
  if (free(base)) return base;
  const hashed = `${base}-${hash6(name)}`;
  let slug = hashed;
  // The same name twice in one file (CNCF lists a few products under two subcategories).
  for (let n = 2; !free(slug); n += 1) slug = `${hashed}-${n}`;
  return slug;
}

/**
 * Imports a data.yml: all or nothing. Throws LandscapeImportError with every error and skip (and
 * its line) before anything is written; with skips only, writes when `acceptSkips` is set.
 * Writes: new categories, subcategories and organisations (identity, audit `organization.created`),
 * products (insert or update by slug, in file order), organisation logos and descriptions, the
 * items' own logo files, audit `landscape.imported` with what it created and overwrote.
 */
export async function importLandscape(
  db: Db,
  source: string,
  info: { ip: string | null; actorId: string | null },
  logoFolder?: LogoFolder,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const plan = await planLandscapeImport(db, source, logoFolder, options);
  if (plan.errors.length || (plan.skips.length && !options.acceptSkips))
    throw new LandscapeImportError(plan.errors, plan.skips);
  const { data } = plan;
  return transaction(db, async (tx) => {
    // First, in sorted order: the logos and descriptions below bump these tags again, and taking both
    // rows now means two imports queue behind each other instead of locking them crosswise.
    await invalidateTags(tx, ...WALL_CACHE_TAGS);
    const maxRank = await tx
      .select({ c: sql<number>`coalesce(max(${categoriesTable.rank}), 0)::int` })
      .from(categoriesTable);
    if (plan.newCategories.length)
      await tx.insert(categoriesTable).values(
        plan.newCategories.map((c, i) => ({
          slug: c.slug,
          nameZh: c.name,
          nameEn: c.name,
          rank: maxRank[0].c + i + 1,
        })),
      );
    if (plan.newSubcategories.length) {
      const ranks = await tx
        .select({
          cat: subcategoriesTable.categorySlug,
          r: sql<number>`max(${subcategoriesTable.rank})::int`,
        })
        .from(subcategoriesTable)
        .groupBy(subcategoriesTable.categorySlug);
      const next = new Map(ranks.map((r) => [r.cat, r.r]));
      await tx.insert(subcategoriesTable).values(
        plan.newSubcategories.map((s) => {
          const r = (next.get(s.categorySlug) ?? 0) + 1;
          next.set(s.categorySlug, r);
          return { slug: s.slug, categorySlug: s.categorySlug, nameZh: s.name, nameEn: s.name, rank: r };
        }),
      );
    }
    const orgIds = new Map(data.orgs.map((o) => [o.slug, o.id]));
    const created = await createImportedOrganizations(
      tx,
      plan.newOrgs.map((o) => ({ ...o, description: '', descriptionEn: '' })),
      { ...info, via: 'landscape.imported' },
    );
    for (const [slug, id] of created) orgIds.set(slug, id);
    const orgById = new Map(data.orgs.map((o) => [o.id, o]));
    const logos = [...plan.orgLogos].flatMap(([slug, planned]) => {
      const orgId = orgIds.get(slug) as string;
      // Already its logo: not written again.
      return orgById.get(orgId)?.logoUrl.includes(planned.logo.sha256) ? [] : [{ orgId, logo: planned.logo }];
    });
    await writeOrganizationLogos(tx, logos, info);
    const logoCount = logos.length;
    let orgCount = 0;
    for (const [slug, d] of plan.orgDescriptions) {
      if (
        await setOrganizationDescriptions(tx, orgIds.get(slug) as string, d, {
          ...info,
          via: 'landscape.imported',
        })
      )
        orgCount += 1;
    }
    for (let i = 0; i < plan.productLogos.length; i += 200)
      await tx
        .insert(productLogoFiles)
        .values(
          plan.productLogos
            .slice(i, i + 200)
            .map((l) => ({ sha256: l.sha256, mime: l.mime, bytes: l.bytes })),
        )
        .onConflictDoNothing();
    const rows = plan.planned.map((p) => ({
      ...p.input,
      extra: p.extra,
      rank: p.rank,
      logoFile: p.logoFile,
      logoSha256: p.logoSha256,
      searchText: productSearchText(p.input),
    }));
    const fresh = plan.planned.flatMap((p, i) =>
      p.existing ? [] : [{ ...rows[i], slug: p.slug, orgId: orgIds.get(p.orgSlug) as string }],
    );
    for (let i = 0; i < fresh.length; i += 250) await tx.insert(products).values(fresh.slice(i, i + 250));
    const updatedNames: string[] = [];
    for (const [i, p] of plan.planned.entries()) {
      if (!p.existing) continue;
      await tx
        .update(products)
        .set({ ...rows[i], updatedAt: new Date() })
        .where(eq(products.slug, p.slug));
      updatedNames.push(p.input.name);
    }
    const result: ImportResult = {
      created: fresh.length,
      updated: updatedNames.length,
      logos: logoCount,
      organizations: orgCount,
      updatedNames,
      createdOrganizations: created.size,
      createdCategories: plan.newCategories.length,
      createdSubcategories: plan.newSubcategories.length,
      skipped: plan.skips,
    };
    await audit(tx, {
      actorId: info.actorId,
      action: 'landscape.imported',
      data: {
        ...result,
        skipped: plan.skips.length,
        slugs: plan.planned.map((p) => p.slug),
        updatedSlugs: plan.planned.filter((p) => p.existing).map((p) => p.slug),
      },
      ip: info.ip,
    });
    return result;
  });
}
