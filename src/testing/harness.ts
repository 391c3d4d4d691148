/**
 * Integration-test harness: a real app over a real (PGlite or PostgreSQL) test database, a client
 * with a cookie jar that submits forms with the CSRF token like a browser, and factories.
 */
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { openTestDatabase, type TestDatabase } from '../db/testing.ts';
import { createConfirmedUser } from '../modules/identity/accounts.ts';
import { createOrganization, type OrgInput } from '../modules/identity/organizations.ts';
import { memberships, users } from '../modules/identity/schema.ts';
import type { Deps } from '../platform/context.ts';
import { CSRF_COOKIE, newCsrfToken } from '../platform/csrf.ts';
import { silentLogger } from '../platform/log.ts';
import type { PlatformRole } from '../platform/permissions.ts';
import { mailOutbox } from '../platform/schema.ts';
import { createDeps, createJobRunner } from '../server.ts';

export const TEST_PUBLIC_URL = 'http://gongjin.test';

export type TestApp = {
  db: TestDatabase['db'];
  database: TestDatabase;
  deps: Deps;
  app: ReturnType<typeof createApp>;
  client(): TestClient;
  runJobs(): Promise<number>;
};

const silent = silentLogger;

/** Registers hooks that give each test a clean database and app; read the fields inside tests. */
export function useTestApp(opts: { env?: Record<string, string> } = {}): TestApp {
  const ctx = {} as TestApp;
  beforeAll(async () => {
    const database = await openTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: TEST_PUBLIC_URL, ...opts.env });
    const deps = createDeps(database, config, silent);
    const app = createApp(deps);
    Object.assign(ctx, {
      db: database.db,
      database,
      deps,
      app,
      client: () => new TestClient(app, config.GONGJIN_SECRET),
      runJobs: () => createJobRunner(deps).drain(),
    });
  });
  beforeEach(async () => {
    await ctx.database.reset();
    // A fresh page cache per test: cached pages must not outlive the data they were made from.
    ctx.deps.cache = createDeps(ctx.database, ctx.deps.config, silent).cache;
  });
  afterAll(async () => {
    await ctx.database?.close();
  });
  return ctx;
}

/** A browser-like client: keeps cookies, sends the CSRF token with forms, does not follow redirects. */
export class TestClient {
  cookies = new Map<string, string>();

  constructor(
    private app: ReturnType<typeof createApp>,
    secret: string,
  ) {
    this.cookies.set(CSRF_COOKIE, newCsrfToken(secret));
  }

  /**
   * The token a browser's next form would carry: the CSRF cookie's current value. Tokens are bound
   * to the session, so the server rotates the cookie at log-in and log-out; reading it here follows.
   */
  get csrfToken(): string {
    return this.cookies.get(CSRF_COOKIE) ?? '';
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('cookie', this.cookieHeader());
    const res = await this.app.request(`${TEST_PUBLIC_URL}${path}`, { ...init, headers });
    for (const set of res.headers.getSetCookie()) {
      const [pair, ...attrs] = set.split(';');
      const [name, ...rest] = pair.split('=');
      const value = rest.join('=');
      const expired = attrs.some(
        (a) => /max-age=0/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()),
      );
      if (expired || value === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    return res;
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { headers });
  }

  /** Posts a urlencoded form with the CSRF token (pass `_csrf: ''` to leave it out). */
  post(path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) {
    const body = new URLSearchParams({ _csrf: this.csrfToken, ...form });
    if (form._csrf === '') body.delete('_csrf');
    return this.request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  postMultipart(path: string, form: FormData) {
    if (!form.has('_csrf')) form.set('_csrf', this.csrfToken);
    return this.request(path, { method: 'POST', body: form });
  }

  async logIn(email: string, password = TEST_PASSWORD): Promise<void> {
    const res = await this.post('/login', { email, password });
    if (res.status !== 303) throw new Error(`login as ${email} failed: ${res.status} ${await res.text()}`);
  }
}

export const TEST_PASSWORD = 'correct horse battery';

let seq = 0;
export async function makeUser(
  db: TestDatabase['db'],
  opts: { roles?: PlatformRole[]; email?: string; name?: string; verified?: boolean } = {},
) {
  seq += 1;
  const email = opts.email ?? `user${seq}-${Date.now()}@example.test`;
  const id = await createConfirmedUser(db, {
    email,
    password: TEST_PASSWORD,
    displayName: opts.name ?? `测试用户${seq}`,
    roles: opts.roles ?? [],
  });
  if (opts.verified === false) await db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, id));
  return { id, email, password: TEST_PASSWORD };
}

export async function makeOrg(db: TestDatabase['db'], creatorId: string, overrides: Partial<OrgInput> = {}) {
  seq += 1;
  return createOrganization(
    db,
    creatorId,
    {
      slug: `org-${seq}-${Date.now() % 100000}`,
      nameZh: `测试单位${seq}`,
      nameEn: `Test Org ${seq}`,
      type: 'vendor',
      city: '杭州',
      website: '',
      description: '',
      ...overrides,
    },
    { publicUrl: TEST_PUBLIC_URL, ip: null, actorId: creatorId },
  );
}

/**
 * A teacher who belongs to a school of their own (created with them, as its admin): exams and
 * questions are owned by an organisation (ADR 0024), so a teacher in none cannot author.
 */
export async function makeTeacher(
  db: TestDatabase['db'],
  opts: { email?: string; name?: string; orgId?: string } = {},
) {
  const user = await makeUser(db, { ...opts, roles: ['teacher'] });
  let orgId = opts.orgId;
  if (orgId) await db.insert(memberships).values({ orgId, userId: user.id, role: 'member' });
  else orgId = (await makeOrg(db, user.id, { type: 'school' })).id;
  return { ...user, orgId };
}

/** The newest outbox message to an address. */
export async function lastMailTo(db: TestDatabase['db'], to: string) {
  const [mail] = await db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.to, to))
    .orderBy(desc(mailOutbox.createdAt))
    .limit(1);
  return mail;
}

/** The first link in a mail's text that starts with the public URL, as a path. */
export function linkIn(text: string): string {
  const match = text.match(new RegExp(`${TEST_PUBLIC_URL.replace(/[.]/g, '\\.')}(/\\S+)`));
  if (!match) throw new Error(`no link in mail:\n${text}`);
  return match[1];
}
