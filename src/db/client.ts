/**
 * Opens the database: embedded PGlite in a data directory by default, a PostgreSQL server when a
 * URL is given. Both are wrapped in the same Drizzle type so the rest of the code never knows which.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
/**
 * A Drizzle database or transaction; services take this so they compose inside a transaction.
 * Queries name their tables (`db.select().from(t)`), never the relational `db.query.*` API, so the
 * client needs no list of every table: each module's schema.ts stays its own (ADR 0034).
 */
export type Db = PgDatabase<PgQueryResultHKT>;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The server URL (PostgreSQL only). */
  url?: string;
  close(): Promise<void>;
  /** The PGlite instance, for dumps and clones (PGlite only). */
  pglite?: PGlite;
};

// Dates and big integers come back as JS values on both drivers; the pg driver needs telling that
// int8 (count(*), bigserial) fits in a number for our sizes.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/**
 * bytea in and out of PGlite through Node's native hex codec (ADR 0028). PGlite's own converts
 * byte by byte in JavaScript (a string per byte, parseInt per byte): a 600 KB poster PNG took
 * ~350 ms each way on the thread that serves requests, and every request waited. The same text
 * format, the same values (a Uint8Array of exactly the bytes), 10-40× less time.
 */
export const PGLITE_BYTEA = {
  parsers: {
    [types.BYTEA]: (text: string) => {
      const bytes = Buffer.alloc((text.length - 2) / 2); // never pooled: its own ArrayBuffer
      bytes.write(text.slice(2), 'hex');
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  },
  serializers: {
    [types.BYTEA]: (value: unknown) => {
      if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
      return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
    },
  },
};

export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  if (dataDir) mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const client = await PGlite.create({ dataDir, loadDataDir, extensions: { pg_trgm }, ...PGLITE_BYTEA });
  return wrapPglite(client);
}

export function wrapPglite(client: PGlite): Database {
  const db = drizzlePglite({ client, casing: 'snake_case' }) as unknown as Db;
  return { db, kind: 'pglite', pglite: client, close: () => client.close() };
}

/**
 * Connections per app process to a PostgreSQL server. Work that comes in bursts (an exam's
 * synchronised start) is admitted this many at a time (exams' entry queue), so each request runs
 * its queries back to back instead of queueing behind every other request's at each query.
 */
export const POOL_SIZE = 10;

export async function openPostgres(url: string, max = POOL_SIZE): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection that the server ends (restart, failover, pg_terminate_backend) is dropped by
  // the pool and replaced on the next query; without a listener its error would crash the process.
  pool.on('error', () => {});
  // Fail early and clearly when the server is unreachable.
  const conn = await pool.connect();
  conn.release();
  const db = drizzlePg({ client: pool, casing: 'snake_case' }) as unknown as Db;
  return { db, kind: 'postgres', url, close: () => pool.end() };
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(path.join(opts.dataDir, 'pgdata'));
}

type AfterCommit = () => void | Promise<void>;
/** What a transaction opened by `transaction` carries: the database it runs on, its after-commit work. */
type TxState = { root: Db; afterCommit: AfterCommit[] };
/** Transactions (and savepoints) opened by `transaction`, by their Drizzle handle. */
const openTransactions = new WeakMap<object, TxState>();

/**
 * Runs `fn` in one transaction; nested calls become savepoints. Work registered with `afterCommit`
 * runs once the outermost transaction has committed; a savepoint that rolls back drops its own.
 */
export async function transaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  const parent = openTransactions.get(db);
  const state: TxState = { root: parent?.root ?? db, afterCommit: [] };
  const result = await db.transaction((raw) => {
    const tx = raw as unknown as Db;
    openTransactions.set(tx, state);
    return fn(tx);
  });
  // Committed: a savepoint hands its work to the transaction around it, the outermost runs it.
  if (parent) parent.afterCommit.push(...state.afterCommit);
  else await runAll(state.afterCommit);
  return result;
}

/** Every callback runs even when one fails (the data is committed either way); the first error is thrown. */
async function runAll(fns: AfterCommit[]): Promise<void> {
  let first: unknown;
  let failed = false;
  for (const fn of fns) {
    try {
      await fn();
    } catch (err) {
      if (!failed) first = err;
      failed = true;
    }
  }
  if (failed) throw first;
}

/**
 * Runs `fn` once the transaction `db` belongs to has committed — never when it rolls back. Outside
 * a transaction opened by `transaction` (a plain database handle), the write already happened, so
 * it runs at once. This is where side effects that must not see uncommitted data go: telling this
 * process's page caches about a change (`invalidateTags`), and the like.
 */
export async function afterCommit(db: Db, fn: AfterCommit): Promise<void> {
  const state = openTransactions.get(db);
  if (state) state.afterCommit.push(fn);
  else await fn();
}

/** The database handle a transaction runs on (itself outside one): what process-wide registries are keyed by. */
export function rootDatabase(db: Db): Db {
  return openTransactions.get(db)?.root ?? db;
}

/**
 * SQLSTATEs after which the same transaction, run again from the start, can succeed: a
 * serialization failure (40001) and a deadlock the server broke by aborting us (40P01). Drizzle
 * wraps the driver's error, so the code may be on the error or on its cause.
 */
const RETRYABLE = new Set(['40001', '40P01']);

export function isRetryable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE.has(code)) return true;
  }
  return false;
}

/**
 * Runs `fn` (which opens its own outermost transaction) and runs it again, after a short random
 * pause, when PostgreSQL aborted it for a serialization failure or a deadlock — up to `attempts`
 * times in all. Only for work that is safe to repeat whole: nothing of an aborted run was committed.
 */
export async function withRetries<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * i));
    }
  }
}

/**
 * Runs raw SQL and returns its rows. Both drivers answer `{ rows }`; note that raw results are not
 * typed by Drizzle, so cast numbers explicitly (`::int`) and wrap them in Number() when reading.
 */
export async function queryRows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}
