import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { credentials } from '../modules/credentials/schema.ts';
import { decodeStatusList, statusBit } from '../modules/credentials/status-list.ts';
import { examAttemptSlots, examAttempts, exams } from '../modules/exams/schema.ts';
import { startAttempt } from '../modules/exams/service.ts';
import { examGrader, labGrader } from '../modules/grader/shared.ts';
import { organizations, users } from '../modules/identity/schema.ts';
import { attentionLifts } from '../modules/salons/queries.ts';
import { salonAgendaItems, salonRegistrations, salons } from '../modules/salons/schema.ts';
import { auditLog } from '../platform/schema.ts';
import { useTestApp } from '../testing/harness.ts';
import { DEMO_ADMIN, DEMO_PASSWORD, seedDemo } from './demo.ts';

const t = useTestApp();
// The cohort's lab submissions and SQL answers are graded by the real grader pools.
afterAll(() => Promise.all([labGrader.close(), examGrader.close()]));

describe('demo seed', () => {
  it('loads a salon series with past and upcoming salons, agendas and attendees', async () => {
    await seedDemo(t.db, 'http://gongjin.test', t.deps.config.GONGJIN_SECRET);
    const rows = await t.db.select().from(salons).orderBy(asc(salons.number));
    expect(rows.map((s) => [s.number, s.city, s.status])).toEqual([
      [1, '杭州', 'recap_published'],
      [2, '北京', 'finished'],
      [3, '上海', 'registration_open'],
      [4, '深圳', 'announced'],
    ]);
    expect(rows[1].startsAt.getTime()).toBeLessThan(Date.now());
    expect(rows[2].startsAt.getTime()).toBeGreaterThan(Date.now());
    expect(await t.db.select().from(salonAgendaItems)).toHaveLength(12);
    const regs = await t.db
      .select()
      .from(salonRegistrations)
      .where(eq(salonRegistrations.salonId, rows[2].id))
      .orderBy(asc(salonRegistrations.seq));
    // The three named students first, then the crowd; two cancelled.
    expect(regs.slice(0, 3).map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    expect(regs.filter((r) => r.status === 'confirmed')).toHaveLength(29);
    const page = await (await t.client().get(`/salons/${rows[2].id}`)).text();
    expect(page).toContain('<h1>图数据库与知识图谱实战</h1>');
    expect(page).toContain('公开课：图查询语言入门');
  });

  it('opens an exam in which every candidate meets at least one SQL question', async () => {
    await seedDemo(t.db, 'http://gongjin.test', t.deps.config.GONGJIN_SECRET);
    const [exam] = await t.db.select().from(exams);
    const [student] = await t.db
      .select()
      .from(users)
      .where(eq(users.email, 'liu.yang@stu.donghu-univ.example.edu.cn'));
    const attempt = await startAttempt(t.db, exam.id, student.id, { ip: null });
    const slots = await t.db
      .select()
      .from(examAttemptSlots)
      .where(eq(examAttemptSlots.attemptId, attempt.id));
    expect(slots).toHaveLength(6);
    // Five drawn from the 初级 categories (the 索引 one holds a SQL question too, so that draw
    // may add a second), and always one from SQL 实操 in the second section.
    expect(slots.filter((s) => s.section === 0)).toHaveLength(5);
    expect(slots.filter((s) => s.section === 1).map((s) => s.type)).toEqual(['sql']);
  });

  it('describes every demo organisation in Chinese and in English', async () => {
    // Task wall (ADR 0020).
    await seedDemo(t.db, 'http://gongjin.test', t.deps.config.GONGJIN_SECRET);
    const orgs = await t.db
      .select({ slug: organizations.slug, zh: organizations.description, en: organizations.descriptionEn })
      .from(organizations);
    expect(orgs).toHaveLength(12);
    for (const o of orgs) {
      expect([o.slug, /\p{Script=Han}/u.test(o.zh)]).toEqual([o.slug, true]);
      expect([o.slug, /^[A-Z][\x20-\x7e]+\.$/.test(o.en)]).toEqual([o.slug, true]);
    }
  });

  it('tells the whole life of past salons: every report shows plausible figures and its charts', async () => {
    // Task demo story (issue 21 item 1).
    await seedDemo(t.db, 'http://gongjin.test', t.deps.config.GONGJIN_SECRET);
    const rows = await t.db.select().from(salons).orderBy(asc(salons.number));
    const admin = t.client();
    await admin.logIn(DEMO_ADMIN.email, DEMO_PASSWORD);
    const figure = (html: string, key: string) => {
      const m = new RegExp(`data-cost="${key}">([^<]+)<`).exec(html);
      return m ? Number(m[1].replace(/[¥,]/g, '')) : Number.NaN;
    };
    const report = async (id: string) => {
      const res = await admin.get(`/salons/${id}/report`);
      expect(res.status).toBe(200);
      return res.text();
    };
    for (const s of rows.slice(0, 2)) {
      const html = await report(s.id);
      expect(figure(html, 'attendees')).toBeGreaterThanOrEqual(40);
      expect(figure(html, 'attendees')).toBeLessThanOrEqual(120);
      expect(figure(html, 'actual')).toBeGreaterThanOrEqual(3000);
      expect(figure(html, 'actual')).toBeLessThanOrEqual(5000);
      expect(figure(html, 'perAttendee')).toBeGreaterThan(0);
      expect(figure(html, 'viewers')).toBeGreaterThan(1000);
      expect(figure(html, 'perThousandViewers')).toBeGreaterThan(0);
      // Four charts, each an SVG with drawn marks (bars, lines) rather than an empty frame.
      const charts = [...html.matchAll(/data-chart="(\w+)">.*?src="data:image\/svg\+xml;base64,([^"]+)"/gs)];
      expect(charts.map((c) => c[1])).toEqual(['registrations', 'attendance', 'viewers', 'attention']);
      for (const [, , b64] of charts) expect(Buffer.from(b64, 'base64').toString()).toMatch(/<path[^>]+d="M/);
      // Registrations arrived over weeks, the waitlist moved up, the attention rose after the day.
      const regs = await t.db.select().from(salonRegistrations).where(eq(salonRegistrations.salonId, s.id));
      const days = new Set(regs.map((r) => r.createdAt.toISOString().slice(0, 10)));
      expect(days.size).toBeGreaterThan(10);
      expect(Math.min(...regs.map((r) => r.createdAt.getTime()))).toBeLessThan(
        s.startsAt.getTime() - 20 * 86_400_000,
      );
      expect(regs.every((r) => r.createdAt < s.startsAt)).toBe(true);
      const promoted = await t.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.action, 'salon.waitlist_promoted'), sql`${auditLog.data}->>'salonId' = ${s.id}`),
        );
      expect(promoted.length).toBeGreaterThan(0);
      const lifts = await attentionLifts(t.db, s);
      expect(lifts[0].lift).toBeGreaterThan(0.1);
    }
    // Synchronized promotion: four channels each, one published late, one of salon 2's missing.
    const promotion = await (await admin.get(`/salons/${rows[1].id}/promotion`)).text();
    expect(promotion).toContain('已发布 3 / 4 个渠道');
    // The series report carries each past salon's costs, per attendee and per thousand viewers.
    const series = await (await admin.get('/salons/series/gonghua-weilai/report')).text();
    const cells = [
      ...series.matchAll(/<tr><td><a[^>]*>(\d) · [^<]+<\/a><\/td>((?:<td>[^<]*<\/td>)+)<\/tr>/g),
    ].map((m) => [m[1], [...m[2].matchAll(/<td>([^<]*)<\/td>/g)].map((c) => c[1])]);
    expect(cells.slice(0, 2).every(([, c]) => (c as string[]).every((v) => v !== '—' && v !== '¥0'))).toBe(
      true,
    );
    // Salon 1's talks carry their replay and recap.
    const [talk] = await t.db.select().from(salonAgendaItems).where(eq(salonAgendaItems.salonId, rows[0].id));
    expect(talk.replayUrl).toMatch(/^https:\/\/www\.bilibili\.com\//);
    expect(talk.recap.length).toBeGreaterThan(20);
  });

  it('shows a cohort: course progress, exam results and statistics, essays waiting, a revoked certificate', async () => {
    // Task cohort (issue 21 items 2 and 5).
    await seedDemo(t.db, 'http://gongjin.test', t.deps.config.GONGJIN_SECRET);
    const teacher = t.client();
    await teacher.logIn('prof.wang@donghu-univ.example.edu.cn', DEMO_PASSWORD);
    // The course progress page lists the cohort at different points of the course.
    const progress = await teacher.get('/learn/courses/pg-sql-basics/progress');
    expect(progress.status).toBe(200);
    const rows = [
      ...(await progress.text()).matchAll(
        /<tr><td>[^<]+<br\/?><span class="muted">[^<]+<\/span><\/td><td>(\d+)<\/td><td>[^<]*<\/td><td>(\d+)<\/td><\/tr>/g,
      ),
    ].map((m) => ({ lessons: Number(m[1]), labs: Number(m[2]) }));
    expect(rows.length).toBeGreaterThanOrEqual(15);
    expect(new Set(rows.map((r) => r.lessons)).size).toBeGreaterThanOrEqual(3);
    expect(rows.some((r) => r.labs > 0)).toBe(true);
    expect(rows.some((r) => r.lessons >= 3 && r.labs === 0)).toBe(true);
    // The exam: at least 15 finished attempts with a spread of scores, a few essays waiting.
    const [exam] = await t.db.select().from(exams);
    const attempts = await t.db.select().from(examAttempts).where(eq(examAttempts.examId, exam.id));
    const finished = attempts.filter((a) => a.fullyGraded && a.score !== null);
    expect(finished.length).toBeGreaterThanOrEqual(15);
    const percents = finished.map((a) => (a.score! / a.maxScore) * 100);
    expect(Math.min(...percents)).toBeLessThan(60);
    expect(Math.max(...percents)).toBeGreaterThanOrEqual(80);
    const waiting = await t.db
      .select()
      .from(examAttemptSlots)
      .where(eq(examAttemptSlots.grading, 'pending_manual'));
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.length).toBeLessThanOrEqual(5);
    expect(
      await t.db.select().from(examAttemptSlots).where(eq(examAttemptSlots.grading, 'pending_sql')),
    ).toEqual([]);
    // The results page: every question's facility and discrimination, and the chart.
    const results = await teacher.get(`/exams/${exam.id}/results`);
    expect(results.status).toBe(200);
    const html = await results.text();
    expect(html).toContain(`<img src="/exams/${exam.id}/stats.svg"`);
    const stats = [
      ...(/data-testid="stats">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '').matchAll(
        /<tr><td>[^<]+<\/td><td>(\d+)<\/td><td>([^<]+)<\/td><td>([^<]+)<\/td><\/tr>/g,
      ),
    ];
    expect(stats.length).toBeGreaterThanOrEqual(6);
    expect(stats.some((m) => Number(m[1]) >= 10 && m[2] !== '—' && m[2] !== '0%' && m[2] !== '100%')).toBe(
      true,
    );
    expect(stats.some((m) => m[3] !== '—' && Number(m[3]) > 0)).toBe(true);
    const svg = await teacher.get(`/exams/${exam.id}/stats.svg`);
    expect(svg.status).toBe(200);
    // Drawn bars (paths), more of them than the axes alone would make.
    expect((await svg.text()).match(/<path[^>]+d="M/g)?.length ?? 0).toBeGreaterThan(stats.length);
    // Certificates for those who passed, in their confirmed names; one revoked, its status list says so.
    const certs = await t.db.select().from(credentials);
    expect(certs.length).toBeGreaterThanOrEqual(6);
    const revoked = certs.filter((c) => c.status === 'revoked');
    expect(revoked).toHaveLength(1);
    const list = (await (await t.client().get('/credentials/status/alliance/revocation/0')).json()) as {
      credentialSubject: { encodedList: string };
    };
    const bits = decodeStatusList(list.credentialSubject.encodedList);
    expect(certs.filter((c) => statusBit(bits, c.statusIndex)).map((c) => c.id)).toEqual([revoked[0].id]);
  });
});
