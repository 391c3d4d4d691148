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

// The base a `next` target is resolved against: only its origin matters (a target that leaves it
// is refused), so a fixed, unroutable one serves every deployment.
const LOCAL_ORIGIN = 'http://gongjin.invalid';

/**
 * A same-origin redirect target from user input, as path + query + fragment; anything else becomes
 * `fallback`. Browsers drop TAB/CR/LF and read `\` as `/` when they follow a Location, so
 * `/<TAB>/evil.example` and `/\evil.example` are `//evil.example` to them: control characters,
 * backslashes and protocol-relative forms are refused before the URL parser gets to see them.
 */
export function safeNext(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, LOCAL_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== LOCAL_ORIGIN) return fallback;
  const target = `${url.pathname}${url.search}${url.hash}`;
  // The serialised form must still be a plain path (the parser may normalise `/./` segments).
  return target.startsWith('/') && !target.startsWith('//') ? target : fallback;
}

/**
 * The client's address behind `hops` trusted proxies. Each proxy appends the address it received
 * the request from to X-Forwarded-For, so only the rightmost `hops` entries were written by
 * proxies we trust; everything left of them is whatever the client sent. Counting from the right,
 * the socket is hop 0 and the entry `hops` places from the right is the client (or the leftmost
 * entry, when the request passed fewer proxies than configured).
 */
export function clientIpFrom(
  forwardedFor: string | undefined,
  socketIp: string | undefined,
  hops: number,
): string | undefined {
  const entries = (forwardedFor ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (hops <= 0 || entries.length === 0) return socketIp;
  return entries[Math.max(0, entries.length - hops)];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path parameter that can name a uuid row; anything else is a 404, never a SQL error. */
export function isUuid(v: string): boolean {
  return UUID.test(v);
}
