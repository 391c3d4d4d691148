// Moving an installation from PGlite to a PostgreSQL server as an operator does it: seed on PGlite,
// `gongjin copy-db --to URL`, then serve from the server and find the same alliance there.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN } from '../../src/seed/demo.ts';
import { childEnv, ROOT, runCli, startServer, tempDataDir } from './process.ts';

const SERVER = process.env.TEST_DATABASE_URL;
const SKIP = 'TEST_DATABASE_URL is not set: copying to PostgreSQL needs a server';
const skip = !SERVER && process.env.CI !== 'true';
if (skip) console.warn(`\n⚠️  SKIPPING "gongjin copy-db" — ${SKIP}\n`);

async function admin(query: string) {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    return await client.query(query);
  } finally {
    await client.end();
  }
}

/** Runs the CLI, returning its exit code and output instead of throwing on a non-zero exit. */
async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/gongjin.mjs', ...args], {
      cwd: ROOT,
      env: childEnv(env),
      timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(skip)(skip ? `gongjin copy-db (SKIPPED: ${SKIP})` : 'gongjin copy-db', () => {
  const dataDir = tempDataDir('gongjin-copy-');
  const name = `gongjin_copy_${randomBytes(4).toString('hex')}`;
  let target = '';

  beforeAll(async () => {
    if (!SERVER) throw new Error(`CI=true and ${SKIP}`);
    const u = new URL(SERVER);
    u.pathname = `/${name}`;
    target = u.toString();
    await admin(`create database ${name}`);
    await runCli(['seed', '--demo'], { GONGJIN_DATA_DIR: dataDir });
  }, 240_000);
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (SERVER) await admin(`drop database if exists ${name} with (force)`);
  });

  it('copies the PGlite installation into an empty server database, and the server then serves it', async () => {
    const env = { GONGJIN_DATA_DIR: dataDir };
    const usage = await cli(['copy-db'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: gongjin copy-db --to');

    const copied = await cli(['copy-db', '--to', target], env);
    expect(copied.stderr).toBe('');
    expect(copied.code).toBe(0);
    expect(copied.stdout).toMatch(/Copied \d+ rows in \d+ tables/);
    expect(copied.stdout).toMatch(/^ {2}organizations: 1\d$/m);

    // A second copy would mix two installations: refused, exit 1, nothing changed.
    const again = await cli(['copy-db', '--to', target], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('The target database is not empty');

    // The same data directory: it keeps the installation's generated secret (issuer keys need it).
    const server = await startServer({ env: { DATABASE_URL: target, GONGJIN_DATA_DIR: dataDir } });
    try {
      const wall = await (await fetch(`${server.url}/wall`)).text();
      expect(wall).toContain('云海数据');
      // The demo admin's password hash came along: signing in works on the server.
      const login = await fetch(`${server.url}/login`);
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const csrf = (await login.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
      const res = await fetch(`${server.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ _csrf: csrf, email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
      });
      expect(res.status).toBe(303);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('gj_session='))).toBe(true);
    } finally {
      await server.stop();
    }
  }, 300_000);
});
