import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../seed/demo.ts';
import { type Database, type Db, openPglite, queryRows, transaction } from './client.ts';
import { CopyRefused, copyDatabase, parentsFirst } from './copy.ts';
import { migrate } from './migrate.ts';
import { openTestDatabase, type TestDatabase } from './testing.ts';

/** Every public table's rows as one digest, timestamps written in UTC so both sides spell them alike. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  return transaction(db, async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    const tables = await queryRows<{ name: string }>(
      tx,
      sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`,
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const [row] = await queryRows<{ n: number; digest: string | null }>(
        tx,
        sql`select count(*)::int as n, md5(string_agg(row_to_json(r)::text, '|' order by row_to_json(r)::text)) as digest
            from ${sql.raw(`"${name}"`)} r`,
      );
      out[name] = `${row.n}:${row.digest ?? ''}`;
    }
    return out;
  });
}

describe('copying an installation to another database (gongjin copy-db)', () => {
  let source: Database;
  let target: TestDatabase;

  beforeAll(async () => {
    source = await openPglite(undefined);
    await migrate(source);
    await seedDemo(source.db, 'http://copy.test', 'c'.repeat(40));
    // The target is this test project's database: PGlite, or the PostgreSQL server in CI.
    target = await openTestDatabase();
  }, 180_000);
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('copies every row of every table exactly, then refuses to copy into a database that has rows', async () => {
    const before = await fingerprint(source.db);
    const seen: string[] = [];
    const report = await copyDatabase(source, target, (table) => seen.push(table));
    const after = await fingerprint(target.db);

    expect(after).toEqual(before);
    expect(Object.values(before).filter((v) => !v.startsWith('0:')).length).toBeGreaterThan(15);
    expect(report.rows).toBe(Object.values(before).reduce((n, v) => n + Number(v.split(':')[0]), 0));
    expect(seen.sort()).toEqual(Object.keys(before).sort());

    // Sequences carry on after the copied rows: a new job gets a fresh id instead of a clash.
    const [{ max }] = await queryRows<{ max: number }>(target.db, sql`select max(id)::int as max from jobs`);
    const [{ id }] = await queryRows<{ id: number }>(
      target.db,
      sql`insert into jobs (kind, payload) values ('mail.send', '{}'::jsonb) returning id::int`,
    );
    expect(Number(id)).toBeGreaterThan(Number(max ?? 0));

    await expect(copyDatabase(source, target)).rejects.toBeInstanceOf(CopyRefused);
    const again = await fingerprint(target.db);
    expect(again.organizations).toBe(after.organizations);
  }, 300_000);

  it('orders tables so that every table follows the tables it references, and names a cycle', () => {
    const order = parentsFirst([
      { name: 'registrations', parents: ['salons', 'users'] },
      { name: 'salons', parents: ['organizations'] },
      { name: 'users', parents: [] },
      { name: 'organizations', parents: [] },
    ]).map((t) => t.name);
    expect(order.indexOf('organizations')).toBeLessThan(order.indexOf('salons'));
    expect(order.indexOf('salons')).toBeLessThan(order.indexOf('registrations'));
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('registrations'));
    expect(() =>
      parentsFirst([
        { name: 'a', parents: ['b'] },
        { name: 'b', parents: ['a'] },
      ]),
    ).toThrow(/cycle/);
  });
});
