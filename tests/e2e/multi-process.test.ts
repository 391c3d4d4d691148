// Several Gongjin processes on one PostgreSQL, as an operator scales out (issue 14, item 1): three
// `gongjin serve` started together on an empty database migrate it exactly once; then two servers
// and two `gongjin worker`s share it. A session made on one server works on the other, the login
// limits count across both, every mail is delivered exactly once to a real SMTP server, a write on
// one server reaches the other's anonymous page cache, and 500 people registering through both
// servers at once for 100 seats never oversell. Nothing here is timed.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openPostgres, queryRows } from '../../src/db/client.ts';
import { MIGRATIONS_DIR } from '../../src/db/migrate.ts';
import { createConfirmedUser, hashPassword, logIn } from '../../src/modules/identity/accounts.ts';
import { createOrganization, updateOrganization } from '../../src/modules/identity/organizations.ts';
import { salonRegistrations } from '../../src/modules/salons/schema.ts';
import { changeSalonStatus, createSalon, createSeries } from '../../src/modules/salons/service.ts';
import { childEnv, ROOT, type ServerProcess, startServer } from './process.ts';

const SERVER = process.env.TEST_DATABASE_URL;
const SKIP = 'TEST_DATABASE_URL is not set: several processes share a PostgreSQL server';
const skip = !SERVER && process.env.CI !== 'true';
if (skip) console.warn(`\n⚠️  SKIPPING "several processes on one PostgreSQL" — ${SKIP}\n`);

const SEATS = 100;
const PEOPLE = 500;
const SECRET = randomBytes(24).toString('hex');

async function admin(query: string) {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    return await client.query(query);
  } finally {
    await client.end();
  }
}

/** `gongjin worker` as its own process; resolves once it says it started. */
function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/gongjin.mjs'), 'worker'], {
    cwd: ROOT,
    env: childEnv({ ...env, LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out}`)), 120_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('worker started')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}):\n${out}`));
    });
  });
}

/** A browser's cookie jar against one server: the session cookie, and the CSRF cookie it is given. */
class Jar {
  cookies = new Map<string, string>();
  constructor(session?: string) {
    if (session) this.cookies.set('gj_session', session);
  }
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
    return res;
  }
  /** GETs the form page, then posts the form with the page's CSRF token. */
  async submit(pageUrl: string, actionUrl: string, form: Record<string, string>): Promise<Response> {
    const page = await (await this.fetch(pageUrl)).text();
    const csrf = page.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    return this.fetch(actionUrl, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf, ...form }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }
}

