import { describe, expect, it } from 'vitest';
import { makeOrg, makeUser, useTestApp } from '../../testing/harness.ts';
import { CACHE_TAGS } from '../identity/queries.ts';
import { organizations } from '../identity/schema.ts';

const t = useTestApp();

const tokenIn = (html: string) => html.match(/X-CSRF-Token&quot;:&quot;([^&]+)&quot;/)![1];

describe('home page for anonymous visitors', () => {
  it('is served from memory until a tag changes, with each visitor’s own CSRF token', async () => {
    const admin = await makeUser(t.db);
    await makeOrg(t.db, admin.id);
    const first = t.client();
    const html1 = await (await first.get('/')).text();
    expect(html1).toContain('<strong data-testid="stat-orgs">1</strong>');
    expect(tokenIn(html1)).toBe(first.cookies.get('gj_csrf'));

    // A write that bypasses the services (and so does not invalidate) is not seen: the page is cached.
    await t.db.insert(organizations).values({ slug: 'quiet-org', nameZh: '静默单位', type: 'other' });
    const second = t.client();
    const res2 = await second.get('/');
    const html2 = await res2.text();
    expect(html2).toContain('<strong data-testid="stat-orgs">1</strong>');
    expect(tokenIn(html2)).toBe(second.cookies.get('gj_csrf'));
    expect(tokenIn(html2)).not.toBe(tokenIn(html1));
    expect(res2.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res2.headers.get('content-language')).toBe('zh-CN');

    // A new visitor without any cookie gets a fresh, valid token cookie from the cached page.
    const bare = await t.app.request('/');
    const cookie = bare.headers.getSetCookie().find((c) => c.startsWith('gj_csrf='))!;
    expect(tokenIn(await bare.text())).toBe(cookie.split(';')[0].slice('gj_csrf='.length));

    // Invalidation (what every service-backed write does) shows the change at once.
    await t.deps.cache.invalidate(t.db, CACHE_TAGS.organizations);
    expect(await (await t.client().get('/')).text()).toContain('<strong data-testid="stat-orgs">2</strong>');
  });

  it('keeps one cached page per language, and never serves it to a signed-in person', async () => {
    const zh = await (await t.client().get('/')).text();
    const en = await (await t.client().get('/', { 'accept-language': 'en' })).text();
    expect(zh).toContain('<html lang="zh-CN">');
    expect(en).toContain('<html lang="en">');
    expect(await (await t.client().get('/', { 'accept-language': 'en' })).text()).toContain(
      '<html lang="en">',
    );

    const u = await makeUser(t.db, { name: '登录者' });
    const browser = t.client();
    await browser.logIn(u.email);
    const mine = await (await browser.get('/')).text();
    expect(mine).toContain('>退出</button>');
    expect(mine).not.toContain('href="/signup"');
  });
});
