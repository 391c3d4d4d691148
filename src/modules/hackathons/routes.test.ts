import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { instantToZoned } from '../../platform/time.ts';
import { lastMailTo, linkIn, makeOrg, makeUser, type TestClient, useTestApp } from '../../testing/harness.ts';
import { createIssuer } from '../credentials/service.ts';
import { confirmName } from './fixtures.test.helpers.ts';
import { hackathonDecisions, hackathonSubmissions, hackathons, hackathonTeamMembers } from './schema.ts';

const t = useTestApp();
const day = 86_400_000;
const local = (ms: number) => instantToZoned(new Date(ms), 'Asia/Shanghai');

async function client(email: string): Promise<TestClient> {
  const c = t.client();
  await c.logIn(email);
  return c;
}

const text = async (res: Response) => res.text();

describe('a hackathon from organising to credentials, through the pages', () => {
  it('organiser creates, sponsor sets a problem, a team forms and submits, a judge compares and undoes, results publish', async () => {
    const admin = await makeUser(t.db, { roles: ['platform_admin'] });
    const ctx = { db: t.db, secret: t.deps.config.GONGJIN_SECRET, publicUrl: 'http://gongjin.test' };
    const issuer = await createIssuer(
      ctx,
      { slug: 'alliance-hk', nameZh: '数据库产业联盟', nameEn: 'Alliance' },
      { actorId: admin.id },
    );
    const organiser = await makeUser(t.db, { name: '秘书处管理员' });
    const org = await makeOrg(t.db, organiser.id, { nameZh: '联盟秘书处' });
    const sponsorAdmin = await makeUser(t.db, { name: '星河管理员' });
    const sponsor = await makeOrg(t.db, sponsorAdmin.id, { nameZh: '星河数据' });
    const pa = await client(admin.email);
    const now = Date.now();
    const form = {
      slug: 'db-hack-2026',
      title: '国产数据库黑客松',
      theme: '数据库 + AI',
      rules: '',
      city: '杭州',
      timezone: 'Asia/Shanghai',
      registrationOpensAt: local(now - day),
      registrationClosesAt: local(now + day),
      startsAt: local(now + day),
      endsAt: local(now + 3 * day),
      submissionDeadline: local(now + 2 * day),
      latePolicy: 'refuse',
      lateGraceMinutes: '0',
      minTeamSize: '2',
      maxTeamSize: '2',
      eligibility: 'open',
      organizerOrgId: org.id,
      criteria: '创新性|2\n完成度|1',
      issuerId: issuer.id,
      coIssuerId: '',
    };
    // Bad input first: the form comes back with the field's message, nothing is created.
    const bad = await pa.post('/hackathons', { ...form, submissionDeadline: local(now - 2 * day) });
    expect(bad.status).toBe(400);
    expect(await text(bad)).toContain('时间顺序不对');
    expect(await t.db.select({ n: count() }).from(hackathons)).toEqual([{ n: 0 }]);
    const created = await pa.post('/hackathons', form);
    expect([created.status, created.headers.get('location')]).toEqual([
      303,
      '/hackathons/db-hack-2026/manage',
    ]);
    expect(
      (
        await pa.post('/hackathons/db-hack-2026/sponsors', {
          orgId: sponsor.id,
          kind: 'title',
          amountCny: '50000',
        })
      ).status,
    ).toBe(303);
    expect((await pa.post('/hackathons/db-hack-2026/status', { status: 'published' })).status).toBe(303);

    // The sponsor's admin sets the company's problem (and only the company's).
    const sc = await client(sponsorAdmin.email);
    const problem = {
      title: '向量检索加速',
      description: '用 **国产数据库** 做向量检索',
      resources: '',
      sponsorOrgId: sponsor.id,
      prizeCny: '20000',
      criteria: '',
    };
    expect((await sc.post('/hackathons/db-hack-2026/tracks', problem)).status).toBe(303);
    expect(
      (await sc.post('/hackathons/db-hack-2026/tracks', { ...problem, sponsorOrgId: org.id })).status,
    ).toBe(403);
    const page = await text(await t.client().get('/hackathons/db-hack-2026'));
    expect(page).toContain('向量检索加速');
    expect(page).toContain('<strong>国产数据库</strong>');
    const ics = await t.client().get('/hackathons/db-hack-2026/calendar.ics');
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await ics.text()).toContain('SUMMARY:国产数据库黑客松');

    // Two students register and form a team by invite code; a third finds it full.
    const [a, b, c3] = [
      await makeUser(t.db, { name: '李明' }),
      await makeUser(t.db, { name: '韩梅梅' }),
      await makeUser(t.db, { name: '王五' }),
    ];
    const [ca, cb, cc] = [await client(a.email), await client(b.email), await client(c3.email)];
    for (const cl of [ca, cb, cc])
      expect(
        (
          await cl.post('/hackathons/db-hack-2026/register', {
            orgId: '',
            advisorEmail: '',
            skills: 'SQL',
            lookingForTeam: 'on',
          })
        ).status,
      ).toBe(303);
    expect((await ca.post('/hackathons/db-hack-2026/teams', { name: '星火' })).status).toBe(303);
    const code =
      (await text(await ca.get('/hackathons/db-hack-2026/team'))).match(
        /把邀请码发给队友：([A-Z0-9]{8})/,
      )?.[1] ?? '';
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    expect((await cb.post('/hackathons/db-hack-2026/teams/join', { code })).status).toBe(303);
    const full = await cc.post('/hackathons/db-hack-2026/teams/join', { code });
    expect(full.status).toBe(409);
    expect(await text(full)).toContain('这支队伍已满员');
    expect(await t.db.select({ n: count() }).from(hackathonTeamMembers)).toEqual([{ n: 2 }]);

    // A bad repository is refused with its field message; a good one saves version 1.
    const trackId =
      (await text(await ca.get('/hackathons/db-hack-2026/team'))).match(
        /name="trackIds" value="([0-9a-f-]{36})"/,
      )?.[1] ?? '';
    const badRepo = await ca.post('/hackathons/db-hack-2026/submission', {
      title: '向量加速器',
      repoUrl: 'https://example.com/x/y',
      videoUrl: '',
      description: '',
      trackIds: trackId,
    });
    expect(badRepo.status).toBe(400);
    expect(await text(badRepo)).toContain('请填写 GitHub、Gitee 或 GitCode 上的仓库地址');
    expect(
      (
        await ca.post('/hackathons/db-hack-2026/submission', {
          title: '向量加速器',
          repoUrl: 'https://gitee.com/xinghuo/vector',
          videoUrl: '',
          description: '介绍',
          trackIds: trackId,
        })
      ).status,
    ).toBe(303);
    const [sub] = await t.db.select().from(hackathonSubmissions);
    expect([sub.version, sub.trackIds]).toEqual([1, [trackId]]);
    // A second team, so the judge has a pair to compare.
    const [d, e] = [await makeUser(t.db), await makeUser(t.db)];
    const [cd, ce] = [await client(d.email), await client(e.email)];
    for (const cl of [cd, ce])
      await cl.post('/hackathons/db-hack-2026/register', { orgId: '', advisorEmail: '', skills: '' });
    await cd.post('/hackathons/db-hack-2026/teams', { name: '晨曦' });
    const code2 =
      (await text(await cd.get('/hackathons/db-hack-2026/team'))).match(
        /把邀请码发给队友：([A-Z0-9]{8})/,
      )?.[1] ?? '';
    await ce.post('/hackathons/db-hack-2026/teams/join', { code: code2 });
    expect(
      (
        await cd.post('/hackathons/db-hack-2026/submission', {
          title: '时序压缩',
          repoUrl: 'https://github.com/chenxi/ts',
          videoUrl: '',
          description: '',
        })
      ).status,
    ).toBe(303);

    // The judge opens the emailed link (no account), sees a project, then compares a pair and undoes.
    expect(
      (
        await pa.post('/hackathons/db-hack-2026/judges', {
          email: 'judge@example.test',
          name: '周评委',
          expertise: '向量, 存储',
          availability: '',
          trackId: '',
        })
      ).status,
    ).toBe(303);
    const link = linkIn((await lastMailTo(t.db, 'judge@example.test')).text);
    const judge = t.client();
    const first = await text(await judge.get(`${link}/pairwise`));
    expect(first).toContain('先去看这个作品');
    const nextId = first.match(/name="nextId" value="([0-9a-f-]{36})"/)?.[1] ?? '';
    expect((await judge.post(`${link}/pairwise`, { action: 'seen', prevId: '', nextId })).status).toBe(303);
    const pair = await text(await judge.get(`${link}/pairwise`));
    const prevId = pair.match(/name="prevId" value="([0-9a-f-]{36})"/)?.[1] ?? '';
    const next2 = pair.match(/name="nextId" value="([0-9a-f-]{36})"/)?.[1] ?? '';
    expect([prevId, next2].sort()).toEqual(
      [sub.id, (await t.db.select().from(hackathonSubmissions)).find((s) => s.id !== sub.id)?.id].sort(),
    );
    expect((await judge.post(`${link}/pairwise`, { action: 'next', prevId, nextId: next2 })).status).toBe(
      303,
    );
    // The same vote again (a double tap): refused, nothing written.
    const again = await judge.post(`${link}/pairwise`, { action: 'next', prevId, nextId: next2 });
    expect(again.status).toBe(409);
    expect(await text(again)).toContain('这一对已经投过票了');
    expect((await judge.post(`${link}/pairwise`, { action: 'undo' })).status).toBe(303);
    expect((await judge.post(`${link}/pairwise`, { action: 'prev', prevId, nextId: next2 })).status).toBe(
      303,
    );
    const votes = await t.db.select().from(hackathonDecisions).where(eq(hackathonDecisions.kind, 'vote'));
    // Log order: the undone vote for the second project, then the vote that stands.
    expect(votes.sort((x, y) => x.id - y.id).map((v) => [v.winnerId, v.undoneAt === null])).toEqual([
      [next2, false],
      [prevId, true],
    ]);

    // The organiser sees the ranking, sets the award, publishes; the winners' credentials verify.
    const manage = await text(await pa.get('/hackathons/db-hack-2026/manage'));
    expect(manage).toContain('CrowdBT μ');
    await confirmName(t.db, a.id, '李明');
    await confirmName(t.db, b.id, '韩梅梅');
    expect(
      (
        await pa.post('/hackathons/db-hack-2026/awards', {
          submissionId: sub.id,
          trackId,
          title: '一等奖',
          rank: '1',
          prizeCny: '20000',
          creditHours: '32',
        })
      ).status,
    ).toBe(303);
    expect((await pa.post('/hackathons/db-hack-2026/publish-results', {})).status).toBe(303);
    const csv = Buffer.from(
      await (await pa.get('/hackathons/db-hack-2026/results.csv')).arrayBuffer(),
    ).toString('utf8');
    // One BOM (so Excel reads the Chinese), then the header.
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFproject,team,repository,late,原始分,标准化分,mu,sigma_sq,copeland',
    );
    const mine = await text(await ca.get('/my/credentials'));
    expect(mine).toContain('国产数据库黑客松 向量检索加速 · 一等奖');
  });
});
