import { describe, expect, it } from 'vitest';
import { makeOrg, makeUser, useTestApp } from '../../testing/harness.ts';
import { exchangeIntroductions, exchangePosts } from './schema.ts';

const t = useTestApp();

async function signedIn(name: string) {
  const user = await makeUser(t.db, { name });
  const client = t.client();
  await client.logIn(user.email);
  return { user, client };
}

const location = (res: Response) => res.headers.get('location') ?? '';

describe('exchange pages', () => {
  it('a student posts a need, sees the vendor suggested with reasons, asks; the vendor accepts; the outcome is recorded', async () => {
    const vendor = await signedIn('林悦');
    const org = await makeOrg(t.db, vendor.user.id, { nameZh: '云海数据' });
    const student = await signedIn('刘洋');
    // The vendor logs in again so its session sees the organisation it now administers.
    await vendor.client.logIn(vendor.user.email);

    const needRes = await student.client.post('/exchange/posts', {
      kind: 'need',
      party: `user:${student.user.id}`,
      category: 'internships',
      purpose: 'end',
      metricLevel: 'north_star',
      title: '寻找数据库内核实习',
      body: '读过 PostgreSQL 优化器源码',
      tags: 'PostgreSQL，内核',
    });
    expect(needRes.status).toBe(303);
    expect(location(needRes)).toMatch(/^\/exchange\/posts\/[0-9a-f-]{36}\?created=1$/);
    await student.client.post('/exchange/posts', {
      kind: 'offer',
      party: `user:${student.user.id}`,
      category: 'talent',
      title: '会 PostgreSQL 内核的大三学生',
      tags: 'postgresql 内核',
    });
    const vendorPosts: Array<Record<string, string>> = [
      {
        kind: 'offer',
        category: 'internships',
        title: 'PostgreSQL 内核研发实习岗位',
        tags: 'postgresql,内核',
      },
      {
        kind: 'need',
        category: 'talent',
        purpose: 'means',
        metricLevel: 'process',
        title: '招募内核人才',
        tags: '内核',
      },
    ];
    for (const form of vendorPosts)
      expect((await vendor.client.post('/exchange/posts', { party: `org:${org.id}`, ...form })).status).toBe(
        303,
      );

    const matches = await student.client.get('/exchange/matches');
    const html = await matches.text();
    expect(matches.status).toBe(200);
    expect(html).toContain('云海数据');
    expect(html).toContain('同一类别：实习');
    expect(html).toContain('共同标签：postgresql、内核');

    const ask = await student.client.post('/exchange/introductions', {
      party: `user:${student.user.id}`,
      other: `org:${org.id}`,
      note: '想参与优化器开发',
    });
    expect(ask.status).toBe(303);
    const introPath = location(ask).replace(/\?.*$/, '');

    // Contacts are not shown before the vendor agrees; the vendor sees the accept button.
    expect(await (await student.client.get(introPath)).text()).not.toContain(vendor.user.email);
    const incoming = await (await vendor.client.get(introPath)).text();
    expect(incoming).toContain('同意引荐');
    expect((await vendor.client.post(`${introPath}/accept`)).status).toBe(303);

    const accepted = await (await student.client.get(introPath)).text();
    expect(accepted).toContain(vendor.user.email);
    expect((await student.client.post(`${introPath}/outcome`, { level: '3' })).status).toBe(303);
    const done = await (await student.client.get(introPath)).text();
    expect(done).toContain('进展：深入洽谈 / 试用中');
    const [row] = await t.db.select().from(exchangeIntroductions);
    expect([row.status, row.outcome]).toEqual(['accepted', 3]);
  });

  it('a need without end/means re-renders the form with the field error and writes nothing', async () => {
    const { user, client } = await signedIn('邓雨');
    const res = await client.post('/exchange/posts', {
      kind: 'need',
      party: `user:${user.id}`,
      category: 'internships',
      title: '找实习',
      purpose: '',
      metricLevel: 'process',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('请说明这是目的还是手段。');
    expect(html).toContain('value="找实习"');
    expect(await t.db.select().from(exchangePosts)).toEqual([]);
  });

  it('posting for an organisation one does not run is refused with nothing written', async () => {
    const owner = await makeUser(t.db);
    const org = await makeOrg(t.db, owner.id);
    const { client } = await signedIn('路人');
    const res = await client.post('/exchange/posts', {
      kind: 'offer',
      party: `org:${org.id}`,
      category: 'jobs',
      title: '冒名发布',
    });
    expect(res.status).toBe(403);
    expect(await t.db.select().from(exchangePosts)).toEqual([]);
  });

  it("someone outside the pair gets 404 for an introduction's page", async () => {
    const a = await signedIn('甲');
    const b = await signedIn('乙');
    const c = await signedIn('丙');
    await a.client.post('/exchange/posts', {
      kind: 'need',
      party: `user:${a.user.id}`,
      category: 'skills',
      purpose: 'end',
      metricLevel: 'process',
      title: '学习 SQL 优化',
    });
    await b.client.post('/exchange/posts', {
      kind: 'offer',
      party: `user:${b.user.id}`,
      category: 'skills',
      title: 'SQL 优化辅导',
    });
    const ask = await a.client.post('/exchange/introductions', {
      party: `user:${a.user.id}`,
      other: `user:${b.user.id}`,
    });
    const path = location(ask).replace(/\?.*$/, '');
    expect((await c.client.get(path)).status).toBe(404);
    expect((await c.client.post(`${path}/accept`)).status).toBe(404);
    // The requester cannot answer their own request.
    expect((await a.client.post(`${path}/accept`)).status).toBe(403);
    expect((await b.client.get(path)).status).toBe(200);
  });
});
