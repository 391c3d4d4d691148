/**
 * The verification page (GET /verify/:id?k=…) is kept by the anonymous page cache (ADR 0019): the
 * next verification in this process never shows a status older than the last change, the page goes
 * stale at its validity boundaries, and only the key's own link is ever kept.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CACHE_COOKIES } from '../../app.tsx';
import { anonymousCacheKey } from '../../platform/anonymous-cache.ts';
import { listen } from '../../server.ts';
import { makeUser, TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { verifyLink } from './routes.tsx';
import {
  createAchievement,
  createIssuer,
  issueCredential,
  reinstateCredential,
  rotateIssuerKey,
  suspendCredential,
} from './service.ts';

const t = useTestApp();
const noHtmx = { hxRequest: undefined, hxBoosted: undefined };
const info = { ip: null, actorId: null };

async function setup(opts: { validUntil?: Date; now?: Date } = {}) {
  const ctx = {
    db: t.db,
    secret: t.deps.config.GONGJIN_SECRET,
    publicUrl: TEST_PUBLIC_URL,
    embedded: t.deps.dbKind === 'pglite',
  };
  const alliance = await createIssuer(ctx, { slug: 'alliance', nameZh: '联盟', nameEn: 'Alliance' }, info);
  const achievement = await createAchievement(
    ctx,
    {
      slug: 'pg-associate',
      nameZh: 'PostgreSQL 初级认证',
      nameEn: 'PostgreSQL Associate',
      descriptionZh: '掌握基础',
      descriptionEn: 'Basics',
      criteriaZh: '通过考试',
      criteriaEn: 'Passed the exam',
      issuerId: alliance.id,
    },
    info,
  );
  const row = await issueCredential(ctx, achievement.id, { name: '王小明', userId: null }, [], info, opts);
  const link = verifyLink(ctx, row.id).slice(TEST_PUBLIC_URL.length);
  return { ctx, alliance, row, link };
}

const checksOf = (html: string) =>
  [...html.matchAll(/data-check="(\w+)" data-ok="(\w+)"/g)].map((m) => `${m[1]}:${m[2]}`);
const statusOf = (html: string) => checksOf(html).filter((c) => c.startsWith('status'));

/** The page cache's entry for an anonymous zh-CN reader of `url`, if it holds one now. */
const held = (url: string) =>
  t.deps.cache.peekNow(
    anonymousCacheKey(
      { method: 'GET', url, secure: false, cookie: undefined, acceptLanguage: undefined, ...noHtmx },
      CACHE_COOKIES,
    ) as string,
  );

