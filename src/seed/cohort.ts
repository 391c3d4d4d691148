/**
 * The demo's cohort of students (issue 21 item 2), through the services students and teachers use:
 * enrolments in the demo course with lessons completed up to different points, lab submissions
 * right and wrong (graded for real), attempts at the associate exam (started, answered, submitted;
 * SQL answers graded by the exam grader pool, as the `exam.grade_sql` job would), essays
 * marked by the teacher except a few left waiting, credentials for those who passed, one revoked.
 *
 * Each student has a fixed "skill" drawn from the seeded generator, which decides how far they got
 * and how often they answer right. The exam draws questions with a fresh seed per attempt (as it
 * must for real candidates), so which questions each one meets varies between machines; the
 * skills, and so the shape of the results, do not.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { setCredentialStatus } from '../modules/credentials/service.ts';
import { gradeSqlAnswer } from '../modules/exams/grading.ts';
import { attemptSlots } from '../modules/exams/queries.ts';
import { examAttemptSlots, examAttempts } from '../modules/exams/schema.ts';
import {
  awardIfPassed,
  gradeSlot,
  saveAnswers,
  startAttempt,
  submitAttempt,
} from '../modules/exams/service.ts';
import { examGrader } from '../modules/grader/shared.ts';
import { createConfirmedUser, hashPassword } from '../modules/identity/accounts.ts';
import { confirmCertificateName } from '../modules/identity/certificate-name.ts';
import { memberships } from '../modules/identity/schema.ts';
import { poolGrader } from '../modules/learning/grading.ts';
import type { Lab, Lesson } from '../modules/learning/queries.ts';
import { completeLesson, enrol, recordLabAttempt, recordQuizScore } from '../modules/learning/service.ts';
import { loadVersions } from '../modules/questions/service.ts';
import type { QuestionBody, QuestionResponse } from '../modules/questions/types.ts';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾';
const GIVEN = [
  '子轩',
  '雨桐',
  '浩宇',
  '思彤',
  '一诺',
  '梓涵',
  '俊熙',
  '欣妍',
  '宇轩',
  '佳琪',
  '明远',
  '若曦',
];

export type Student = { id: string; name: string; skill: number };

/**
 * The generated part of the cohort: students of the two demo universities sharing one password
 * hash (seeding stays fast), each with a confirmed email and a confirmed certificate name.
 */
export async function seedStudents(
  db: Db,
  opts: { size: number; password: string; schools: Array<{ orgId: string; domain: string; name: string }> },
  random: () => number,
): Promise<Student[]> {
  const hash = await hashPassword(opts.password);
  const students: Student[] = [];
  for (let i = 1; i <= opts.size; i++) {
    const school = opts.schools[i % opts.schools.length];
    const name =
      SURNAMES[Math.floor(random() * SURNAMES.length)] + GIVEN[Math.floor(random() * GIVEN.length)];
    const id = await createConfirmedUser(db, {
      email: `student${String(i).padStart(2, '0')}@${school.domain}`,
      password: { hash },
      displayName: name,
      roles: ['student'],
      locale: 'zh-CN',
      affiliation: school.name,
    });
    await db
      .insert(memberships)
      .values({ orgId: school.orgId, userId: id, role: 'member' })
      .onConflictDoNothing();
    await confirmCertificateName(db, id, name, { ip: null });
    students.push({ id, name, skill: 0.3 + random() * 0.65 });
  }
  return students;
}

/** Lab queries students submit: the right one, and the inner join that loses the empty department. */
const LAB_RIGHT = `SELECT d.name, count(e.id) AS headcount
FROM departments d LEFT JOIN employees e ON e.dept_id = d.id
GROUP BY d.id, d.name ORDER BY d.id;`;
const LAB_INNER = `SELECT d.name, count(*) AS headcount
FROM departments d JOIN employees e ON e.dept_id = d.id
GROUP BY d.id, d.name ORDER BY d.id;`;

/**
 * Grades the two lab queries students send, once each. Started before the cohort's accounts are
 * made, so the workers start while the database works. In the exam grader's pool, which the exam
 * answers need anyway: starting a second pool's workers would double the seed's slowest part.
 */
