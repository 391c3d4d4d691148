import { describe, expect, it } from 'vitest';
import { makeOrg, makeUser, useTestApp } from '../../testing/harness.ts';
import { CACHE_TAGS } from '../identity/queries.ts';
import { organizations } from '../identity/schema.ts';

const t = useTestApp();

describe('home page for anonymous visitors', () => {
  it('is served from memory until a tag changes, and carries nothing per visitor', async () => {
    const admin = await makeUser(t.db);
    await makeOrg(t.db, admin.id);
    const first = t.client();
    const html1 = await (await first.get('/')).text();
    expect(html1).toContain('<strong data-testid="stat-orgs">1</strong>');
    expect(html1).not.toContain(first.csrfToken);
    expect(html1).not.toContain('hx-headers');
    expect(html1).toContain('<form action="/lang" method="get" class="lang-switch">');

    // A write that bypasses the services (and so does not invalidate) is not seen: the page is cached.
    await t.db.insert(organizations).values({ slug: 'quiet-org', nameZh: '静默单位', type: 'other' });
    const res2 = await t.client().get('/');
    expect(await res2.text()).toBe(html1);
    expect(res2.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res2.headers.get('content-language')).toBe('zh-CN');
    expect(res2.headers.get('x-content-type-options')).toBe('nosniff');

    // Invalidation (what every service-backed write does) shows the change at once.
    await t.deps.cache.invalidate(t.db, CACHE_TAGS.organizations);
    expect(await (await t.client().get('/')).text()).toContain('<strong data-testid="stat-orgs">2</strong>');
  });

  it('keeps one cached page per language, and never serves it to a signed-in person', async () => {
    const zh = await (await t.client().get('/')).text();
    const en = await (await t.client().get('/', { 'accept-language': 'en' })).text();
    expect(zh).toContain('<html lang="zh-CN">');
    expect(en).toContain('<html lang="en">');
    expect(await (await t.client().get('/', { 'accept-language': 'en' })).text()).toBe(en);

    const u = await makeUser(t.db, { name: '登录者' });
    const browser = t.client();
    await browser.logIn(u.email);
    const mine = await (await browser.get('/')).text();
    expect(mine).toContain('>退出</button>');
    expect(mine).toContain(`hx-headers="{&quot;X-CSRF-Token&quot;:&quot;${browser.csrfToken}&quot;}"`);
    expect(mine).toContain('<form action="/lang" method="post" class="lang-switch">');
  });

  it('switches an anonymous visitor’s language with the GET form, cookie only', async () => {
    const browser = t.client();
    const res = await browser.get('/lang?locale=en&next=/orgs');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/orgs');
    expect(browser.cookies.get('gj_lang')).toBe('en');
    expect(await (await browser.get('/')).text()).toContain('<html lang="en">');
    expect((await browser.get('/lang?locale=xx')).status).toBe(400);
  });
});
