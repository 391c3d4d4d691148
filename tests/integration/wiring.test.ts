/**
 * The two links the composition root makes between exams and learning (src/wiring.ts), through
 * the real app: an exam that requires a course and its labs admits only students who enrolled and
 * passed them, and the tutor is refused while that student's attempt is in progress.
 */
import { describe, expect, it } from 'vitest';
import { createFixtureBank } from '../../src/modules/exams/fixtures.ts';
import { createExam } from '../../src/modules/exams/service.ts';
import { DEFAULT_REVIEW } from '../../src/modules/exams/types.ts';
import { DEMO_COURSE_SLUG, seedLearningDemo } from '../../src/modules/learning/demo.ts';
import { recordLabAttempt } from '../../src/modules/learning/service.ts';
import { makeUser, useTestApp } from '../../src/testing/harness.ts';

const t = useTestApp();

describe('exams × learning', () => {
  it('admits a student to an exam only after enrolling and passing the labs, then turns the tutor off', async () => {
    const teacher = await makeUser(t.db, { roles: ['teacher'] });
    const student = await makeUser(t.db, { roles: ['student'] });
    const info = { ip: null, actorId: teacher.id };
    const demo = await seedLearningDemo(t.db, { teacherId: teacher.id, studentIds: [], info });
    await createFixtureBank(t.db, null);
    const exam = await createExam(
      t.db,
      {
        title: '课程结业考试',
        description: '',
        status: 'published',
        blueprint: { sections: [{ title: '', draws: [], fixed: ['fx-choice'] }] },
        timeLimitMinutes: 30,
        opensAt: null,
        closesAt: null,
        attemptsAllowed: 0,
        gradingMethod: 'highest',
        passPercent: 60,
        shuffleQuestions: false,
        shuffleOptions: false,
        review: DEFAULT_REVIEW,
        requiredCourseId: demo.course.id,
        requiredLabs: 1,
        achievementId: null,
        staggerMinutes: 0,
      },
      info,
    );
    const c = t.client();
    await c.logIn(student.email);

    const notEnrolled = await c.post(`/exams/${exam.id}/start`);
    expect(notEnrolled.status).toBe(403);
    expect(await notEnrolled.text()).toContain('这场考试要求先报名并学习指定课程。');

    expect((await c.post(`/learn/courses/${DEMO_COURSE_SLUG}/enrol`)).status).toBe(303);
    const noLabs = await c.post(`/exams/${exam.id}/start`);
    expect(noLabs.status).toBe(403);
    expect(await noLabs.text()).toContain('这场考试要求先完成课程中规定数量的 SQL 实验。');

    // Before the exam the tutor answers the enrolled student.
    expect(
      (await c.post(`/learn/courses/${DEMO_COURSE_SLUG}/tutor`, { question: 'JOIN 是什么' })).status,
    ).toBe(200);

    await recordLabAttempt(t.db, demo.lab.id, student.id, 'select 1', { passed: true, diagnostics: [] });
    const started = await c.post(`/exams/${exam.id}/start`);
    expect(started.status).toBe(303);

    const tutor = await c.post(`/learn/courses/${DEMO_COURSE_SLUG}/tutor`, { question: 'JOIN 是什么' });
    expect(tutor.status).toBe(403);
  });
});