export function labVerdicts(lab: Lab) {
  const grader = poolGrader(examGrader);
  return Promise.all([grader.grade(lab.spec, LAB_RIGHT), grader.grade(lab.spec, LAB_INNER)]).then(
    ([right, inner]) =>
      new Map([
        [LAB_RIGHT, right],
        [LAB_INNER, inner],
      ]),
  );
}

/** Enrols the cohort and walks each student through the course as far as their skill took them. */
export async function seedCourseProgress(
  db: Db,
  course: { id: string; lessons: Lesson[]; lab: Lab },
  verdicts: ReturnType<typeof labVerdicts>,
  students: Student[],
  teacherId: string,
  random: () => number,
): Promise<void> {
  const verdict = async (sql: string) => (await verdicts).get(sql)!;
  for (const s of students) {
    await enrol(db, course.id, s.id, { ip: null, actorId: teacherId });
    const done = Math.min(course.lessons.length, Math.floor(s.skill * (course.lessons.length + 1.5)));
    for (const lesson of course.lessons.slice(0, done)) {
      await completeLesson(db, lesson.id, s.id);
      if (random() < 0.7) await recordQuizScore(db, lesson.id, s.id, random() < s.skill ? 1 : 0);
    }
    // Only those who reached the JOIN lesson try the lab; many first forget the empty department.
    if (done < 3) continue;
    if (random() > s.skill)
      await recordLabAttempt(db, course.lab.id, s.id, LAB_INNER, await verdict(LAB_INNER));
    if (random() < s.skill + 0.2)
      await recordLabAttempt(db, course.lab.id, s.id, LAB_RIGHT, await verdict(LAB_RIGHT));
  }
}

/** A believable answer to one question: right with probability `skill`, otherwise a typical slip. */
function answer(body: QuestionBody, skill: number, random: () => number): QuestionResponse | null {
  const right = random() < skill;
  switch (body.type) {
    case 'single_choice': {
      const pick = body.choices.filter((c) => c.fraction > 0 === right);
      const c = pick[Math.floor(random() * pick.length)] ?? body.choices[0];
      return { type: 'single_choice', choice: c.id };
    }
    case 'multiple_choice': {
      const good = body.choices.filter((c) => c.fraction > 0).map((c) => c.id);
      return {
        type: 'multiple_choice',
        choices: right
          ? good
          : good.slice(0, 1).concat(
              body.choices
                .filter((c) => c.fraction <= 0)
                .map((c) => c.id)
                .slice(0, 1),
            ),
      };
    }
    case 'true_false':
      return { type: 'true_false', value: right ? body.correct : !body.correct };
    case 'short_answer':
      return {
        type: 'short_answer',
        text: right ? (body.answers.find((a) => a.fraction >= 1)?.text ?? '') : '不确定',
      };
    case 'numerical': {
      const a = body.answers.find((x) => x.fraction >= 1);
      const v = a ? (a.kind === 'range' ? a.min : a.value) : 0;
      return { type: 'numerical', text: String(right ? v : v + 7) };
    }
    case 'matching': {
      // Keyed by pair id; a slip swaps two answers. Pairs without a prompt are distractors.
      const pairs = body.pairs.filter((p) => p.prompt !== '');
      const answers: Record<string, string> = {};
      for (const [i, p] of pairs.entries())
        answers[p.id] = right || i > 1 ? p.answer : (pairs[1 - i]?.answer ?? p.answer);
      return { type: 'matching', answers };
    }
    case 'essay':
      return {
        type: 'essay',
        text: right
          ? "B-tree 支持等值查询和范围查询（=、<、BETWEEN），也能让 ORDER BY 直接按索引顺序读取而不必排序。以通配符开头的 LIKE（如 LIKE '%abc'）用不上 B-tree。"
          : 'B-tree 索引可以加快查询速度，适合经常查询的列。',
      };
    case 'sql':
      if (right) return { type: 'sql', sql: body.sql.referenceSql };
      // Half of those who get it wrong write a query that runs but misses; the rest leave it blank.
      return random() < 0.5 ? { type: 'sql', sql: 'SELECT name FROM employees;' } : { type: 'sql', sql: '' };
    default:
      return null;
  }
}

