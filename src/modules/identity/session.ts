/**
 * The session cookie: an HTTP-only, SameSite=Lax cookie holding a random token whose SHA-256 is the
 * session's key in the database. Also resolves the request's locale (user → cookie → header).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isLocale, type Locale } from '../../i18n/index.ts';
import type { AppEnv } from '../../platform/context.ts';
import { negotiateLocale, translator } from '../../platform/i18n.ts';
import { loadActor, SESSION_DAYS } from './accounts.ts';

export const SESSION_COOKIE = 'gj_session';
export const LANG_COOKIE = 'gj_lang';

export function setSessionCookie(c: Context<AppEnv>, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.get('secure'),
    path: '/',
    maxAge: SESSION_DAYS * 86400,
  });
}

export function clearSessionCookie(c: Context<AppEnv>) {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: c.get('secure') });
}

export function setLangCookie(c: Context<AppEnv>, locale: Locale) {
  setCookie(c, LANG_COOKIE, locale, {
    sameSite: 'Lax',
    secure: c.get('secure'),
    path: '/',
    maxAge: 365 * 86400,
  });
}

export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = await loadActor(c.get('deps').db, getCookie(c, SESSION_COOKIE));
    const cookieLocale = getCookie(c, LANG_COOKIE);
    const locale = negotiateLocale({
      userLocale: actor?.locale,
      cookie: isLocale(cookieLocale) ? cookieLocale : undefined,
      acceptLanguage: c.req.header('accept-language'),
    });
    c.set('actor', actor);
    c.set('locale', locale);
    c.set('t', translator(locale));
    await next();
    // Set on the finished response directly: c.header() after next() would copy the whole body.
    c.res.headers.set('Content-Language', locale);
    // Signed-in pages and language-dependent pages must not be shared by caches.
    c.res.headers.append('Vary', 'Cookie, Accept-Language');
  };
}
