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
    await admin((c) => c.query(`create database ${name} template ${templateDbName()}`));
    database = await openPostgres(serverUrl(name), 4);
    drop = () => admin(async (c) => void (await c.query(`drop database if exists ${name} with (force)`)));
  }
  const tables = (
    await queryRows<{ name: string }>(
      database.db,
      sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`,
    )
  ).map((r) => r.name);
  return {
    ...database,
    close: async () => {
      await database.close();
      await drop();
    },
    reset: async () => {
      await database.db.execute(sql.raw(`truncate ${tables.join(', ')} restart identity cascade`));
    },
  };
}
