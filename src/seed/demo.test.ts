import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { examAttemptSlots, exams } from '../modules/exams/schema.ts';
import { startAttempt } from '../modules/exams/service.ts';
import { organizations, users } from '../modules/identity/schema.ts';
import { salonAgendaItems, salonRegistrations, salons } from '../modules/salons/schema.ts';
import { useTestApp } from '../testing/harness.ts';
import { seedDemo } from './demo.ts';

const t = useTestApp();

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
      .where(eq(salonRegistrations.salonId, rows[2].id));
    expect(regs.map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
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
});
