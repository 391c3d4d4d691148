/** CSV exports of the (filtered) wall. Cells that a spreadsheet would run as a formula are quoted with a leading apostrophe. */
import type { WallOrg, WallProduct } from './queries.ts';

function cell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function table(header: string[], rows: string[][]): string {
  // The BOM makes Excel read the file as UTF-8 (Chinese names stay readable).
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function membersCsv(orgs: WallOrg[], productCount: Map<string, number>): string {
  const [header, ...rows] = memberRows(orgs, productCount);
  return table(header, rows);
}

export function memberRows(orgs: WallOrg[], productCount: Map<string, number>): string[][] {
  return [
    [
      'slug',
      'name_zh',
      'name_en',
      'type',
      'tier',
      'joined',
      'city',
      'website',
      'products',
      'description_zh',
      'description_en',
    ],
    ...orgs.map((o) => [
      o.slug,
      o.nameZh,
      o.nameEn,
      o.type,
      o.alliance?.tier.slug ?? '',
      o.alliance?.joinedOn ?? '',
      o.city,
      o.website,
      String(productCount.get(o.slug) ?? 0),
      o.description,
      o.descriptionEn,
    ]),
  ];
}

export function productsCsv(products: WallProduct[]): string {
  const [header, ...rows] = productRows(products);
  return table(header, rows);
}

export function productRows(products: WallProduct[]): string[][] {
  return [
    [
      'slug',
      'name',
      'organization',
      'subcategory',
      'license',
      'compatibility',
      'deployment',
      'homepage_url',
      'github_url',
      'gitee_url',
      'gitcode_url',
      'docs_url',
      'description_zh',
      'description_en',
    ],
    ...products.map((p) => [
      p.slug,
      p.name,
      p.org.slug,
      p.subcategorySlug,
      p.license,
      p.compatibility.join(' '),
      p.deployment.join(' '),
      p.homepageUrl,
      p.githubUrl,
      p.giteeUrl,
      p.gitcodeUrl,
      p.docsUrl,
      p.descriptionZh,
      p.descriptionEn,
    ]),
  ];
}
