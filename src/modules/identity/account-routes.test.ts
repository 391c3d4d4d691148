import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/schema.ts';
import { lastMailTo, linkIn, makeUser, TEST_PASSWORD, useTestApp } from '../../testing/harness.ts';
import { sessions, users } from './schema.ts';

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

  it('refuses a second sign-up with the same email in another case, and changes nothing', async () => {
    await makeUser(t.db, { email: 'li.lei@example.cn' });
    const res = await t
      .client()
      .post('/signup', { email: 'LI.LEI@example.cn', displayName: '李雷', password: 'pa55word!' });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('该邮箱已注册');
    expect(html).toContain('aria-invalid="true"');
    expect(await t.db.select({ id: users.id }).from(users)).toHaveLength(1);
    expect(await lastMailTo(t.db, 'LI.LEI@example.cn')).toBeUndefined();
  });

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

  it('rate-limits failed log-ins per email, with a localised message', async () => {
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