/**
 * Each student sits the exam: start, save answers, submit; SQL answers graded by the exam grader
 * pool; those who fail try once more. The teacher marks the essays but the last `essaysWaiting`.
 * Returns the credentials the passes earned.
 */
export async function seedExamAttempts(
  db: Db,
  ctx: { publicUrl: string; secret: string },
  opts: { examId: string; teacherId: string; adminId: string; essaysWaiting: number },
  students: Student[],
  random: () => number,
): Promise<string[]> {
  const cred = { db, ...ctx };
  const essays: Array<{ attemptId: string; slot: number; skill: number; userId: string }> = [];
  const sqlPending: Array<{ attemptId: string; slots: number[] }> = [];
  const sit = async (s: Student, skill: number) => {
    const attempt = await startAttempt(
      db,
      opts.examId,
      s.id,
      { ip: null },
      new Date(),
      Math.floor(random() * 2 ** 31),
    );
    const slots = await attemptSlots(db, attempt.id);
    const versions = await loadVersions(
      db,
      slots.map((x) => x.versionId),
    );
    const answers = slots.flatMap((slot) => {
      const body = versions.get(slot.versionId)?.body;
      const response = body ? answer(body, skill, random) : null;
      return response ? [{ slot: slot.slot, seq: 1, response }] : [];
    });
    await saveAnswers(db, attempt.id, { userId: s.id }, answers);
    await submitAttempt(db, attempt.id, 'candidate');
    const graded = await db.select().from(examAttemptSlots).where(eq(examAttemptSlots.attemptId, attempt.id));
    const sqlSlots = graded.filter((g) => g.grading === 'pending_sql').map((g) => g.slot);
    if (sqlSlots.length > 0) sqlPending.push({ attemptId: attempt.id, slots: sqlSlots });
    for (const g of graded)
      if (g.grading === 'pending_manual')
        essays.push({ attemptId: attempt.id, slot: g.slot, skill, userId: s.id });
    await awardIfPassed(cred, opts.examId, s.id);
  };
  // What the `exam.grade_sql` jobs do (grade, total, award), done now so the demo's figures are
  // there at once: attempts side by side (the pool has two workers), one attempt's answers in turn.
  const gradeSql = async () => {
    const batch = sqlPending.splice(0);
    await Promise.all(
      batch.map(async (p) => {
        for (const slot of p.slots) await gradeSqlAnswer(db, p.attemptId, slot, ctx);
      }),
    );
  };
  for (const s of students) await sit(s, s.skill);
  await gradeSql();
  const mark = async (list: typeof essays) => {
    for (const e of list) {
      const fraction = Math.round(Math.min(1, e.skill + (random() - 0.5) * 0.3) * 10) / 10;
      const comment = fraction >= 0.7 ? '要点齐全。' : '缺少不适用场景的例子。';
      await gradeSlot(db, e.attemptId, e.slot, { fraction, comment }, { ip: null, actorId: opts.teacherId });
      await awardIfPassed(cred, opts.examId, e.userId);
    }
  };
  // The essays are marked after everyone sat; the last few still wait for the teacher.
  await mark(essays.splice(0, Math.max(0, essays.length - opts.essaysWaiting)));
  const waiting = essays.splice(0);
  // A second try for some of those who did not pass (their best attempt counts).
  for (const s of students) {
    const mine = await db
      .select()
      .from(examAttempts)
      .where(and(eq(examAttempts.examId, opts.examId), eq(examAttempts.userId, s.id)));
    if (mine.some((a) => a.credentialId) || !mine.every((a) => a.fullyGraded) || random() < 0.4) continue;
    await sit(s, Math.min(0.95, s.skill + 0.25));
  }
  await gradeSql();
  await mark(essays.splice(0));
  void waiting;
  const issued = await db
    .select({ id: examAttempts.credentialId })
    .from(examAttempts)
    .where(eq(examAttempts.examId, opts.examId));
  const ids = issued.flatMap((r) => (r.id ? [r.id] : []));
  // One certificate withdrawn: the status list the issuer signs shows it revoked.
  if (ids[0])
    await setCredentialStatus(cred, ids[0], 'revoked', '考试期间违规使用他人账号，证书撤销。', {
      ip: null,
      actorId: opts.adminId,
    });
  return ids;
}
