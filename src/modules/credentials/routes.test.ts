import { Resvg, renderAsync } from '@resvg/resvg-js';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/schema.ts';
import { makeUser, TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import type { JsonObject } from './data-integrity.ts';
import { verifyLink } from './routes.tsx';
import { credentialAchievements, credentialIssuers, credentials } from './schema.ts';
import { createAchievement, createIssuer } from './service.ts';
import { logoBoxes } from './share-card.ts';

const t = useTestApp();
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const info = { ip: null, actorId: null };

/** Decodes a PNG response body (by drawing it 1:1 with resvg): its size and the RGB at a point. */
async function decodePng(res: Response) {
  const png = Buffer.from(await res.arrayBuffer());
  expect(res.headers.get('content-type')).toBe('image/png');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const image = new Resvg(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`,
  ).render();
  const pixels = image.pixels;
  return {
    png,
    width,
    height,
    at: (x: number, y: number) => {
      const i = (Math.round(y) * image.width + Math.round(x)) * 4;
      return [...pixels.subarray(i, i + 3)];
    },
  };
}

const solidPng = async (fill: string) =>
  Buffer.from(
    (
      await renderAsync(
        `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="30"><rect width="60" height="30" fill="${fill}"/></svg>`,
      )
    ).asPng(),
  );

async function setup() {
  const ctx = { db: t.db, secret: t.deps.config.GONGJIN_SECRET, publicUrl: TEST_PUBLIC_URL };
  const alliance = await createIssuer(ctx, { slug: 'alliance', nameZh: '联盟', nameEn: 'Alliance' }, info);
  const body = await createIssuer(
    ctx,
    { slug: 'cert-body', nameZh: '认证中心', nameEn: 'Cert Centre' },
    info,
  );
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
      coIssuerId: body.id,
    },
    info,
  );
  const admin = await makeUser(t.db, { roles: ['platform_admin'], email: 'admin@cred.test' });
  const browser = t.client();
  await browser.logIn(admin.email);
  return { ctx, achievement, browser };
}

const checksOf = (html: string) =>
  [...html.matchAll(/data-check="(\w+)" data-ok="(\w+)"/g)].map((m) => `${m[1]}:${m[2]}`);

describe('credential routes', () => {
  it('an admin issues a co-signed credential; its link shows every check passing; revoking shows it revoked', async () => {
    const { ctx, achievement, browser } = await setup();
    const res = await browser.post('/admin/credentials/issue', {
      achievementId: achievement.id,
      recipientName: '王小明',
      evidenceName: '考试成绩',
      evidenceUrl: 'https://exam.example/r/7',
    });
    expect(res.status).toBe(201);
    const [row] = await t.db.select().from(credentials);
    expect(row.recipientName).toBe('王小明');
    const link = verifyLink(ctx, row.id).slice(TEST_PUBLIC_URL.length);
    const anon = t.client();
    const page = await anon.get(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(checksOf(html)).toEqual([
      'format:true',
      'proof:true',
      'proof:true',
      'issuers:true',
      'issuers:true',
      'key_validity:true',
      'key_validity:true',
      'status:true',
      'status:true',
      'validity:true',
    ]);
    expect(html).toContain('<dd id="holder">王小明</dd>');
    const pdfLink = (/href="(\/verify\/[^"]+\/certificate\.pdf\?k=[^"]+)"/.exec(html)?.[1] ?? '').replaceAll(
      '&amp;',
      '&',
    );
    expect(pdfLink).toMatch(/&lang=zh-CN$/); // the reader's language first
    const pdf = await anon.get(pdfLink);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).toString('latin1')).toContain(
      `/URI (${verifyLink(ctx, row.id)})`,
    );
    // The achievement is signed in both languages; each reader sees theirs.
    expect(html).toContain('<strong id="achievement">PostgreSQL 初级认证</strong>');
    const english = await (await anon.get(link, { 'accept-language': 'en' })).text();
    expect(english).toContain('<strong id="achievement">PostgreSQL Associate</strong>');
    expect(english).toContain('Cert Centre');
    const pdfEn = await anon.get(pdfLink.replace('lang=zh-CN', 'lang=en'));
    expect(pdfEn.headers.get('content-type')).toBe('application/pdf');
    const revoke = await browser.post(`/admin/credentials/${row.id}/status`, {
      status: 'revoked',
      reason: '作弊',
    });
    expect(revoke.status).toBe(303);
    const after = await (await anon.get(link)).text();
    expect(checksOf(after).filter((c) => c.startsWith('status'))).toEqual(['status:false', 'status:true']);
    expect(after).toContain('证书未通过查证。');
  });

  it('looks up by id and holder name; a wrong name or a bare id reveals nothing', async () => {
    const { ctx, achievement, browser } = await setup();
    await browser.post('/admin/credentials/issue', { achievementId: achievement.id, recipientName: '李 雷' });
    const [row] = await t.db.select().from(credentials);
    const anon = t.client();
    const found = await anon.get(`/verify?id=${row.id}&name=${encodeURIComponent('李雷')}`);
    expect(found.status).toBe(303);
    expect(found.headers.get('location')).toBe(verifyLink(ctx, row.id));
    expect((await anon.get(`/verify?id=${row.id}&name=${encodeURIComponent('韩梅梅')}`)).status).toBe(404);
    expect((await anon.get(`/verify/${row.id}`)).status).toBe(404);
    expect((await anon.get(`/verify/${row.id}?k=wrong`)).status).toBe(404);
  });

  it('verifies pasted JSON, and the API verifies and serves credentials', async () => {
    const { achievement, browser } = await setup();
    await browser.post('/admin/credentials/issue', { achievementId: achievement.id, recipientName: '甲' });
    const [row] = await t.db.select().from(credentials);
    const anon = t.client();
    const pasted = await anon.post('/verify', { credential: JSON.stringify(row.document) });
    expect(pasted.status).toBe(200);
    expect(checksOf(await pasted.text()).every((c) => c.endsWith(':true'))).toBe(true);

    const upload = new FormData();
    upload.set(
      'file',
      new File([JSON.stringify(row.document)], 'credential.json', { type: 'application/json' }),
    );
    const uploaded = await anon.postMultipart('/verify', upload);
    expect(uploaded.status).toBe(200);
    expect(checksOf(await uploaded.text()).every((c) => c.endsWith(':true'))).toBe(true);

    const api = await anon.request('/api/v1/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ credential: row.document }),
    });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { valid: boolean; checks: Array<{ id: string; ok: boolean }> };
    expect(body.valid).toBe(true);
    expect(body.checks.length).toBe(10);

    const tampered = structuredClone(row.document) as JsonObject;
    tampered.validFrom = '2020-01-01T00:00:00Z';
    const bad = await anon.request('/api/v1/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ credential: tampered }),
    });
    const badBody = (await bad.json()) as { valid: boolean; checks: Array<{ id: string; code: string }> };
    expect(badBody.valid).toBe(false);
    expect(badBody.checks.filter((c) => c.id === 'proof').map((c) => c.code)).toEqual([
      'bad_signature',
      'bad_signature',
    ]);

    const got = await anon.get(`/api/v1/credentials/${row.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(row.document);
    await t.db.update(credentials).set({ public: 0 }).where(eq(credentials.id, row.id));
    expect((await anon.get(`/api/v1/credentials/${row.id}`)).status).toBe(404);
  });

  it('publishes the issuer DID document with every key, and a signed status list', async () => {
    const { browser } = await setup();
    expect((await browser.post('/admin/credentials/issuers/alliance/rotate')).status).toBe(303);
    const did = (await (await t.client().get('/issuers/alliance/did.json')).json()) as JsonObject;
    expect(did.id).toBe('did:web:gongjin.test:issuers:alliance');
    expect(did.assertionMethod as string[]).toEqual([
      'did:web:gongjin.test:issuers:alliance#key-1',
      'did:web:gongjin.test:issuers:alliance#key-2',
    ]);
    expect(JSON.stringify(did)).not.toMatch(/secret|private/i);
    const list = (await (
      await t.client().get('/credentials/status/alliance/revocation/0')
    ).json()) as JsonObject;
    expect(list.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect((list.proof as JsonObject).verificationMethod).toBe('did:web:gongjin.test:issuers:alliance#key-2');
  });

  it('the holder sees their credentials and chooses which are public', async () => {
    const { achievement, browser } = await setup();
    const holder = await makeUser(t.db, { email: 'holder@cred.test' });
    const other = await makeUser(t.db, { email: 'other@cred.test' });
    await browser.post('/admin/credentials/issue', {
      achievementId: achievement.id,
      recipientName: '持有人',
      recipientEmail: 'holder@cred.test',
    });
    const [row] = await t.db.select().from(credentials);
    expect(row.recipientUserId).toBe(holder.id);
    const me = t.client();
    await me.logIn(holder.email);
    const page = await (await me.get('/my/credentials')).text();
    expect(page).toContain(`data-credential="${row.id}"`);
    const stranger = t.client();
    await stranger.logIn(other.email);
    expect(await (await stranger.get('/my/credentials')).text()).not.toContain(row.id);
    expect((await stranger.post(`/my/credentials/${row.id}/visibility`, { public: 'false' })).status).toBe(
      404,
    );
    expect((await t.client().get(`/api/v1/credentials/${row.id}`)).status).toBe(200);
    expect((await me.post(`/my/credentials/${row.id}/visibility`, { public: 'false' })).status).toBe(303);
    expect((await t.client().get(`/api/v1/credentials/${row.id}`)).status).toBe(404);
  });

  it('batch-issues from CSV all or nothing, naming the bad lines', async () => {
    const { achievement, browser } = await setup();
    await makeUser(t.db, { email: 'known@cred.test' });
    const bad = await browser.post('/admin/credentials/batch', {
      achievementId: achievement.id,
      csv: 'name,email\n甲,known@cred.test\n,\n乙,nobody@cred.test\n"丙, 丁",,成绩,https://x.example/1',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('以下行有误，未颁发任何证书：第 3, 4 行。');
    expect(await t.db.select().from(credentials)).toEqual([]);
    const ok = await browser.post('/admin/credentials/batch', {
      achievementId: achievement.id,
      csv: 'name,email\n甲,known@cred.test\n"丙, 丁",,成绩,https://x.example/1',
    });
    expect(ok.status).toBe(201);
    const rows = await t.db.select().from(credentials);
    expect(rows.map((r) => r.recipientName).sort()).toEqual(['丙, 丁', '甲']);
  });

  it('an admin creates an issuer and a co-issued achievement by form', async () => {
    const { browser } = await setup();
    expect(
      (await browser.post('/admin/credentials/issuers', { slug: 'Bad Slug', nameZh: '甲', nameEn: 'A' }))
        .status,
    ).toBe(400);
    expect(
      (await browser.post('/admin/credentials/issuers', { slug: 'alliance', nameZh: '甲', nameEn: 'A' }))
        .status,
    ).toBe(409);
    const made = await browser.post('/admin/credentials/issuers', {
      slug: 'school',
      nameZh: '东湖大学',
      nameEn: 'Donghu University',
    });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe('/admin/credentials?done=issuer');
    expect(await (await browser.get('/admin/credentials?done=issuer')).text()).toContain(
      '发证机构已创建，签名密钥已生成。',
    );
    const issuers = await t.db.select().from(credentialIssuers);
    const school = issuers.find((i) => i.slug === 'school')!;
    const alliance = issuers.find((i) => i.slug === 'alliance')!;
    const res = await browser.post('/admin/credentials/achievements', {
      slug: 'hackathon-winner',
      nameZh: '黑客松冠军',
      nameEn: 'Hackathon winner',
      descriptionZh: '赢得黑客松',
      descriptionEn: 'Won the hackathon',
      criteriaZh: '评委评分第一',
      criteriaEn: 'Ranked first by the judges',
      creditsAvailable: '1.5',
      alignmentName: '数据库开发方向 · 初级',
      alignmentUrl: 'https://tracks.example/db-dev/1',
      issuerId: alliance.id,
      coIssuerId: school.id,
    });
    expect(res.status).toBe(303);
    const [a] = await t.db
      .select()
      .from(credentialAchievements)
      .where(eq(credentialAchievements.slug, 'hackathon-winner'));
    expect([a.issuerId, a.coIssuerId, a.creditsAvailable]).toEqual([alliance.id, school.id, 1.5]);
    // Issued credentials carry the credit and the alignment, and still verify (the terms are in the OB context).
    await browser.post('/admin/credentials/issue', { achievementId: a.id, recipientName: '冠军' });
    const [row] = await t.db.select().from(credentials);
    const achievementJson = (row.document.credentialSubject as JsonObject).achievement as JsonObject;
    expect(achievementJson.alignment).toEqual([
      {
        type: ['Alignment'],
        targetName: '数据库开发方向 · 初级',
        targetUrl: 'https://tracks.example/db-dev/1',
      },
    ]);
    expect(achievementJson.creditsAvailable).toBe(1.5);
    const api = await t.client().request('/api/v1/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ credential: row.document }),
    });
    expect(((await api.json()) as { valid: boolean }).valid).toBe(true);
  });

  it('the API reports a revocation on the next check of a credential it has just verified', async () => {
    const { achievement, browser } = await setup();
    await browser.post('/admin/credentials/issue', { achievementId: achievement.id, recipientName: '乙' });
    const [row] = await t.db.select().from(credentials);
    const anon = t.client();
    const check = async () => {
      const res = await anon.request('/api/v1/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ credential: row.document }),
      });
      return (await res.json()) as { valid: boolean; checks: Array<{ id: string; code: string }> };
    };
    expect((await check()).valid).toBe(true);
    expect((await check()).valid).toBe(true);
    const revoke = await browser.post(`/admin/credentials/${row.id}/status`, {
      status: 'revoked',
      reason: '考试作弊',
    });
    expect(revoke.status).toBeLessThan(400);
    const after = await check();
    expect(after.valid).toBe(false);
    expect(after.checks.filter((c) => c.id === 'status').map((c) => c.code)).toEqual(['revoked', 'clear']);
    expect(after.checks.filter((c) => c.id === 'proof').map((c) => c.code)).toEqual(['valid', 'valid']);
  });

  it('an admin sets issuer logos (PNG/JPEG only, by magic bytes) and the certificate PDF draws them', async () => {
    const { ctx, achievement, browser } = await setup();
    await browser.post('/admin/credentials/issue', { achievementId: achievement.id, recipientName: '丙' });
    const [row] = await t.db.select().from(credentials);
    const link = verifyLink(ctx, row.id).slice(TEST_PUBLIC_URL.length);
    const pdfUrl = link.replace(`/verify/${row.id}`, `/verify/${row.id}/certificate.pdf`);
    const pdfText = async () =>
      Buffer.from(await (await t.client().get(pdfUrl)).arrayBuffer()).toString('latin1');
    expect(await pdfText()).not.toContain('/Subtype /Image');

    const upload = (name: string, bytes: Uint8Array<ArrayBuffer> | string, type: string) => {
      const form = new FormData();
      form.set('logo', new File([bytes], name, { type }));
      return browser.postMultipart('/admin/credentials/issuers/alliance/logo', form);
    };
    // An SVG named .png is refused: the bytes decide, not the name or the header.
    const svg = await upload('logo.png', '<svg onload="alert(1)"/>', 'image/png');
    expect(svg.status).toBe(400);
    // GIF is an image the platform stores, but the certificate cannot draw it.
    const gif = await upload('logo.gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image/gif');
    expect(gif.status).toBe(400);
    const big = new Uint8Array(512 * 1024 + 1);
    big.set(PNG);
    expect((await upload('big.png', big, 'image/png')).status).toBe(400);
    const [before] = await t.db
      .select()
      .from(credentialIssuers)
      .where(eq(credentialIssuers.slug, 'alliance'));
    expect(before.logoSha256).toBeNull();

    const ok = await upload('logo.png', PNG, 'image/png');
    expect(ok.status).toBe(303);
    const [after] = await t.db.select().from(credentialIssuers).where(eq(credentialIssuers.slug, 'alliance'));
    expect(after.logoSha256).toMatch(/^[0-9a-f]{64}$/);
    const served = await t.client().get(`/files/${after.logoSha256}`);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);
    const admin = await (await browser.get('/admin/credentials')).text();
    expect(admin).toContain(`/files/${after.logoSha256}`);

    // Credentials issued before the logo was set show it too: logos follow the issuers listed.
    const withLogo = await pdfText();
    expect(withLogo).toContain('/Subtype /Image');
    expect(
      (await browser.postMultipart('/admin/credentials/issuers/nobody/logo', new FormData())).status,
    ).toBe(404);
  });

  it('the share card draws the logo of every issuer the credential lists, and removing a logo takes it off the card and the PDF', async () => {
    const { ctx, achievement, browser } = await setup();
    await browser.post('/admin/credentials/issue', { achievementId: achievement.id, recipientName: '丁' });
    const [row] = await t.db.select().from(credentials);
    const link = verifyLink(ctx, row.id).slice(TEST_PUBLIC_URL.length);
    const [base, query] = link.split('?');
    const card = async () => decodePng(await t.client().get(`${base}/share.png?${query}`));
    const pdfText = async () =>
      Buffer.from(await (await t.client().get(`${base}/certificate.pdf?${query}`)).arrayBuffer()).toString(
        'latin1',
      );
    const upload = (slug: string, bytes: Buffer) => {
      const form = new FormData();
      form.set('logo', new File([new Uint8Array(bytes)], 'logo.png', { type: 'image/png' }));
      return browser.postMultipart(`/admin/credentials/issuers/${slug}/logo`, form);
    };
    const [one] = logoBoxes(1);
    const [left, right] = logoBoxes(2);
    const centre = (b: { x: number; y: number; w: number; h: number }) =>
      [b.x + b.w / 2, b.y + b.h / 2] as const;
    const white = [255, 255, 255];

    const plain = await card();
    expect([plain.width, plain.height]).toEqual([1080, 1080]);
    for (const b of [one, left, right]) expect(plain.at(...centre(b))).toEqual(white);

    // Only the co-issuer has a logo: one logo, centred (issuers without one get nothing, as on the PDF).
    expect((await upload('cert-body', await solidPng('#00f'))).status).toBe(303);
    const single = await card();
    expect(single.png.equals(plain.png)).toBe(false);
    expect(single.at(...centre(one))).toEqual([0, 0, 255]);

    // Both issuers: the issuer's logo first, then the co-issuer's, like the names.
    expect((await upload('alliance', await solidPng('#f00'))).status).toBe(303);
    const both = await card();
    expect([both.width, both.height]).toEqual([1080, 1080]);
    expect(both.at(...centre(left))).toEqual([255, 0, 0]);
    expect(both.at(...centre(right))).toEqual([0, 0, 255]);
    // pdfkit embeds each RGBA logo as an image plus its alpha mask: count images, compare below.
    const images = async () => (await pdfText()).match(/\/Subtype \/Image/g)?.length ?? 0;
    const imagesWithBoth = await images();
    expect(imagesWithBoth).toBeGreaterThan(0);

    // The admin page offers removal (a CSRF-protected POST) for issuers that have a logo.
    const admin = await (await browser.get('/admin/credentials')).text();
    expect(admin).toContain('action="/admin/credentials/issuers/alliance/logo/remove"');
    expect(admin).toContain('action="/admin/credentials/issuers/cert-body/logo/remove"');
    expect(
      (await browser.post('/admin/credentials/issuers/alliance/logo/remove', { _csrf: '' })).status,
    ).toBe(403);
    const removed = await browser.post('/admin/credentials/issuers/alliance/logo/remove');
    expect(removed.status).toBe(303);
    expect(removed.headers.get('location')).toBe('/admin/credentials?done=logoRemoved');
    const [alliance] = await t.db
      .select()
      .from(credentialIssuers)
      .where(eq(credentialIssuers.slug, 'alliance'));
    expect(alliance.logoSha256).toBeNull();
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'credentials.issuer_logo_removed'), eq(auditLog.targetId, alliance.id)));
    expect(audits).toHaveLength(1);
    const after = await (await browser.get('/admin/credentials?done=logoRemoved')).text();
    expect(after).not.toContain('action="/admin/credentials/issuers/alliance/logo/remove"');
    expect(after).toContain('action="/admin/credentials/issuers/cert-body/logo/remove"');

    const oneLeft = await card();
    expect(oneLeft.at(...centre(one))).toEqual([0, 0, 255]);
    const imagesWithOne = await images();
    expect(imagesWithOne).toBeGreaterThan(0);
    expect(imagesWithOne * 2).toBe(imagesWithBoth);

    // Removing the last logo: the card is the plain one again and the PDF has no image.
    expect((await browser.post('/admin/credentials/issuers/cert-body/logo/remove')).status).toBe(303);
    const none = await card();
    expect(none.png.equals(plain.png)).toBe(true);
    expect(await images()).toBe(0);
    // Nothing left to remove; unknown issuers are not found.
    expect((await browser.post('/admin/credentials/issuers/cert-body/logo/remove')).status).toBe(404);
    expect((await browser.post('/admin/credentials/issuers/nobody/logo/remove')).status).toBe(404);
  });
});
