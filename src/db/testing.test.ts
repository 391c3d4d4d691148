import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from './client.ts';
import { openTestDatabase, type TestDatabase } from './testing.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

const U1 = '00000000-0000-4000-8000-000000000001';
const C1 = '00000000-0000-4000-8000-0000000000c1';
const C2 = '00000000-0000-4000-8000-0000000000c2';

async function rowCounts(): Promise<Record<string, number>> {
  const db = database.db;
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${name}`));
    counts[name] = Number(row.n);
  }
  return counts;
}

it('reset empties every table, referencing and self-referencing rows included, and restarts owned sequences', async () => {
  const db = database.db;
  await database.reset();
  await db.execute(
    sql`insert into users (id, email, password_hash, display_name) values (${U1}, 'a@example.test', 'x', 'A')`,
  );
  await db.execute(
    sql`insert into sessions (id_hash, user_id, expires_at) values ('h', ${U1}, now() + interval '1 day')`,
  );
  // A category tree (its parent link restricts deletes), the parent stored first.
  await db.execute(sql`insert into question_categories (id, name, path) values (${C1}, 'a', 'a')`);
  await db.execute(
    sql`insert into question_categories (id, parent_id, name, path) values (${C2}, ${C1}, 'b', 'a / b')`,
  );
  await db.execute(sql`insert into audit_log (action) values ('test.one'), ('test.two')`);
  const counts = await rowCounts();
  expect(Object.values(counts).some((n) => n > 0)).toBe(true);
  expect(counts.question_categories).toBe(2);

  await database.reset();
  expect(Object.entries(await rowCounts()).filter(([, n]) => n > 0)).toEqual([]);
  // audit_log's own sequence starts again, as after TRUNCATE … RESTART IDENTITY.
  const [first] = await queryRows<{ id: number }>(
    db,
    sql`insert into audit_log (action) values ('test.after') returning id`,
  );
  expect(Number(first.id)).toBe(1);
  // A sequence no table owns is left alone (credential status indexes are never reused).
  await queryRows(db, sql`select nextval('credential_status_index_seq')`);
  await database.reset();
  const [next] = await queryRows<{ n: number }>(db, sql`select nextval('credential_status_index_seq') as n`);
  expect(Number(next.n)).toBe(1);
});
