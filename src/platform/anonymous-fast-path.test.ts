/**
 * The node-level fast path in front of Hono (ADR 0019): a hit it answers is the same response, byte
 * for byte but the Date header, as the anonymous page cache middleware serves through Hono; and it
 * never answers what the middleware would not (a session, a POST, another locale, a page not held).
 */
import { createServer, request as httpRequest, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { getRequestListener } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_COOKIES } from '../app.tsx';
import { SESSION_COOKIE } from '../modules/identity/session.ts';
import { listen } from '../server.ts';
import { makeUser, useTestApp } from '../testing/harness.ts';
import { anonymousCacheKey, anonymousFastPath, isSecureRequest } from './anonymous-cache.ts';
import { PageCache } from './cache.ts';

const t = useTestApp();
const noHtmx = { hxRequest: undefined, hxBoosted: undefined };

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

function get(
  server: Server,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Raw> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const withoutDate = (h: Raw['headers']) => {
  // The date and the request id are per response.
  const { date: _date, 'x-request-id': _id, ...rest } = h;
  return rest;
};

async function start(listener: RequestListener): Promise<Server> {
  const server = createServer(listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return server;
}

describe('anonymous fast path', () => {
  let servers: Server[] = [];
  /** How many requests the fast path answered (the rest went to Hono). */
  let fastHits = 0;
  /** The production composition, counting what the fast path answered. */
  let gongjin: Server;
  /** Hono alone: cache hits come from the middleware. */
  let honoOnly: Server;

  beforeEach(async () => {
    // Versions are re-read once a minute here, so no request falls through for being due.
    t.deps.cache = new PageCache(t.db, 60_000);
    fastHits = 0;
    const fast = anonymousFastPath(t.deps, CACHE_COOKIES);
    const hono = getRequestListener(t.app.fetch);
    gongjin = await start((req, res) => {
      if (fast(req, res)) fastHits++;
      else hono(req, res);
    });
    honoOnly = await start(getRequestListener(t.app.fetch));
    servers = [gongjin, honoOnly];
  });
  afterEach(async () => {
    for (const s of servers) await new Promise((r) => s.close(r));
  });

  it('answers a hit with the same status, headers and bytes as the Hono path, in every encoding', async () => {
    const first = await get(honoOnly, '/'); // rendered, then kept (the cache is keyed by host)
    expect(first.status).toBe(200);
    expect(fastHits).toBe(0);
    for (const encoding of [undefined, 'gzip, deflate, br', 'gzip']) {
      const headers: Record<string, string> = encoding ? { 'accept-encoding': encoding } : {};
      // Both servers listen on 127.0.0.1 with different ports: the same Host makes the same key.
      const host = `127.0.0.1:${(honoOnly.address() as AddressInfo).port}`;
      const before = fastHits;
      const viaFast = await get(gongjin, '/', { ...headers, host });
      expect(fastHits).toBe(before + 1);
      const viaHono = await get(honoOnly, '/', headers);
      expect(viaFast.status).toBe(200);
      expect(withoutDate(viaFast.headers)).toEqual(withoutDate(viaHono.headers));
      expect(viaFast.body.equals(viaHono.body)).toBe(true);
      expect(viaFast.headers['content-security-policy']).toContain("default-src 'self'");
      expect(viaFast.headers['x-frame-options']).toBe('DENY');
      expect(viaFast.headers.vary).toContain('Accept-Encoding');
      expect(viaFast.headers['content-length']).toBe(String(viaFast.body.byteLength));
      expect(viaFast.headers['set-cookie']).toBeUndefined();
      const html = (
        encoding === undefined
          ? viaFast.body
          : encoding.includes('br')
            ? brotliDecompressSync(viaFast.body)
            : gunzipSync(viaFast.body)
      ).toString('utf8');
      expect(viaFast.headers['content-encoding']).toBe(
        encoding === undefined ? undefined : encoding.includes('br') ? 'br' : 'gzip',
      );
      expect(html).toBe(first.body.toString('utf8'));
    }
  });

  it('never answers a session, a POST or HEAD, another locale, or a page it does not hold', async () => {
    await get(gongjin, '/'); // zh-CN page kept (no Accept-Language)
    expect((await get(gongjin, '/')).status).toBe(200);
    expect(fastHits).toBe(1);
    const user = await makeUser(t.db);
    const signedIn = t.client();
    await signedIn.logIn(user.email);
    const session = signedIn.cookies.get(SESSION_COOKIE);
    expect(session).toBeTruthy();
    const mine = await get(gongjin, '/', { cookie: `${SESSION_COOKIE}=${session}` });
    expect(mine.status).toBe(200);
    // Any session cookie, even one naming no session, goes to Hono.
    await get(gongjin, '/', { cookie: `a=1; ${SESSION_COOKIE}=nothing` });
    await get(gongjin, '/', {}, 'POST');
    await get(gongjin, '/', {}, 'HEAD');
    await get(gongjin, '/wall?q=nothing-cached'); // a URL not held
    await get(gongjin, '/verify'); // a page that is never kept
    // English (by cookie): not held yet, so Hono renders it (and keeps it).
    const en = await get(gongjin, '/', { cookie: 'gj_lang=en' });
    expect(en.headers['content-language']).toBe('en');
    expect(fastHits).toBe(1);
    // Now held: a browser asking for English gets it from the fast path, in English.
    const enAgain = await get(gongjin, '/', { 'accept-language': 'en-US,en;q=0.9' });
    expect(fastHits).toBe(2);
    expect(enAgain.headers['content-language']).toBe('en');
    expect(enAgain.body.equals(en.body)).toBe(true);
    expect(enAgain.body.equals(mine.body)).toBe(false);
  });

  it('keeps an htmx fragment apart from the page at the same URL, on both paths', async () => {
    const htmx = { 'hx-request': 'true' };
    const fragment = await get(gongjin, '/wall?q=zzz', htmx); // rendered and kept as a fragment
    expect(fragment.status).toBe(200);
    expect(fragment.body.toString()).not.toContain('<html');
    const page = await get(gongjin, '/wall?q=zzz'); // not the fragment: rendered as a page
    expect(page.body.toString()).toContain('<html');
    expect(fastHits).toBe(0);
    expect((await get(gongjin, '/wall?q=zzz', htmx)).body.equals(fragment.body)).toBe(true);
    expect((await get(gongjin, '/wall?q=zzz')).body.equals(page.body)).toBe(true);
    expect(fastHits).toBe(2);
    const host = `127.0.0.1:${(gongjin.address() as AddressInfo).port}`;
    expect((await get(honoOnly, '/wall?q=zzz', { ...htmx, host })).body.equals(fragment.body)).toBe(true);
    expect((await get(honoOnly, '/wall?q=zzz', { host })).body.equals(page.body)).toBe(true);
  });

  it('falls through for URLs Hono would normalise', async () => {
    await get(gongjin, '/wall');
    await get(gongjin, '/wall');
    expect(fastHits).toBe(1);
    await get(gongjin, '/x/../wall');
    expect(fastHits).toBe(1);
  });

  it("serves while the versions are due, and sees another process's write once the re-read is in", async () => {
    t.deps.cache = new PageCache(t.db, 0); // every request is due for a re-read
    await get(gongjin, '/');
    const held = await get(gongjin, '/');
    expect(fastHits).toBe(1); // not held back by the due re-read (ADR 0028)
    // Another process bumps the tag in the database; this process has not heard of it.
    await new PageCache(t.db, 60_000).invalidate(t.db, 'organizations');
    // The next hit is still served by the versions held (at most one re-read late) and starts the
    // re-read; once it has landed, the page is stale and rendered by Hono again.
    await get(gongjin, '/');
    const hitsBefore = fastHits;
    await new Promise((r) => setTimeout(r, 100));
    const after = await get(gongjin, '/');
    expect(fastHits).toBe(hitsBefore);
    expect(after.body.toString()).toBe(held.body.toString());
  });

  it('sees an invalidation at once, in this process', async () => {
    await get(gongjin, '/');
    const cached = await get(gongjin, '/');
    expect(fastHits).toBe(1);
    await t.deps.cache.invalidate(t.db, 'organizations');
    const after = await get(gongjin, '/');
    expect(fastHits).toBe(1); // rendered by Hono again
    expect(after.status).toBe(200);
    expect(after.body.toString()).toBe(cached.body.toString());
    await get(gongjin, '/');
    expect(fastHits).toBe(2);
  });

  it('is what the production listener runs', async () => {
    const server = await listen(t.app, t.deps, 0, '127.0.0.1');
    servers.push(server);
    const first = await get(server, '/');
    const second = await get(server, '/');
    expect(second.status).toBe(200);
    expect(second.body.equals(first.body)).toBe(true);
    const port = (server.address() as AddressInfo).port;
    const key = anonymousCacheKey(
      {
        method: 'GET',
        url: `http://127.0.0.1:${port}/`,
        secure: false,
        cookie: undefined,
        acceptLanguage: undefined,
        ...noHtmx,
      },
      CACHE_COOKIES,
    );
    expect(key && t.deps.cache.peekNow(key)).toBeTruthy();
  });
});

describe('anonymous cache key', () => {
  const req = {
    method: 'GET',
    url: 'http://x.test/a',
    secure: false,
    cookie: undefined,
    acceptLanguage: undefined,
    ...noHtmx,
  };
  it('is one function of method, URL, scheme, session, locale and htmx fragment', () => {
    expect(anonymousCacheKey(req, CACHE_COOKIES)).toBe('anon||zh-CN|http://x.test/a');
    expect(anonymousCacheKey({ ...req, method: 'POST' }, CACHE_COOKIES)).toBeUndefined();
    expect(anonymousCacheKey({ ...req, cookie: 'gj_session=abc' }, CACHE_COOKIES)).toBeUndefined();
    expect(anonymousCacheKey({ ...req, cookie: 'gj_session=' }, CACHE_COOKIES)).toBe(
      'anon||zh-CN|http://x.test/a',
    );
    expect(anonymousCacheKey({ ...req, cookie: 'gj_csrf=t; gj_lang=en' }, CACHE_COOKIES)).toBe(
      'anon||en|http://x.test/a',
    );
    expect(anonymousCacheKey({ ...req, acceptLanguage: 'en-GB,en;q=0.8' }, CACHE_COOKIES)).toBe(
      'anon||en|http://x.test/a',
    );
    // The cookie outranks the browser's language.
    expect(anonymousCacheKey({ ...req, cookie: 'gj_lang=zh-CN', acceptLanguage: 'en' }, CACHE_COOKIES)).toBe(
      'anon||zh-CN|http://x.test/a',
    );
    expect(anonymousCacheKey({ ...req, secure: true }, CACHE_COOKIES)).toBe('anon|s|zh-CN|http://x.test/a');
    // An htmx request gets a fragment at the same URL; a boosted one gets the page.
    expect(anonymousCacheKey({ ...req, hxRequest: 'true' }, CACHE_COOKIES)).toBe(
      'anon|f|zh-CN|http://x.test/a',
    );
    expect(anonymousCacheKey({ ...req, hxRequest: 'true', hxBoosted: 'true' }, CACHE_COOKIES)).toBe(
      'anon||zh-CN|http://x.test/a',
    );
  });

  it('takes the scheme from a trusted proxy only', () => {
    expect(isSecureRequest(true, 'https', 'http://x.test/')).toBe(true);
    expect(isSecureRequest(true, undefined, 'https://x.test/')).toBe(false);
    expect(isSecureRequest(false, 'https', 'http://x.test/')).toBe(false);
    expect(isSecureRequest(false, undefined, 'https://x.test/')).toBe(true);
  });
});
