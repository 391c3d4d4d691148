/**
 * The landscape as a landscape2 `data.yml`: `exportLandscape` writes every category,
 * subcategory and product; `importLandscape` checks a whole file first and writes it in one
 * transaction only when it has no error at all (products matched by `extra.gongjin_slug`, or by a
 * slug made from the name).
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import type { Locale } from '../../i18n/index.ts';
import { audit } from '../../platform/audit.ts';
import { invalidateTags } from '../../platform/cache.ts';
import { AppError } from '../../platform/errors.ts';
import { setOrganizationDescriptions } from '../identity/organizations.ts';
import { organizationIdsBySlug } from '../identity/queries.ts';
import { LICENSE, type ProductInput } from './forms.ts';
import {
  type ExportItem,
  type ExportTree,
  type LandscapeError,
  parseLandscape,
  serializeLandscape,
} from './landscape.ts';
import {
  type Category,
  listLogoFiles,
  loadWallData,
  WALL_CACHE_TAGS,
  type WallData,
  type WallProduct,
} from './queries.ts';
import { COMPATIBILITY, type Compatibility, DEPLOYMENTS, type Deployment, products } from './schema.ts';
import {
  MAX_LOGO_BYTES,
  MAX_LOGO_INPUT_BYTES,
  prepareLogo,
  productSearchText,
  slugFromName,
  writeOrganizationLogo,
} from './service.ts';
import { monogramSvg } from './svg.ts';

/**
 * data.yml items are products; their organisation's description travels on each of its items (the
 * same text on every one), Chinese and English like a product's `description` and
 * `extra.description_en`. Absent on every item: the organisation's description is left alone.
 */
const ORG_DESCRIPTION_ZH = 'gongjin_org_description';
const ORG_DESCRIPTION_EN = 'gongjin_org_description_en';

const GONGJIN_KEYS = [
  'gongjin_org',
  'gongjin_slug',
  'license',
  'description_en',
  'compatibility',
  'deployment',
  'docs_url',
  'gongjin_homepage_inherited',
  ORG_DESCRIPTION_ZH,
  ORG_DESCRIPTION_EN,
] as const;

/** Names in the file: a category or subcategory is written in `locale` and found by either name. */
export async function exportLandscape(db: Db, locale: Locale = 'en', wall?: WallData): Promise<string> {
  const data = wall ?? (await loadWallData(db));
  const orgBySlug = new Map(data.orgs.map((o) => [o.slug, o]));
  const logoNames = new Map(data.orgs.map((o) => [o.slug, landscapeLogoName(o)]));
  const name = (x: { nameZh: string; nameEn: string }) => (locale === 'en' ? x.nameEn : x.nameZh);
  const tree: ExportTree = data.categories
    .map((c) => ({
      name: name(c),
      subcategories: c.subcategories
        .map((s) => ({
          name: name(s),
          items: data.products
            .filter((p) => p.subcategorySlug === s.slug)
            .map((p) => toItem(p, orgBySlug.get(p.org.slug), logoNames.get(p.org.slug) ?? '')),
        }))
        .filter((s) => s.items.length),
    }))
    .filter((c) => c.subcategories.length);
  return serializeLandscape(tree);
}

