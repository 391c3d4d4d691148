/**
 * Fixed-window rate limits counted in the database, so they hold across app processes. One upsert
 * per check: it resets the window when it has expired and otherwise increments it.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import { AppError } from './errors.ts';

export type Limit = { bucket: string; max: number; windowSeconds: number };

export const LIMITS = {
  loginByIp: { bucket: 'login:ip', max: 30, windowSeconds: 15 * 60 },
  /**
   * Attempts on one account from one address. Per (account, IP), not per account: a per-account
   * lock let anyone lock the owner out by failing 8 times; this one only stops the address that failed.
   */
  loginByAccountIp: { bucket: 'login:account-ip', max: 8, windowSeconds: 15 * 60 },
  /** Failed log-ins on one account from any address: past `max`, each attempt is slowed down (loginDelayMs). */
  loginFailures: { bucket: 'login:failures', max: 5, windowSeconds: 15 * 60 },
  /** Mails to an existing account's owner about a sign-up attempt with their address. */
  signupNotice: { bucket: 'signup:notice', max: 3, windowSeconds: 60 * 60 },
  passwordReset: { bucket: 'reset', max: 5, windowSeconds: 60 * 60 },
  signup: { bucket: 'signup:ip', max: 20, windowSeconds: 60 * 60 },
  publicLookup: { bucket: 'lookup:ip', max: 120, windowSeconds: 60 },
} satisfies Record<string, Limit>;

/** Counts one hit; returns how many remain (negative when over). */
export async function hit(db: Db, limit: Limit, key: string): Promise<{ count: number; retryAfter: number }> {
  const [row] = await queryRows<{ count: number | string; retry_after: number | string }>(
    db,
    sql`
    insert into rate_limits (bucket, key, window_start, count) values (${limit.bucket}, ${key}, now(), 1)
    on conflict (bucket, key) do update set
      count = case when rate_limits.window_start < now() - make_interval(secs => ${limit.windowSeconds})
                   then 1 else rate_limits.count + 1 end,
      window_start = case when rate_limits.window_start < now() - make_interval(secs => ${limit.windowSeconds})
                   then now() else rate_limits.window_start end
    returning count, extract(epoch from (window_start + make_interval(secs => ${limit.windowSeconds}) - now()))::int as retry_after`,
  );
  return { count: Number(row.count), retryAfter: Math.max(1, Number(row.retry_after)) };
}

/** The current window's count without counting a hit (0 when there is none or it has expired). */
export async function peek(db: Db, limit: Limit, key: string): Promise<number> {
  const [row] = await queryRows<{ count: number | string }>(
    db,
    sql`select count from rate_limits where bucket = ${limit.bucket} and key = ${key}
      and window_start >= now() - make_interval(secs => ${limit.windowSeconds})`,
  );
  return row ? Number(row.count) : 0;
}

/** Counts one hit and throws RATE_LIMITED (with minutes to wait) once over the limit. */
export async function enforce(db: Db, limit: Limit, key: string): Promise<void> {
  const { count, retryAfter } = await hit(db, limit, key);
  if (count > limit.max) {
    throw new AppError('RATE_LIMITED', { vars: { minutes: Math.ceil(retryAfter / 60) } });
  }
}

/** Clears a key (e.g. the per-email login counter after a successful login). */
export async function reset(db: Db, limit: Limit, key: string): Promise<void> {
  await db.execute(sql`delete from rate_limits where bucket = ${limit.bucket} and key = ${key}`);
}

/**
 * Fixed windows counted in this process's memory, per database. Only for an embedded database
 * (PGlite): one process owns it, so this is the same count the table would hold, without a write
 * per request (on PGlite that write was most of a cached verification's cost). Windows restart with
 * the process.
 */
const memoryWindows = new WeakMap<object, Map<string, { start: number; count: number }>>();
const MEMORY_KEYS = 100_000;

/**
 * enforce() for hot public endpoints: in memory when the database is embedded, in the database
 * otherwise (PostgreSQL may be shared by several app processes).
 */
export async function enforceHot(db: Db, embedded: boolean, limit: Limit, key: string): Promise<void> {
  if (!embedded) return enforce(db, limit, key);
  let windows = memoryWindows.get(db);
  if (!windows) {
    windows = new Map();
    memoryWindows.set(db, windows);
  }
  const now = Date.now();
  const span = limit.windowSeconds * 1000;
  const id = `${limit.bucket}\u0000${key}`;
  let w = windows.get(id);
  if (!w || w.start + span <= now) {
    if (!w && windows.size >= MEMORY_KEYS) {
      // Bounded: drop the oldest windows (a window moves to the end of the Map when it restarts, so
      // the front holds the oldest starts), 1 % at a time. Scanning the whole Map for expired ones
      // on every new key cost ~1 ms per request once a flood of distinct addresses filled it
      // (ADR 0028); dropping a batch makes that O(1) per request on average.
      let drop = MEMORY_KEYS / 100;
      for (const k of windows.keys()) {
        if (drop-- <= 0) break;
        windows.delete(k);
      }
    }
    w = { start: now, count: 0 };
    windows.delete(id);
    windows.set(id, w);
  }
  w.count += 1;
  if (w.count > limit.max) {
    const retryAfter = Math.max(1, Math.ceil((w.start + span - now) / 1000));
    throw new AppError('RATE_LIMITED', { vars: { minutes: Math.ceil(retryAfter / 60) } });
  }
}
