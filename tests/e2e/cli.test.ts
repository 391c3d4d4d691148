// The `gongjin` command as a user runs it: a real process per call.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq, lte } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openPglite } from '../../src/db/client.ts';
import { userRoles, users } from '../../src/modules/identity/schema.ts';
import { jobs } from '../../src/platform/schema.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/gongjin.mjs');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongjin-cli-'));

async function gongjin(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', GONGJIN_DATA_DIR: dataDir, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Reads the CLI's PGlite directly, between commands (PGlite has one user at a time). */
async function withDb<T>(read: (db: Database) => Promise<T>): Promise<T> {
  const db = await openPglite(path.join(dataDir, 'pgdata'));
  try {
    return await read(db);
  } finally {
    await db.close();
  }
}

describe('gongjin CLI', () => {
  it('prints help for itself and for every command', async () => {
    const main = await gongjin(['--help']);
    expect(main.code).toBe(0);
    for (const cmd of ['serve', 'migrate', 'seed --demo', 'create-admin', 'worker'])
      expect(main.stdout).toContain(`  ${cmd}`);
    for (const cmd of ['serve', 'migrate', 'seed', 'create-admin', 'worker']) {
      const res = await gongjin([cmd, '--help']);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(new RegExp(`^Usage: gongjin ${cmd}`));
    }
  });

  it('refuses an unknown command and an unknown option with usage, exit 2', async () => {
    const unknown = await gongjin(['launch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "launch".');
    const option = await gongjin(['migrate', '--fast']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--fast'");
  });

  it('stops on a bad setting and names the variable', async () => {
    const res = await gongjin(['migrate'], { PORT: '99999' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Invalid configuration:\n  PORT:');
  });

  it('migrates, creates an admin, seeds the demo alliance once, and drains the job queue', async () => {
    expect((await gongjin(['migrate'])).stdout).toContain('Migrations applied (pglite).');
    const admin = await gongjin([
      'create-admin',
      '--email',
      'ops@example.cn',
      '--password',
      'long-enough-pw',
      '--name',
      '运维',
    ]);
    expect(admin.stdout).toContain('Platform admin ready: ops@example.cn');
    const seeded = await gongjin(['seed', '--demo']);
    expect(seeded.stdout).toContain('Demo alliance loaded: 12 organisations, 17 people.');
    const again = await gongjin(['seed', '--demo']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already has organisations');
    // The seed queued mail (an invitation, salon confirmations), poster drawings and the cohort's
    // SQL gradings (the seed graded those answers itself, so the jobs find them done) that are due
    // now, and reminders that are not: `worker --once` runs exactly the due ones.
    const due = await withDb((db) =>
      db.db
        .select({ kind: jobs.kind })
        .from(jobs)
        .where(and(eq(jobs.status, 'queued'), lte(jobs.runAt, new Date()))),
    );
    expect([...new Set(due.map((j) => j.kind))].sort()).toEqual([
      'exam.grade_sql',
      'mail.send',
      'salon.posters',
    ]);
    const worker = await gongjin(['worker', '--once']);
    expect(worker.stdout).toBe(`Ran ${due.length} job(s).\n`);
    const left = await withDb((db) =>
      db.db
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(eq(jobs.status, 'queued'), lte(jobs.runAt, new Date()))),
    );
    expect(left).toEqual([]);

    const rows = await withDb((db) =>
      db.db
        .select({ email: users.email, role: userRoles.role })
        .from(userRoles)
        .innerJoin(users, eq(users.id, userRoles.userId)),
    );
    expect(
      rows
        .filter((r) => r.role === 'platform_admin')
        .map((r) => r.email)
        .sort(),
    ).toEqual(['admin@demo.gongjin.dev', 'ops@example.cn']);
  });
});
