/** Request facts that services need (client IP, public URL, acting user), read the same way everywhere. */
import type { Context } from 'hono';
import type { AppEnv } from './context.ts';

export function requestInfo(c: Context<AppEnv>) {
  return {
    ip: c.get('clientIp'),
    publicUrl: c.get('deps').config.PUBLIC_URL,
    actorId: c.get('actor')?.userId ?? null,
  };
}

/** True for requests made by htmx that want a fragment rather than a whole page. */
export function wantsFragment(c: Context): boolean {
  return c.req.header('hx-request') === 'true' && c.req.header('hx-boosted') !== 'true';
}

/** A local redirect target from user input; anything else (other hosts, `//x`) becomes `fallback`. */
export function safeNext(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : fallback;
}