describe.skipIf(skip)(
  skip ? `several processes (SKIPPED: ${SKIP})` : 'several processes on one PostgreSQL',
  () => {
    const name = `gongjin_multi_${randomBytes(4).toString('hex')}`;
    let url = '';
    let env: Record<string, string> = {};
    let database: Database;
    const servers: ServerProcess[] = [];
    const workers: ChildProcess[] = [];
    const received: string[] = [];
    let smtp: SMTPServer;

    beforeAll(async () => {
      if (!SERVER) throw new Error(`CI=true and ${SKIP}`);
      const u = new URL(SERVER);
      u.pathname = `/${name}`;
      url = u.toString();
      await admin(`create database ${name}`);
      // A real SMTP server on loopback: the workers deliver to it; it keeps each message's id.
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        onData(stream, _session, done) {
          let text = '';
          stream.on('data', (d: Buffer) => {
            text += d.toString();
          });
          stream.on('end', () => {
            received.push(text.match(/^Message-ID:\s*(\S+)/im)?.[1] ?? text);
            done();
          });
        },
      });
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      const smtpPort = (smtp.server.address() as { port: number }).port;
      env = {
        DATABASE_URL: url,
        GONGJIN_SECRET: SECRET,
        GONGJIN_INPROCESS_WORKER: 'false',
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      };
    }, 60_000);

    afterAll(async () => {
      await Promise.all(servers.map((s) => s.kill()));
      for (const w of workers) w.kill('SIGKILL');
      await database?.close();
      await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
      if (SERVER) await admin(`drop database if exists ${name} with (force)`);
    }, 60_000);

    it('migrates an empty database exactly once when three servers start together', async () => {
      const three = await Promise.all([0, 1, 2].map(() => startServer({ env, timeoutMs: 240_000 })));
      servers.push(...three);
      database = await openPostgres(url);
      const { readMigrationFiles } = await import('drizzle-orm/migrator');
      const shipped = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).length;
      const [applied] = await queryRows<{ n: number; distinct: number }>(
        database.db,
        sql`select count(*)::int as n, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`,
      );
      expect(applied).toEqual({ n: shipped, distinct: shipped });
      for (const s of three) expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
      // Scale back to two servers, and add two workers.
      await servers.pop()?.stop();
      workers.push(...(await Promise.all([startWorker(env), startWorker(env)])));
    }, 300_000);

    it('keeps a session made on one server on the other', async () => {
      const email = 'ops@multi.test';
      await createConfirmedUser(database.db, {
        email,
        password: 'correct horse battery',
        displayName: '运维',
        roles: [],
      });
      const [a, b] = servers;
      const jar = new Jar();
      const login = await jar.submit(`${a.url}/login`, `${a.url}/login`, {
        email,
        password: 'correct horse battery',
      });
      expect(login.status).toBe(303);
      const profile = await jar.fetch(`${b.url}/profile`);
      expect(profile.status).toBe(200);
      expect(await profile.text()).toContain('运维');
    });

    it('counts failed logins across both servers: the account limit holds whichever server is asked', async () => {
      await createConfirmedUser(database.db, {
        email: 'target@multi.test',
        password: 'correct horse battery',
        displayName: '目标',
        roles: [],
      });
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const s = servers[i % 2];
        const res = await new Jar().submit(`${s.url}/login`, `${s.url}/login`, {
          email: 'target@multi.test',
          password: `wrong ${i}`,
        });
        statuses.push(res.status);
      }
      // 8 attempts per (account, address) per 15 minutes (LIMITS.loginByAccountIp), over both.
      expect(statuses.slice(0, 8).every((s) => s === 400)).toBe(true);
      expect(statuses.slice(8)).toEqual([429, 429]);
    });

    it('shows a write on one server in the other server’s anonymous pages', async () => {
      const [a, b] = servers;
      const ownerId = await createConfirmedUser(database.db, {
        email: 'host@multi.test',
        password: 'correct horse battery',
        displayName: '主办方',
        roles: [],
      });
      const info = { publicUrl: a.url, ip: null, actorId: ownerId };
      const org = await createOrganization(
        database.db,
        ownerId,
        {
          slug: 'multi-host',
          nameZh: '多进程主办单位',
          nameEn: 'Multi Host',
          type: 'vendor',
          city: '杭州',
          website: '',
          description: '',
        },
        info,
      );
      const before = await (await fetch(`${b.url}/orgs/multi-host`)).text();
      expect(before).toContain('多进程主办单位');
      // The rename happens in this process (a third writer, like a CLI); both servers must follow.
      await updateOrganization(
        database.db,
        org.id,
        {
          nameZh: '改名后的主办单位',
          nameEn: 'Multi Host',
          type: 'vendor',
          city: '杭州',
          website: '',
          description: '',
        },
        info,
      );
      let after = '';
      for (let i = 0; i < 100 && !after.includes('改名后的主办单位'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        after = await (await fetch(`${b.url}/orgs/multi-host`)).text();
      }
      expect(after).toContain('改名后的主办单位');
    });

    it('never oversells: 500 people registering through both servers at once for 100 seats', async () => {
      const [a, b] = servers;
      const [owner] = await queryRows<{ id: string }>(
        database.db,
        sql`select id from users where email = 'host@multi.test'`,
      );
      const [org] = await queryRows<{ id: string }>(
        database.db,
        sql`select id from organizations where slug = 'multi-host'`,
      );
      const info = { publicUrl: a.url, ip: null, actorId: owner.id };
      const series = await createSeries(
        database.db,
        { slug: 'multi', titleZh: '多进程', titleEn: '', description: '' },
        info,
      );
      const startsAt = new Date(Date.now() + 30 * 86_400_000);
      const salon = await createSalon(
        database.db,
        {
          seriesId: series.id,
          title: '多进程沙龙',
          description: '',
          city: '杭州',
          venue: '',
          address: '',
          mapUrl: '',
          startsAt,
          endsAt: new Date(startsAt.getTime() + 3 * 3600_000),
          timezone: 'Asia/Shanghai',
          hostOrgId: org.id,
          cohostOrgIds: [],
          capacity: SEATS,
          registrationDeadline: null,
          questions: [],
        },
        info,
      );
      await changeSalonStatus(database.db, salon.id, 'announced', info);
      await changeSalonStatus(database.db, salon.id, 'registration_open', info);
      // Each person signs in (from their own address, as 500 phones would), then registers.
      const jars: Jar[] = [];
      const hash = await hashPassword('correct horse battery');
      for (let i = 0; i < PEOPLE; i++) {
        const email = `p${i}@multi.test`;
        await createConfirmedUser(database.db, {
          email,
          password: { hash },
          displayName: `参会者${i}`,
          roles: [],
        });
        const { token } = await logIn(
          database.db,
          { email, password: 'correct horse battery' },
          { publicUrl: a.url, ip: `10.9.${i >> 8}.${i & 255}`, actorId: null },
        );
        jars.push(new Jar(token));
      }
      let next = 0;
      const statuses: number[] = [];
      await Promise.all(
        Array.from({ length: 40 }, async (_, lane) => {
          while (next < jars.length) {
            const i = next++;
            const s = (lane + i) % 2 ? a : b;
            const res = await jars[i].submit(
              `${s.url}/salons/${salon.id}/register`,
              `${s.url}/salons/${salon.id}/register`,
              {},
            );
            statuses.push(res.status);
          }
        }),
      );
      expect(statuses.filter((s) => s !== 303)).toEqual([]);
      const regs = await database.db
        .select({ status: salonRegistrations.status })
        .from(salonRegistrations)
        .where(eq(salonRegistrations.salonId, salon.id));
      expect(regs).toHaveLength(PEOPLE);
      expect(regs.filter((r) => r.status === 'confirmed')).toHaveLength(SEATS);
      expect(regs.filter((r) => r.status === 'waitlisted')).toHaveLength(PEOPLE - SEATS);
    }, 600_000);

    it('delivers every mail exactly once, whichever worker takes it', async () => {
      // Wait until the queue is empty (the workers poll it), then compare the outbox with the SMTP log.
      let pending = 1;
      for (let i = 0; i < 600 && pending > 0; i++) {
        const [row] = await queryRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from mail_outbox where status not in ('sent', 'failed')`,
        );
        pending = row.n;
        if (pending > 0) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(pending).toBe(0);
      const sent = await queryRows<{ message_id: string }>(
        database.db,
        sql`select message_id from mail_outbox where status = 'sent'`,
      );
      expect(sent.length).toBeGreaterThanOrEqual(PEOPLE);
      expect(received).toHaveLength(sent.length);
      expect(new Set(received).size).toBe(received.length);
      expect(new Set(received)).toEqual(new Set(sent.map((r) => r.message_id)));
      const failed = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from mail_outbox where status = 'failed'`,
      );
      expect(failed[0].n).toBe(0);
    }, 600_000);
  },
);
