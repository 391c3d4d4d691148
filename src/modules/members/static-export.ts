/**
 * `gongjin export wall --out DIR`: a self-contained static copy of the wall that works from any
 * static host — the wall and every member and product page in Chinese and English, logos, the
 * stylesheet, JSON, CSV and data.yml. Pages are rendered by the running app itself (as an anonymous
 * visitor), then links are rewritten to relative files; links to anything dynamic (sign-in, filters,
 * organisation pages) point at the live site.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locale } from '../../i18n/index.ts';
import type { WallData } from './queries.ts';

export type Fetch = (path: string, init?: { headers?: Record<string, string> }) => Promise<Response>;

const LOCALES: Array<{ locale: Locale; dir: string }> = [
  { locale: 'zh-CN', dir: '' },
  { locale: 'en', dir: 'en/' },
];

/** The file (relative to the export root) that stands for a site path, or undefined when it stays on the live site. */
export function staticTarget(sitePath: string, langDir: string): string | undefined {
  const [p, query] = sitePath.split('?');
  if (p === '/wall' && !query) return `${langDir}index.html`;
  let m = /^\/wall\/(members|products)\/([a-z0-9-]+)$/.exec(p);
  if (m && !query) return `${langDir}${m[1]}/${m[2]}.html`;
  m = /^\/logos\/([0-9a-f]{64}\.(?:svg|png))$/.exec(p);
  if (m) return `logos/${m[1]}`;
  m = /^\/monograms\/([a-z0-9-]+)\.svg$/.exec(p);
  if (m) return `logos/monogram-${m[1]}.svg`;
  m = /^\/static\/([\w.-]+)$/.exec(p);
  if (m) return `static/${m[1]}`;
  if (!query && ['/wall/data.yml', '/wall/members.csv', '/wall/products.csv'].includes(p)) return p.slice(6);
  return undefined;
}

/** Rewrites href/src/action attributes of a page written to `file` (relative to the root). */
export function rewriteLinks(html: string, file: string, langDir: string, publicUrl: string): string {
  const up = '../'.repeat(file.split('/').length - 1);
  // Without a server there is nothing for htmx to fetch: forms submit to the live site instead.
  return html
    .replace(/ hx-get="[^"]*"/g, '')
    .replace(/\b(href|src|action)="(\/[^"]*)"/g, (_, attr: string, url: string) => {
      const target = staticTarget(url.replace(/&amp;/g, '&'), langDir);
      return `${attr}="${target ? up + target : publicUrl.replace(/\/$/, '') + url}"`;
    });
}

export async function exportStaticWall(
  fetchPage: Fetch,
  data: WallData,
  outDir: string,
  publicUrl: string,
): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const made = new Set<string>();
  const write = async (rel: string, body: string | Uint8Array) => {
    const full = path.join(outDir, rel);
    const dir = path.dirname(full);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await writeFile(full, body);
    files += 1;
    bytes += typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  };
  const get = async (sitePath: string, locale: Locale = 'zh-CN') => {
    const res = await fetchPage(sitePath, { headers: { cookie: `gj_lang=${locale}` } });
    if (res.status !== 200) throw new Error(`${sitePath}: HTTP ${res.status}`);
    return res;
  };
  const assets = new Set<string>();
  const collect = (html: string) => {
    for (const m of html.matchAll(/\b(?:href|src)="(\/(?:static|logos|monograms)\/[^"]+)"/g))
      assets.add(m[1]);
  };
  for (const { locale, dir } of LOCALES) {
    const pages = [
      '/wall',
      ...data.orgs.map((o) => `/wall/members/${o.slug}`),
      ...data.products.map((p) => `/wall/products/${p.slug}`),
    ];
    // A few pages in flight at once: one page's database read overlaps another's rendering and writing.
    let next = 0;
    const worker = async () => {
      while (next < pages.length) {
        const sitePath = pages[next++];
        const html = await (await get(sitePath, locale)).text();
        collect(html);
        const file = staticTarget(sitePath, dir)!;
        await write(file, rewriteLinks(html, file, dir, publicUrl));
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  }
  for (const asset of assets) {
    const target = staticTarget(asset.replace(/&amp;/g, '&'), '');
    if (!target) continue;
    await write(target, new Uint8Array(await (await get(asset.replace(/&amp;/g, '&'))).arrayBuffer()));
  }
  // landscape2 reads logos by file name from a folder: data.yml names each item's logo `<org slug>.svg`.
  for (const org of data.orgs) {
    if (!org.logoUrl.includes('.svg')) continue; // landscape2 takes SVG only; a PNG logo has no entry here
    await write(`hosted_logos/${org.slug}.svg`, new Uint8Array(await (await get(org.logoUrl)).arrayBuffer()));
  }
  for (const [sitePath, file] of [
    ['/api/v1/members', 'members.json'],
    ['/api/v1/products', 'products.json'],
    ['/wall/data.yml', 'data.yml'],
    ['/wall/members.csv', 'members.csv'],
    ['/wall/products.csv', 'products.csv'],
  ] as const) {
    await write(file, new Uint8Array(await (await get(sitePath)).arrayBuffer()));
  }
  return { files, bytes };
}
