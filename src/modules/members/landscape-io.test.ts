import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/schema.ts';
import { DEMO_ADMIN, seedDemo } from '../../seed/demo.ts';
import { TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { exportLandscape, importLandscape, LandscapeImportError } from './landscape-io.ts';
import { products } from './schema.ts';

const t = useTestApp();
const info = { ip: null, actorId: null };

const productRows = async () =>
  (await t.db.select().from(products).orderBy(asc(products.slug))).map(
    ({ id, createdAt, updatedAt, ...p }) => p,
  );

describe('landscape2 data.yml', () => {
  it('round-trips: an exported file imports back to the same products and exports identically', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET);
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
    await t.db.delete(products);
    expect(await importLandscape(t.db, exported, info)).toEqual({ created: 11, updated: 0 });
    expect(await productRows()).toEqual(before);
    expect(await exportLandscape(t.db)).toBe(exported);
    // Importing the same file again updates in place.
    expect(await importLandscape(t.db, exported, info)).toEqual({ created: 0, updated: 11 });
    expect(await productRows()).toEqual(before);
  });

  it('is all or nothing and reports every error with its line', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET);
    const before = await productRows();
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
              gongjin_org: nobody
              license: not a licence
              compatibility: [postgresql, db2]
      - name: 不存在的子类
        items: []
  - name: Nope
    subcategories: []
`;
    let failure: unknown;
    try {
      await importLandscape(t.db, file, info);
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(LandscapeImportError);
    expect((failure as LandscapeImportError).errors).toEqual([
      { line: 12, key: 'members.import.err.org', vars: { org: 'nobody' } },
      { line: 12, key: 'members.import.err.license', vars: { license: 'not a licence' } },
      { line: 12, key: 'members.import.err.url', vars: { field: 'homepage_url' } },
      { line: 12, key: 'members.import.err.repoHost', vars: { url: 'https://bitbucket.org/x/y' } },
      { line: 12, key: 'members.import.err.options', vars: { field: 'extra.compatibility', value: 'db2' } },
      { line: 20, key: 'members.import.err.subcategory', vars: { category: '数据库', name: '不存在的子类' } },
      { line: 22, key: 'members.import.err.category', vars: { name: 'Nope' } },
    ]);
    expect(await productRows()).toEqual(before);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'landscape.imported'))).toEqual([]);
  });

  it('imports through the admin page and shows errors with their lines', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET);
    const admin = t.client();
    await admin.logIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
    const form = new FormData();
    form.set('file', new File(['categories:\n  - name: X\n    subcategories: []\n'], 'data.yml'));
    const bad = await admin.postMultipart('/wall/import', form);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('<li>第 2 行：未知的类别“X”。</li>');
    const good = new FormData();
    good.set('file', new File([await (await t.client().get('/wall/data.yml')).text()], 'data.yml'));
    const res = await admin.postMultipart('/wall/import', good);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('已导入：新增 0 款，更新 11 款产品。');
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'landscape.imported'));
    expect(entry.data.created).toBe(0);
  });
});
