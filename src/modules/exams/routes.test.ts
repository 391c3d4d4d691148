import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../platform/csv.ts';
import { auditLog, jobs } from '../../platform/schema.ts';
import { makeTeacher, makeUser, type TestClient, useTestApp } from '../../testing/harness.ts';
import { credentialAchievements } from '../credentials/schema.ts';
import { createAchievement, createIssuer } from '../credentials/service.ts';
import { users } from '../identity/schema.ts';
import { createFixtureBank, FIXTURE_BLUEPRINT, fixtureQuestions, SECRETS } from './fixtures.ts';
import { closeExamGrader } from './grading.ts';
import { hasActiveAttempt } from './queries.ts';
import { examAttemptEvents, examAttemptSlots, examAttempts, exams } from './schema.ts';
import { optionToken } from './tokens.ts';

const t = useTestApp();
afterAll(() => closeExamGrader());

const examForm = (over: Record<string, string> = {}) => ({
  title: '数据库工程师认证（初级）',
  description: '**闭卷**',
  status: 'published',
  blueprint: FIXTURE_BLUEPRINT,
  timeLimitMinutes: '30',
  opensAt: '',
  closesAt: '',
  attemptsAllowed: '2',
  gradingMethod: 'highest',
  passPercent: '50',
  shuffleQuestions: 'on',
  shuffleOptions: 'on',
  review_during_responses: 'on',
  review_immediately_responses: 'on',
  review_immediately_marks: 'on',
  review_open_responses: 'on',
  review_open_marks: 'on',
  review_closed_responses: 'on',
  review_closed_marks: 'on',
  review_closed_correct: 'on',
  review_closed_feedback: 'on',
  review_closed_explanation: 'on',
  requiredCourseId: '',
  requiredLabs: '0',
  achievementId: '',
  staggerMinutes: '0',
  ...over,
});

/** Every body the candidate received, to be checked for answer keys. */
const seen: string[] = [];
async function body(res: Response) {
  const text = await res.text();
  seen.push(text);
  return text;
}

type SaveAnswer = { slot: number; seq: number; response: Record<string, unknown> };

/** The token the attempt page shows for a choice id (tokens.ts), as the page's script sends it. */
const tokenOf = (attemptId: string, slot: number, id: string) =>
  optionToken(t.deps.config.GONGJIN_SECRET, attemptId, slot, id);

