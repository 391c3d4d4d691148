/**
 * Security headers on every response. A fixed set, computed once and set before the handler runs
 * (a handler may override one, as /api/docs does for its CSP): setting headers on a finished
 * response costs a copy of it, which showed in the home page's profile.
 */
import type { MiddlewareHandler } from 'hono';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

const HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
const HSTS = 'max-age=31536000; includeSubDomains';

/** `isSecure` tells whether this request came over https (HSTS is only sent then). */
export function securityHeaders(
  isSecure: (c: Parameters<MiddlewareHandler>[0]) => boolean,
): MiddlewareHandler {
  return (c, next) => {
    for (const name in HEADERS) c.header(name, HEADERS[name]);
    if (isSecure(c)) c.header('Strict-Transport-Security', HSTS);
    return next();
  };
}
