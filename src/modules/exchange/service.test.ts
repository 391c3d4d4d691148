import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, jobs, mailOutbox } from '../../platform/schema.ts';
import { makeOrg, makeUser, TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { actorById } from '../identity/queries.ts';
import type { PostInput } from './forms.ts';
import {
  expireIntroduction,
  recordOutcome,
  requestIntroduction,
  respondToIntroduction,
  sendOutcomeSurvey,
} from './introductions.ts';
import { orgParty, userParty } from './parties.ts';
import { blockPair, createPost } from './posts.ts';
import { findIntroduction, introductionFunnel, listPosts } from './queries.ts';
import { exchangeIntroductions, exchangePosts } from './schema.ts';
import { INCOMING_CAP, OUTGOING_CAP, suggestionsFor } from './suggest.ts';

const t = useTestApp();
const info = { ip: null, publicUrl: TEST_PUBLIC_URL };

async function person(name: string) {
  const u = await makeUser(t.db, { name });
  return { ...u, actor: (await actorById(t.db, u.id))!, party: userParty(u.id) };
}

/** A company (its admin acts for it). */
async function company(name: string) {
  const admin = await makeUser(t.db, { name: `${name}管理员` });
  const org = await makeOrg(t.db, admin.id, { nameZh: name });
  return { admin, actor: (await actorById(t.db, admin.id))!, party: orgParty(org.id), orgId: org.id };
}

const need = (party: string, p: Partial<PostInput>): PostInput => ({
  kind: 'need',
  party,
  category: 'talent',
  purpose: 'means',
  metricLevel: 'process',
  title: '',
  body: '',
  tags: [],
  ...p,
});
const offer = (party: string, p: Partial<PostInput>): PostInput => ({
  ...need(party, p),
  kind: 'offer',
  purpose: '',
  metricLevel: '',
  ...p,
});

/** A vendor needing kernel talent and offering internships; a student offering the skills and needing one. */
async function vendorAndStudent() {
  const vendor = await company('云海数据');
  const student = await person('刘洋');
  await createPost(
    t.db,
    vendor.actor,
    need(vendor.party, {
      title: '招募数据库内核实习生',
      body: '熟悉 PostgreSQL 源码，了解查询优化器',
      tags: ['postgresql', '内核'],
    }),
    info,
  );
  await createPost(
    t.db,
    vendor.actor,
    offer(vendor.party, {
      category: 'internships',
      title: '内核研发实习岗位',
      body: '杭州，可远程',
      tags: ['实习'],
    }),
    info,
  );
  await createPost(
    t.db,
    student.actor,
    offer(student.party, {
      title: '读过 PostgreSQL 优化器源码的大三学生',
      body: '做过查询优化器的课程项目',
      tags: ['postgresql', '内核'],
    }),
    info,
  );
  await createPost(
    t.db,
    student.actor,
    need(student.party, {
      category: 'internships',
      title: '寻找数据库内核实习',
      purpose: 'end',
      metricLevel: 'north_star',
      tags: ['实习'],
    }),
    info,
  );
  return { vendor, student };
}

describe('posts', () => {
  it('stores a need with its jieba terms and audit entry; a person may not post for an organisation they do not run', async () => {
    const vendor = await company('北辰时序');
    const outsider = await person('路人');
    const post = await createPost(
      t.db,
      vendor.actor,
      need(vendor.party, { title: '寻找时序数据库用户案例', tags: ['时序'] }),
      info,
    );
    expect(post.terms).toEqual(expect.arrayContaining(['时序', '数据库', '用户', '案例']));
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, post.id));
    expect(entry.action).toBe('exchange.post_created');
    await expect(
      createPost(t.db, outsider.actor, need(vendor.party, { title: '冒名' }), info),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await t.db.select().from(exchangePosts)).map((p) => p.title)).toEqual(['寻找时序数据库用户案例']);
    expect((await listPosts(t.db, { q: '时序' })).map((p) => p.id)).toEqual([post.id]);
    expect(await listPosts(t.db, { q: '图数据库' })).toEqual([]);
  });
});

