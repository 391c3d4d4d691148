/**
 * The test database harness. One migrated template per run (a PGlite data-dir dump, or a
 * PostgreSQL template database), then one fresh database per test file loaded from it, truncated
 * between tests: never initdb per test. Which database a run uses comes from GONGJIN_TEST_DB
 * (set per Vitest project): `pglite`, or `postgres` with TEST_DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, openPglite, openPostgres, queryRows } from './client.ts';
import { migrate } from './migrate.ts';

export type TestDbKind = 'pglite' | 'postgres';

export function testDbKind(): TestDbKind {
  return process.env.GONGJIN_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

const currentRun = () => process.env.GONGJIN_TEST_RUN ?? 'local';

function templateFile(run = currentRun()): string {
  return path.join(os.tmpdir(), `gongjin-test-template-${run}.tar`);
}

function serverUrl(database: string): string {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set: the postgres test project needs a server');
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}

function templateDbName(run = currentRun()): string {
  const base = new URL(process.env.TEST_DATABASE_URL as string).pathname.slice(1) || 'gongjin';
  return `${base}_tpl_${run}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Vitest globalSetup: builds the migrated template once for the run; returns its teardown. */
export async function prepareTemplate(kind: TestDbKind, run = currentRun()): Promise<() => Promise<void>> {
  if (kind === 'pglite') {
    const db = await openPglite(undefined);
    await migrate(db);
    const blob = await db.pglite!.dumpDataDir('none');
    const file = templateFile(run);
    writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
    await db.close();
    return async () => rmSync(file, { force: true });
  }
  const name = templateDbName(run);
  await admin(async (c) => {
    await c.query(`drop database if exists ${name}`);
    await c.query(`create database ${name}`);
  });
  const db = await openPostgres(serverUrl(name), 2);
  await migrate(db);
  await db.close();
  return () => admin(async (c) => void (await c.query(`drop database if exists ${name}`)));
}

export type TestDatabase = Database & {
  /** Empties every table (keeps the migrations record), so each test starts from nothing. */
  reset(): Promise<void>;
};

/** A fresh, migrated database for one test file. */
export async function openTestDatabase(kind: TestDbKind = testDbKind()): Promise<TestDatabase> {
  let database: Database;
  let drop = async () => {};
  if (kind === 'pglite') {
    const file = templateFile();
    if (!existsSync(file)) await prepareTemplate('pglite');
    database = await openPglite(undefined, new Blob([readFileSync(file)]));
  } else {
    const name = `${templateDbName()}_${randomBytes(4).toString('hex')}`;
    await admin(async (c) => {
      await c.query(`create database ${name} template ${templateDbName()}`);
      // A commit need not wait for its WAL to reach the disk: a test database never outlives a
      // crash, and everything a session sees is the same. Saves a disk flush per transaction.
      await c.query(`alter database ${name} set synchronous_commit = off`);
    });
    database = await openPostgres(serverUrl(name), 4);
    drop = () => admin(async (c) => void (await c.query(`drop database if exists ${name} with (force)`)));
  }
  const reset = await resetter(database.db);
  return {
    ...database,
    close: async () => {
      await database.close();
      await drop();
    },
    reset,
  };
}

/**
 * How a test database is emptied between tests: every public table that has rows is deleted from,
 * referencing tables before the tables they reference, and the sequences those tables own that were
 * used start again, as `TRUNCATE … RESTART IDENTITY CASCADE` would leave them. A TRUNCATE of all
 * 50-odd tables makes new files for each table and index, about a second per test on a PostgreSQL
 * server; a test only writes to a few tables, and deleting a few rows is cheap on both databases.
 * Should the foreign keys ever form a cycle between tables, it falls back to that TRUNCATE.
 */
async function resetter(db: Database['db']): Promise<() => Promise<void>> {
  const tables = (
    await queryRows<{ name: string }>(
      db,
      sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`,
    )
  ).map((r) => r.name);
  const truncate = async () => {
    await db.execute(sql.raw(`truncate ${tables.join(', ')} restart identity cascade`));
  };
  const links = await queryRows<{ child: string; parent: string }>(
    db,
    sql`select quote_ident(c.relname) as child, quote_ident(p.relname) as parent
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid
        join pg_class p on p.oid = k.confrelid
        where k.contype = 'f' and c.relnamespace = 'public'::regnamespace and k.conrelid <> k.confrelid`,
  );
  // Referencing tables first: a table comes once every table that references it is placed.
  const referencedBy = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of links) referencedBy.get(parent)?.add(child);
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const next = tables.filter(
      (t) => !placed.has(t) && [...referencedBy.get(t)!].every((c) => placed.has(c)),
    );
    if (next.length === 0) return truncate; // a cycle between tables
    for (const t of next) {
      order.push(t);
      placed.add(t);
    }
  }
  const sequences = (
    await queryRows<{ name: string }>(
      db,
      sql`select quote_literal(quote_ident(s.relname)) as name
          from pg_class s
          join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = s.oid and d.deptype = 'a'
          join pg_class t on t.oid = d.refobjid
          where s.relkind = 'S' and t.relnamespace = 'public'::regnamespace`,
    )
  ).map((r) => r.name);
  const nonEmpty = sql.raw(
    order.map((t, i) => `select ${i} as i where exists (select 1 from ${t})`).join(' union all '),
  );
  const restartSequences = sql.raw(
    `select setval(format('%I.%I', schemaname, sequencename), start_value, false) from pg_sequences
     where schemaname = 'public' and last_value is not null and quote_ident(sequencename) in (${sequences.join(', ') || 'null'})`,
  );
  return async () => {
    const filled = (await queryRows<{ i: number }>(db, nonEmpty))
      .map((r) => Number(r.i))
      .sort((a, b) => a - b);
    for (const i of filled) await db.execute(sql.raw(`delete from ${order[i]}`));
    await db.execute(restartSequences);
  };
}
