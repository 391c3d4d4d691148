import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../app.tsx';
import { auditLog } from '../../platform/schema.ts';
import { zip } from '../../platform/xlsx.ts';
import { DEMO_ADMIN, seedDemo } from '../../seed/demo.ts';
import { TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { findOrganizationBySlug } from '../identity/queries.ts';
import { organizations, users } from '../identity/schema.ts';
import { MAX_LANDSCAPE_UPLOAD_BYTES } from './archive.ts';
import type { LandscapeError } from './landscape.ts';
import { type ImportResult, importLandscape, LandscapeImportError } from './landscape-import.ts';
import { exportLandscape, landscapeLogoFiles } from './landscape-io.ts';
import { loadWallData } from './queries.ts';
import { organizationLogos, products } from './schema.ts';
import { setOrganizationLogo } from './service.ts';
import { writeStaticWall } from './views/static-pages.tsx';

const t = useTestApp();
const info = { ip: null, actorId: null };

const logoRows = async () =>
  (await t.db.select().from(organizationLogos).orderBy(asc(organizationLogos.orgId))).map(
    ({ updatedAt, ...l }) => ({ ...l, bytes: Buffer.from(l.bytes).toString('base64') }),
  );

const orgDescriptions = async () =>
  t.db
    .select({ id: organizations.id, zh: organizations.description, en: organizations.descriptionEn })
    .from(organizations)
    .orderBy(asc(organizations.slug));

/** Products as the wall has them; `rank` is the place in the last imported file (asserted on its own). */
const productRows = async () =>
  (await t.db.select().from(products).orderBy(asc(products.slug))).map(
    ({ id, createdAt, updatedAt, rank, ...p }) => p,
  );

/** What an import of a file that only adds products reports. */
const added = (created: number, more: Partial<ImportResult> = {}): ImportResult => ({
  created,
  updated: 0,
  logos: 0,
  organizations: 0,
  updatedNames: [],
  createdOrganizations: 0,
  createdCategories: 0,
  createdSubcategories: 0,
  skipped: [],
  ...more,
});

describe('landscape2 data.yml', () => {
  // Two demo seeds and two imports: a longer timeout for a loaded machine (no time is asserted).
  it('round-trips: an exported file imports back to the same products and exports identically', {
    timeout: 120_000,
  }, async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
    // A field Gongjin does not model survives the trip.
    await t.db
      .update(products)
      .set({ extra: { item: { project: 'sandbox' }, extra: { slack_url: 'https://slack.example' } } })
      .where(eq(products.slug, 'yun-hai-htap'));
    const before = await productRows();
    const exported = await exportLandscape(t.db);
    expect(exported).toContain('  - name: Databases\n    subcategories:\n      - name: Relational / OLTP\n');
    expect(exported).toContain(
      '        items:\n          - name: 云海 HTAP\n            homepage_url: https://yunhai-db.example.cn/htap\n            logo: yunhai-db.svg\n',
    );
    // Organisation descriptions travel on their products' items (task wall, ADR 0020).
    expect(exported).toContain(
      '              gongjin_org_description: "分布式 HTAP 数据库厂商，兼容 PostgreSQL 协议，开源社区版。"\n' +
        '              gongjin_org_description_en: "Distributed HTAP database vendor, PostgreSQL-compatible, with an open-source community edition."\n',
    );
    const orgsBefore = await orgDescriptions();
    await t.db.delete(products);
    await t.db.update(organizations).set({ description: '', descriptionEn: '' });
    // The six demo organisations that make products get their descriptions back.
    expect(await importLandscape(t.db, exported, info)).toEqual(added(11, { organizations: 6 }));
    expect(await productRows()).toEqual(before);
    // Organisations without products are not in data.yml: they keep what they had (here, nothing).
    const withProducts = new Set(before.map((p) => p.orgId));
    expect(withProducts.size).toBe(6);
    expect((await orgDescriptions()).filter((o) => withProducts.has(o.id))).toEqual(
      orgsBefore.filter((o) => withProducts.has(o.id)),
    );
    expect(await exportLandscape(t.db)).toBe(exported);
    // Importing the same file again updates in place.
    const names = before.map((p) => p.name);
    const again = await importLandscape(t.db, exported, info);
    // Every overwritten product is reported by name.
    expect([again.created, again.updated, [...again.updatedNames].sort()]).toEqual([
      0,
      11,
      [...names].sort(),
    ]);
    expect(await productRows()).toEqual(before);
  });

  it('reads organisation descriptions from items: both languages, audited, conflicts refused with their lines', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
    const item = (name: string, extra: string) => `          - name: ${name}
            homepage_url: https://beichen-tsdb.example.cn/${name}
            logo: beichen-tsdb.svg
            extra:
              gongjin_org: beichen-tsdb
              license: Apache-2.0
${extra}`;
    const file = (a: string, b: string) => `categories:
  - name: 数据库
    subcategories:
      - name: 时序数据库
        items:
${item('ts-a', a)}
${item('ts-b', b)}
`;
    const both =
      '              gongjin_org_description: 新简介\n              gongjin_org_description_en: New description\n';
    // Two items of one organisation that disagree: an error on the second, nothing written.
    const before = await orgDescriptions();
    const refused = await importLandscape(
      t.db,
      file(both, '              gongjin_org_description: 另一个简介\n'),
      info,
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LandscapeImportError);
    expect((refused as LandscapeImportError).errors).toEqual([
      { line: 15, key: 'members.import.err.orgDescriptionConflict', vars: { org: 'beichen-tsdb', line: 6 } },
    ]);
    expect(await orgDescriptions()).toEqual(before);
    // Agreeing (or silent) items set both languages, audited through identity.
    expect((await importLandscape(t.db, file(both, ''), info)).organizations).toBe(1);
    const beichen = await findOrganizationBySlug(t.db, 'beichen-tsdb');
    expect([beichen?.description, beichen?.descriptionEn]).toEqual(['新简介', 'New description']);
    const [entry] = await t.db
      .select({ data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'organization.updated'), eq(auditLog.targetId, beichen!.id)));
    expect(entry.data).toEqual({ changed: ['description', 'descriptionEn'], via: 'landscape.imported' });
    // Only one language given: the other becomes empty (the file states the pair).
    await importLandscape(t.db, file('              gongjin_org_description_en: English only\n', ''), info);
    const after = await findOrganizationBySlug(t.db, 'beichen-tsdb');
    expect([after?.description, after?.descriptionEn]).toEqual(['', 'English only']);
    // No description keys at all: left alone.
    await importLandscape(t.db, file('', ''), info);
    expect((await findOrganizationBySlug(t.db, 'beichen-tsdb'))?.descriptionEn).toBe('English only');
  });

  it('is all or nothing and reports every error with its line', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
    const before = await productRows();
    const orgsBefore = await orgDescriptions();
    const file = `categories:
  - name: 数据库
    subcategories:
      - name: 时序数据库
        items:
          - name: 好的产品
            homepage_url: https://good.example
            logo: good.svg
            extra:
              gongjin_org: beichen-tsdb
              license: Apache-2.0
          - name: 坏的产品
            homepage_url: ftp://bad.example
            logo: bad.svg
            repo_url: https://bitbucket.org/x/y
            extra:
              gongjin_org: Not A Slug
              license: not a licence
              compatibility: [postgresql, db2]
      - name: 不存在的子类
        items:
          - homepage_url: https://x.example
            logo: x.svg
  - name: Nope
    subcategories:
      - name: Empty
        items: 3
`;
    let failure: unknown;
    try {
      await importLandscape(t.db, file, info);
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(LandscapeImportError);
    // One pass: the shape (a missing name, a list that is not one) and the content together.
    expect((failure as LandscapeImportError).errors).toEqual([
      { line: 12, key: 'members.import.err.org', vars: { org: 'Not A Slug' } },
      { line: 12, key: 'members.import.err.license', vars: { license: 'not a licence' } },
      { line: 12, key: 'members.import.err.url', vars: { field: 'homepage_url' } },
      { line: 12, key: 'members.import.err.options', vars: { field: 'extra.compatibility', value: 'db2' } },
      { line: 22, key: 'members.import.err.required', vars: { field: 'name' } },
      { line: 27, key: 'members.import.err.notList', vars: { field: 'items' } },
    ]);
    expect(await productRows()).toEqual(before);
    expect(await orgDescriptions()).toEqual(orgsBefore);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'landscape.imported'))).toEqual([]);
  });

  it('imports through the admin page and shows errors with their lines', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
    const admin = t.client();
    await admin.logIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
    const form = new FormData();
    form.set(
      'file',
      new File(
        [
          'categories:\n  - name: X\n    subcategories:\n      - name: Y\n        items:\n          - name: Z\n            homepage_url: nope\n            logo: z.svg\n',
        ],
        'data.yml',
      ),
    );
    const bad = await admin.postMultipart('/wall/import', form);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('<li>第 6 行：homepage_url 不是 http(s) 地址。</li>');
    const good = new FormData();
    good.set('file', new File([await (await t.client().get('/wall/data.yml')).text()], 'data.yml'));
    const res = await admin.postMultipart('/wall/import', good);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(
      '已导入：新增 0 款，更新 11 款产品，更新 0 个单位 logo、0 个单位简介。',
    );
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'landscape.imported'));
    expect(entry.data.created).toBe(0);

    // A changed organisation description reaches the organisation's cached pages (task wall, ADR 0020).
    const visitor = t.client();
    expect(await (await visitor.get('/orgs/yunhai-db')).text()).toContain('分布式 HTAP 数据库厂商');
    expect(await (await visitor.get('/wall/members/yunhai-db')).text()).toContain('分布式 HTAP 数据库厂商');
    const changed = new FormData();
    changed.set(
      'file',
      new File(
        [
          (await (await t.client().get('/wall/data.yml')).text()).replaceAll(
            '分布式 HTAP 数据库厂商，兼容 PostgreSQL 协议，开源社区版。',
            '云海的新简介',
          ),
        ],
        'data.yml',
      ),
    );
    const again = await admin.postMultipart('/wall/import', changed);
    expect(await again.text()).toContain('更新 0 个单位 logo、1 个单位简介。');
    expect(await (await visitor.get('/orgs/yunhai-db')).text()).toContain('<p>云海的新简介</p>');
    expect(await (await visitor.get('/wall/members/yunhai-db')).text()).toContain(
      '<p data-testid="org-description">云海的新简介</p>',
    );
  });

  const SVG = (fill: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="${fill}"/></svg>`;
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );

  it('round-trips a directory with its logos: export, empty the wall, import, export again', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
    const yunhai = (await findOrganizationBySlug(t.db, 'yunhai-db'))!;
    const beichen = (await findOrganizationBySlug(t.db, 'beichen-tsdb'))!;
    await setOrganizationLogo(t.db, yunhai.id, new TextEncoder().encode(SVG('#0a5')), info);
    await setOrganizationLogo(t.db, beichen.id, PNG, info);
    const before = { products: await productRows(), logos: await logoRows() };
    const out = mkdtempSync(path.join(tmpdir(), 'gj-landscape-'));
    try {
      await writeStaticWall({
        deps: t.deps,
        fetchPage: (p, init) => Promise.resolve(t.app.request(`${TEST_PUBLIC_URL}${p}`, init)),
        outDir: out,
        publicUrl: TEST_PUBLIC_URL,
      });
      const exported = readFileSync(path.join(out, 'data.yml'), 'utf8');
      expect(exported).toContain('logo: yunhai-db.svg');
      expect(exported).toContain('logo: beichen-tsdb.png');
      await t.db.delete(products);
      await t.db.delete(organizationLogos);
      const folder = (name: string) => {
        const file = path.join(out, 'logos', name);
        return existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
      };
      // Monograms of organisations without a logo come back as monograms, not as uploaded logos.
      expect(await importLandscape(t.db, exported, info, folder)).toEqual(added(11, { logos: 2 }));
      expect({ products: await productRows(), logos: await logoRows() }).toEqual(before);
      expect(await exportLandscape(t.db)).toBe(exported);
      // Again: nothing changes, and an unchanged logo is not written twice.
      const again = await importLandscape(t.db, exported, info, folder);
      expect([again.created, again.updated, again.logos]).toEqual([0, 11, 0]);
      expect({ products: await productRows(), logos: await logoRows() }).toEqual(before);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('lists every logo it would leave out, with its line, writes nothing unless told, then the rest', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
    const before = { products: await productRows(), logos: await logoRows() };
    const item = (name: string, logo: string, org = 'beichen-tsdb') => `          - name: ${name}
            homepage_url: https://x.example
            logo: ${logo}
            extra:
              gongjin_org: ${org}
              license: MIT
`;
    const file = `categories:
  - name: Databases
    subcategories:
      - name: Time series
        items:
${item('A', 'missing.svg')}${item('B', 'evil.svg')}${item('C', 'huge.png')}${item('D', 'text.svg')}${item('E', 'ok.svg', 'yunhai-db')}${item('F', './other one.svg', 'yunhai-db')}${item('G', '../etc.svg')}`;
    const files: Record<string, Uint8Array> = {
      'evil.svg': new TextEncoder().encode(
        '<svg xmlns="http://www.w3.org/2000/svg">\n<rect onload="alert(1)"/></svg>',
      ),
      'huge.png': new Uint8Array(600 * 1024),
      'text.svg': new TextEncoder().encode('not an image'),
      'ok.svg': new TextEncoder().encode(SVG('#000')),
      // CNCF's names: "./x.svg" and spaces.
      'other one.svg': new TextEncoder().encode(SVG('#fff')),
    };
    let failure: unknown;
    try {
      await importLandscape(t.db, file, info, (name) => files[name]);
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(LandscapeImportError);
    expect((failure as LandscapeImportError).errors).toEqual([]);
    const skips: LandscapeError[] = [
      { line: 6, key: 'members.import.err.logoMissing', vars: { file: 'missing.svg' } },
      {
        line: 12,
        key: 'members.svg.handler',
        vars: { file: 'evil.svg', line: 2, detail: 'onload' },
      },
      { line: 18, key: 'members.import.err.logoTooLarge', vars: { file: 'huge.png', kb: 512 } },
      { line: 24, key: 'members.import.err.logoType', vars: { file: 'text.svg' } },
      { line: 42, key: 'members.import.err.logoName', vars: { file: '../etc.svg' } },
    ];
    expect((failure as LandscapeImportError).skips).toEqual(skips);
    expect({ products: await productRows(), logos: await logoRows() }).toEqual(before);
    // Told to leave those out: the items come in without them, the skips are reported again.
    const done = await importLandscape(t.db, file, info, (name) => files[name], { acceptSkips: true });
    expect(done).toEqual(added(7, { logos: 1, skipped: skips }));
    const rows = await t.db
      .select()
      .from(products)
      .where(eq(products.orgId, (await findOrganizationBySlug(t.db, 'yunhai-db'))!.id));
    const byName = new Map(rows.map((r) => [r.name, r]));
    // E's file became yunhai's logo; F keeps its own file under its own name for the export.
    expect([byName.get('E')?.logoFile, byName.get('F')?.logoFile]).toEqual(['ok.svg', './other one.svg']);
    const exported = await exportLandscape(t.db);
    expect(exported).toContain('            logo: "./other one.svg"\n');
    const logoFiles = await landscapeLogoFiles(t.db, await loadWallData(t.db));
    expect(logoFiles.find((f) => f.file === 'other one.svg')?.bytes).toEqual(files['other one.svg']);
  });

  it('takes a .zip or a .tar.gz of data.yml and logos/ on the admin page', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
    const admin = t.client();
    await admin.logIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
    const yml = (await exportLandscape(t.db)).replaceAll('logo: yunhai-db.svg', 'logo: yunhai.svg');
    // The folder as exported (a monogram for every organisation), with a new logo for one of them.
    const monograms = (await landscapeLogoFiles(t.db, await loadWallData(t.db))).map((l) => ({
      name: `logos/${l.file}`,
      data: Buffer.from(l.bytes),
    }));
    const entries = [
      { name: 'landscape/data.yml', data: Buffer.from(yml) },
      ...monograms.map((m) => ({ ...m, name: `landscape/${m.name}` })),
      { name: 'landscape/logos/yunhai.svg', data: Buffer.from(SVG('#123')) },
      { name: 'landscape/README.md', data: Buffer.from('ignored') },
    ];
    const upload = async (bytes: Buffer, name: string) => {
      const form = new FormData();
      form.set('file', new File([new Uint8Array(bytes)], name));
      return admin.postMultipart('/wall/import', form);
    };
    const fromZip = await upload(zip(entries, { deflate: true }), 'landscape.zip');
    expect(fromZip.status).toBe(200);
    const html = await fromZip.text();
    expect(html).toContain('已导入');
    expect(html).toContain('更新 1 个单位 logo');
    const yunhai = (await findOrganizationBySlug(t.db, 'yunhai-db'))!;
    const [stored] = await t.db
      .select()
      .from(organizationLogos)
      .where(eq(organizationLogos.orgId, yunhai.id));
    expect(new TextDecoder().decode(stored.bytes)).toContain('fill="#123"');

    const tarEntries = [
      ...monograms,
      { name: 'data.yml', data: Buffer.from(yml.replace('logo: yunhai.svg', 'logo: gone.svg')) },
      { name: 'logos/yunhai.svg', data: Buffer.from(SVG('#456')) },
    ];
    const fromTar = await upload(gzipSync(tar(tarEntries)), 'landscape.tar.gz');
    expect(fromTar.status).toBe(400);
    expect(await fromTar.text()).toMatch(
      /以下 1 项将被跳过.*<li>第 \d+ 行：logos 文件夹里没有 logo 文件 gone.svg；此条目不带 logo 导入。<\/li>/s,
    );
    const good = await upload(
      gzipSync(tar([...monograms, tarEntries.at(-1)!, { name: 'data.yml', data: Buffer.from(yml) }])),
      'x.tgz',
    );
    expect(good.status).toBe(200);
    const [after] = await t.db.select().from(organizationLogos).where(eq(organizationLogos.orgId, yunhai.id));
    expect(new TextDecoder().decode(after.bytes)).toContain('fill="#456"');

    const broken = await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'broken.zip');
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('无法读取压缩包');
    const noYml = await upload(zip([{ name: 'logos/a.svg', data: Buffer.from(SVG('#000')) }]), 'a.zip');
    expect(await noYml.text()).toContain('压缩包里没有 data.yml');
  });
});

describe('archive uploads beyond the 2 MB body limit', () => {
  // Task wall (ADR 0020): the import route has its own limit; every other route keeps 2 MB.
  const png = (bytes: number) => {
    const b = randomBytes(bytes);
    b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return b;
  };

  it('imports an archive over 2 MB (PNG logos, stored uncompressed) on the admin page', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
    const admin = t.client();
    await admin.logIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
    const data = await loadWallData(t.db);
    const makers = [...new Set(data.products.map((p) => p.org.slug))];
    let yml = await exportLandscape(t.db, 'en', data);
    for (const slug of makers) yml = yml.replaceAll(`logo: ${slug}.svg`, `logo: ${slug}.png`);
    const logos = makers.map((slug) => ({ name: `logos/${slug}.png`, data: png(480 * 1024) }));
    const archive = zip([{ name: 'data.yml', data: Buffer.from(yml) }, ...logos]);
    expect(archive.byteLength).toBeGreaterThan(MAX_BODY_BYTES);
    expect(archive.byteLength).toBeLessThan(MAX_LANDSCAPE_UPLOAD_BYTES);
    const form = new FormData();
    form.set('file', new File([new Uint8Array(archive)], 'landscape.zip'));
    const res = await admin.postMultipart('/wall/import', form);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`更新 ${makers.length} 个单位 logo`);
    const stored = await t.db.select({ sha256: organizationLogos.sha256 }).from(organizationLogos);
    expect(stored).toHaveLength(makers.length);
  });

  it('refuses an upload over the import limit with PAYLOAD_TOO_LARGE in the reader’s language, changing nothing', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
    const admin = t.client();
    await admin.logIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
    const before = { products: await productRows(), logos: await logoRows() };
    const yml = Buffer.from(await exportLandscape(t.db));
    const huge = zip([
      { name: 'data.yml', data: yml },
      { name: 'logos/padding.bin', data: Buffer.alloc(MAX_LANDSCAPE_UPLOAD_BYTES) },
    ]);
    const send = (headers: Record<string, string> = {}) => {
      const form = new FormData();
      form.set('_csrf', admin.csrfToken);
      form.set('file', new File([new Uint8Array(huge)], 'landscape.zip'));
      return admin.request('/wall/import', { method: 'POST', body: form, headers });
    };
    const zh = await send();
    expect(zh.status).toBe(413);
    expect(await zh.text()).toContain(`提交的内容太大（上限 ${MAX_LANDSCAPE_UPLOAD_BYTES / 1024} KB）。`);
    // A platform admin who reads English.
    await t.db.update(users).set({ locale: 'en' }).where(eq(users.email, DEMO_ADMIN.email));
    const en = await send();
    expect(en.status).toBe(413);
    expect(await en.text()).toContain(`That is too large (limit ${MAX_LANDSCAPE_UPLOAD_BYTES / 1024} KB).`);
    expect({ products: await productRows(), logos: await logoRows() }).toEqual(before);
    const imports = await t.db.select().from(auditLog).where(eq(auditLog.action, 'landscape.imported'));
    expect(imports).toEqual([]);
  });

  it('keeps 2 MB everywhere else', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
    const admin = t.client();
    await admin.logIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
    const big = 'x'.repeat(MAX_BODY_BYTES + 1);
    const apply = await admin.post('/wall/apply', { orgSlug: 'yunhai-db', tierSlug: 'member', message: big });
    expect(apply.status).toBe(413);
    expect(await apply.text()).toContain(`提交的内容太大（上限 ${MAX_BODY_BYTES / 1024} KB）。`);
    // The import's own limit is for POST /wall/import only, not for paths below it.
    const below = await admin.post('/wall/import/x', { file: big });
    expect(below.status).toBe(413);
  });
});

/** A minimal ustar archive (what `tar -c` writes for plain files). */
function tar(files: Array<{ name: string; data: Buffer }>): Buffer {
  const blocks: Buffer[] = [];
  for (const f of files) {
    const head = Buffer.alloc(512);
    head.write(f.name, 0, 'utf8');
    head.write('0000644\0', 100);
    head.write(`${f.data.length.toString(8).padStart(11, '0')}\0`, 124);
    head.write('0', 156);
    head.write('ustar\u000000', 257);
    head.write('        ', 148);
    let sum = 0;
    for (const b of head) sum += b;
    head.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(head, f.data, Buffer.alloc((512 - (f.data.length % 512)) % 512));
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}