/** Autosaves like the page does: choice ids are sent as the attempt's tokens unless `raw`. */
function save(client: TestClient, attemptId: string, answers: SaveAnswer[], raw = false) {
  const sent = raw
    ? answers
    : answers.map((a) => {
        const r = a.response;
        if (r.type === 'single_choice' && typeof r.choice === 'string')
          return { ...a, response: { ...r, choice: tokenOf(attemptId, a.slot, r.choice) } };
        if (r.type === 'multiple_choice' && Array.isArray(r.choices))
          return {
            ...a,
            response: { ...r, choices: r.choices.map((c: string) => tokenOf(attemptId, a.slot, c)) },
          };
        return a;
      });
  return client.request(`/exams/attempts/${attemptId}/answers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': client.csrfToken },
    body: JSON.stringify({ answers: sent }),
  });
}

async function setUp(over: Record<string, string> = {}) {
  const teacher = await makeTeacher(t.db);
  await createFixtureBank(t.db, teacher.orgId);
  const tc = t.client();
  await tc.logIn(teacher.email);
  const bad = await tc.post('/exams', examForm({ blueprint: 'not a rule' }));
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain('组卷规则有一行无法识别。');
  const created = await tc.post('/exams', examForm(over));
  expect(created.status).toBe(303);
  const examId = created.headers.get('location')!.split('/')[2];
  const student = await makeUser(t.db, { roles: ['student'], name: '李同学' });
  const sc = t.client();
  await sc.logIn(student.email);
  return { examId, teacher, tc, student, sc };
}

async function start(sc: TestClient, examId: string) {
  const res = await sc.post(`/exams/${examId}/start`);
  expect(res.status).toBe(303);
  return res.headers.get('location')!.split('/')[3];
}

/** Slot numbers by question type, from the attempt page. */
function slotsByType(html: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of html.matchAll(/data-slot="(\d+)" data-type="([a-z_]+)"/g)) out[m[2]] = Number(m[1]);
  return out;
}

describe('exam attempts', () => {
  it('walks an attempt: autosave with sequence numbers, resume elsewhere, submit, review per the options, no answer key ever sent', async () => {
    seen.length = 0;
    const { examId, sc, student } = await setUp();
    expect((await body(await sc.get(`/exams/${examId}`))).includes('开始考试')).toBe(true);
    const attemptId = await start(sc, examId);
    expect(await hasActiveAttempt(t.db, student.id)).toBe(true);
    const page = await body(await sc.get(`/exams/attempts/${attemptId}`));
    expect(page).toContain('PostgreSQL 默认监听哪个端口？');
    expect(page).toMatch(/<script src="\/static\/exam\.[0-9a-f]{12}\.js"/);
    const slot = slotsByType(page);
    expect(Object.keys(slot).sort()).toEqual(['essay', 'short_answer', 'single_choice', 'sql', 'true_false']);

    // Saves are acknowledged with their sequence number.
    const first = await save(sc, attemptId, [
      { slot: slot.single_choice, seq: 1, response: { type: 'single_choice', choice: 'b' } },
      { slot: slot.short_answer, seq: 1, response: { type: 'short_answer', text: 'psq' } },
    ]);
    expect(first.status).toBe(200);
    const firstBody = JSON.parse(await body(first));
    expect(firstBody.acks).toEqual(
      expect.arrayContaining([
        { slot: slot.single_choice, seq: 1 },
        { slot: slot.short_answer, seq: 1 },
      ]),
    );
    const newer = await save(sc, attemptId, [
      { slot: slot.single_choice, seq: 3, response: { type: 'single_choice', choice: 'a' } },
      { slot: slot.short_answer, seq: 2, response: { type: 'short_answer', text: 'PSQL' } },
      { slot: slot.true_false, seq: 1, response: { type: 'true_false', value: true } },
      { slot: slot.sql, seq: 1, response: { type: 'sql', sql: 'select name from students order by name' } },
      { slot: slot.essay, seq: 1, response: { type: 'essay', text: '索引让写入变慢。' } },
    ]);
    expect(newer.status).toBe(200);
    await body(newer);
    // A late, older save (seq 2 after seq 3) is acknowledged with the newer number and changes nothing.
    const stale = await save(sc, attemptId, [
      { slot: slot.single_choice, seq: 2, response: { type: 'single_choice', choice: 'c' } },
    ]);
    expect(JSON.parse(await body(stale)).acks).toEqual([{ slot: slot.single_choice, seq: 3 }]);
    // A replay with the same sequence number but another answer (a resent or forged request) changes
    // nothing either: only a newer number overwrites (checked on the row below).
    const replay = await save(sc, attemptId, [
      { slot: slot.single_choice, seq: 3, response: { type: 'single_choice', choice: 'c' } },
    ]);
    expect(JSON.parse(await body(replay)).acks).toEqual([{ slot: slot.single_choice, seq: 3 }]);
    // A response of the wrong type is refused with a typed error.
    const wrong = await save(sc, attemptId, [
      { slot: slot.single_choice, seq: 9, response: { type: 'essay', text: 'x' } },
    ]);
    expect(wrong.status).toBe(400);
    expect(JSON.parse(await body(wrong))).toEqual({ error: 'invalid' });
    const [choiceRow] = await t.db
      .select()
      .from(examAttemptSlots)
      .where(eq(examAttemptSlots.slot, slot.single_choice));
    expect(choiceRow.response).toEqual({ type: 'single_choice', choice: 'a' });
    expect(choiceRow.seq).toBe(3);

    // Another device (a new session of the same student) resumes with every acknowledged answer.
    const other = t.client();
    await other.logIn(student.email);
    const resumed = await body(await other.get(`/exams/attempts/${attemptId}`));
    expect(resumed).toContain('索引让写入变慢。');
    expect(resumed).toContain('value="PSQL"');
    expect(resumed).toMatch(
      new RegExp(`data-slot="${slot.single_choice}" data-type="single_choice" data-seq="3"`),
    );
    const focus = await other.request(`/exams/attempts/${attemptId}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': other.csrfToken },
      body: JSON.stringify({ kind: 'focus_lost' }),
    });
    expect(focus.status).toBe(200);

    // Review during the attempt: responses only.
    const during = await body(await sc.get(`/exams/attempts/${attemptId}/review`));
    expect(during).toContain('data-review-time="during"');
    expect(during).toContain('索引让写入变慢。');
    expect(during).not.toContain('data-testid="mark"');

    const submitted = await sc.post(`/exams/attempts/${attemptId}/submit`);
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get('location')).toBe(`/exams/attempts/${attemptId}/review`);
    expect(await hasActiveAttempt(t.db, student.id)).toBe(false);
    const [attempt] = await t.db.select().from(examAttempts).where(eq(examAttempts.id, attemptId));
    // 3 objective marks earned; the SQL answer waits for the grader and the essay for a teacher.
    expect(attempt).toMatchObject({
      status: 'submitted',
      submittedBy: 'candidate',
      fullyGraded: false,
      score: null,
    });
    expect(attempt.maxScore).toBe(7);

    // The SQL answer is graded by the grader pool in a job: right on the visible and hidden data.
    await t.runJobs();
    const [sqlSlot] = await t.db.select().from(examAttemptSlots).where(eq(examAttemptSlots.slot, slot.sql));
    expect(sqlSlot).toMatchObject({ grading: 'auto', fraction: 1 });
    // Stored as the diagnostic's code, not as text in one language.
    expect(sqlSlot.feedback).toContainEqual(expect.objectContaining({ code: 'grader.correct' }));

    // Saves after submitting are refused with a typed error.
    const late = await save(sc, attemptId, [
      { slot: slot.essay, seq: 5, response: { type: 'essay', text: '改答案' } },
    ]);
    expect(late.status).toBe(409);
    expect(JSON.parse(await body(late))).toEqual({ error: 'not_active' });

    // Immediately after: responses and marks, no correct answers, feedback or explanation.
    const immediately = await body(await sc.get(`/exams/attempts/${attemptId}/review`));
    expect(immediately).toContain('data-review-time="immediately"');
    expect(immediately).toContain('data-testid="mark"');
    expect(immediately).toContain('部分题目正在评分');
    expect(immediately).not.toContain('data-testid="correct"');

    // Later while the exam is open: the same.
    await t.db
      .update(examAttempts)
      .set({ submittedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(examAttempts.id, attemptId));
    const open = await body(await sc.get(`/exams/attempts/${attemptId}/review`));
    expect(open).toContain('data-review-time="open"');
    expect(open).not.toContain('data-testid="correct"');

    // Nothing the candidate received so far carries any part of an answer key.
    for (const text of seen) {
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(text).not.toContain('"fraction"');
    }

    // After the exam closes the review options allow correct answers, feedback and explanations,
    // which include the reference SQL and the rubric, but never hidden variant data.
    await t.db
      .update(exams)
      .set({ closesAt: new Date(Date.now() - 60_000) })
      .where(eq(exams.id, examId));
    const closed = await sc.get(`/exams/attempts/${attemptId}/review`).then((r) => r.text());
    expect(closed).toContain('data-review-time="closed"');
    expect(closed).toContain('SECRET_REFERENCE_SQL');
    expect(closed).toContain('SECRET_RUBRIC');
    expect(closed).toContain('SECRET_EXPLANATION');
    expect(closed).toContain('SECRET_CHOICE_FEEDBACK 对');
    expect(closed).not.toContain('SECRET_VARIANT_SQL');
    // The SQL grader's feedback is rendered in the reader's language; author feedback as written.
    expect(closed).toContain('正确：在可见数据和所有隐藏测试数据上结果都一致。');
    const closedEn = await sc
      .get(`/exams/attempts/${attemptId}/review`, { 'accept-language': 'en-US,en;q=0.9' })
      .then((r) => r.text());
    expect(closedEn).toContain(
      'Correct: the result matches on the visible data and on every hidden data set.',
    );
    expect(closedEn).not.toContain('正确：在可见数据和所有隐藏测试数据上结果都一致。');
    expect(closedEn).toContain('SECRET_CHOICE_FEEDBACK 对');

    // The proctor's event log shows start, saves, focus lost, resume-free submit.
    const events = await t.db
      .select()
      .from(examAttemptEvents)
      .where(eq(examAttemptEvents.attemptId, attemptId));
    expect(events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['start', 'save', 'focus_lost', 'submit']),
    );
  });

  it('submits at the deadline by itself (job and lazily), refuses late saves, grades essays by hand, awards the credential on a pass', async () => {
    const { examId, sc, student, tc } = await setUp();
    const ctx = { db: t.db, secret: t.deps.config.GONGJIN_SECRET, publicUrl: 'http://gongjin.test' };
    const info = { actorId: null, ip: null };
    const issuer = await createIssuer(ctx, { slug: 'exam-issuer', nameZh: '联盟', nameEn: 'Alliance' }, info);
    const achievement = await createAchievement(
      ctx,
      {
        slug: 'pg-junior',
        nameZh: '初级认证',
        nameEn: 'Junior',
        descriptionZh: 'd',
        descriptionEn: 'd',
        criteriaZh: 'c',
        criteriaEn: 'c',
        issuerId: issuer.id,
      },
      info,
    );
    // Linked by a platform admin (who holds credentials:manage); the student confirmed their certificate name.
    const admin = await makeUser(t.db, { roles: ['platform_admin'] });
    await t.db
      .update(exams)
      .set({ achievementId: achievement.id, achievementLinkedBy: admin.id })
      .where(eq(exams.id, examId));
    await t.db
      .update(users)
      .set({ certificateName: '李同学', certificateNameConfirmedAt: new Date() })
      .where(eq(users.id, student.id));

    const attemptId = await start(sc, examId);
    // Starting again while active goes back to the same attempt.
    const again = await sc.post(`/exams/${examId}/start`);
    expect(again.headers.get('location')).toBe(`/exams/attempts/${attemptId}`);
    const [job] = await t.db.select().from(jobs).where(eq(jobs.kind, 'exam.deadline'));
    const [attempt] = await t.db.select().from(examAttempts).where(eq(examAttempts.id, attemptId));
    expect(job.payload).toEqual({ attemptId });
    expect(job.runAt.getTime()).toBe(attempt.deadlineAt.getTime());
    expect(attempt.deadlineAt.getTime() - attempt.startedAt.getTime()).toBe(30 * 60_000);

    const slot = slotsByType(await sc.get(`/exams/attempts/${attemptId}`).then((r) => r.text()));
    await save(sc, attemptId, [
      { slot: slot.single_choice, seq: 1, response: { type: 'single_choice', choice: 'a' } },
      { slot: slot.essay, seq: 1, response: { type: 'essay', text: '会有写放大。' } },
    ]);
    // The deadline passes (the candidate lost the connection): the job submits the attempt.
    await t.db
      .update(examAttempts)
      .set({ deadlineAt: new Date(Date.now() - 1000) })
      .where(eq(examAttempts.id, attemptId));
    await t.db
      .update(jobs)
      .set({ runAt: new Date(Date.now() - 1000) })
      .where(eq(jobs.id, job.id));
    const late = await save(sc, attemptId, [
      { slot: slot.true_false, seq: 1, response: { type: 'true_false', value: true } },
    ]);
    expect(late.status).toBe(410);
    expect(await late.json()).toEqual({ error: 'deadline_passed' });
    await t.runJobs();
    const [after] = await t.db.select().from(examAttempts).where(eq(examAttempts.id, attemptId));
    expect(after).toMatchObject({ status: 'submitted', submittedBy: 'deadline', fullyGraded: false });
    const slots = await t.db.select().from(examAttemptSlots).where(eq(examAttemptSlots.attemptId, attemptId));
    expect(slots.find((s) => s.slot === slot.true_false)?.response).toBeNull();

    // The essay waits in the grading queue with its rubric; the teacher marks it.
    const queue = await tc.get(`/exams/${examId}/grading`).then((r) => r.text());
    expect(queue).toContain('会有写放大。');
    expect(queue).toContain('SECRET_RUBRIC');
    expect(
      (
        await tc.post(`/exams/attempts/${attemptId}/slots/${slot.essay}/grade`, {
          percent: '100',
          comment: '好',
        })
      ).status,
    ).toBe(303);
    // The SQL answer was empty, so it scored 0 at once: choice 1 + essay 2 = 3 of 7 → 42.9% < 50%.
    const [graded] = await t.db.select().from(examAttempts).where(eq(examAttempts.id, attemptId));
    expect(graded.fullyGraded).toBe(true);
    expect(graded.score).toBeCloseTo(3);
    expect(graded.credentialId).toBeNull();

    // A second attempt that passes earns the credential (grading method: highest).
    const second = await start(sc, examId);
    const s2 = slotsByType(await sc.get(`/exams/attempts/${second}`).then((r) => r.text()));
    await save(sc, second, [
      { slot: s2.single_choice, seq: 1, response: { type: 'single_choice', choice: 'a' } },
      { slot: s2.true_false, seq: 1, response: { type: 'true_false', value: true } },
      { slot: s2.short_answer, seq: 1, response: { type: 'short_answer', text: ' psql ' } },
    ]);
    await sc.post(`/exams/attempts/${second}/submit`);
    const [passedAttempt] = await t.db.select().from(examAttempts).where(eq(examAttempts.id, second));
    expect(passedAttempt.score).toBeCloseTo(3);
    expect(passedAttempt.fullyGraded).toBe(true);
    // Still below 50%. The teacher lowers the pass mark to 40%; the next grading decision awards it.
    await t.db.update(exams).set({ passPercent: 40 }).where(eq(exams.id, examId));
    const retry = await tc.post(`/exams/attempts/${attemptId}/slots/${slot.essay}/grade`, {
      percent: '100',
      comment: '好',
    });
    expect(retry.status).toBe(303);
    const withCredential = await t.db.select().from(examAttempts).where(eq(examAttempts.userId, student.id));
    expect(withCredential.filter((a) => a.credentialId !== null)).toHaveLength(1);
    const examPage = await sc.get(`/exams/${examId}`).then((r) => r.text());
    expect(examPage).toContain('通过');
    expect(examPage).toContain('你的作答次数已用完。');
  });

  it('allows one active attempt per student and answers lazily after the deadline', async () => {
    const { examId, sc, tc, student } = await setUp();
    const otherRes = await tc.post('/exams', examForm({ title: '第二场' }));
    const otherId = otherRes.headers.get('location')!.split('/')[2];
    const attemptId = await start(sc, examId);
    // The save endpoint runs before the session middleware: it checks the session and CSRF itself.
    const answers = JSON.stringify({
      answers: [{ slot: 1, seq: 1, response: { type: 'essay', text: '伪造' } }],
    });
    const noToken = await sc.request(`/exams/attempts/${attemptId}/answers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: answers,
    });
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toEqual({ error: 'csrf' });
    const anonymous = await t.client().request(`/exams/attempts/${attemptId}/answers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: answers,
    });
    expect(anonymous.status).toBe(401);
    const blocked = await sc.post(`/exams/${otherId}/start`);
    expect(blocked.status).toBe(409);
    expect(await blocked.text()).toContain('你有一场考试正在进行');
    // After the deadline, opening the attempt submits it and shows the review.
    await t.db
      .update(examAttempts)
      .set({ deadlineAt: new Date(Date.now() - 1000) })
      .where(eq(examAttempts.id, attemptId));
    const page = await sc.get(`/exams/attempts/${attemptId}`);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`/exams/attempts/${attemptId}/review`);
    expect(await hasActiveAttempt(t.db, student.id)).toBe(false);
    expect((await sc.post(`/exams/${otherId}/start`)).status).toBe(303);
  });

  it('shows results with statistics and exports, and regrades a fixed question for past attempts', async () => {
    const { examId, sc, tc, teacher } = await setUp();
    const attemptId = await start(sc, examId);
    const slot = slotsByType(await sc.get(`/exams/attempts/${attemptId}`).then((r) => r.text()));
    await save(sc, attemptId, [
      { slot: slot.short_answer, seq: 1, response: { type: 'short_answer', text: 'pgsql' } },
    ]);
    await sc.post(`/exams/attempts/${attemptId}/submit`);
    const results = await tc.get(`/exams/${examId}/results`).then((r) => r.text());
    expect(results).toContain('李同学');
    expect(results).toContain('题目统计');
    const svg = await tc.get(`/exams/${examId}/stats.svg`);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    const csv = await tc.get(`/exams/${examId}/results.csv`).then((r) => r.text());
    expect(csv).toContain('李同学');
    // A candidate's name a spreadsheet would run as a formula goes out as text.
    const student = (await t.db.select().from(examAttempts).where(eq(examAttempts.id, attemptId)))[0].userId;
    await t.db
      .update(users)
      .set({ displayName: '=HYPERLINK("http://evil.example","点我")' })
      .where(eq(users.id, student));
    const exported = parseCsv(await tc.get(`/exams/${examId}/results.csv`).then((r) => r.text()));
    expect(exported.ok && exported.records[1].cells[0]).toBe('\'=HYPERLINK("http://evil.example","点我")');
    const xlsx = await tc.get(`/exams/${examId}/results.xlsx`);
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));

    // Statistics count fully graded attempts only: once the essay is graded, the question
    // statistics export holds one row per question with its ratios.
    const graded = await tc.post(`/exams/attempts/${attemptId}/slots/${slot.essay}/grade`, {
      percent: '100',
      comment: '',
    });
    expect(graded.status).toBe(303);
    const statsCsv = await tc.get(`/exams/${examId}/stats.csv`);
    expect(statsCsv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const statsBytes = new Uint8Array(await statsCsv.arrayBuffer());
    // A UTF-8 BOM so Excel reads the Chinese names; decoding drops it.
    expect(statsBytes.slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    const statsLines = new TextDecoder().decode(statsBytes).split('\r\n');
    expect(statsLines[0]).toBe('题目,作答数,得分率,区分度');
    // pgsql was not yet accepted: answered once, facility 0, too few attempts for discrimination.
    expect(statsLines).toContain('命令行工具,1,0,');
    expect(statsLines).toContain('索引的代价,1,1,');
    const statsEn = await tc
      .get(`/exams/${examId}/stats.csv`, { 'accept-language': 'en' })
      .then((r) => r.text());
    expect(statsEn.startsWith('Question,Answered,Facility,Discrimination\r\n')).toBe(true);

    // The teacher fixes the short answer (pgsql is accepted too); the version was locked, so a new one appears.
    const { updateQuestion, questionIdsByIdNumber, currentVersionIds } = await import(
      '../questions/service.ts'
    );
    const qid = (await questionIdsByIdNumber(t.db, ['fx-short'], teacher.orgId)).get('fx-short')!;
    const { fixtureQuestions } = await import('./fixtures.ts');
    const fixed = fixtureQuestions().find((q) => q.idNumber === 'fx-short')!;
    const v2 = await updateQuestion(
      t.db,
      qid,
      {
        ...fixed,
        body: {
          type: 'short_answer',
          caseSensitive: false,
          answers: [
            { text: 'psql', fraction: 1, feedback: '' },
            { text: 'pgsql', fraction: 1, feedback: '' },
          ],
        },
      },
      { actorId: null },
    );
    expect(v2.version).toBe(2);
    expect((await currentVersionIds(t.db, [qid])).get(qid)).toBe(v2.id);
    const before = await t.db
      .select()
      .from(examAttemptSlots)
      .where(eq(examAttemptSlots.slot, slot.short_answer));
    expect(before[0].fraction).toBe(0);
    const regraded = await tc.post(`/exams/${examId}/regrade`, { questionId: qid, versionId: v2.id });
    expect(regraded.status).toBe(303);
    const after = await t.db
      .select()
      .from(examAttemptSlots)
      .where(eq(examAttemptSlots.slot, slot.short_answer));
    expect(after[0]).toMatchObject({ fraction: 1, versionId: v2.id });
  });
});

