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
