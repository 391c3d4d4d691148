/**
 * Whole-response cache for pages every anonymous visitor sees alike (the home page now; the logo
 * wall, event pages and verification pages later). A route opts in with
 * `cacheForAnonymous(c, tags)`. This middleware, placed first, stores the finished response — all
 * headers but Set-Cookie, the visitor's CSRF token replaced by a slot — and answers the next
 * anonymous GET for the same URL, locale and scheme from memory, before any other middleware runs.
 * Under PGlite (one query at a time) this is what lets hot public pages keep up with load.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from './context.ts';
import { CSRF_COOKIE, isValidCsrfToken, newCsrfToken, setCsrfCookie } from './csrf.ts';
import { negotiateLocale } from './i18n.ts';

const TOKEN_SLOT = '\u0000gj-csrf\u0000';
type Stored = { headers: Record<string, string>; body: string };

/** Marks this response as the same for every anonymous visitor, until one of `tags` changes. */
export function cacheForAnonymous(c: Context<AppEnv>, tags: string[]): void {
  c.set('anonymousCacheTags', tags);
}

export function anonymousPageCache(opts: {
  sessionCookie: string;
  langCookie: string;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const cookies = getCookie(c);
    if (cookies[opts.sessionCookie]) return next();
    const { cache, config } = c.get('deps');
    const locale = negotiateLocale({
      cookie: cookies[opts.langCookie],
      acceptLanguage: c.req.header('accept-language'),
    });
    const key = `anon|${c.get('secure') ? 's' : ''}|${locale}|${c.req.url}`;

    const hit = await cache.peek<Stored>(key);
    if (hit) {
      let token = cookies[CSRF_COOKIE];
      if (!isValidCsrfToken(config.GONGJIN_SECRET, token)) {
        token = newCsrfToken(config.GONGJIN_SECRET);
        setCsrfCookie(c, token);
      }
      return c.body(hit.body.replaceAll(TOKEN_SLOT, token as string), 200, hit.headers);
    }

    const snapshot = await cache.snapshot();
    await next();
    const tags = c.get('anonymousCacheTags');
    if (!tags || c.res.status !== 200 || c.get('actor')) return;
    const headers: Record<string, string> = {};
    c.res.headers.forEach((value, name) => {
      if (name !== 'set-cookie' && name !== 'content-length') headers[name] = value;
    });
    const body = await c.res.clone().text();
    cache.put(key, tags, { headers, body: body.replaceAll(c.get('csrfToken'), TOKEN_SLOT) }, snapshot);
  };
}
