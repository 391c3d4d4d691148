/** CSV exports of the (filtered) wall, through the platform's one writer (BOM, formula guard). */
import { toCsv } from '../../platform/csv.ts';
import type { WallOrg, WallProduct } from './queries.ts';

export function membersCsv(orgs: WallOrg[], productCount: Map<string, number>): string {
  return toCsv(memberRows(orgs, productCount));
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
  return toCsv(productRows(products));
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
