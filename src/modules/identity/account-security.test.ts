/**
 * Attacks on accounts (issue 17): off-site redirects, X-Forwarded-For spoofing, CSRF tokens from
 * another session, stale reset links, sign-up enumeration and lock-outs by failed log-ins. The app
 * runs behind one trusted proxy, so each request names its client in X-Forwarded-For.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/schema.ts';
import {
  lastMailTo,
  linkIn,
  makeUser,
  TEST_PASSWORD,
  TEST_PUBLIC_URL,
  useTestApp,
} from '../../testing/harness.ts';
import { loginDelayMs } from './accounts.ts';
import { sessions, users, userTokens } from './schema.ts';

const t = useTestApp({ env: { TRUST_PROXY: 'true' } });

const from = (ip: string) => ({ 'x-forwarded-for': ip });
const auditCount = async (action: string) =>
  (await t.db.select().from(auditLog).where(eq(auditLog.action, action))).length;

describe('redirect targets', () => {
  const evil = [
    '%2F%09%2Fevil.example',
    '%2F%5Cevil.example',
    '%2F%0D%0A%2Fevil.example',
    '%2F%2Fevil.example',
  ];

  it('GET /lang sends every off-site form of `next` to the home page', async () => {
    const locations = [];
    for (const next of evil) {
      const res = await t.client().get(`/lang?locale=en&next=${next}`);
      locations.push([res.status, res.headers.get('location')]);
    }
    expect(locations).toEqual(evil.map(() => [303, '/']));
    expect((await t.client().get('/lang?locale=en&next=%2Fsalons%3Fpage%3D2')).headers.get('location')).toBe(
      '/salons?page=2',
    );
  });

  it('the log-in and sign-up forms drop it, and log-in lands on the profile instead', async () => {
    for (const next of evil) {
      for (const page of ['/login', '/signup']) {
        const html = await (await t.client().get(`${page}?next=${next}`)).text();
        expect(html).not.toContain('evil.example');
        // The link to the other form carries no `next` either.
        expect(html).toContain(page === '/login' ? '<a href="/signup">' : '<a href="/login">');
      }
    }
    const u = await makeUser(t.db);
    const login = await t
      .client()
      .post('/login', { email: u.email, password: TEST_PASSWORD, next: '/\t/evil.example' });
    expect([login.status, login.headers.get('location')]).toEqual([303, '/profile']);
    const crlf = await t
      .client()
      .post('/login', { email: u.email, password: TEST_PASSWORD, next: '/\r\nSet-Cookie: x=1' });
    expect([crlf.status, crlf.headers.get('location')]).toEqual([303, '/profile']);
  });

  it('the confirmation page links only to a same-origin path', async () => {
    const browser = t.client();
    await browser.post('/signup', { email: 'c@example.cn', displayName: '确认', password: 'pa55word!' });
    const token = new URLSearchParams(
      linkIn((await lastMailTo(t.db, 'c@example.cn')).text).split('?')[1],
    ).get('token');
    const html = await (await browser.get(`/confirm-email?token=${token}&next=%2F%09%2Fevil.example`)).text();
    expect(html).toContain('你的邮箱已经确认');
    expect(html).not.toContain('evil.example');
    expect(html).toContain('href="/login"');
  });
});

describe('client address behind the proxy', () => {
  it('comes from the right of X-Forwarded-For, so a spoofed left entry does not escape a per-IP limit', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const res = await t
        .client()
        .post('/forgot-password', { email: `nobody${i}@example.cn` }, from(`198.51.100.${i}, 203.0.113.7`));
      statuses.push(res.status);
    }
    // LIMITS.passwordReset allows 5 an hour per address: the sixth is refused, whatever comes first.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const other = await t.client().post('/forgot-password', { email: 'x@example.cn' }, from('203.0.113.8'));
    expect(other.status).toBe(200);
  });
});

describe('failed log-ins', () => {
  it('stop the address that failed but not the owner on another one', async () => {
    const u = await makeUser(t.db);
    const attacker = t.client();
    for (let i = 0; i < 8; i++) {
      const res = await attacker.post(
        '/login',
        { email: u.email, password: `guess-${i}` },
        from(`6.6.6.${i}, 192.0.2.1`),
      );
      expect(res.status).toBe(400);
    }
    const blocked = await attacker.post(
      '/login',
      { email: u.email, password: TEST_PASSWORD },
      from('192.0.2.1'),
    );
    expect(blocked.status).toBe(429);
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, u.id))).toEqual([]);

    const owner = t.client();
    const started = Date.now();
    const res = await owner.post(
      '/login',
      { email: u.email, password: TEST_PASSWORD },
      from('198.51.100.20'),
    );
    expect([res.status, res.headers.get('location')]).toEqual([303, '/profile']);
    // Eight failures slow the account down (loginDelayMs(8) = 800 ms) without locking it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(await t.db.select({ ip: sessions.ip }).from(sessions).where(eq(sessions.userId, u.id))).toEqual([
      { ip: '198.51.100.20' },
    ]);
    expect(await auditCount('account.login_failed')).toBe(8);
  });

  it('slow an account down exponentially, to at most 10 s, after five', () => {
    expect([0, 5, 6, 7, 8, 9, 12, 20].map(loginDelayMs)).toEqual([0, 0, 200, 400, 800, 1600, 10_000, 10_000]);
  });
});

describe('CSRF tokens', () => {
  // Straight to the app, not through a TestClient: the cookies are exactly the ones given here.
  const changeName = (token: string, cookies: string) =>
    t.app.request(`${TEST_PUBLIC_URL}/profile`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
      body: new URLSearchParams({
        _csrf: token,
        displayName: '被改了',
        bio: '',
        affiliation: '',
        title: '',
        links: '',
      }),
    });

  it('are bound to the session: an anonymous token beside a victim’s session cookie is refused', async () => {
    const u = await makeUser(t.db, { name: '受害者' });
    const victim = t.client();
    await victim.logIn(u.email);
    const attacker = t.client();
    await attacker.get('/');
    const anonymous = attacker.csrfToken;
    const res = await changeName(
      anonymous,
      `gj_session=${victim.cookies.get('gj_session')}; gj_csrf=${anonymous}`,
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('页面已过期或来源不可信');
    const [row] = await t.db.select({ name: users.displayName }).from(users).where(eq(users.id, u.id));
    expect(row.name).toBe('受害者');
    expect(await auditCount('account.profile_updated')).toBe(0);
  });

  it('are rotated at log-in and log-out', async () => {
    const u = await makeUser(t.db, { name: '旋转' });
    const browser = t.client();
    const before = browser.csrfToken;
    await browser.logIn(u.email);
    const during = browser.csrfToken;
    expect(during).not.toBe(before);
    const session = browser.cookies.get('gj_session');
    // The pre-log-in token no longer works with the new session; the rotated one does.
    expect((await changeName(before, `gj_session=${session}; gj_csrf=${before}`)).status).toBe(403);
    expect((await changeName(during, `gj_session=${session}; gj_csrf=${during}`)).status).toBe(303);
    await browser.post('/logout');
    expect(browser.csrfToken).not.toBe(during);
    expect(browser.csrfToken).not.toBe('');
  });
});

describe('password reset links', () => {
  it('a new link voids the older ones, and a used one stays void', async () => {
    const u = await makeUser(t.db);
    const browser = t.client();
    const tokenOf = async () =>
      new URLSearchParams(linkIn((await lastMailTo(t.db, u.email)).text).split('?')[1]).get('token')!;
    await browser.post('/forgot-password', { email: u.email });
    const first = await tokenOf();
    await browser.post('/forgot-password', { email: u.email });
    const second = await tokenOf();
    expect(second).not.toBe(first);
    const [{ hash: before }] = await t.db
      .select({ hash: users.passwordHash })
      .from(users)
      .where(eq(users.id, u.id));

    const old = await browser.post('/reset-password', {
      token: first,
      password: 'new-secret-1',
      confirm: 'new-secret-1',
    });
    expect(old.status).toBe(410);
    expect(await old.text()).toContain('该链接无效、已过期或已被使用');
    const [{ hash: unchanged }] = await t.db
      .select({ hash: users.passwordHash })
      .from(users)
      .where(eq(users.id, u.id));
    expect(unchanged).toBe(before);

    const ok = await browser.post('/reset-password', {
      token: second,
      password: 'new-secret-2',
      confirm: 'new-secret-2',
    });
    expect(ok.status).toBe(200);
    await browser.post('/forgot-password', { email: u.email });
    const again = await browser.post('/reset-password', {
      token: second,
      password: 'new-secret-3',
      confirm: 'new-secret-3',
    });
    expect(again.status).toBe(410);
    const live = await t.db
      .select()
      .from(userTokens)
      .where(and(eq(userTokens.userId, u.id), eq(userTokens.purpose, 'reset_password')));
    expect(live.filter((r) => r.usedAt === null)).toHaveLength(1);
    expect(await auditCount('account.password_reset')).toBe(1);
  });
});

describe('sign-up with an address that has an account', () => {
  it('answers exactly like a new sign-up and mails the owner instead', async () => {
    const u = await makeUser(t.db, { email: 'li.lei@example.cn' });
    const [{ hash: before }] = await t.db
      .select({ hash: users.passwordHash })
      .from(users)
      .where(eq(users.id, u.id));
    const page = async (email: string) => {
      const c = t.client();
      const res = await c.post('/signup', { email, displayName: '李雷', password: 'pa55word!' });
      return {
        status: res.status,
        html: (await res.text()).replaceAll(email, 'EMAIL').replaceAll(c.csrfToken, 'TOKEN'),
      };
    };
    const taken = await page('LI.LEI@example.cn');
    const fresh = await page('han.meimei@example.cn');
    expect(taken).toEqual(fresh);
    expect(taken.status).toBe(200);

    expect(await t.db.select({ email: users.email }).from(users)).toEqual([
      { email: 'li.lei@example.cn' },
      { email: 'han.meimei@example.cn' },
    ]);
    const [{ hash: after }] = await t.db
      .select({ hash: users.passwordHash })
      .from(users)
      .where(eq(users.id, u.id));
    expect(after).toBe(before);
    expect(await t.db.select().from(userTokens).where(eq(userTokens.userId, u.id))).toEqual([]);
    const mail = await lastMailTo(t.db, 'li.lei@example.cn');
    expect(mail.subject).toBe('有人用你的邮箱注册共进账号');
    expect(linkIn(mail.text)).toBe('/forgot-password');
    expect(await auditCount('account.signup_existing')).toBe(1);
  });
});
