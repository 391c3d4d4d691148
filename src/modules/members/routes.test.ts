import { asc, eq, like } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../platform/csv.ts';
import { auditLog } from '../../platform/schema.ts';
import { DEMO_ADMIN, DEMO_PASSWORD, seedDemo } from '../../seed/demo.ts';
import { TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { findOrganizationBySlug, userIdByEmail } from '../identity/queries.ts';
import { salonsHostedBy } from '../salons/queries.ts';
import { cachedWallData, wallView } from './queries.ts';
import { products } from './schema.ts';

const t = useTestApp();

const slugsIn = (html: string, attr: 'data-slug' | 'data-product') =>
  [...html.matchAll(new RegExp(`${attr}="([^"]+)"`, 'g'))].map((m) => m[1]);

const YUNHAI_ADMIN = 'lin.yue@yunhai-db.example.cn';

async function seeded() {
  await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
}

async function signedIn(email: string) {
  const client = t.client();
  await client.logIn(email, DEMO_PASSWORD);
  return client;
}

const PRODUCT_FORM = {
  name: '云海时序',
  subcategorySlug: 'time-series',
  descriptionZh: '云海的时序引擎',
  descriptionEn: 'Time series engine',
  license: 'Apache-2.0',
  homepageUrl: 'https://yunhai-db.example.cn/ts',
  githubUrl: '',
  giteeUrl: 'https://gitee.com/yunhai-db/ts',
  gitcodeUrl: '',
  docsUrl: '',
};

describe('the wall', () => {
  it('shows members by tier rank and products by category → subcategory', async () => {
    await seeded();
    const res = await t.client().get('/wall');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('12 家成员单位 · 11 款产品');
    const tiers = [...html.matchAll(/data-tier="([^"]+)"/g)].map((m) => m[1]);
    expect(tiers).toEqual(['council', 'member', 'partner']);
    const subcategories = [...html.matchAll(/data-subcategory="([^"]+)"/g)].map((m) => m[1]);
    expect(subcategories).toEqual([
      'relational-oltp',
      'htap',
      'time-series',
      'graph',
      'vector',
      'embedded',
      'streaming',
      'migration',
      'backup',
      'monitoring-ops',
      'cloud-service',
    ]);
    expect(slugsIn(html, 'data-slug').slice(0, 3)).toEqual(['beichen-tsdb', 'hengtong-bank', 'yunhai-db']);
    // Monograms for organisations without a logo, lazy below the first rows.
    expect(html).toMatch(
      /<img src="\/monograms\/beichen-tsdb\.svg\?v=[0-9a-f]{12}" alt="" width="48" height="48" decoding="async"/,
    );
    expect((html.match(/loading="lazy"/g) ?? []).length).toBe(12 + 11 - 12);
  });

  it('filters by category, licence, compatibility, deployment, type, tier and city, in the URL', async () => {
    await seeded();
    const c = t.client();
    const get = async (q: string) => {
      const html = await (await c.get(`/wall?${q}`)).text();
      return { orgs: slugsIn(html, 'data-slug'), products: slugsIn(html, 'data-product') };
    };
    expect(await get('category=time-series')).toEqual({
      orgs: ['beichen-tsdb'],
      products: ['bei-chen-tsdb'],
    });
    expect((await get('category=ecosystem')).orgs).toEqual(['yunhai-db', 'guance-ops', 'xinqiao-migrate']);
    expect((await get('license=commercial')).products).toEqual([
      'qing-liu-tu-shu-ju-ku',
      'xin-qiao-qian-yi-ping-tai',
      'guan-lan-shu-ju-ku-zhen-duan',
      'yun-hai-shu-ju-ku-yun-fu-wu',
    ]);
    expect((await get('license=MIT')).products).toEqual(['dong-hu-minidb']);
    expect((await get('compat=oracle')).products).toEqual([
      'xin-qiao-qian-yi-ping-tai',
      'guan-lan-shu-ju-ku-zhen-duan',
    ]);
    expect((await get('deploy=embedded')).products).toEqual(['dong-hu-minidb', 'bei-chen-bian-yuan-ban']);
    expect(await get('type=school')).toEqual({
      orgs: ['donghu-univ', 'huadong-normal'],
      products: ['dong-hu-minidb'],
    });
    expect((await get('tier=partner')).orgs).toEqual(['jishu-zhoukan', 'shujuku-shequ', 'xinchuang-cert']);
    expect((await get('city=武汉')).orgs).toEqual(['donghu-univ', 'jiayi-logistics']);
    // Unknown values are ignored, not errors.
    expect((await get('compat=db2&type=nope')).orgs).toHaveLength(12);
  });

  it('searches names and descriptions in Chinese, English, pinyin and pinyin initials', async () => {
    await seeded();
    const c = t.client();
    const search = async (q: string) => {
      const html = await (await c.get(`/wall?q=${encodeURIComponent(q)}`)).text();
      return { orgs: slugsIn(html, 'data-slug'), products: slugsIn(html, 'data-product') };
    };
    expect((await search('yhsj')).orgs).toEqual(['yunhai-db']);
    expect((await search('yunhai')).orgs).toEqual(['yunhai-db']);
    expect((await search('bcsx')).products).toEqual(['bei-chen-tsdb', 'bei-chen-bian-yuan-ban']);
    expect((await search('qlt')).products).toEqual(['qing-liu-tu-shu-ju-ku']);
    expect((await search('HNSW')).products).toEqual(['yun-hai-xiang-liang']);
    expect((await search('change data capture')).products).toEqual(['xin-qiao-cdc']);
    expect((await search('图数据库')).orgs).toEqual(['qingliu-graph']);
    expect(await search('zzzz')).toEqual({ orgs: [], products: [] });
  });

  it('answers htmx with the results fragment only, and caches the page for anonymous visitors until a write', async () => {
    await seeded();
    const anon = t.client();
    const fragment = await (await anon.get('/wall?category=graph', { 'hx-request': 'true' })).text();
    expect(fragment.startsWith('<div id="wall-results"')).toBe(true);
    expect(fragment).not.toContain('<html');
    const first = await (await anon.get('/wall?category=time-series')).text();
    expect(slugsIn(first, 'data-product')).toEqual(['bei-chen-tsdb']);
    const admin = await signedIn(YUNHAI_ADMIN);
    expect((await admin.post('/orgs/yunhai-db/products', PRODUCT_FORM)).status).toBe(303);
    const after = await (await anon.get('/wall?category=time-series')).text();
    expect(slugsIn(after, 'data-product')).toEqual(['bei-chen-tsdb', 'yun-hai-shi-xu']);
  });

  it('has detail pages for members (with products) and products, and 404 for unknown ones', async () => {
    await seeded();
    const c = t.client();
    const member = await (await c.get('/wall/members/yunhai-db')).text();
    expect(member).toContain('<h1>云海数据</h1>');
    expect(slugsIn(member, 'data-product')).toEqual([
      'yun-hai-htap',
      'yun-hai-shu-ju-ku-yun-fu-wu',
      'yun-hai-xiang-liang',
    ]);
    expect(member).toContain('href="https://gitee.com/yunhai-db/yunhai"');
    expect(member).not.toContain('/orgs/yunhai-db/products');
    const product = await (await c.get('/wall/products/yun-hai-htap')).text();
    expect(product).toContain('<h1>云海 HTAP</h1>');
    expect(product).toContain('<span class="badge">MulanPSL-2.0</span>');
    expect(product).toContain('href="/wall/members/yunhai-db"');
    expect((await c.get('/wall/members/nobody')).status).toBe(404);
    expect((await c.get('/wall/products/nothing')).status).toBe(404);
    const admin = await signedIn(YUNHAI_ADMIN);
    expect(await (await admin.get('/wall/members/yunhai-db')).text()).toContain(
      'href="/orgs/yunhai-db/products"',
    );
  });
});

describe('organisation descriptions in Chinese and English', () => {
  // Task wall (ADR 0020).
  it('shows the reader’s language on the member page and the embed popup, falls back, and searches both', async () => {
    await seeded();
    const c = t.client();
    const zh = await (await c.get('/wall/members/yunhai-db')).text();
    expect(zh).toContain(
      '<p data-testid="org-description">分布式 HTAP 数据库厂商，兼容 PostgreSQL 协议，开源社区版。</p>',
    );
    const en = await (await c.get('/wall/members/yunhai-db', { 'accept-language': 'en' })).text();
    expect(en).toContain(
      '<p data-testid="org-description">Distributed HTAP database vendor, PostgreSQL-compatible, with an open-source community edition.</p>',
    );
    expect(en).not.toContain('分布式 HTAP 数据库厂商');
    // The embed's item page is what its popup shows.
    const popup = await (await c.get('/embed/wall/members/yunhai-db', { 'accept-language': 'en' })).text();
    expect(popup).toContain('<p data-testid="org-description">Distributed HTAP database vendor');

    // No English description: English readers get the Chinese one, and the other way round.
    const { organizations } = await import('../identity/schema.ts');
    await t.db.update(organizations).set({ descriptionEn: '' }).where(eq(organizations.slug, 'yunhai-db'));
    await t.db
      .update(organizations)
      .set({ description: '', descriptionEn: 'Only in English.' })
      .where(eq(organizations.slug, 'beichen-tsdb'));
    await t.deps.cache.invalidate(t.db, 'organizations');
    expect(await (await c.get('/wall/members/yunhai-db', { 'accept-language': 'en' })).text()).toContain(
      '<p data-testid="org-description">分布式 HTAP 数据库厂商',
    );
    expect(await (await c.get('/wall/members/beichen-tsdb')).text()).toContain(
      '<p data-testid="org-description">Only in English.</p>',
    );

    // Full-text search covers both languages (the members' descriptions, not their products').
    expect(slugsIn(await (await c.get('/wall?q=only in english')).text(), 'data-slug')).toEqual([
      'beichen-tsdb',
    ]);
    expect(slugsIn(await (await c.get('/wall?q=城商行科技子公司')).text(), 'data-slug')).toEqual([
      'hengtong-bank',
    ]);
    expect(
      slugsIn(await (await c.get('/wall?q=moving core systems to chinese')).text(), 'data-slug'),
    ).toEqual(['hengtong-bank']);
  });

  it('exports both descriptions to Excel', async () => {
    await seeded();
    const xlsx = Buffer.from(await (await t.client().get('/wall/members.xlsx?type=school')).arrayBuffer());
    // The workbook is a deflated zip: read the sheet back out of it.
    const text = strFromU8(unzipSync(new Uint8Array(xlsx))['xl/worksheets/sheet1.xml']);
    expect(text).toContain('<t xml:space="preserve">description_en</t>');
    expect(text).toContain(
      '<t xml:space="preserve">Runs an open-source database studio and public courses on database internals.</t>',
    );
    expect(text).toContain('<t xml:space="preserve">设有开源数据库工作室，开设数据库内核公开课。</t>');
  });
});

describe('organisation admins edit their products', () => {
  it('adds, edits and deletes a product, each change audited', async () => {
    await seeded();
    const admin = await signedIn(YUNHAI_ADMIN);
    const res = await admin.post('/orgs/yunhai-db/products', {
      ...PRODUCT_FORM,
      compatibility: 'postgresql',
    });
    expect(res.headers.get('location')).toBe('/orgs/yunhai-db/products?done=saved');
    const [row] = await t.db.select().from(products).where(eq(products.slug, 'yun-hai-shi-xu'));
    expect(row).toMatchObject({
      name: '云海时序',
      license: 'Apache-2.0',
      compatibility: ['postgresql'],
      deployment: [],
      giteeUrl: 'https://gitee.com/yunhai-db/ts',
      searchText: '云海时序\nyunhaishixu\nyhsx\n云海的时序引擎\ntime series engine\napache-2.0',
    });
    const body = new URLSearchParams({ _csrf: admin.csrfToken, ...PRODUCT_FORM, license: 'commercial' });
    body.append('deployment', 'cloud');
    body.append('deployment', 'on_prem');
    const edit = await admin.request(`/orgs/yunhai-db/products/${row.id}/edit`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(edit.status).toBe(303);
    const [edited] = await t.db.select().from(products).where(eq(products.id, row.id));
    expect([edited.license, edited.deployment, edited.compatibility]).toEqual([
      'commercial',
      ['cloud', 'on_prem'],
      [],
    ]);
    expect((await admin.post(`/orgs/yunhai-db/products/${row.id}/delete`)).status).toBe(303);
    expect(await t.db.select().from(products).where(eq(products.id, row.id))).toEqual([]);
    const entries = await t.db
      .select({ action: auditLog.action, data: auditLog.data })
      .from(auditLog)
      .where(eq(auditLog.targetId, row.id))
      .orderBy(asc(auditLog.id));
    expect(entries.map((e) => e.action)).toEqual(['product.created', 'product.updated', 'product.deleted']);
    expect(entries[1].data.changed).toEqual(['license', 'compatibility', 'deployment']);
  });

  it('re-renders the form with field errors, and refuses other organisations', async () => {
    await seeded();
    const admin = await signedIn(YUNHAI_ADMIN);
    const bad = await admin.post('/orgs/yunhai-db/products', {
      ...PRODUCT_FORM,
      name: '',
      license: 'not a licence!',
      githubUrl: 'https://gitee.com/x/y',
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('id="f-name-error"');
    expect(html).toContain('请填写 SPDX 许可证标识');
    expect(html).toContain('该地址不属于对应的代码托管平台。');
    const unknownSub = await admin.post('/orgs/yunhai-db/products', {
      ...PRODUCT_FORM,
      subcategorySlug: 'nope',
    });
    expect(unknownSub.status).toBe(400);
    expect(await unknownSub.text()).toContain('请选择一个产品类别。');
    expect((await admin.post('/orgs/beichen-tsdb/products', PRODUCT_FORM)).status).toBe(403);
    const [other] = await t.db.select().from(products).where(eq(products.slug, 'bei-chen-tsdb'));
    // A product of another organisation is not found through this one's URL.
    expect((await admin.post(`/orgs/yunhai-db/products/${other.id}/delete`)).status).toBe(404);
    expect(await t.db.select({ id: products.id }).from(products).where(eq(products.id, other.id))).toEqual([
      { id: other.id },
    ]);
  });
});

describe('logos', () => {
  const upload = (client: Awaited<ReturnType<typeof signedIn>>, bytes: Uint8Array | string, name: string) => {
    const form = new FormData();
    form.set('logo', new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name));
    return client.postMultipart('/orgs/yunhai-db/logo', form);
  };

  it('sanitises an uploaded SVG, serves it by content hash with a long cache, and shows it on the wall', async () => {
    await seeded();
    const admin = await signedIn(YUNHAI_ADMIN);
    const res = await upload(
      admin,
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="s" viewBox="0 0 10 10"><!-- editor --><sodipodi:namedview/><style>.a{fill:#123456}</style><rect class="a" width="10" height="10"/></svg>',
      'logo.svg',
    );
    expect(res.status).toBe(303);
    const wall = await (await t.client().get('/wall')).text();
    const url = wall.match(/\/logos\/[0-9a-f]{64}\.svg/)?.[0];
    expect(url).toBeDefined();
    const logo = await t.client().get(url!);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    expect(logo.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(logo.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
    );
    expect(await logo.text()).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><style>.a{fill:#123456}</style><rect class="a" width="10" height="10"/></svg>',
    );
    const org = await findOrganizationBySlug(t.db, 'yunhai-db');
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'organization.logo_updated'));
    expect([entry.targetId, entry.data.mime]).toEqual([org!.id, 'image/svg+xml']);
    expect((await admin.post('/orgs/yunhai-db/logo/remove')).status).toBe(303);
    expect(await (await t.client().get('/wall')).text()).toContain('/monograms/yunhai-db.svg');
  });

  it('accepts PNG, refuses other files, unsafe SVG and files over 512 KB', async () => {
    await seeded();
    const admin = await signedIn(YUNHAI_ADMIN);
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    expect((await upload(admin, png, 'logo.png')).status).toBe(303);
    const text = await upload(admin, 'hello', 'logo.txt');
    expect(text.status).toBe(415);
    expect(await text.text()).toContain('只接受 SVG 或 PNG 文件。');
    // Plain-text entities (Illustrator's) are accepted; an external one is refused, named (ADR 0039).
    const entity = await upload(
      admin,
      '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
      'x.svg',
    );
    expect(entity.status).toBe(415);
    expect(await entity.text()).toContain(
      'x.svg 第 1 行的 DOCTYPE 声明了不接受的内容（&lt;!ENTITY x SYSTEM &quot;file:///etc/passwd&quot;&gt;）',
    );
    const big = await upload(admin, `<svg>${' '.repeat(512 * 1024)}</svg>`, 'big.svg');
    expect(big.status).toBe(413);
    const stored = await t.db.select().from(auditLog).where(like(auditLog.action, 'organization.logo%'));
    expect(stored.map((e) => e.data.mime)).toEqual(['image/png']);
  });

  it('serves a monogram for organisations without a logo; unknown logos are 404', async () => {
    await seeded();
    const res = await t.client().get('/monograms/yunhai-db.svg?v=abc');
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toContain('>云</text>');
    expect((await t.client().get(`/logos/${'0'.repeat(64)}.svg`)).status).toBe(404);
    expect((await t.client().get('/monograms/nobody.svg')).status).toBe(404);
  });
});

describe('exports', () => {
  it('writes members and products as CSV with the wall filters', async () => {
    await seeded();
    const res = await t.client().get('/wall/products.csv?category=time-series');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(Buffer.from(await res.arrayBuffer()).toString('utf8')).toBe(
      '\uFEFFslug,name,organization,subcategory,license,compatibility,deployment,homepage_url,github_url,gitee_url,gitcode_url,docs_url,description_zh,description_en\r\n' +
        'bei-chen-tsdb,北辰 TSDB,beichen-tsdb,time-series,Apache-2.0,other,on_prem cloud,,https://github.com/beichen-tsdb/beichen,,,https://docs.beichen-tsdb.example.cn,面向工业物联网的高压缩比时序数据库。,Time-series database for industrial IoT with high compression.\r\n',
    );
    const members = Buffer.from(
      await (await t.client().get('/wall/members.csv?type=school')).arrayBuffer(),
    ).toString('utf8');
    expect(members.split('\r\n')).toEqual([
      '\uFEFFslug,name_zh,name_en,type,tier,joined,city,website,products,description_zh,description_en',
      'donghu-univ,东湖大学计算机学院,Donghu University School of CS,school,member,2024-03-01,武汉,https://cs.donghu-univ.example.edu.cn,1,设有开源数据库工作室，开设数据库内核公开课。,Runs an open-source database studio and public courses on database internals.',
      'huadong-normal,华东师范技术大学数据学院,"East China Tech Normal University, School of Data",school,member,2024-04-20,上海,https://data.hdtnu.example.edu.cn,0,数据库与 AI 结合的教学科研，学生开源贡献活跃。,Teaching and research on databases and AI; students contribute to open source.',
      '',
    ]);
  });

  it('writes a description a spreadsheet would run as a formula as text', async () => {
    await seeded();
    const admin = await signedIn(DEMO_ADMIN.email);
    const edited = await admin.post('/orgs/donghu-univ/edit', {
      nameZh: '东湖大学计算机学院',
      nameEn: 'Donghu University School of CS',
      type: 'school',
      city: '武汉',
      website: 'https://cs.donghu-univ.example.edu.cn',
      description: '=HYPERLINK("http://evil.example","点我")',
      descriptionEn: '@SUM(1+1)',
    });
    expect(edited.status).toBe(303);
    const parsed = parseCsv(await (await t.client().get('/wall/members.csv?type=school')).text());
    if (!parsed.ok) throw new Error(`members.csv does not parse (line ${parsed.line})`);
    const donghu = parsed.records.find((r) => r.cells[0] === 'donghu-univ')?.cells;
    expect(donghu?.slice(-2)).toEqual(['\'=HYPERLINK("http://evil.example","点我")', "'@SUM(1+1)"]);
  });
});

describe('JSON API', () => {
  it('lists members and products with the wall filters, and documents them in OpenAPI', async () => {
    await seeded();
    const c = t.client();
    const members = await (await c.get('/api/v1/members?q=bcsx')).json();
    expect(members).toEqual({
      members: [
        {
          slug: 'beichen-tsdb',
          nameZh: '北辰时序',
          nameEn: 'Beichen TSDB',
          type: 'vendor',
          city: '北京',
          website: 'https://beichen-tsdb.example.cn',
          descriptionZh: '面向工业物联网的时序数据库。',
          descriptionEn: 'Time-series database for the industrial internet of things.',
          logoUrl: expect.stringMatching(/^\/monograms\/beichen-tsdb\.svg\?v=[0-9a-f]{12}$/),
          tier: { slug: 'council', nameZh: '理事单位', nameEn: 'Council member' },
          joinedOn: '2024-02-20',
          products: ['bei-chen-bian-yuan-ban', 'bei-chen-tsdb'],
        },
      ],
    });
    const products = await (await c.get('/api/v1/products?compat=oracle&deploy=on_prem')).json();
    expect(products.products.map((p: { slug: string }) => p.slug)).toEqual([
      'guan-lan-shu-ju-ku-zhen-duan',
      'xin-qiao-qian-yi-ping-tai',
    ]);
    expect(products.products[1]).toEqual({
      slug: 'xin-qiao-qian-yi-ping-tai',
      name: '新桥迁移平台',
      organization: 'xinqiao-migrate',
      subcategory: 'migration',
      descriptionZh: '从 Oracle、MySQL 迁移到国产数据库的评估、结构转换与数据同步。',
      descriptionEn:
        'Assessment, schema conversion and data sync from Oracle and MySQL to domestic databases.',
      license: 'commercial',
      compatibility: ['oracle', 'mysql', 'postgresql'],
      deployment: ['on_prem'],
      homepageUrl: 'https://xinqiao.example.cn/migrate',
      githubUrl: '',
      giteeUrl: '',
      gitcodeUrl: '',
      docsUrl: '',
    });
    const bad = await c.get('/api/v1/products?compat=db2');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('INVALID_INPUT');
    const doc = await (await c.get('/api/openapi.json')).json();
    expect(doc.components.schemas.Member.properties.descriptionEn).toEqual({
      type: 'string',
      description: 'The organisation described in English',
    });
    expect(doc.components.schemas.Member.required).toEqual(
      expect.arrayContaining(['descriptionZh', 'descriptionEn']),
    );
    expect(doc.paths['/api/v1/products'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'type',
      'tier',
      'category',
      'license',
      'compat',
      'deploy',
      'city',
      'q',
    ]);
  });
});

describe('stats', () => {
  it('shows four server-rendered charts with their numbers', async () => {
    await seeded();
    const c = t.client();
    const page = await (await c.get('/wall/stats')).text();
    expect([...page.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'joined',
      'types',
      'categories',
      'licenses',
    ]);
    expect(page).toContain('<th scope="row">2024-07</th><td>12</td>');
    expect(page).toContain('<th scope="row">商业许可</th><td>4</td>');
    const chart = await c.get('/wall/stats/types.svg');
    expect(chart.headers.get('content-type')).toBe('image/svg+xml');
    const svg = await chart.text();
    expect(svg.startsWith('<svg width="640" height="320" xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('数据库厂商');
    expect((await c.get('/wall/stats/nope.svg')).status).toBe(404);
  });
});

describe('embed', () => {
  it('serves a frameable wall whose items open inside the frame, and the wall page shows the snippet', async () => {
    await seeded();
    const c = t.client();
    const res = await c.get('/embed/wall?category=graph');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors *;');
    const html = await res.text();
    expect(html).not.toContain('class="site-header"');
    // Links on the wall stay in the frame (the few to the site say target="_blank"); item pages open links in a new tab.
    expect(html).not.toContain('<base');
    expect(html).toMatch(/<script src="\/static\/embed\.[0-9a-f]{12}\.js" defer=""><\/script>/);
    expect(html).toContain('<a href="/embed/wall/products/qing-liu-tu-shu-ju-ku">');
    expect(html).not.toContain('target="_self"');
    // Items open in a dialog inside the frame (embed.js); the page has no inline script for the CSP.
    expect(html).toContain('<dialog id="wall-item" class="embed-item"');
    expect([...html.matchAll(/<script\b[^>]*>/g)].every((m) => / src="\/static\//.test(m[0]))).toBe(true);
    const item = await c.get('/embed/wall/products/qing-liu-tu-shu-ju-ku');
    expect(item.headers.get('x-frame-options')).toBeNull();
    const itemHtml = await item.text();
    expect(itemHtml).toContain('<h1>青流图数据库</h1>');
    expect(itemHtml).toContain('<base target="_blank"/>');
    // Everything else still refuses to be framed.
    const wall = await c.get('/wall?category=graph');
    expect(wall.headers.get('x-frame-options')).toBe('DENY');
    expect(await wall.text()).toContain(
      `&lt;iframe id=&quot;gongjin-wall&quot; src=&quot;${TEST_PUBLIC_URL}/embed/wall?category=graph&quot;`,
    );
  });
});

describe('partners and speakers in the embed', () => {
  // Task wall (ADR 0020).
  it('shows the compact sections; items open in the frame’s dialog, "more" links in a new tab; refreshed when people change', async () => {
    await seeded();
    const c = t.client();
    const html = await (await c.get('/embed/wall?category=graph')).text();
    const partners =
      /<section class="stack" data-testid="wall-partners">.*?<\/section>/s.exec(html)?.[0] ?? '';
    // Item links stay in the frame (embed.js opens them in its dialog); "more" leads to the site, in a new tab.
    expect(partners).toContain('<a href="/embed/wall/members/jishu-zhoukan">');
    expect(partners).toContain('<a href="/wall/partners" target="_blank">查看全部 3 个合作伙伴</a>');
    const speakers =
      /<section class="stack" data-testid="wall-speakers">.*?<\/section>/s.exec(html)?.[0] ?? '';
    const linked = /<a href="\/embed\/wall\/speakers\/([0-9a-f-]{36})">林悦<\/a>/.exec(speakers);
    expect(linked).not.toBeNull();
    expect(speakers).toContain('<a href="/wall/speakers" target="_blank">查看全部 4 位嘉宾讲师</a>');
    // The sections come after the results and before the item dialog, inside the measured body.
    expect(html.indexOf('data-testid="wall-partners"')).toBeGreaterThan(html.indexOf('id="wall-results"'));
    expect(html.indexOf('data-testid="wall-speakers"')).toBeLessThan(html.indexOf('<dialog id="wall-item"'));
    // The htmx fragment (filter changes) is the results only.
    const fragment = await (await c.get('/embed/wall?category=htap', { 'hx-request': 'true' })).text();
    expect(fragment).not.toContain('wall-partners');

    // The speaker's embed page: frameable, the article the dialog shows.
    const item = await c.get(`/embed/wall/speakers/${linked![1]}`);
    expect(item.status).toBe(200);
    expect(item.headers.get('x-frame-options')).toBeNull();
    expect(item.headers.get('content-security-policy')).toContain('frame-ancestors *;');
    const page = await item.text();
    expect(page).toContain('<article class="stack" data-testid="speaker-detail">');
    expect(page).toContain('<h1>林悦</h1>');
    expect(page).not.toContain('class="site-header"');
    expect((await c.get('/embed/wall/speakers/not-an-id')).status).toBe(404);
    const chen = await userIdByEmail(t.db, 'chen.jing@qingliu.example.cn');
    expect((await c.get(`/embed/wall/speakers/${chen}`)).status).toBe(404);

    // The cached embed page follows changes to people (a new display name).
    const lin = await signedIn('lin.yue@yunhai-db.example.cn');
    expect(
      (
        await lin.post('/profile', {
          displayName: '林悦悦',
          bio: '内核研发负责人，十年 PostgreSQL 经验。',
          affiliation: '云海数据',
          title: '内核研发负责人',
          links: '',
        })
      ).status,
    ).toBe(303);
    expect(await (await c.get('/embed/wall?category=graph')).text()).toMatch(
      /<a href="\/embed\/wall\/speakers\/[0-9a-f-]{36}">林悦悦<\/a>/,
    );
  });
});

describe('embed framing is configurable', () => {
  it('uses EMBED_FRAME_ANCESTORS', async () => {
    t.deps.config.EMBED_FRAME_ANCESTORS = 'https://alliance.example.org';
    try {
      const res = await t.client().get('/embed/wall');
      expect(res.headers.get('content-security-policy')).toContain(
        'frame-ancestors https://alliance.example.org;',
      );
    } finally {
      t.deps.config.EMBED_FRAME_ANCESTORS = '*';
    }
  });
});

describe('the wall on a phone', () => {
  it('stays under 150 KB of HTML for the default view with 500 members and 1,500 products', async () => {
    await seeded();
    const { createProduct } = await import('./service.ts');
    const { makeOrg, makeUser } = await import('../../testing/harness.ts');
    const { recordAllianceMembership } = await import('../identity/organizations.ts');
    const owner = await makeUser(t.db);
    const info = { ip: null, actorId: null, publicUrl: TEST_PUBLIC_URL };
    const subs = ['relational-oltp', 'htap', 'time-series', 'graph', 'vector', 'migration', 'backup'];
    for (let i = 0; i < 488; i++) {
      const org = await makeOrg(t.db, owner.id, { nameZh: `测试成员单位${i}`, nameEn: `Test Member ${i}` });
      await recordAllianceMembership(
        t.db,
        org.id,
        { tierSlug: i % 3 ? 'member' : 'partner', joinedOn: '2025-01-01', status: 'active' },
        info,
      );
      for (let j = 0; j < 3; j++) {
        await createProduct(
          t.db,
          org.id,
          {
            name: `产品${i}-${j}`,
            subcategorySlug: subs[(i + j) % subs.length],
            descriptionZh: '',
            descriptionEn: '',
            license: 'Apache-2.0',
            compatibility: [],
            deployment: [],
            homepageUrl: '',
            githubUrl: '',
            giteeUrl: '',
            gitcodeUrl: '',
            docsUrl: '',
          },
          info,
        );
      }
    }
    const html = await (await t.client().get('/wall')).text();
    expect(html).toContain('500 家成员单位 · 1475 款产品');
    expect(Buffer.byteLength(html)).toBeLessThan(150 * 1024);
    // A big tier shows its first 60 members and a link to all of them (its filter).
    const tierOf = (page: string, tier: string) =>
      /<section class="stack" data-tier="([^"]+)">.*?<\/section>/gs.exec(
        page.slice(page.indexOf(`data-tier="${tier}"`) - 40),
      )?.[0] ?? '';
    const memberTier = tierOf(html, 'member');
    expect(memberTier.match(/data-slug=/g)).toHaveLength(60);
    expect(memberTier).toContain('<a href="/wall?tier=member">查看全部 331 家</a>');
    const all = await (await t.client().get('/wall?tier=member')).text();
    expect(tierOf(all, 'member').match(/data-slug=/g)).toHaveLength(331);
    expect(tierOf(all, 'member')).not.toContain('查看全部');
    // The static export cannot filter, so it renders every member of every tier.
    const whole = wallView(await cachedWallData(t.deps), {}, { whole: true });
    const member = whole.tiers.find((g) => g.tier.slug === 'member');
    expect([member?.orgs.length, member?.total]).toEqual([331, 331]);
    expect(whole.landscape.flatMap((c) => c.groups).every((g) => g.products.length === g.total)).toBe(true);
    // The embed too, with its partners and speakers sections (task wall, ADR 0020).
    const embed = await (await t.client().get('/embed/wall')).text();
    expect(embed).toContain('data-testid="wall-partners"');
    expect(embed).toContain('500 家成员单位 · 1475 款产品');
    expect(Buffer.byteLength(embed)).toBeLessThan(150 * 1024);
  }, 120_000);
});

describe('partners and speakers', () => {
  it('lists partners with their channels, and speakers with their organisations, also on the member page', async () => {
    await seeded();
    const c = t.client();
    const partners = await (await c.get('/wall/partners')).text();
    expect(slugsIn(partners, 'data-slug')).toEqual(['jishu-zhoukan', 'shujuku-shequ', 'xinchuang-cert']);
    expect(partners).toContain('href="https://techweekly.example.cn"');
    const speakers = await (await c.get('/wall/speakers')).text();
    expect([...speakers.matchAll(/<strong>([^<]+)<\/strong>/g)].map((m) => m[1]).sort()).toEqual(
      ['何岚', '孙伟', '林悦', '赵明'].sort(),
    );
    expect(speakers).toContain('内核研发负责人，十年 PostgreSQL 经验。');
    const member = await (await c.get('/wall/members/yunhai-db')).text();
    expect(member).toContain('<h2>本单位讲师</h2>');
    expect(member).toContain('<strong>林悦</strong>');
    expect(await (await c.get('/wall/members/qingliu-graph')).text()).not.toContain('本单位讲师');
  });
});

describe('speaker pages and the wall sections', () => {
  const speakerHref = (html: string, name: string) =>
    new RegExp(`<a href="(/wall/speakers/[0-9a-f-]{36})"><strong>${name}</strong></a>`).exec(html)?.[1];

  it('gives each guest speaker a public page with job title, organisation, bio, personal site and talks', async () => {
    await seeded();
    const c = t.client();
    const href = speakerHref(await (await c.get('/wall/speakers')).text(), '林悦');
    expect(href).toBeDefined();
    const res = await c.get(href!);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>林悦</h1>');
    expect(html).toContain('云海数据');
    expect(html).toContain('内核研发负责人，十年 PostgreSQL 经验。');
    expect(html).toMatch(/<a href="\/wall\/members\/yunhai-db">[^<]+<\/a>/);
    const talks = /<ul data-testid="speaker-talks">.*?<\/ul>/s.exec(html)?.[0] ?? '';
    expect(talks).toContain('《公开课：HTAP 架构的取舍》');
    expect(talks).toMatch(/<a href="\/salons\/[0-9a-f-]{36}">第 \d+ 期：/);
    expect(talks).not.toContain('SQL 兼容性实测');

    // A personal site added on the profile appears on the page (which was cached for anonymous visitors).
    const lin = await signedIn('lin.yue@yunhai-db.example.cn');
    const saved = await lin.post('/profile', {
      displayName: '林悦',
      bio: '内核研发负责人，十年 PostgreSQL 经验。',
      affiliation: '云海数据',
      title: '内核研发负责人',
      links: '个人博客 https://linyue.example.cn',
    });
    expect(saved.status).toBe(303);
    const after = await (await c.get(href!)).text();
    expect(after).toContain('<a href="https://linyue.example.cn" rel="noopener nofollow me">个人博客</a>');
    expect(after).toContain('<p class="muted" data-testid="speaker-title">内核研发负责人 · 云海数据</p>');
    expect(await (await lin.get('/profile')).text()).toContain('value="内核研发负责人"');
  });

  it('answers 404 for a member who is not a speaker, an unknown id and a malformed id', async () => {
    await seeded();
    const c = t.client();
    const chen = await userIdByEmail(t.db, 'chen.jing@qingliu.example.cn');
    expect(chen).toBeDefined();
    expect((await c.get(`/wall/speakers/${chen}`)).status).toBe(404);
    expect((await c.get('/wall/speakers/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await c.get('/wall/speakers/not-an-id')).status).toBe(404);
  });

  it('shows a few partners and speakers on the wall with links to the full lists, refreshed when people change', async () => {
    await seeded();
    const c = t.client();
    const wall = await (await c.get('/wall')).text();
    const partners =
      /<section class="stack" data-testid="wall-partners">.*?<\/section>/s.exec(wall)?.[0] ?? '';
    expect(partners).toContain('href="/wall/members/jishu-zhoukan"');
    expect(partners).toContain('<a href="/wall/partners">查看全部 3 个合作伙伴</a>');
    const speakers =
      /<section class="stack" data-testid="wall-speakers">.*?<\/section>/s.exec(wall)?.[0] ?? '';
    expect(speakers).toMatch(/<a href="\/wall\/speakers\/[0-9a-f-]{36}">林悦<\/a>/);
    expect(speakers).toContain('<a href="/wall/speakers">查看全部 4 位嘉宾讲师</a>');

    const lin = await signedIn('lin.yue@yunhai-db.example.cn');
    await lin.post('/profile', { displayName: '林悦悦', bio: '', affiliation: '云海数据', links: '' });
    expect(await (await c.get('/wall')).text()).toContain('林悦悦</a>');
  });
});

describe('salons on member pages', () => {
  it('lists the salons an organisation hosted, linking each, and nothing for one that hosted none', async () => {
    await seeded();
    const org = (await findOrganizationBySlug(t.db, 'xinqiao-migrate'))!;
    const hosted = await salonsHostedBy(t.db, org.id);
    expect(hosted.length).toBeGreaterThan(0);
    const html = await (await t.client().get('/wall/members/xinqiao-migrate')).text();
    const section = /<ul data-testid="hosted-salons">.*?<\/ul>/s.exec(html)?.[0] ?? '';
    const linked = [...section.matchAll(/<a href="\/salons\/([0-9a-f-]{36})">/g)].map((m) => m[1]);
    expect(linked).toEqual(hosted.map((s) => s.id));
    expect(html).toContain(`第 ${hosted[0].number} 期：${hosted[0].title}`);

    const other = (await findOrganizationBySlug(t.db, 'jishu-zhoukan'))!;
    expect(await salonsHostedBy(t.db, other.id)).toEqual([]);
    expect(await (await t.client().get('/wall/members/jishu-zhoukan')).text()).not.toContain('hosted-salons');
  });

  it('lists talks its people gave at published salons, each with the speaker and the salon', async () => {
    await seeded();
    const html = await (await t.client().get('/wall/members/xinqiao-migrate')).text();
    const section = /<ul data-testid="member-talks">.*?<\/ul>/s.exec(html)?.[0] ?? '';
    expect(section).toContain('《从 Oracle 到国产数据库：SQL 兼容性实测》');
    expect(section).toMatch(
      /<a href="\/salons\/[0-9a-f-]{36}">第 1 期：分布式数据库在金融核心系统的落地<\/a>/,
    );
    const yunhai = await (await t.client().get('/wall/members/yunhai-db')).text();
    expect(yunhai).toContain('《公开课：HTAP 架构的取舍》');
    expect(yunhai).not.toContain('SQL 兼容性实测');
    const en = await (
      await t.app.request(`${TEST_PUBLIC_URL}/wall/members/xinqiao-migrate`, {
        headers: { cookie: 'gj_lang=en' },
      })
    ).text();
    expect(en).toContain('Talks by its people at salons');
  });
});