/** landscape2 requires homepage_url: a product without one borrows its organisation's website, marked so that it comes back empty. */
function toItem(
  p: WallProduct,
  org: { website: string; description: string; descriptionEn: string } | undefined,
  logo: string,
): ExportItem {
  const orgWebsite = org?.website ?? '';
  const stored = (p.extra ?? {}) as { item?: Record<string, unknown>; extra?: Record<string, unknown> };
  const repos = [p.githubUrl, p.giteeUrl, p.gitcodeUrl].filter(Boolean);
  const item: ExportItem = {
    name: p.name,
    homepage_url: p.homepageUrl || orgWebsite || `https://${p.org.slug}.invalid/`,
    logo,
  };
  if (p.descriptionZh) item.description = p.descriptionZh;
  if (repos[0]) item.repo_url = repos[0];
  if (repos.length > 1) item.additional_repos = repos.slice(1).map((repo_url) => ({ repo_url }));
  Object.assign(item, stored.item ?? {});
  const extra: Record<string, unknown> = {
    ...(stored.extra ?? {}),
    gongjin_org: p.org.slug,
    gongjin_slug: p.slug,
    license: p.license,
  };
  if (p.descriptionEn) extra.description_en = p.descriptionEn;
  if (p.compatibility.length) extra.compatibility = p.compatibility;
  if (p.deployment.length) extra.deployment = p.deployment;
  if (p.docsUrl) extra.docs_url = p.docsUrl;
  if (!p.homepageUrl) extra.gongjin_homepage_inherited = true;
  if (org?.description) extra[ORG_DESCRIPTION_ZH] = org.description;
  if (org?.descriptionEn) extra[ORG_DESCRIPTION_EN] = org.descriptionEn;
  item.extra = extra;
  return item;
}

/** An organisation's logo in a landscape2 logos folder: `<slug>.svg`, or `.png` for a PNG logo. */
export const landscapeLogoName = (org: { slug: string; logoUrl: string }) =>
  `${org.slug}.${/\.png(\?|$)/.test(org.logoUrl) ? 'png' : 'svg'}`;

/**
 * The logos folder of an export: every organisation's logo as landscape2 names it — the stored file
 * (with its content hash, which the pages link to) or the generated monogram.
 */
export async function landscapeLogoFiles(
  db: Db,
  data: WallData,
): Promise<Array<{ file: string; bytes: Uint8Array; sha256?: string }>> {
  const stored = new Map((await listLogoFiles(db)).map((l) => [l.orgId, l]));
  return data.orgs.map((o) => {
    const logo = stored.get(o.id);
    return logo
      ? { file: landscapeLogoName(o), bytes: new Uint8Array(logo.bytes), sha256: logo.sha256 }
      : { file: `${o.slug}.svg`, bytes: new TextEncoder().encode(monogramSvg(o.slug, o.nameZh)) };
  });
}

export class LandscapeImportError extends Error {
  constructor(readonly errors: LandscapeError[]) {
    super(`landscape import failed with ${errors.length} error(s)`);
  }
}

const HTTP = /^https?:\/\/\S+$/i;
const REPO_HOSTS: Record<string, 'githubUrl' | 'giteeUrl' | 'gitcodeUrl'> = {
  'github.com': 'githubUrl',
  'gitee.com': 'giteeUrl',
  'gitcode.com': 'gitcodeUrl',
};

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

function findSubcategory(
  categories: Category[],
  catName: string,
  subName: string,
): { error: 'members.import.err.category' | 'members.import.err.subcategory' } | { slug: string } {
  const cat = categories.find((c) => c.nameZh === catName || c.nameEn === catName || c.slug === catName);
  if (!cat) return { error: 'members.import.err.category' };
  const sub = cat.subcategories.find(
    (s) => s.nameZh === subName || s.nameEn === subName || s.slug === subName,
  );
  if (!sub) return { error: 'members.import.err.subcategory' };
  return { slug: sub.slug };
}

type Planned = {
  line: number;
  slug: string;
  orgId: string;
  input: ProductInput;
  extra: Record<string, unknown>;
};

/** A landscape2 logos folder: a file's bytes by its name (`logo: foo.svg` is `logos/foo.svg`). */
export type LogoFolder = (file: string) => Uint8Array | undefined;

type PlannedLogo = { line: number; file: string; logo: ReturnType<typeof prepareLogo>; sha256: string };

/**
 * Imports a data.yml: all or nothing. Throws LandscapeImportError with every error (and its line)
 * before anything is written. Writes products (insert or update by slug), audit `landscape.imported`.
 * With a logos folder, every item's `logo` must name a file in it that passes the logo checks
 * (size, PNG or sanitised SVG); the file becomes its organisation's logo, unless it is the
 * organisation's own monogram (as Gongjin exports organisations without a logo) or already its logo.
 * Organisation descriptions on items (`extra.gongjin_org_description[_en]`) must agree across an
 * organisation's items; they are written through identity (audit `organization.updated`).
 */
