// Share metadata (issue 19 item 2): every public page carries a title, a description, an og:image
// that answers a PNG of a useful size, and a canonical URL, so a link pasted into WeChat or any chat
// shows a card instead of a bare URL.
import { asc } from 'drizzle-orm';
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { verifyLink } from '../../src/modules/credentials/routes.tsx';
import { credentials } from '../../src/modules/credentials/schema.ts';
import { DEMO_COURSE_SLUG } from '../../src/modules/learning/demo.ts';
import { salons } from '../../src/modules/salons/schema.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { TEST_PUBLIC_URL, useTestApp } from '../../src/testing/harness.ts';

const t = useTestApp();

/** The share tags of a page, read from its DOM. */
function shareTags(html: string) {
  const doc = parseDocument(html);
  const meta = (attr: 'name' | 'property', key: string) =>
    DomUtils.findOne((e) => e.name === 'meta' && e.attribs[attr] === key, doc.children, true)?.attribs
      .content;
  const title = DomUtils.textContent(DomUtils.findOne((e) => e.name === 'title', doc.children, true) ?? []);
  const canonical = DomUtils.findOne(
    (e) => e.name === 'link' && e.attribs.rel === 'canonical',
    doc.children,
    true,
  )?.attribs.href;
  return {
    title,
    description: meta('name', 'description'),
    ogTitle: meta('property', 'og:title'),
    ogDescription: meta('property', 'og:description'),
    ogImage: meta('property', 'og:image'),
    ogUrl: meta('property', 'og:url'),
    canonical,
  };
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('share metadata', () => {
  it('gives every public page a title, description, canonical URL and an og:image that is a PNG', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
    const [salon] = await t.db.select().from(salons).orderBy(asc(salons.number));
    const [credential] = await t.db.select().from(credentials);
    const certificate = verifyLink(
      { db: t.db, secret: t.deps.config.GONGJIN_SECRET, publicUrl: TEST_PUBLIC_URL },
      credential.id,
    );
    const pages: Array<[string, { title?: RegExp; description?: RegExp; image?: RegExp }]> = [
      ['/', { description: /厂商、生态企业/ }],
      ['/wall', { description: /成员单位/ }],
      ['/wall/members/yunhai-db', {}],
      ['/salons/series/gonghua-weilai', { image: /\/salons\/[0-9a-f-]{36}\/posters\/square\.png$/ }],
      [`/salons/${salon.id}`, { description: /金融核心系统/, image: /\/posters\/square\.png$/ }],
      [`/learn/courses/${DEMO_COURSE_SLUG}`, {}],
      // The certificate's title names the holder and the achievement; its card is the share card.
      [
        certificate.slice(TEST_PUBLIC_URL.length),
        { title: /^刘洋 · PostgreSQL 初级工程师认证/, image: /\/share\.png\?k=/ },
      ],
    ];
    const anonymous = t.client();
    for (const [path, want] of pages) {
      const res = await anonymous.get(path);
      expect(res.status, path).toBe(200);
      const tags = shareTags(await res.text());
      expect(tags.ogTitle, path).toBeTruthy();
      expect(tags.title.startsWith(tags.ogTitle ?? '?'), path).toBe(true);
      expect(tags.description?.length ?? 0, path).toBeGreaterThan(10);
      expect(tags.ogDescription, path).toBe(tags.description);
      expect(tags.canonical?.startsWith(`${TEST_PUBLIC_URL}/`), path).toBe(true);
      expect(tags.ogUrl, path).toBe(tags.canonical);
      if (want.title) expect(tags.title, path).toMatch(want.title);
      if (want.description) expect(tags.description, path).toMatch(want.description);
      if (want.image) expect(tags.ogImage, path).toMatch(want.image);
      // The image is fetched as a chat app would: a PNG of at least 600 px on its shorter side.
      expect(tags.ogImage?.startsWith(`${TEST_PUBLIC_URL}/`), path).toBe(true);
      const image = await anonymous.get((tags.ogImage as string).slice(TEST_PUBLIC_URL.length));
      expect(image.status, tags.ogImage).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      const { width, height } = pngSize(new Uint8Array(await image.arrayBuffer()));
      expect(Math.min(width, height), tags.ogImage).toBeGreaterThanOrEqual(600);
    }
  });

  it('draws the site card in the reader language at the Open Graph size', async () => {
    const zh = await t.client().get('/share.png');
    const en = await t.client().get('/share.png', { 'accept-language': 'en' });
    const zhBytes = new Uint8Array(await zh.arrayBuffer());
    expect(pngSize(zhBytes)).toEqual({ width: 1200, height: 630 });
    expect(Buffer.from(await en.arrayBuffer()).equals(Buffer.from(zhBytes))).toBe(false);
  });
});
