/**
 * Applies the committed drizzle-kit migrations. Idempotent: applied ones are recorded in
 * drizzle.__drizzle_migrations and skipped. On a PostgreSQL server an advisory lock stops two
 * processes that start together from migrating at once.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { type Database, type Db, queryRows } from './client.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
const LOCK_ID = 0x67_6a_6d; // "gjm"

export async function migrate(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (database.kind === 'pglite') {
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific type
    await migratePglite(database.db as any, config);
    return;
  }
  // A session-level lock on a connection of its own: the migrator manages its own transaction.
  const lock = new pg.Client({ connectionString: database.url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [LOCK_ID]);
    // biome-ignore lint/suspicious/noExplicitAny: same as above
    await migratePg(database.db as any, config);
  } finally {
    await lock.end();
  }
}

/** Number of migration files shipped vs applied; /readyz is ready only when they match. */
export async function migrationStatus(db: Db): Promise<{ shipped: number; applied: number }> {
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  const shipped = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).length;
  try {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    return { shipped, applied: Number(row.n) };
  } catch {
    return { shipped, applied: 0 };
  }
}
