/**
 * Pages of the static export, rendered from the wall data with the site's layout and the same
 * components as the routes, but without a request: no middleware, no database read per page. The
 * views read the translator, locale and actor through the request context, so each page gets a
 * small stand-in for it: an anonymous visitor on a page kept for every anonymous visitor.
 */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import { RequestContext } from 'hono/jsx-renderer';
import type { Db } from '../../../db/client.ts';
import type { Locale } from '../../../i18n/index.ts';
import type { PageCache } from '../../../platform/cache.ts';
import type { AppEnv } from '../../../platform/context.ts';
import { translator } from '../../../platform/i18n.ts';
import { Document, plainSummary } from '../../../ui/layout.tsx';
import { localName } from '../../identity/views/organization.tsx';
import type { SpeakerProfile } from '../profiles.ts';
import {
  cachedSpeakers,
  cachedWallData,
  partnersOf,
  WALL_CACHE_TAGS,
  type WallData,
  wallView,
} from '../queries.ts';
import { exportStaticWall, type Fetch, type RenderPage, type StaticPage } from '../static-export.ts';
import { WallPeople } from './people.tsx';
import { MemberDetailPage, ProductDetailPage, WallPage } from './wall.tsx';

function standInContext(locale: Locale, path: string, publicUrl: string): Context<AppEnv> {
  const vars: Record<string, unknown> = {
    // The share tags' absolute URLs, as the live pages have them.
    deps: { config: { PUBLIC_URL: publicUrl } },
    t: translator(locale),
    locale,
    actor: null,
    csrfToken: '',
    anonymousCacheTags: WALL_CACHE_TAGS,
  };
  return { get: (key: string) => vars[key], req: { path } } as unknown as Context<AppEnv>;
}

/** Renders the export's pages from the wall data (and the wall's speakers section) alone. */
export function staticPageRenderer(
  data: WallData,
  speakers: SpeakerProfile[],
  publicUrl: string,
): RenderPage {
  const orgBySlug = new Map(data.orgs.map((o) => [o.slug, o]));
  const productBySlug = new Map(data.products.map((p) => [p.slug, p]));
  const productsOf = new Map<string, WallData['products']>();
  for (const p of data.products) productsOf.set(p.orgId, [...(productsOf.get(p.orgId) ?? []), p]);
  const view = wallView(data, {}, { whole: true });
  const t = { 'zh-CN': translator('zh-CN'), en: translator('en') };

  const content = (page: StaticPage, locale: Locale) => {
    if (page.kind === 'wall')
      return {
        title: t[locale]('members.wall.title'),
        description: t[locale]('members.wall.lead'),
        body: (
          <WallPage
            data={data}
            view={view}
            filters={{}}
            publicUrl={publicUrl}
            people={<WallPeople partners={partnersOf(data)} speakers={speakers} />}
          />
        ),
      };
    if (page.kind === 'member') {
      const org = orgBySlug.get(page.slug);
      if (!org) throw new Error(`no organisation ${page.slug}`);
      return {
        title: localName(org, locale),
        description: (locale === 'en' && org.descriptionEn) || org.description,
        body: (
          <MemberDetailPage
            org={org}
            logoUrl={org.logoUrl}
            products={productsOf.get(org.id) ?? []}
            categories={data.categories}
            canManage={false}
            {...page.extras}
          />
        ),
      };
    }
    const product = productBySlug.get(page.slug);
    if (!product) throw new Error(`no product ${page.slug}`);
    return {
      title: product.name,
      description: (locale === 'en' && product.descriptionEn) || product.descriptionZh,
      body: <ProductDetailPage product={product} categories={data.categories} />,
    };
  };

  // The layout is the same on every page but for the title and the path (the language switch's
  // `next`): it is rendered once per language with markers, and each page fills them in.
  const templates = new Map<Locale, Promise<string[]>>();
  const template = (locale: Locale) => {
    let parts = templates.get(locale);
    if (!parts) {
      const shell = (
        <RequestContext.Provider value={standInContext(locale, MARK.path, publicUrl)}>
          <Document title={MARK.title} share={{ description: MARK.description }}>
            {raw(MARK.body)}
          </Document>
        </RequestContext.Provider>
      );
      parts = Promise.resolve(shell.toString()).then((html) =>
        `<!DOCTYPE html>${html}`
          // The header's 登录/注册 carry the path URL-encoded (`?next=`): its own marker.
          .replaceAll(encodeURIComponent(MARK.path), MARK.pathInUrl)
          // Every static page is a wall page: the header marks the wall as the current section.
          .replace(
            /(<nav[^>]*class="site-nav"[^>]*>(?:(?!<\/nav>)[\s\S])*?<a href="[^"]*\/wall")>/,
            '$1 aria-current="page">',
          )
          .split(MARK_RE),
      );
      templates.set(locale, parts);
    }
    return parts;
  };
  const contexts = {
    'zh-CN': standInContext('zh-CN', '/wall', publicUrl),
    en: standInContext('en', '/wall', publicUrl),
  };

  return async (page, locale) => {
    const { title, description, body } = content(page, locale);
    const html = await (
      <RequestContext.Provider value={contexts[locale]}>{body}</RequestContext.Provider>
    ).toString();
    const fill: Record<string, string> = {
      [MARK.title]: escapeHtml(title),
      [MARK.description]: escapeHtml(plainSummary(description || t[locale]('share.description'), 160)),
      [MARK.path]: escapeHtml(page.path),
      [MARK.pathInUrl]: encodeURIComponent(page.path),
      [MARK.body]: html,
    };
    return (await template(locale)).map((part) => fill[part] ?? part).join('');
  };
}

const MARK = {
  title: '\uE000title\uE000',
  description: '\uE000description\uE000',
  path: '\uE000path\uE000',
  pathInUrl: '\uE000pathInUrl\uE000',
  body: '\uE000body\uE000',
};
const MARK_RE = /(\uE000(?:title|description|path|pathInUrl|body)\uE000)/;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** As hono/jsx escapes text and attribute values. */
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);

/** `gongjin export wall`: reads the wall once and writes the static site into `outDir`. */
export async function writeStaticWall(opts: {
  deps: { db: Db; cache: PageCache };
  fetchPage: Fetch;
  outDir: string;
  publicUrl: string;
}): Promise<{ files: number; bytes: number }> {
  // The cached value the app's own JSON and CSV routes read too: the wall is loaded once.
  const [data, speakers] = await Promise.all([cachedWallData(opts.deps), cachedSpeakers(opts.deps)]);
  return exportStaticWall({
    db: opts.deps.db,
    fetchPage: opts.fetchPage,
    outDir: opts.outDir,
    publicUrl: opts.publicUrl,
    data,
    renderPage: staticPageRenderer(data, speakers, opts.publicUrl),
  });
}