// ---- Task `learn` (ADR 0021): the proctor's live view of an exam ------------------------------------

describe('live proctoring view', () => {
  it('lists attempts in progress and finished with progress and notable events, polls itself, and carries no answer key', async () => {
    const { examId, sc, tc } = await setUp();
    const attemptId = await start(sc, examId);
    const slot = slotsByType(await sc.get(`/exams/attempts/${attemptId}`).then((r) => r.text()));
    await save(sc, attemptId, [
      { slot: slot.single_choice, seq: 1, response: { type: 'single_choice', choice: 'b' } },
      { slot: slot.short_answer, seq: 1, response: { type: 'short_answer', text: 'LIVE_RESPONSE_TEXT' } },
      // An emptied answer does not count as answered.
      { slot: slot.essay, seq: 1, response: { type: 'essay', text: '  ' } },
    ]);
    const event = (kind: string) =>
      sc.request(`/exams/attempts/${attemptId}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': sc.csrfToken },
        body: JSON.stringify({ kind }),
      });
    expect((await event('resume')).status).toBe(200);
    expect((await event('focus_lost')).status).toBe(200);

    // A second candidate who has already submitted.
    const other = await makeUser(t.db, { roles: ['student'], name: '王交卷' });
    const oc = t.client();
    await oc.logIn(other.email);
    const otherAttempt = await start(oc, examId);
    expect((await oc.post(`/exams/attempts/${otherAttempt}/submit`)).status).toBe(303);

    const res = await tc.get(`/exams/${examId}/live`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('data-testid="live-reload"');
    expect(html).toContain(`href="/exams/${examId}/live"`);
    expect(html).toContain(`hx-get="/exams/${examId}/live"`);
    expect(html).toContain('hx-trigger="every 5s"');
    const active = html.slice(
      html.indexOf('data-testid="live-active"'),
      html.indexOf('data-testid="live-finished"'),
    );
    expect(active).toContain('李同学');
    expect(active).toContain(`data-attempt="${attemptId}"`);
    expect(active).toContain('<dd data-testid="answered">2 / 5</dd>');
    // The server's deadline: 30 minutes from the start, so between 29:00 and 30:00 left.
    expect(active).toMatch(/<dd data-testid="time-left">(29:[0-5]\d|30:00)<\/dd>/);
    expect(active).toContain('离开页面 1 次');
    expect(active).toContain('恢复作答 1 次');
    expect(active).toContain('data-testid="away"');
    expect(active).toContain(`href="/exams/attempts/${attemptId}/events"`);
    const finished = html.slice(html.indexOf('data-testid="live-finished"'));
    expect(finished).toContain('王交卷');
    expect(finished).toContain(`href="/exams/attempts/${otherAttempt}/events"`);
    expect(finished).not.toContain('李同学');
    // Never a response, an answer key or a question.
    for (const secret of SECRETS) expect(html).not.toContain(secret);
    expect(html).not.toContain('LIVE_RESPONSE_TEXT');
    expect(html).not.toContain('PostgreSQL 默认监听哪个端口？');

    // Back on the page: no longer "away". htmx gets the board alone.
    expect((await event('focus_back')).status).toBe(200);
    const fragment = await tc.get(`/exams/${examId}/live`, { 'hx-request': 'true' });
    const board = await fragment.text();
    expect(board.startsWith('<div id="live-board"')).toBe(true);
    expect(board).not.toContain('<html');
    expect(board).not.toContain('data-testid="away"');
    expect(fragment.headers.get('vary')).toContain('HX-Request');

    // Past the deadline, before the job has run: shown as time up.
    await t.db
      .update(examAttempts)
      .set({ deadlineAt: new Date(Date.now() - 1000) })
      .where(eq(examAttempts.id, attemptId));
    expect(await tc.get(`/exams/${examId}/live`).then((r) => r.text())).toContain('已到时，服务器正在交卷');
    // Linked from the exam page and the results for those who proctor.
    expect(await tc.get(`/exams/${examId}`).then((r) => r.text())).toContain(`href="/exams/${examId}/live"`);
  });

  it('is only for those who grade or manage exams', async () => {
    const { examId, sc } = await setUp();
    expect((await sc.get(`/exams/${examId}/live`)).status).toBe(403);
    expect(await sc.get(`/exams/${examId}`).then((r) => r.text())).not.toContain(`/exams/${examId}/live`);
    expect((await t.client().get(`/exams/${examId}/live`)).status).toBe(401);
  });
});

// ---- Task `learn` (ADR 0021): missing-word questions in an attempt -----------------------------------

describe('missing-word questions', () => {
  it('put the answer inside the sentence on the attempt and review pages, restored after a reload, without a key', async () => {
    const questions = fixtureQuestions().map((q) =>
      q.idNumber === 'fx-choice'
        ? { ...q, text: 'PostgreSQL 默认监听 {{blank}} 端口。' }
        : q.idNumber === 'fx-short'
          ? { ...q, text: 'PostgreSQL 自带的命令行工具叫 {{blank}}。' }
          : q.idNumber === 'fx-tf'
            ? { ...q, text: 'PostgreSQL 使用 {{blank}} 实现并发控制。' }
            : q,
    );
    const teacher = await makeTeacher(t.db);
    await createFixtureBank(t.db, teacher.orgId, questions);
    const tc = t.client();
    await tc.logIn(teacher.email);
    const created = await tc.post('/exams', examForm());
    const examId = created.headers.get('location')!.split('/')[2];
    const student = await makeUser(t.db, { roles: ['student'] });
    const sc = t.client();
    await sc.logIn(student.email);
    const attemptId = await start(sc, examId);
    const page = await sc.get(`/exams/attempts/${attemptId}`).then((r) => r.text());
    const slot = slotsByType(page);
    expect(page).toMatch(
      new RegExp(
        `<div class="prose" data-gap="inline">PostgreSQL 默认监听 <select name="q${slot.single_choice}" class="gap-control" aria-label="你的答案"><option value="">请选择</option>(<option value="[\\w-]{30,}">\\d+</option>){3}</select> 端口。</div>`,
      ),
    );
    expect(page).toContain(
      `data-gap="inline">PostgreSQL 自带的命令行工具叫 <input type="text" name="q${slot.short_answer}" value="" class="gap-control"`,
    );
    // True/false keeps its radio buttons; the gap is a line.
    expect(page).toContain('PostgreSQL 使用 <span class="gap">_____</span> 实现并发控制。');
    expect(page).toContain(`name="q${slot.true_false}" value="true"`);
    expect(page).not.toContain('{{blank}}');
    for (const secret of SECRETS) expect(page).not.toContain(secret);

    const saved = await save(sc, attemptId, [
      { slot: slot.single_choice, seq: 1, response: { type: 'single_choice', choice: 'a' } },
      { slot: slot.short_answer, seq: 1, response: { type: 'short_answer', text: 'psql' } },
    ]);
    expect(saved.status).toBe(200);
    const resumed = await sc.get(`/exams/attempts/${attemptId}`).then((r) => r.text());
    expect(resumed).toContain(
      `<option value="${tokenOf(attemptId, slot.single_choice, 'a')}" selected="">5432</option>`,
    );
    expect(resumed).toMatch(new RegExp(`name="q${slot.short_answer}" value="psql" class="gap-control"`));

    expect((await sc.post(`/exams/attempts/${attemptId}/submit`)).status).toBe(303);
    const review = await sc.get(`/exams/attempts/${attemptId}/review`).then((r) => r.text());
    expect(review).toMatch(
      /<div data-testid="response"><div class="prose" data-gap="inline">PostgreSQL 默认监听 <select[^>]*disabled=""/,
    );
    expect(review).toContain(
      `<option value="${tokenOf(attemptId, slot.single_choice, 'a')}" selected="">5432</option>`,
    );
    for (const secret of SECRETS) expect(review).not.toContain(secret);
  });
});

// ---- Task `grader-fair` (ADR 0027): option tokens and a deleted achievement -------------------------

describe('option values', () => {
  it('are per-attempt tokens, never the authoring ids, and map back to the choice on save and grading', async () => {
    const { examId, sc } = await setUp({ attemptsAllowed: '2', passPercent: '10' });
    const attemptId = await start(sc, examId);
    const page = await sc.get(`/exams/attempts/${attemptId}`).then((r) => r.text());
    const slot = slotsByType(page);
    const values = (html: string, n = slot.single_choice) => [
      ...html.matchAll(new RegExp(`name="q${n}" value="([^"]*)"`, 'g')),
    ];
    const shown = values(page).map((m) => m[1]);
    expect(shown).toHaveLength(3);
    for (const id of ['a', 'b', 'c']) {
      expect(shown).not.toContain(id);
      expect(shown).toContain(tokenOf(attemptId, slot.single_choice, id));
    }

    // An authoring id, or a token of another slot, is refused and writes nothing.
    for (const choice of ['a', tokenOf(attemptId, slot.true_false, 'a'), `${shown[0]}x`]) {
      const refused = await save(
        sc,
        attemptId,
        [{ slot: slot.single_choice, seq: 1, response: { type: 'single_choice', choice } }],
        true,
      );
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ error: 'invalid' });
    }
    const slotRow = async (aid: string, n: number) =>
      (await t.db.select().from(examAttemptSlots).where(eq(examAttemptSlots.attemptId, aid))).find(
        (s) => s.slot === n,
      );
    expect((await slotRow(attemptId, slot.single_choice))?.response).toBeNull();

    // The token of the right answer is stored as its choice id, shown checked on reload, and graded.
    const ok = await save(sc, attemptId, [
      { slot: slot.single_choice, seq: 2, response: { type: 'single_choice', choice: 'a' } },
    ]);
    expect(ok.status).toBe(200);
    expect((await slotRow(attemptId, slot.single_choice))?.response).toEqual({
      type: 'single_choice',
      choice: 'a',
    });
    const reloaded = await sc.get(`/exams/attempts/${attemptId}`).then((r) => r.text());
    expect(reloaded).toContain(`value="${tokenOf(attemptId, slot.single_choice, 'a')}" checked`);
    expect(values(reloaded).map((m) => m[1])).toEqual(shown);
    // The review during the attempt shows tokens too.
    const during = await sc.get(`/exams/attempts/${attemptId}/review`).then((r) => r.text());
    expect(during).not.toMatch(new RegExp(`name="q${slot.single_choice}" value="[abc]"`));
    expect((await sc.post(`/exams/attempts/${attemptId}/submit`)).status).toBe(303);
    expect((await slotRow(attemptId, slot.single_choice))?.fraction).toBe(1);

    // The next attempt gets other tokens; the first attempt's do not work in it.
    const second = await start(sc, examId);
    const secondPage = await sc.get(`/exams/attempts/${second}`).then((r) => r.text());
    const s2 = slotsByType(secondPage);
    const secondShown = values(secondPage, s2.single_choice);
    expect(secondShown).toHaveLength(3);
    for (const m of secondShown) expect(shown).not.toContain(m[1]);
    const copied = await save(
      sc,
      second,
      [
        {
          slot: s2.single_choice,
          seq: 1,
          response: { type: 'single_choice', choice: tokenOf(attemptId, s2.single_choice, 'a') },
        },
      ],
      true,
    );
    expect(copied.status).toBe(400);
    expect((await slotRow(second, s2.single_choice))?.response).toBeNull();
  });
});

