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

/** A local redirect target from user input; anything else (other hosts, `//x`) becomes `fallback`. */
export function safeNext(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : fallback;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path parameter that can name a uuid row; anything else is a 404, never a SQL error. */
export function isUuid(v: string): boolean {
  return UUID.test(v);
}
