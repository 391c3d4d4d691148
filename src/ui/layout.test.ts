/** The site header: sections from the modules' navigation, the person's links behind one menu. */
import { describe, expect, it } from 'vitest';
import { catalogue } from '../i18n/index.ts';
import { navEntries } from '../platform/module.ts';
import { makeUser, TEST_PASSWORD, useTestApp } from '../testing/harness.ts';

const t = useTestApp();
const zh = catalogue('zh-CN');
const header = (html: string) =>
  html.slice(html.indexOf('<header class="site-header">'), html.indexOf('</header>'));

describe('the header', () => {
  it('shows every main navigation entry the modules declare, in order, marking the current section', async () => {
    const html = header(await (await t.client().get('/salons')).text());
    const nav = html.slice(html.indexOf('<nav'), html.indexOf('</nav>'));
    const links = [...nav.matchAll(/<a href="([^"]+)"( aria-current="page")?>([^<]+)<\/a>/g)];
    const expected = navEntries('main', null);
    expect(links.map((m) => m[1])).toEqual(expected.map((e) => e.href));
    expect(links.map((m) => m[3])).toEqual(expected.map((e) => zh[e.label as keyof typeof zh]));
    expect(links.filter((m) => m[2]).map((m) => m[1])).toEqual(['/salons']);
    // A visitor gets 登录 and 注册 beside the brand, and no account menu.
    expect(html).toContain(
      '<div class="site-account"><a href="/login?next=%2Fsalons">登录</a><a href="/signup?next=%2Fsalons" class="button button-primary">注册</a></div>',
    );
    expect(html).not.toContain('account-menu');
  });

  it('brings a visitor who logs in from the header back to the page, and returns there after logging in', async () => {
    const u = await makeUser(t.db);
    const page = await (await t.client().get('/wall')).text();
    expect(header(page)).toContain('<a href="/login?next=%2Fwall">登录</a>');
    // The login form keeps it, and logging in lands there instead of on the profile.
    const form = await (await t.client().get('/login?next=%2Fwall')).text();
    expect(form).toContain('name="next" value="/wall"');
    const client = t.client();
    const res = await client.post('/login', { email: u.email, password: TEST_PASSWORD, next: '/wall' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/wall']);
    // From the home page and the account pages there is nowhere to return to.
    expect(header(await (await t.client().get('/')).text())).toContain('<a href="/login">登录</a>');
    expect(header(await (await t.client().get('/signup')).text())).toContain('<a href="/login">登录</a>');
  });

  it('puts a signed-in person’s own links and 退出 behind one 我的 menu', async () => {
    const u = await makeUser(t.db);
    const client = t.client();
    await client.logIn(u.email);
    const html = header(await (await client.get('/profile')).text());
    const menu = html.slice(html.indexOf('<details class="account-menu">'), html.indexOf('</details>'));
    expect(menu.startsWith('<details class="account-menu"><summary>我的</summary>')).toBe(true);
    const links = [...menu.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(
      navEntries('account', { userId: u.id, roles: new Set(), orgRoles: new Map() } as never).map(
        (e) => e.href,
      ),
    );
    expect(menu).toContain('data-testid="logout">退出</button>');
    expect(html).not.toContain('href="/login"');
  });
});
