import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/schema.ts';
import { lastMailTo, linkIn, makeUser, TEST_PASSWORD, useTestApp } from '../../testing/harness.ts';
import { sessions, users, userTokens } from './schema.ts';

const t = useTestApp();

describe('sign-up, confirmation, log-in and log-out', () => {
  it('signs up, confirms from the emailed link, logs in and out', async () => {
    const browser = t.client();
    const res = await browser.post('/signup', {
      email: 'Xiao.Ming@Example.cn',
      displayName: '小明',
      password: 'pa55word!',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('我们已向 Xiao.Ming@Example.cn 发送了一封确认邮件');

    const mail = await lastMailTo(t.db, 'Xiao.Ming@Example.cn');
    expect(mail.subject).toBe('请确认你的共进账号邮箱');
    expect(mail.status).toBe('queued');
    expect(await t.runJobs()).toBe(1);
    expect((await lastMailTo(t.db, 'Xiao.Ming@Example.cn')).status).toBe('stored');

    const confirm = await browser.get(linkIn(mail.text));
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('你的邮箱已经确认');
    const [user] = await t.db.select().from(users).where(eq(users.email, 'Xiao.Ming@Example.cn'));
    expect(user.emailVerifiedAt).toBeInstanceOf(Date);

    // The link is single-use.
    const again = await browser.get(linkIn(mail.text));
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('该链接无效、已过期或已被使用');

    const before = browser.cookies.get('gj_session');
    const login = await browser.post('/login', { email: 'xiao.ming@example.cn', password: 'pa55word!' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/profile');
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('gj_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(browser.cookies.get('gj_session')).not.toBe(before);

    const profile = await browser.get('/profile');
    expect(profile.status).toBe(200);
    expect(await profile.text()).toContain('value="小明"');

    const logout = await browser.post('/logout');
    expect(logout.status).toBe(303);
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect((await browser.get('/profile')).status).toBe(401);

    const actions = (
      await t.db.select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.actorId, user.id))
    ).map((r) => r.a);
    expect(actions).toEqual([
      'account.signed_up',
      'account.email_confirmed',
      'account.logged_in',
      'account.logged_out',
    ]);
  });

  it('leads back to where sign-up began (an invitation) through the confirmation link and log-in, never off-site', async () => {
    const browser = t.client();
    const form = await (await browser.get('/signup?next=%2Finvitations%2Fabc')).text();
    expect(form).toContain('name="next" value="/invitations/abc"');
    expect(form).toContain('href="/login?next=%2Finvitations%2Fabc"');
    await browser.post('/signup', {
      email: 'back@example.cn',
      displayName: '回来',
      password: 'pa55word!',
      next: '/invitations/abc',
    });
    const link = linkIn((await lastMailTo(t.db, 'back@example.cn')).text);
    expect(link).toMatch(/^\/confirm-email\?token=[^&]+&next=%2Finvitations%2Fabc$/);
    const done = await (await browser.get(link)).text();
    expect(done).toContain('href="/login?next=%2Finvitations%2Fabc"');
    const login = await browser.post('/login', {
      email: 'back@example.cn',
      password: 'pa55word!',
      next: '/invitations/abc',
    });
    expect(login.headers.get('location')).toBe('/invitations/abc');

    // Another site as `next` is dropped at every step.
    expect(await (await browser.get('/signup?next=%2F%2Fevil.example')).text()).not.toContain('evil.example');
    await t.client().post('/signup', {
      email: 'away@example.cn',
      displayName: '离开',
      password: 'pa55word!',
      next: '//evil.example/x',
    });
    expect((await lastMailTo(t.db, 'away@example.cn')).text).not.toContain('evil.example');
  });

  // A second sign-up with a taken address: account-security.test.ts (it answers like a new one).

  it('re-renders the form with field errors for malformed input', async () => {
    const res = await t
      .client()
      .post('/signup', { email: 'not-an-email', displayName: '', password: 'short' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('请输入有效的邮箱地址。');
    expect(html).toContain('必填。');
    expect(html).toContain('密码至少 8 个字符。');
    expect(html).toContain('aria-describedby="f-email-error"');
    expect(await t.db.select().from(users)).toEqual([]);
  });

  it('rejects a form without the CSRF token', async () => {
    const res = await t
      .client()
      .post('/signup', { _csrf: '', email: 'a@b.cn', displayName: 'A', password: 'pa55word!' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('页面已过期或来源不可信');
    expect(await t.db.select().from(users)).toEqual([]);
  });

  it('rate-limits failed log-ins per account and address, with a localised message', async () => {
    const u = await makeUser(t.db);
    const browser = t.client();
    for (let i = 0; i < 8; i++) {
      expect((await browser.post('/login', { email: u.email, password: 'wrong-password' })).status).toBe(400);
    }
    const blocked = await browser.post(
      '/login',
      { email: u.email, password: TEST_PASSWORD },
      { 'accept-language': 'en' },
    );
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain('Too many attempts. Please try again in 15 minutes.');
  });
});

describe('sessions', () => {
  it('extends a session in use (at most once a day) and ends an expired one', async () => {
    const u = await makeUser(t.db);
    const browser = t.client();
    await browser.logIn(u.email);
    const soon = new Date(Date.now() + 3600_000);
    await t.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 2 * 86400_000), expiresAt: soon })
      .where(eq(sessions.userId, u.id));
    expect((await browser.get('/profile')).status).toBe(200);
    const [extended] = await t.db.select().from(sessions).where(eq(sessions.userId, u.id));
    expect(extended.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86400_000);

    await t.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, u.id));
    expect((await browser.get('/profile')).status).toBe(401);
  });
});

describe('password reset', () => {
  it('mails a single-use link that sets a new password and ends every session', async () => {
    const u = await makeUser(t.db, { email: 'wang.fang@example.cn' });
    const laptop = t.client();
    await laptop.logIn(u.email);
    const browser = t.client();
    const res = await browser.post('/forgot-password', { email: 'WANG.FANG@example.cn' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('如果 WANG.FANG@example.cn 已注册，你很快会收到一封重设密码的邮件。');
    const mail = await lastMailTo(t.db, u.email);
    expect(mail.subject).toBe('重设你的共进账号密码');

    const link = linkIn(mail.text);
    expect((await browser.get(link)).status).toBe(200);
    const token = new URLSearchParams(link.split('?')[1]).get('token')!;
    const mismatch = await browser.post('/reset-password', {
      token,
      password: 'new-secret-1',
      confirm: 'new-secret-2',
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('两次输入的密码不一致。');

    const done = await browser.post('/reset-password', {
      token,
      password: 'new-secret-1',
      confirm: 'new-secret-1',
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('新密码已生效');
    expect((await laptop.get('/profile')).status).toBe(401); // signed out everywhere
    expect((await browser.post('/login', { email: u.email, password: TEST_PASSWORD })).status).toBe(400);
    expect((await browser.post('/login', { email: u.email, password: 'new-secret-1' })).status).toBe(303);

    const reused = await t
      .client()
      .post('/reset-password', { token, password: 'another-one', confirm: 'another-one' });
    expect(reused.status).toBe(410);
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const res = await t.client().post('/forgot-password', { email: 'nobody@example.cn' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('如果 nobody@example.cn 已注册');
    expect(await lastMailTo(t.db, 'nobody@example.cn')).toBeUndefined();
  });

  it('refuses an expired link', async () => {
    const u = await makeUser(t.db);
    await t.client().post('/forgot-password', { email: u.email });
    const token = new URLSearchParams(linkIn((await lastMailTo(t.db, u.email)).text).split('?')[1]).get(
      'token',
    )!;
    await t.db.update(userTokens).set({ expiresAt: new Date(Date.now() - 1000) });
    const res = await t
      .client()
      .post('/reset-password', { token, password: 'new-secret-1', confirm: 'new-secret-1' });
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('该链接无效、已过期或已被使用');
  });

  it('rate-limits reset requests per address', async () => {
    const u = await makeUser(t.db);
    for (let i = 0; i < 5; i++)
      expect((await t.client().post('/forgot-password', { email: u.email })).status).toBe(200);
    const res = await t.client().post('/forgot-password', { email: u.email });
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('尝试次数过多，请 60 分钟后再试。');
  });
});

// A 1×1 transparent PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

describe('profile', () => {
  it('saves name, bio, affiliation, links and an avatar image', async () => {
    const u = await makeUser(t.db);
    const browser = t.client();
    await browser.logIn(u.email);
    const form = new FormData();
    form.set('displayName', '周杰');
    form.set('bio', '<b>数据库</b>爱好者');
    form.set('affiliation', '东湖大学');
    form.set('links', 'Gitee https://gitee.com/zhoujie\nhttps://blog.example.cn');
    form.set('avatar', new File([PNG], 'me.png', { type: 'image/png' }));
    const res = await browser.postMultipart('/profile', form);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/profile?saved=1');
    const [row] = await t.db.select().from(users).where(eq(users.id, u.id));
    expect(row).toMatchObject({
      displayName: '周杰',
      bio: '<b>数据库</b>爱好者',
      affiliation: '东湖大学',
      links: [
        { label: 'Gitee', url: 'https://gitee.com/zhoujie' },
        { label: 'blog.example.cn', url: 'https://blog.example.cn' },
      ],
    });
    const page = await (await browser.get('/profile?saved=1')).text();
    expect(page).toContain('已保存。');
    expect(page).toContain('&lt;b&gt;数据库&lt;/b&gt;爱好者'); // escaped, never rendered as HTML
    const avatar = await browser.get(`/files/${row.avatarSha256}`);
    expect(avatar.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await avatar.arrayBuffer())).toEqual(PNG);
  });

  it('rejects a non-image avatar and a bad link, changing nothing', async () => {
    const u = await makeUser(t.db, { name: '原名' });
    const browser = t.client();
    await browser.logIn(u.email);
    const form = new FormData();
    form.set('displayName', '新名字');
    form.set('bio', '');
    form.set('affiliation', '');
    form.set('links', '');
    form.set('avatar', new File(['<svg onload="alert(1)"/>'], 'x.svg', { type: 'image/svg+xml' }));
    const res = await browser.postMultipart('/profile', form);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('头像必须是 PNG、JPEG、WebP 或 GIF 图片。');
    form.set('avatar', new File([], ''));
    form.set('links', 'javascript:alert(1)');
    const bad = await browser.postMultipart('/profile', form);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('请输入以 http:// 或 https:// 开头的网址。');
    const [row] = await t.db.select().from(users).where(eq(users.id, u.id));
    expect(row.displayName).toBe('原名');
    expect(row.avatarSha256).toBeNull();
  });
});

describe('language', () => {
  it('remembers the choice per user, across devices, over the browser language', async () => {
    const u = await makeUser(t.db);
    const phone = t.client();
    await phone.logIn(u.email);
    const res = await phone.post('/lang', { locale: 'en', next: '/profile' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/profile');
    const [row] = await t.db.select().from(users).where(eq(users.id, u.id));
    expect(row.locale).toBe('en');
    const laptop = t.client();
    await laptop.logIn(u.email);
    const page = await (await laptop.get('/profile', { 'accept-language': 'zh-CN' })).text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<h1>Profile</h1>');
  });

  it('keeps an anonymous choice in a cookie, and refuses unknown locales', async () => {
    const browser = t.client();
    expect(
      (await browser.post('/lang', { locale: 'en', next: 'https://evil.example/' })).headers.get('location'),
    ).toBe('/');
    expect(await (await browser.get('/')).text()).toContain('<html lang="en">');
    const bad = await browser.post('/lang', { locale: 'fr' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('That language is not supported.');
  });
});