describe('an exam whose achievement was deleted', () => {
  it('still records and grades a passing submission, awards nothing and logs why', async () => {
    const { examId, sc } = await setUp({ passPercent: '10' });
    const ctx = { db: t.db, secret: t.deps.config.GONGJIN_SECRET, publicUrl: 'http://gongjin.test' };
    const info = { actorId: null, ip: null };
    const issuer = await createIssuer(ctx, { slug: 'gone-issuer', nameZh: '联盟', nameEn: 'Alliance' }, info);
    const achievement = await createAchievement(
      ctx,
      {
        slug: 'gone',
        nameZh: '已删除',
        nameEn: 'Gone',
        descriptionZh: 'd',
        descriptionEn: 'd',
        criteriaZh: 'c',
        criteriaEn: 'c',
        issuerId: issuer.id,
      },
      info,
    );
    await t.db.update(exams).set({ achievementId: achievement.id }).where(eq(exams.id, examId));
    await t.db.delete(credentialAchievements).where(eq(credentialAchievements.id, achievement.id));
    // A certification exam is sat under a confirmed certificate name (ADR 0024).
    await sc.post('/profile/certificate-name', { certificateName: '李同学' });
    expect(
      (await sc.post('/profile/certificate-name', { certificateName: '李同学', confirm: 'yes' })).status,
    ).toBe(303);

    const attemptId = await start(sc, examId);
    const slot = slotsByType(await sc.get(`/exams/attempts/${attemptId}`).then((r) => r.text()));
    await save(sc, attemptId, [
      { slot: slot.single_choice, seq: 1, response: { type: 'single_choice', choice: 'a' } },
      { slot: slot.true_false, seq: 1, response: { type: 'true_false', value: true } },
    ]);
    const submitted = await sc.post(`/exams/attempts/${attemptId}/submit`);
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get('location')).toBe(`/exams/attempts/${attemptId}/review`);
    const [attempt] = await t.db.select().from(examAttempts).where(eq(examAttempts.id, attemptId));
    expect(attempt).toMatchObject({ status: 'submitted', credentialId: null });
    expect(attempt.score).toBeCloseTo(2);
    expect((await sc.get(`/exams/attempts/${attemptId}/review`)).status).toBe(200);
    const logged = await t.db.select().from(auditLog).where(eq(auditLog.action, 'exams.award_skipped'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ targetId: attemptId });
    expect(logged[0].data).toMatchObject({ reason: 'achievement_missing', achievementId: achievement.id });
  });
});
