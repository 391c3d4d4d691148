/** The page shell: header with navigation and language switch, main content, footer. */
import type { Child } from 'hono/jsx';
import { jsxRenderer } from 'hono/jsx-renderer';
import { LOCALES, type MessageKey } from '../i18n/index.ts';
import { navEntries } from '../platform/module.ts';
import { ASSETS } from './assets.ts';
import { useView } from './context.ts';

/**
 * What a link to the page shows when pasted into WeChat or any chat (Open Graph): a description
 * (the site's own when left out), an image (the site's share card, /share.png, when left out) and
 * the canonical URL (the page's path when left out). Paths are made absolute with PUBLIC_URL.
 */
export type ShareMeta = { description?: string; image?: string; url?: string; type?: 'website' | 'article' };

declare module 'hono' {
  interface ContextRenderer {
    // biome-ignore lint/style/useShorthandFunctionType: an interface is needed to merge with Hono's declaration
    (
      content: string | Promise<string>,
      props: { title: string; share?: ShareMeta },
    ): Response | Promise<Response>;
  }
}

/** One line of plain text for a description: Markdown marks and runs of white space removed. */
export function plainSummary(text: string, max = 120): string {
  const plain = text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`~|]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

function ShareTags(props: { title: string; share?: ShareMeta }) {
  const { t, publicUrl, path } = useView();
  const abs = (u: string) => (/^https?:\/\//.test(u) ? u : `${publicUrl}${u}`);
  const description = plainSummary(props.share?.description || t('share.description'), 160);
  const url = abs(props.share?.url ?? path);
  return (
    <>
      <meta name="description" content={description} />
      <link rel="canonical" href={url} />
      <meta property="og:site_name" content={t('app.name')} />
      <meta property="og:type" content={props.share?.type ?? 'website'} />
      <meta property="og:title" content={props.title} />
      <meta property="og:description" content={description} />
      <meta property="og:image" content={abs(props.share?.image ?? '/share.png')} />
      <meta property="og:url" content={url} />
      <meta name="twitter:card" content="summary_large_image" />
    </>
  );
}

/**
 * Signed in, the choice is saved on the account (POST with CSRF token). Anonymous, it only sets the
 * language cookie, so a GET form does, and public pages stay the same for every visitor.
 */
function LanguageSwitch() {
  const { t, locale, csrfToken, path, actor } = useView();
  return (
    <form action="/lang" method={actor ? 'post' : 'get'} class="lang-switch">
      {actor && <input type="hidden" name="_csrf" value={csrfToken} />}
      <input type="hidden" name="next" value={path} />
      <label for="lang-select" class="visually-hidden">
        {t('lang.label')}
      </label>
      <select id="lang-select" name="locale">
        {LOCALES.map((l) => (
          <option value={l} selected={l === locale}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
      <button type="submit" class="button button-plain">
        {t('lang.switch')}
      </button>
    </form>
  );
}

const ACCOUNT_PAGES = /^\/(login|signup|logout|confirm-email|forgot|reset)(\/|$)/;

/**
 * The header fits one line on a 360 px phone: the brand, the site's sections (from the modules'
 * `navEntries('main')`) in one strip that scrolls sideways when it is longer than the screen, and
 * the person's own links behind one 我的 menu (`navEntries('account')` and 退出) — or 登录 and 注册
 * for a visitor. A `<details>` opens the menu, so it works without JavaScript.
 */
function Header() {
  const { t, actor, csrfToken, path } = useView();
  // 登录 and 注册 bring the visitor back to this page (the forms keep `next`, checked by safeNext),
  // except from the home page and the account pages themselves, where there is nothing to return to.
  const back = path === '/' || ACCOUNT_PAGES.test(path) ? '' : `?next=${encodeURIComponent(path)}`;
  const current = (href: string) =>
    path === href || path.startsWith(`${href}/`) ? ('page' as const) : undefined;
  return (
    <header class="site-header">
      <a class="brand" href="/">
        <img src={ASSETS.logo} alt="" width="28" height="28" />
        <span>{t('app.name')}</span>
      </a>
      <nav aria-label={t('nav.menu')} class="site-nav">
        {navEntries('main', actor).map((e) => (
          <a href={e.href} aria-current={current(e.href)}>
            {t(e.label as MessageKey)}
          </a>
        ))}
      </nav>
      <div class="site-account">
        {actor ? (
          <details class="account-menu">
            <summary>{t('nav.account')}</summary>
            <div class="account-menu-panel">
              {navEntries('account', actor).map((e) => (
                <a href={e.href} aria-current={current(e.href)}>
                  {t(e.label as MessageKey)}
                </a>
              ))}
              <form action="/logout" method="post" class="inline-form">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <button type="submit" class="button button-plain" data-testid="logout">
                  {t('nav.logout')}
                </button>
              </form>
            </div>
          </details>
        ) : (
          <>
            <a href={`/login${back}`}>{t('nav.login')}</a>
            <a href={`/signup${back}`} class="button button-primary">
              {t('nav.signup')}
            </a>
          </>
        )}
      </div>
    </header>
  );
}

export function Document(props: { title: string; share?: ShareMeta; children?: Child }) {
  const { t, locale, csrfToken, sharedPage } = useView();
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t('app.name')}`}</title>
        <ShareTags title={props.title} share={props.share} />
        <link rel="stylesheet" href={ASSETS.css} />
        <link rel="icon" href={ASSETS.logo} type="image/svg+xml" />
        <meta
          name="htmx-config"
          content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}'
        />
        <script src={ASSETS.htmx} defer />
      </head>
      <body hx-headers={sharedPage ? undefined : JSON.stringify({ 'X-CSRF-Token': csrfToken })}>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <Header />
        <main id="main" class="container">
          {props.children}
        </main>
        <footer class="site-footer">
          <LanguageSwitch />
          <p>
            {t('footer.text')} · <a href="/api/docs">{t('footer.api')}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

export const renderer = jsxRenderer(({ children, title, share }) => (
  <Document title={title} share={share}>
    {children}
  </Document>
));
