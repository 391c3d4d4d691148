// Cross-cutting HTTP behaviour: security headers, health, errors in three shapes, body limits, API docs.
import { readFileSync } from 'node:fs';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.tsx';

import { makeUser, useTestApp } from '../../src/testing/harness.ts';

// Every migration in the journal (modules add theirs), all applied at start-up.
const SHIPPED_MIGRATIONS: number = JSON.parse(
  readFileSync(new URL('../../migrations/meta/_journal.json', import.meta.url), 'utf8'),
).entries.length;

const t = useTestApp();

describe('HTTP shell', () => {
  it('serves the Simplified-Chinese home page with security headers and a CSRF cookie', async () => {
    const res = await t.app.request('/'); // a first visit: no cookies yet
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="zh-CN">/);
    expect(html).toContain('<h1>抱团共进，共话数据库未来</h1>');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(html).not.toMatch(/<script>|<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+="/); // no inline scripts or handlers
    const csrf = res.headers.getSetCookie().find((c) => c.startsWith('gj_csrf='))!;
    expect(csrf).toMatch(/HttpOnly/);
  });

  it('links every public area from the navigation, and a signed-in person to their certificates', async () => {
    const anonymous = await (await t.app.request('/')).text();
    for (const href of ['/wall', '/salons', '/learn', '/exams', '/verify'])
      expect(anonymous).toContain(`href="${href}"`);
    expect(anonymous).not.toContain('href="/my/credentials"');
    const c = t.client();
    await c.logIn((await makeUser(t.db)).email);
    expect(await (await c.get('/')).text()).toContain('href="/my/credentials"');
  });

  it('sends HSTS and Secure cookies only behind https (trusted proxy)', async () => {
    const plain = await t.client().get('/', { 'x-forwarded-proto': 'https' });
    expect(plain.headers.get('strict-transport-security')).toBeNull(); // proxy not trusted by default
    t.deps.config.TRUST_PROXY = true;
    try {
      const res = await t.app.request('/', { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers.getSetCookie().find((c) => c.startsWith('gj_csrf='))).toMatch(/; Secure/);
    } finally {
      t.deps.config.TRUST_PROXY = false;
    }
  });

  it('answers in English for an English browser', async () => {
    const res = await t.client().get('/', { 'accept-language': 'en-US,en;q=0.9' });
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Advance together: the future of databases</h1>');
    expect(res.headers.get('content-language')).toBe('en');
  });

  it('reports health and readiness', async () => {
    expect(await (await t.client().get('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.client().get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      database: t.database.kind,
      migrations: { shipped: SHIPPED_MIGRATIONS, applied: SHIPPED_MIGRATIONS },
    });
  });

  it('renders a localised 404 page, and a typed JSON error under /api', async () => {
    const page = await t.client().get('/no-such-page');
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).toContain('<h1>页面不存在</h1>');
    expect(html).toContain('找不到你要的页面或内容。');
    const api = await t.client().get('/api/v1/nothing-here', { 'accept-language': 'en' });
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'We could not find that page.',
        requestId: api.headers.get('x-request-id'),
      },
    });
    const me = await t.client().get('/api/v1/me');
    expect(me.status).toBe(401);
    expect(await me.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: '请先登录。', requestId: me.headers.get('x-request-id') },
    });
  });

  it('renders an htmx error as a fragment, not a page', async () => {
    const res = await t.client().get('/no-such-page', { 'hx-request': 'true' });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe(
      '<div class="alert alert-error" role="alert">找不到你要的页面或内容。</div>',
    );
  });

  it('renders a localised 500 page without leaking the error', async () => {
    const app = createApp(t.deps);
    app.get('/__boom', () => {
      throw new Error('secret internals');
    });
    const res = await app.request('/__boom', { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain('<h1>Something went wrong</h1>');
    expect(html).not.toContain('secret internals');
  });

  it("answers Hono's own 4xx exceptions with their status and the typed error, never a 500", async () => {
    const app = createApp(t.deps);
    app.get('/api/__bad', () => {
      throw new HTTPException(400, { message: 'Malformed JSON in request body' });
    });
    app.get('/__gone', () => {
      throw new HTTPException(415);
    });
    const api = await app.request('/api/__bad');
    expect(api.status).toBe(400);
    expect((await api.json()).error).toMatchObject({ code: 'INVALID_INPUT' });
    const page = await app.request('/__gone');
    expect(page.status).toBe(415);
    expect(await page.text()).not.toContain('<h1>出错了</h1>');
  });

  it('refuses oversized bodies with 413 and changes nothing', async () => {
    const res = await t.client().post('/signup', {
      email: 'big@example.cn',
      displayName: 'x'.repeat(3 * 1024 * 1024),
      password: 'pa55word!',
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('提交的内容太大（上限 2048 KB）。');
  });

  it('serves static assets with a content hash and a one-year cache', async () => {
    const html = await (await t.client().get('/')).text();
    const css = html.match(/href="(\/static\/app\.[0-9a-f]{12}\.css)"/)![1];
    const res = await t.client().get(css);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toContain('--color-primary');
    expect((await t.client().get('/static/app.000000000000.css')).status).toBe(404);
  });

  it('publishes an OpenAPI 3.1 document and a docs page served without a CDN', async () => {
    const doc = await (await t.client().get('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/me');
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toContain('RATE_LIMITED');
    const page = await t.client().get('/api/docs');
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toMatch(/<script src="\/static\/swagger-ui-bundle\.[0-9a-f]{12}\.js"><\/script>/);
    expect(html).not.toMatch(/https?:\/\/(?!gongjin)/);
  });
});
