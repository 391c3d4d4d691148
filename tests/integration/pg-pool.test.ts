// A PostgreSQL server may end idle connections (restart, failover, pg_terminate_backend). The pool
// must drop them and carry on, not crash the process. Caught in CI when a test database was dropped
// WITH (FORCE) under a pool. Only meaningful on a server: on PGlite this file has nothing to test.
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { testDbKind } from '../../src/db/testing.ts';
import { useTestApp } from '../../src/testing/harness.ts';

const t = useTestApp();

describe.skipIf(testDbKind() !== 'postgres')('PostgreSQL pool (runs in the postgres project)', () => {
  it('survives the server ending its idle connections and answers the next query', async () => {
    const [{ db: name }] = await queryRows<{ db: string }>(t.db, sql`select current_database() as db`);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      const res = await admin.query(
        'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
      expect(res.rows[0].n).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 100)); // let the pool see the terminations
    expect(await queryRows<{ one: number }>(t.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
  });
});