describe('matching', () => {
  it('suggests the student to the vendor with a mutual score and the reasons from both directions', async () => {
    const { vendor, student } = await vendorAndStudent();
    const [s] = await suggestionsFor(t.db, vendor.party);
    expect(s.party).toBe(student.party);
    expect(s.forward!.score).toBeGreaterThan(0.5);
    expect(s.backward!.score).toBeGreaterThan(0.5);
    // The harmonic mean lies between the two directions.
    expect(s.score).toBeGreaterThanOrEqual(Math.min(s.forward!.score, s.backward!.score));
    expect(s.score).toBeLessThanOrEqual(Math.max(s.forward!.score, s.backward!.score));
    expect(s.forward!.reasons).toEqual([
      { kind: 'category', category: 'talent' },
      { kind: 'tags', tags: ['postgresql', '内核'] },
      expect.objectContaining({ kind: 'words' }),
    ]);
    expect(s.backward!.reasons[0]).toEqual({ kind: 'category', category: 'internships' });
    // Symmetric: the student sees the vendor with the same mutual score.
    const [back] = await suggestionsFor(t.db, student.party);
    expect(back.party).toBe(vendor.party);
    expect(back.score).toBeCloseTo(s.score, 10);
  });

  it('a rare shared word counts for more than a common one', async () => {
    const a = await company('甲');
    const b = await company('乙');
    const c = await company('丙');
    await createPost(
      t.db,
      a.actor,
      need(a.party, { category: 'partners', title: '寻找时序数据库合作伙伴' }),
      info,
    );
    await createPost(t.db, b.actor, offer(b.party, { category: 'products', title: '时序引擎' }), info);
    await createPost(t.db, c.actor, offer(c.party, { category: 'products', title: '数据库服务' }), info);
    for (let i = 0; i < 4; i++) {
      const x = await company(`填充${i}`);
      await createPost(
        t.db,
        x.actor,
        offer(x.party, { category: 'products', title: `数据库产品${i}` }),
        info,
      );
    }
    const ranked = await suggestionsFor(t.db, a.party);
    expect(ranked[0].party).toBe(b.party);
    expect(ranked[0].forward!.score).toBeGreaterThan(ranked.find((r) => r.party === c.party)!.forward!.score);
    // Neither answers a need of theirs with a need of a: the mutual score is 0, and says so.
    expect(ranked[0].score).toBe(0);
    expect(ranked[0].backward).toBeUndefined();
  });

  it('"no thanks" zeroes the pair both ways and declines a request waiting between them', async () => {
    const { vendor, student } = await vendorAndStudent();
    const intro = await requestIntroduction(
      t.db,
      student.actor,
      { party: student.party, other: vendor.party, note: '' },
      info,
    );
    await blockPair(
      t.db,
      vendor.actor,
      { party: vendor.party, other: student.party, reason: 'no_thanks' },
      info,
    );
    expect(await suggestionsFor(t.db, vendor.party)).toEqual([]);
    expect(await suggestionsFor(t.db, student.party)).toEqual([]);
    const after = await findIntroduction(t.db, intro.id);
    expect(after!.intro.status).toBe('declined');
    expect(after!.events.map((e) => e.kind)).toEqual(['requested', 'declined']);
    await expect(
      requestIntroduction(t.db, student.actor, { party: student.party, other: vendor.party, note: '' }, info),
    ).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'exchange.error.noMatch' });
    expect(await t.db.select().from(exchangeIntroductions)).toHaveLength(1);
  });
});

