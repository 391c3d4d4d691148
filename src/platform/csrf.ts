/**
 * CSRF protection by signed double submit: a random token in an HTTP-only cookie, signed with
 * GONGJIN_SECRET, must come back in the `_csrf` form field or the X-CSRF-Token header (htmx sends
 * it from the <body hx-headers> attribute) on every state-changing request.
 *
 * The signature also covers the session cookie the token was issued with, so a token is good for
 * one session only: a token someone obtained anonymously (or planted as the cookie, from a sibling
 * subdomain) is refused beside a victim's session cookie. Logging in or out changes the session, so
 * the routes rotate the token then (rotateCsrfToken); an older token simply stops verifying.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './context.ts';
import { AppError } from './errors.ts';

export const CSRF_COOKIE = 'gj_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function sign(secret: string, nonce: string, session: string) {
  return createHmac('sha256', secret).update(`csrf:${nonce}:${session}`).digest('base64url');
}

// Nonces are cut from a pooled buffer: one randomBytes call per 256 tokens instead of per token
// (it showed up in the home page's profile, where most visitors are new).
const NONCE_BYTES = 18;
let pool = Buffer.alloc(0);
let offset = 0;

function nonce(): string {
  if (offset + NONCE_BYTES > pool.length) {
    pool = randomBytes(NONCE_BYTES * 256);
    offset = 0;
  }
  offset += NONCE_BYTES;
  return pool.subarray(offset - NONCE_BYTES, offset).toString('base64url');
}

/** A token for the session whose cookie value is `session` (undefined or '' for no session). */
export function newCsrfToken(secret: string, session = ''): string {
  const n = nonce();
  return `${n}.${sign(secret, n, session)}`;
}

const cookieOptions = (secure: boolean) => ({ httpOnly: true, sameSite: 'Lax', secure, path: '/' }) as const;

export function setCsrfCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, CSRF_COOKIE, token, cookieOptions(c.get('secure')));
}

/** Whether `token` was signed by us for the session whose cookie value is `session`. */
export function isValidCsrfToken(secret: string, token: string | undefined, session = ''): boolean {
  if (!token) return false;
  const [nonce, mac] = token.split('.');
  if (!nonce || !mac) return false;
  const expected = Buffer.from(sign(secret, nonce, session));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Issues a fresh token for the session the response is about to set (or for none, at log-out):
 * the page the browser lands on then carries a token that the new session accepts.
 */
export function rotateCsrfToken(c: Context<AppEnv>, session: string | undefined): void {
  const token = newCsrfToken(c.get('deps').config.GONGJIN_SECRET, session);
  setCsrfCookie(c, token);
  c.set('csrfToken', token);
}

/** `sessionCookie` names the cookie a token is bound to (the identity module owns it). */
export function csrf(opts: { sessionCookie: string }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { config } = c.get('deps');
    const session = getCookie(c, opts.sessionCookie) ?? '';
    let token = getCookie(c, CSRF_COOKIE);
    if (!isValidCsrfToken(config.GONGJIN_SECRET, token, session)) {
      token = newCsrfToken(config.GONGJIN_SECRET, session);
      setCsrfCookie(c, token);
      if (!SAFE.has(c.req.method)) throw new AppError('CSRF_FAILED');
    }
    c.set('csrfToken', token as string);
    if (!SAFE.has(c.req.method)) {
      let sent = c.req.header('x-csrf-token');
      if (!sent) {
        const type = c.req.header('content-type') ?? '';
        if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
          const body = await c.req.parseBody();
          sent = typeof body._csrf === 'string' ? body._csrf : undefined;
        }
      }
      if (sent !== token) throw new AppError('CSRF_FAILED');
    }
    await next();
  };
}
