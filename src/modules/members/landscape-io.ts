/**
 * The landscape as a landscape2 `data.yml` and its logos folder: `exportLandscape` writes every
 * category, subcategory and product, in the order an import gave them (ADR 0039), with what an
 * empty installation needs to rebuild the same wall (organisation slug, names, type, descriptions
 * and logo file). The import is landscape-import.ts.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Locale } from '../../i18n/index.ts';
import { type ExportItem, type ExportTree, serializeLandscape } from './landscape.ts';
import { logoFileName } from './landscape-import.ts';
import { listLogoFiles, loadWallData, type WallData, type WallOrg, type WallProduct } from './queries.ts';
import { productLogoFiles } from './schema.ts';
import { monogramSvg } from './svg.ts';

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
          items: inFileOrder(data.products.filter((p) => p.subcategorySlug === s.slug)).map((p) =>
            toItem(p, orgBySlug.get(p.org.slug), logoNames.get(p.org.slug) ?? ''),
          ),
        }))
        .filter((s) => s.items.length),
    }))
    .filter((c) => c.subcategories.length);
  return serializeLandscape(tree);
}

/** Imported products in the order of their file (rank), then the others by slug (the wall's order). */
const inFileOrder = (xs: WallProduct[]) =>
  [...xs].sort((a, b) => (a.rank || Number.MAX_SAFE_INTEGER) - (b.rank || Number.MAX_SAFE_INTEGER));

/** landscape2 requires homepage_url: a product without one borrows its organisation's website, marked so that it comes back empty. */
function toItem(p: WallProduct, org: WallOrg | undefined, orgLogo: string): ExportItem {
  const orgWebsite = org?.website ?? '';
  const stored = (p.extra ?? {}) as { item?: Record<string, unknown>; extra?: Record<string, unknown> };
  const repos = [p.githubUrl, p.giteeUrl, p.gitcodeUrl].filter(Boolean);
  const item: ExportItem = {
    name: p.name,
    homepage_url: p.homepageUrl || orgWebsite || `https://${p.org.slug}.invalid/`,
    logo: p.logoFile || orgLogo,
  };
  if (p.descriptionZh) item.description = p.descriptionZh;
  if (repos[0]) item.repo_url = repos[0];
  if (repos.length > 1) item.additional_repos = repos.slice(1).map((repo_url) => ({ repo_url }));
  const kept = { ...(stored.item ?? {}) };
  // Repositories kept as written (ADR 0039) stand only while they still hold every repository
  // field: once an organisation edits one, the fields are what is true.
  const written = [
    kept.repo_url,
    ...((kept.additional_repos as Array<{ repo_url?: unknown }>) ?? []).map((r) => r?.repo_url),
  ];
  if (('repo_url' in kept || 'additional_repos' in kept) && !repos.every((r) => written.includes(r))) {
    delete kept.repo_url;
    delete kept.additional_repos;
  } else if ('repo_url' in kept || 'additional_repos' in kept) {
    delete item.repo_url;
    delete item.additional_repos;
  }
  Object.assign(item, kept);
  const extra: Record<string, unknown> = {
    ...(stored.extra ?? {}),
    gongjin_org: p.org.slug,
    gongjin_org_name: p.org.nameZh,
  };
  if (p.org.nameEn) extra.gongjin_org_name_en = p.org.nameEn;
  if (org?.type) extra.gongjin_org_type = org.type;
  if (p.logoFile) extra.gongjin_org_logo = orgLogo;
  extra.gongjin_slug = p.slug;
  if (p.license) extra.license = p.license;
  if (p.descriptionEn) extra.description_en = p.descriptionEn;
  if (p.compatibility.length) extra.compatibility = p.compatibility;
  if (p.deployment.length) extra.deployment = p.deployment;
  if (p.docsUrl) extra.docs_url = p.docsUrl;
  if (!p.homepageUrl) extra.gongjin_homepage_inherited = true;
  if (org?.description) extra.gongjin_org_description = org.description;
  if (org?.descriptionEn) extra.gongjin_org_description_en = org.descriptionEn;
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
  const files = data.orgs.map((o) => {
    const logo = stored.get(o.id);
    return logo
      ? { file: landscapeLogoName(o), bytes: new Uint8Array(logo.bytes), sha256: logo.sha256 }
      : { file: `${o.slug}.svg`, bytes: new TextEncoder().encode(monogramSvg(o.slug, o.nameZh)) };
  });
  // Items' own logos under the names their file gave them; an organisation's file keeps its name.
  // `./x.svg` in data.yml is the file `x.svg` (logoFileName), as it is on disk.
  const own = new Map(
    data.products
      .filter((p) => p.logoFile)
      .map((p) => [logoFileName(p.logoFile) ?? p.logoFile, p.logoSha256]),
  );
  const taken = new Set(files.map((f) => f.file));
  const hashes = [...new Set(own.values())];
  const rows = hashes.length
    ? await db.select().from(productLogoFiles).where(inArray(productLogoFiles.sha256, hashes))
    : [];
  // An item's file that is also an organisation's logo is stored once, with the organisation.
  const bytesBy = new Map<string, { bytes: Uint8Array }>(
    files.flatMap((f) => (f.sha256 ? [[f.sha256, f] as const] : [])),
  );
  for (const r of rows) bytesBy.set(r.sha256, r);
  for (const [file, sha256] of [...own].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const row = bytesBy.get(sha256);
    if (row && !taken.has(file)) files.push({ file, bytes: new Uint8Array(row.bytes), sha256 });
  }
  return files;
}