describe('verification page cache', () => {
  let server: Server | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    if (server) await new Promise((r) => server?.close(r));
    server = undefined;
  });

  it('keeps the page of a known id; the next GET after a revocation shows it revoked (production listener)', async () => {
    const { row, link } = await setup();
    server = await listen(t.app, t.deps, 0, '127.0.0.1');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const page = async () => {
      const res = await fetch(`${base}${link}`);
      expect(res.status).toBe(200);
      return res.text();
    };
    const first = await page();
    expect(statusOf(first)).toEqual(['status:true', 'status:true']);
    expect(held(`${base}${link}`)).toBeTruthy();
    expect(await page()).toBe(first);
    const admin = await makeUser(t.db, { roles: ['platform_admin'], email: 'admin@cred.test' });
    const browser = t.client();
    await browser.logIn(admin.email);
    const revoke = await browser.post(`/admin/credentials/${row.id}/status`, {
      status: 'revoked',
      reason: '作弊',
    });
    expect(revoke.status).toBe(303);
    expect(held(`${base}${link}`)).toBeUndefined();
    const after = await page();
    expect(statusOf(after)).toEqual(['status:false', 'status:true']);
    expect(after).toContain('证书未通过查证。');
    // Kept again, revoked.
    expect(held(`${base}${link}`)).toBeTruthy();
    expect(await page()).toBe(after);
  });

  it('shows a suspension and its end on the next GET, and a key rotation re-renders it', async () => {
    const { ctx, alliance, row, link } = await setup();
    const anon = t.client();
    const page = async () => (await anon.get(link)).text();
    expect(statusOf(await page())).toEqual(['status:true', 'status:true']);
    expect(held(`${TEST_PUBLIC_URL}${link}`)).toBeTruthy();
    await suspendCredential(ctx, row.id, '核查中', info);
    expect(statusOf(await page())).toEqual(['status:true', 'status:false']);
    expect(statusOf(await page())).toEqual(['status:true', 'status:false']); // the kept page
    await reinstateCredential(ctx, row.id, '核查完毕', info);
    const back = await page();
    expect(statusOf(back)).toEqual(['status:true', 'status:true']);
    expect(held(`${TEST_PUBLIC_URL}${link}`)).toBeTruthy();
    await rotateIssuerKey(ctx, alliance.id, info);
    expect(held(`${TEST_PUBLIC_URL}${link}`)).toBeUndefined();
    // Signed before the rotation: still valid.
    expect(checksOf(await page()).every((c) => c.endsWith(':true'))).toBe(true);
  });

  it('keeps only the key link: a wrong key, a name lookup or extra parameters are never kept', async () => {
    const { row, link } = await setup();
    const anon = t.client();
    expect((await anon.get(link)).status).toBe(200);
    expect(held(`${TEST_PUBLIC_URL}${link}`)).toBeTruthy();
    const wrong = `/verify/${row.id}?k=${'A'.repeat(22)}`;
    expect((await anon.get(wrong)).status).toBe(404);
    expect((await anon.get(wrong)).status).toBe(404);
    expect(held(`${TEST_PUBLIC_URL}${wrong}`)).toBeUndefined();
    const byName = `/verify/${row.id}?name=${encodeURIComponent('王小明')}`;
    expect((await anon.get(byName)).status).toBe(200);
    expect(held(`${TEST_PUBLIC_URL}${byName}`)).toBeUndefined();
    const extra = `${link}&x=1`;
    expect((await anon.get(extra)).status).toBe(200);
    expect(held(`${TEST_PUBLIC_URL}${extra}`)).toBeUndefined();
  });

  it('goes stale at the validity boundaries', async () => {
    const start = new Date(Math.ceil(Date.now() / 1000) * 1000);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    const until = new Date(start.getTime() + 3_600_000);
    const { link } = await setup({ validUntil: until });
    const anon = t.client();
    const url = `${TEST_PUBLIC_URL}${link}`;
    expect(checksOf(await (await anon.get(link)).text())).toContain('validity:true');
    vi.setSystemTime(until.getTime() - 1000);
    expect(held(url)).toBeTruthy();
    expect(checksOf(await (await anon.get(link)).text())).toContain('validity:true');
    vi.setSystemTime(until.getTime() + 1000);
    expect(held(url)).toBeUndefined();
    expect(checksOf(await (await anon.get(link)).text())).toContain('validity:false');
  });

  it('a credential valid from later is not kept past the moment it becomes valid', async () => {
    const now = new Date(Math.ceil(Date.now() / 1000) * 1000);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    const validFrom = new Date(now.getTime() + 3_600_000);
    const { link } = await setup({ now: validFrom });
    const anon = t.client();
    const url = `${TEST_PUBLIC_URL}${link}`;
    const early = checksOf(await (await anon.get(link)).text());
    expect(early).toContain('validity:false');
    expect(early).toContain('key_validity:false'); // its proof is dated ahead of the clock
    expect(held(url)).toBeTruthy();
    // The proof's date comes within the allowed clock skew five minutes before validFrom.
    vi.setSystemTime(validFrom.getTime() - 5 * 60_000 + 1000);
    expect(held(url)).toBeUndefined();
    const nearly = checksOf(await (await anon.get(link)).text());
    expect(nearly).toContain('key_validity:true');
    expect(nearly).toContain('validity:false');
    vi.setSystemTime(validFrom.getTime() + 1000);
    expect(held(url)).toBeUndefined();
    expect(checksOf(await (await anon.get(link)).text()).every((c) => c.endsWith(':true'))).toBe(true);
  });
});