export async function importLandscape(
  db: Db,
  text: string,
  info: { ip: string | null; actorId: string | null },
  logoFolder?: LogoFolder,
): Promise<{ created: number; updated: number; logos: number; organizations: number }> {
  const parsed = parseLandscape(text);
  const errors = [...parsed.errors];
  if (errors.length) throw new LandscapeImportError(errors);
  const [data, orgIds] = await Promise.all([loadWallData(db), organizationIdsBySlug(db)]);
  const planned: Planned[] = [];
  const seen = new Set<string>();
  const logos = new Map<string, PlannedLogo>();
  const orgDescriptions = new Map<string, { line: number; zh: string; en: string }>();
  const orgById = new Map(data.orgs.map((o) => [o.id, o]));
  const planLogo = (
    line: number,
    file: string,
    orgId: string,
    err: (key: LandscapeError['key'], vars?: LandscapeError['vars']) => void,
  ) => {
    if (!logoFolder) return;
    const bytes =
      /^[\w.-]+\.(?:svg|png)$/i.test(file) && !file.startsWith('.') ? logoFolder(file) : undefined;
    if (!bytes) return err('members.import.err.logoMissing', { file });
    if (bytes.byteLength > MAX_LOGO_INPUT_BYTES)
      return err('members.import.err.logoTooLarge', { file, kb: MAX_LOGO_BYTES / 1024 });
    const org = orgById.get(orgId);
    // Gongjin writes a monogram for an organisation without a logo: reading it back changes nothing.
    if (org && new TextDecoder().decode(bytes) === monogramSvg(org.slug, org.nameZh)) return;
    let logo: ReturnType<typeof prepareLogo>;
    try {
      logo = prepareLogo(bytes, file);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // An unsafe SVG says why and where (members.svg.*, naming the file); size and type as before.
      if (e.messageKey.startsWith('members.svg.')) return err(e.messageKey, e.vars);
      if (e.code === 'PAYLOAD_TOO_LARGE')
        return err('members.import.err.logoTooLarge', { file, kb: MAX_LOGO_BYTES / 1024 });
      return err('members.import.err.logoType', { file });
    }
    const sha256 = createHash('sha256').update(logo.bytes).digest('hex');
    const before = logos.get(orgId);
    if (before && before.sha256 !== sha256)
      return err('members.import.err.logoConflict', { file, other: before.file, line: before.line });
    if (!before) logos.set(orgId, { line, file, logo, sha256 });
  };
  for (const cat of parsed.categories) {
    if (!data.categories.some((c) => [c.nameZh, c.nameEn, c.slug].includes(cat.name))) {
      errors.push({ line: cat.line, key: 'members.import.err.category', vars: { name: cat.name } });
      continue;
    }
    for (const sub of cat.subcategories) {
      const found = findSubcategory(data.categories, cat.name, sub.name);
      if ('error' in found) {
        errors.push(
          found.error === 'members.import.err.category'
            ? { line: cat.line, key: found.error, vars: { name: cat.name } }
            : { line: sub.line, key: found.error, vars: { category: cat.name, name: sub.name } },
        );
        continue;
      }
      for (const item of sub.items) {
        const err = (key: LandscapeError['key'], vars?: LandscapeError['vars']) =>
          errors.push({ line: item.line, key, vars });
        const ex = item.extra;
        const orgSlug = typeof ex.gongjin_org === 'string' ? ex.gongjin_org : '';
        const orgId = orgIds.get(orgSlug);
        if (!orgId) err('members.import.err.org', { org: orgSlug });
        const license = typeof ex.license === 'string' ? ex.license : '';
        if (!LICENSE.test(license)) err('members.import.err.license', { license });
        if (!HTTP.test(item.homepageUrl)) err('members.import.err.url', { field: 'homepage_url' });
        const docsUrl = typeof ex.docs_url === 'string' ? ex.docs_url : '';
        if (docsUrl && !HTTP.test(docsUrl)) err('members.import.err.url', { field: 'extra.docs_url' });
        const repos = { githubUrl: '', giteeUrl: '', gitcodeUrl: '' };
        for (const url of item.repoUrls) {
          const field = REPO_HOSTS[hostOf(url)];
          if (!field || !HTTP.test(url)) err('members.import.err.repoHost', { url });
          else if (!repos[field]) repos[field] = url;
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
        if (logoFolder && orgId) planLogo(item.line, item.logo, orgId, err);
        if (orgId && (ORG_DESCRIPTION_ZH in ex || ORG_DESCRIPTION_EN in ex)) {
          const text = (k: string) => (typeof ex[k] === 'string' ? (ex[k] as string).trim() : '');
          const next = { line: item.line, zh: text(ORG_DESCRIPTION_ZH), en: text(ORG_DESCRIPTION_EN) };
          const before = orgDescriptions.get(orgId);
          if (!before) orgDescriptions.set(orgId, next);
          else if (before.zh !== next.zh || before.en !== next.en)
            err('members.import.err.orgDescriptionConflict', { org: orgSlug, line: before.line });
        }
        const slug =
          typeof ex.gongjin_slug === 'string' && ex.gongjin_slug ? ex.gongjin_slug : slugFromName(item.name);
        if (seen.has(slug)) err('members.import.err.duplicate', { slug });
        seen.add(slug);
        const keptExtra = Object.fromEntries(
          Object.entries(ex).filter(([k]) => !(GONGJIN_KEYS as readonly string[]).includes(k)),
        );
        planned.push({
          line: item.line,
          slug,
          orgId: orgId ?? '',
          extra: {
            ...(Object.keys(item.rest).length ? { item: item.rest } : {}),
            ...(Object.keys(keptExtra).length ? { extra: keptExtra } : {}),
          },
          input: {
            name: item.name,
            subcategorySlug: found.slug,
            descriptionZh: item.description,
            descriptionEn: typeof ex.description_en === 'string' ? ex.description_en : '',
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
  const existing = new Map(data.products.map((p) => [p.slug, p]));
  for (const p of planned) {
    const before = existing.get(p.slug);
    if (before && p.orgId && before.orgId !== p.orgId)
      errors.push({ line: p.line, key: 'members.import.err.otherOrg', vars: { slug: p.slug } });
  }
  if (errors.length) throw new LandscapeImportError(errors.sort((a, b) => a.line - b.line));
  return transaction(db, async (tx) => {
    // First, in sorted order: the logos and descriptions below bump these tags again, and taking both
    // rows now means two imports queue behind each other instead of locking them crosswise.
    await invalidateTags(tx, ...WALL_CACHE_TAGS);
    let created = 0;
    let updated = 0;
    let logoCount = 0;
    for (const [orgId, planned] of logos) {
      if (orgById.get(orgId)?.logoUrl.includes(planned.sha256)) continue; // already its logo
      await writeOrganizationLogo(tx, orgId, planned.logo, info);
      logoCount += 1;
    }
    let orgCount = 0;
    for (const [orgId, d] of orgDescriptions) {
      if (await setOrganizationDescriptions(tx, orgId, d, { ...info, via: 'landscape.imported' }))
        orgCount += 1;
    }
    for (const p of planned) {
      const values = { ...p.input, extra: p.extra, searchText: productSearchText(p.input) };
      if (existing.has(p.slug)) {
        await tx
          .update(products)
          .set({ ...values, updatedAt: new Date() })
          .where(eq(products.slug, p.slug));
        updated += 1;
      } else {
        await tx.insert(products).values({ ...values, slug: p.slug, orgId: p.orgId });
        created += 1;
      }
    }
    await audit(tx, {
      actorId: info.actorId,
      action: 'landscape.imported',
      data: {
        created,
        updated,
        logos: logoCount,
        organizations: orgCount,
        slugs: planned.map((p) => p.slug),
      },
      ip: info.ip,
    });
    return { created, updated, logos: logoCount, organizations: orgCount };
  });
}