describe('introductions', () => {
  it('request → accept → both sides get contacts → survey → outcome, each step logged', async () => {
    const { vendor, student } = await vendorAndStudent();
    const intro = await requestIntroduction(
      t.db,
      student.actor,
      { party: student.party, other: vendor.party, note: '想参与优化器开发' },
      info,
    );
    expect(intro.status).toBe('requested');
    expect(intro.reasons).toContain('category:talent');
    const [asked] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, vendor.admin.email));
    expect(asked.subject).toBe('【共进·供需连】有人希望认识你');
    expect(asked.text).toContain('想参与优化器开发');
    expect(asked.text).not.toContain(student.email);
    // The answer comes from the other side only.
    await expect(respondToIntroduction(t.db, student.actor, intro.id, 'accept', info)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await respondToIntroduction(t.db, vendor.actor, intro.id, 'accept', info);
    const toStudent = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, student.email));
    expect(toStudent.map((m) => m.subject)).toEqual(['【共进·供需连】引荐成功']);
    expect(toStudent[0].text).toContain(vendor.admin.email);
    const survey = (await t.db.select().from(jobs).where(eq(jobs.kind, 'exchange.outcome_survey')))[0];
    expect(survey.runAt.getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
    await sendOutcomeSurvey(t.db, intro.id, TEST_PUBLIC_URL);
    await recordOutcome(t.db, student.actor, intro.id, 4, info);
    const done = await findIntroduction(t.db, intro.id);
    expect(done!.intro.outcome).toBe(4);
    expect(done!.events.map((e) => e.kind)).toEqual(['requested', 'accepted', 'survey_sent', 'outcome']);
    const funnel = await introductionFunnel(t.db);
    expect(funnel.byStatus.accepted).toBe(1);
    expect(funnel.byOutcome).toEqual([0, 0, 0, 0, 1]);
    expect(funnel.posts).toEqual({ offers: 2, needs: 2, parties: 2 });
  });

  it('a request nobody answers expires at its deadline and can no longer be accepted', async () => {
    const { vendor, student } = await vendorAndStudent();
    const intro = await requestIntroduction(
      t.db,
      student.actor,
      { party: student.party, other: vendor.party, note: '' },
      info,
    );
    await expireIntroduction(t.db, intro.id, new Date(intro.respondBy.getTime() - 1000));
    expect((await findIntroduction(t.db, intro.id))!.intro.status).toBe('requested');
    await expect(
      respondToIntroduction(t.db, vendor.actor, intro.id, 'accept', {
        ...info,
        now: new Date(intro.respondBy.getTime() + 1),
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'exchange.error.expired' });
    const after = await findIntroduction(t.db, intro.id);
    expect(after!.intro.status).toBe('expired');
    expect(after!.events.map((e) => e.kind)).toEqual(['requested', 'expired']);
    expect(await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, student.email))).toEqual([]);
  });

  it('caps: a party has at most OUTGOING_CAP requests waiting, and receives at most INCOMING_CAP', async () => {
    const popular = await company('热门厂商');
    await createPost(
      t.db,
      popular.actor,
      offer(popular.party, { title: 'PostgreSQL 内核实习', tags: ['postgresql'] }),
      info,
    );
    await createPost(
      t.db,
      popular.actor,
      need(popular.party, { title: 'PostgreSQL 人才', tags: ['postgresql'] }),
      info,
    );
    const askers = [];
    for (let i = 0; i <= INCOMING_CAP; i++) {
      const p = await person(`学生${i}`);
      await createPost(
        t.db,
        p.actor,
        need(p.party, { title: 'PostgreSQL 实习', tags: ['postgresql'] }),
        info,
      );
      askers.push(p);
    }
    for (const p of askers.slice(0, INCOMING_CAP))
      await requestIntroduction(t.db, p.actor, { party: p.party, other: popular.party, note: '' }, info);
    const last = askers[INCOMING_CAP];
    expect((await suggestionsFor(t.db, last.party))[0]).toMatchObject({
      party: popular.party,
      atCapacity: true,
    });
    await expect(
      requestIntroduction(t.db, last.actor, { party: last.party, other: popular.party, note: '' }, info),
    ).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'exchange.error.incomingCap' });
    expect(await t.db.select().from(exchangeIntroductions)).toHaveLength(INCOMING_CAP);

    // Outgoing: one student asking OUTGOING_CAP + 1 different companies.
    const eager = askers[0];
    const others = [];
    for (let i = 0; i < OUTGOING_CAP; i++) {
      const c = await company(`公司${i}`);
      await createPost(
        t.db,
        c.actor,
        offer(c.party, { title: 'PostgreSQL 岗位', tags: ['postgresql'] }),
        info,
      );
      others.push(c);
    }
    for (const c of others.slice(0, OUTGOING_CAP - 1))
      await requestIntroduction(t.db, eager.actor, { party: eager.party, other: c.party, note: '' }, info);
    await expect(
      requestIntroduction(
        t.db,
        eager.actor,
        { party: eager.party, other: others[OUTGOING_CAP - 1].party, note: '' },
        info,
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'exchange.error.outgoingCap' });
  });
});
