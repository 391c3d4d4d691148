/**
 * Exam routes: the exam list and page, teachers' exam forms, the attempt (start, page, the JSON
 * save and event endpoints the client script calls, submit), the review page, results with
 * statistics and exports, the manual grading queue, regrading and the proctor's event log.
 */
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { MessageKey } from '../../i18n/index.ts';
import type { AppEnv } from '../../platform/context.ts';
import { CSRF_COOKIE, isValidCsrfToken } from '../../platform/csrf.ts';
import { AppError } from '../../platform/errors.ts';
import { parseForm } from '../../platform/forms.ts';
import { can, requireActor, requirePermission } from '../../platform/permissions.ts';
import { isUuid, requestInfo } from '../../platform/request.ts';
import { digest } from '../../platform/tokens.ts';
import { respond, titled } from '../../ui/respond.tsx';
import { peopleByIds } from '../identity/queries.ts';
import { SESSION_COOKIE } from '../identity/session.ts';
import { xlsxWorkbook } from '../members/xlsx.ts';
import { loadVersions, questionVersionsOf } from '../questions/service.ts';
import { examForm, examValues, gradeForm, regradeForm } from './forms.ts';
import {
  activeAttempt,
  attemptEvents,
  attemptSlots,
  attemptsOf,
  type Exam,
  examAttemptsList,
  findAttempt,
  findExam,
  listExams,
  liveAttempts,
  manualQueue,
  questionStats,
} from './queries.ts';
import { allowed, attemptQuestion, correctAnswer, reviewSlots, reviewTime } from './review.ts';
import {
  awardIfPassed,
  createExam,
  EVENT_KINDS,
  examGrade,
  gradeSlot,
  logEvent,
  MAX_RESPONSE_CHARS,
  passed,
  regradeQuestion,
  SaveRefused,
  saveAnswers,
  startAttempt,
  startRefusal,
  submitAttempt,
  submitIfOverdue,
  updateExam,
} from './service.ts';
import { statsChart, toCsv } from './stats.ts';
import { tokenized, untokenized } from './tokens.ts';
import {
  AttemptPage,
  EventsPage,
  ExamFormPage,
  ExamPage,
  ExamsIndexPage,
  GradingPage,
  LiveBoard,
  LivePage,
  type RegradeChoice,
  ResultsPage,
  ReviewPage,
} from './views.tsx';

type C = Context<AppEnv>;

export type Eligibility = (
  db: Db,
  userId: string,
  exam: Exam,
) => Promise<{ ok: boolean; reason?: MessageKey }>;

/** Without a learning module wired in, an exam that requires a course cannot be checked: refuse. */
const noLearning: Eligibility = async (_db, _userId, exam) =>
  exam.requiredCourseId || exam.requiredLabs > 0
    ? { ok: false, reason: 'exams.eligibility.unavailable' }
    : { ok: true };

const responseSchema = z.discriminatedUnion('type', [
  // Choice values are tokens (tokens.ts), longer than the ids they stand for.
  z.object({ type: z.literal('single_choice'), choice: z.string().max(300).nullable() }),
  z.object({ type: z.literal('multiple_choice'), choices: z.array(z.string().max(300)).max(50) }),
  z.object({ type: z.literal('true_false'), value: z.boolean().nullable() }),
  z.object({ type: z.literal('short_answer'), text: z.string() }),
  z.object({ type: z.literal('numerical'), text: z.string().max(100) }),
  z.object({ type: z.literal('matching'), answers: z.record(z.string().max(100), z.string()) }),
  z.object({ type: z.literal('essay'), text: z.string() }),
  z.object({ type: z.literal('sql'), sql: z.string() }),
]);
const saveBody = z.object({
  answers: z
    .array(
      z.object({
        slot: z.number().int().min(1).max(1000),
        seq: z.number().int().min(1).max(2_000_000_000),
        response: responseSchema,
      }),
    )
    .min(1)
    .max(200),
});
const eventBody = z.object({ kind: z.enum(EVENT_KINDS) });

const credentialContext = (c: C) => ({
  db: c.get('deps').db,
  secret: c.get('deps').config.GONGJIN_SECRET,
  publicUrl: c.get('deps').config.PUBLIC_URL,
});

/**
 * The autosave endpoint, mounted before the session middleware (see app.tsx) because it is the one
 * hot path of an exam: the session is resolved inside the save statement itself, so a save is one
 * database round trip. JSON in, JSON out; the CSRF token comes in the X-CSRF-Token header. Answers
 * with the server's sequence number per slot, or a typed error: 401 unauthenticated, 403 csrf,
 * 410 deadline_passed, 409 not_active, 404 not_found, 400 invalid.
 */
export function examSaveRoutes() {
  const app = new Hono<AppEnv>();
  app.post('/exams/attempts/:aid/answers', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (!token) return c.json({ error: 'unauthenticated' }, 401);
    const id = c.req.param('aid');
    if (!isUuid(id)) return c.json({ error: 'not_found' }, 404);
    if (Number(c.req.header('content-length') ?? 0) > MAX_RESPONSE_CHARS * 4)
      return c.json({ error: 'invalid' }, 400);
    const text = await c.req.text();
    if (text.length > MAX_RESPONSE_CHARS * 4) return c.json({ error: 'invalid' }, 400);
    let body: z.infer<typeof saveBody>;
    try {
      const parsed = saveBody.safeParse(JSON.parse(text));
      if (!parsed.success) return c.json({ error: 'invalid' }, 400);
      body = parsed.data;
    } catch {
      return c.json({ error: 'invalid' }, 400);
    }
    if (body.answers.some((a) => JSON.stringify(a.response).length > MAX_RESPONSE_CHARS))
      return c.json({ error: 'invalid' }, 400);
    // The signed, session-bound double-submit check of platform/csrf.ts, for a route that runs before it.
    const csrfCookie = getCookie(c, CSRF_COOKIE);
    const { config, db } = c.get('deps');
    if (
      !isValidCsrfToken(config.GONGJIN_SECRET, csrfCookie, token) ||
      c.req.header('x-csrf-token') !== csrfCookie
    )
      return c.json({ error: 'csrf' }, 403);
    // Choice values on the page are per-attempt tokens (tokens.ts): back to choice ids here.
    const answers = [];
    for (const a of body.answers) {
      const response = untokenized({ secret: config.GONGJIN_SECRET, attemptId: id }, a.slot, a.response);
      if (!response) return c.json({ error: 'invalid' }, 400);
      answers.push({ ...a, response });
    }
    try {
      const result = await saveAnswers(db, id, { sessionHash: digest(token) }, answers);
      c.header('Cache-Control', 'no-store');
      return c.json({ ok: true, acks: result.acks, serverTime: Date.now() });
    } catch (err) {
      if (!(err instanceof SaveRefused)) throw err;
      const status = {
        deadline_passed: 410,
        not_active: 409,
        not_found: 404,
        invalid: 400,
        unauthenticated: 401,
      }[err.code];
      return c.json({ error: err.code }, status as 410 | 409 | 404 | 400 | 401);
    }
  });
  return app;
}

export function examRoutes(opts: { eligibility?: Eligibility } = {}) {
  const app = new Hono<AppEnv>();
  const eligibility = opts.eligibility ?? noLearning;

  const loadExam = async (c: C): Promise<Exam> => {
    const id = c.req.param('id') ?? '';
    const exam = isUuid(id) ? await findExam(c.get('deps').db, id) : undefined;
    if (!exam || (exam.status === 'draft' && !can(c.get('actor'), 'exams:manage')))
      throw new AppError('NOT_FOUND', { messageKey: 'exams.notFound' });
    return exam;
  };
  /** The caller's own attempt (or, for review and events, any attempt for those who grade). */
  const loadAttempt = async (c: C, opts: { graders: boolean }) => {
    const actor = requireActor(c);
    const id = c.req.param('aid') ?? '';
    const attempt = isUuid(id) ? await findAttempt(c.get('deps').db, id) : undefined;
    if (!attempt) throw new AppError('NOT_FOUND', { messageKey: 'exams.attemptNotFound' });
    const own = attempt.userId === actor.userId;
    if (!own && !(opts.graders && can(actor, 'exams:grade')))
      throw new AppError('NOT_FOUND', { messageKey: 'exams.attemptNotFound' });
    const exam = await findExam(c.get('deps').db, attempt.examId);
    if (!exam) throw new AppError('NOT_FOUND', { messageKey: 'exams.notFound' });
    return { attempt, exam, own, actor };
  };

  app.get('/exams', async (c) => {
    const canManage = can(c.get('actor'), 'exams:manage');
    const exams = await listExams(c.get('deps').db, { includeDrafts: canManage });
    return c.render(<ExamsIndexPage exams={exams} canManage={canManage} />, titled(c, 'exams.index.title'));
  });

  app.get('/exams/new', (c) => {
    requirePermission(c, 'exams:manage');
    const values = examValues({
      title: '',
      description: '',
      status: 'draft',
      blueprint: { sections: [] },
      timeLimitMinutes: 60,
      opensAt: null,
      closesAt: null,
      attemptsAllowed: 1,
      gradingMethod: 'highest',
      passPercent: 60,
      shuffleQuestions: true,
      shuffleOptions: true,
      review: {
        during: ['responses'],
        immediately: ['responses', 'marks'],
        open: ['responses', 'marks'],
        closed: ['responses', 'marks', 'correct', 'feedback', 'explanation'],
      },
      requiredCourseId: null,
      requiredLabs: 0,
      achievementId: null,
      staggerMinutes: 0,
    } as unknown as Exam);
    return c.render(<ExamFormPage state={{ values }} />, titled(c, 'exams.form.createTitle'));
  });

  app.post('/exams', async (c) => {
    requirePermission(c, 'exams:manage');
    const form = await parseForm(c, examForm);
    if (form.ok) {
      const exam = await createExam(c.get('deps').db, form.data, requestInfo(c));
      return c.redirect(`/exams/${exam.id}`, 303);
    }
    c.status(400);
    return c.render(<ExamFormPage state={form} />, titled(c, 'exams.form.createTitle'));
  });

  app.get('/exams/:id', async (c) => {
    const exam = await loadExam(c);
    const actor = c.get('actor');
    const db = c.get('deps').db;
    const attempts = actor ? await attemptsOf(db, exam.id, actor.userId) : [];
    const active = actor ? await activeAttempt(db, actor.userId) : undefined;
    const grade = examGrade(attempts, exam.gradingMethod);
    let refusal: string | undefined;
    const t = c.get('t');
    if (!actor) refusal = t('exams.start.signIn');
    else if (active && active.examId !== exam.id) refusal = t('exams.start.alreadyActive');
    else {
      const key = startRefusal(exam, actor.userId, attempts.length, new Date());
      if (key) refusal = t(key);
      else {
        const ok = await eligibility(db, actor.userId, exam);
        if (!ok.ok) refusal = t(ok.reason ?? 'exams.eligibility.notEligible');
      }
    }
    return c.render(
      <ExamPage
        exam={exam}
        attempts={attempts}
        grade={grade}
        passed={passed(grade, exam)}
        refusal={refusal}
        activeId={active?.examId === exam.id ? active.id : undefined}
        canManage={can(actor, 'exams:manage')}
        canGrade={can(actor, 'exams:grade')}
      />,
      { title: exam.title },
    );
  });

  app.get('/exams/:id/edit', async (c) => {
    requirePermission(c, 'exams:manage');
    const exam = await loadExam(c);
    return c.render(<ExamFormPage examId={exam.id} state={{ values: examValues(exam) }} />, {
      title: exam.title,
    });
  });

  app.post('/exams/:id/edit', async (c) => {
    requirePermission(c, 'exams:manage');
    const exam = await loadExam(c);
    const form = await parseForm(c, examForm);
    if (form.ok) {
      await updateExam(c.get('deps').db, exam.id, form.data, requestInfo(c));
      return c.redirect(`/exams/${exam.id}`, 303);
    }
    c.status(400);
    return c.render(<ExamFormPage examId={exam.id} state={form} />, { title: exam.title });
  });

  app.post('/exams/:id/start', async (c) => {
    const actor = requireActor(c);
    const exam = await loadExam(c);
    const db = c.get('deps').db;
    const active = await activeAttempt(db, actor.userId);
    if (active && !(await submitIfOverdue(db, active))) {
      if (active.examId === exam.id) return c.redirect(`/exams/attempts/${active.id}`, 303);
      throw new AppError('CONFLICT', { messageKey: 'exams.start.alreadyActive' });
    }
    const ok = await eligibility(db, actor.userId, exam);
    if (!ok.ok) throw new AppError('FORBIDDEN', { messageKey: ok.reason ?? 'exams.eligibility.notEligible' });
    const attempt = await startAttempt(db, exam.id, actor.userId, requestInfo(c));
    return c.redirect(`/exams/attempts/${attempt.id}`, 303);
  });

  app.get('/exams/attempts/:aid', async (c) => {
    const { attempt, exam, own } = await loadAttempt(c, { graders: false });
    const db = c.get('deps').db;
    if (!own) throw new AppError('NOT_FOUND');
    if (await submitIfOverdue(db, attempt)) {
      await awardIfPassed(credentialContext(c), exam.id, attempt.userId);
      return c.redirect(`/exams/attempts/${attempt.id}/review`, 303);
    }
    const slots = await attemptSlots(db, attempt.id);
    const versions = await loadVersions(
      db,
      slots.map((s) => s.versionId),
    );
    const tokens = { secret: c.get('deps').config.GONGJIN_SECRET, attemptId: attempt.id };
    const questions = slots.flatMap((s) => {
      const v = versions.get(s.versionId);
      return v
        ? [
            {
              slot: s.slot,
              ...tokenized(
                tokens,
                s.slot,
                attemptQuestion(v, attempt.seed, s.slot, exam.shuffleOptions),
                s.response,
              ),
              seq: s.seq,
            },
          ]
        : [];
    });
    c.header('Cache-Control', 'no-store');
    return c.render(<AttemptPage exam={exam} attempt={attempt} questions={questions} />, {
      title: exam.title,
    });
  });

  app.post('/exams/attempts/:aid/events', async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.json({ error: 'unauthenticated' }, 401);
    const id = c.req.param('aid');
    const attempt = isUuid(id) ? await findAttempt(c.get('deps').db, id) : undefined;
    if (!attempt || attempt.userId !== actor.userId) return c.json({ error: 'not_found' }, 404);
    let kind: (typeof EVENT_KINDS)[number];
    try {
      const parsed = eventBody.safeParse(await c.req.json());
      if (!parsed.success) return c.json({ error: 'invalid' }, 400);
      kind = parsed.data.kind;
    } catch {
      return c.json({ error: 'invalid' }, 400);
    }
    if (attempt.status !== 'in_progress') return c.json({ error: 'not_active' }, 409);
    await logEvent(c.get('deps').db, attempt.id, kind);
    return c.json({ ok: true });
  });

  app.post('/exams/attempts/:aid/submit', async (c) => {
    const { attempt, exam, own } = await loadAttempt(c, { graders: false });
    if (!own) throw new AppError('NOT_FOUND');
    const overdue = attempt.status === 'in_progress' && attempt.deadlineAt <= new Date();
    await submitAttempt(c.get('deps').db, attempt.id, overdue ? 'deadline' : 'candidate');
    await awardIfPassed(credentialContext(c), exam.id, attempt.userId);
    return c.redirect(`/exams/attempts/${attempt.id}/review`, 303);
  });

  app.get('/exams/attempts/:aid/review', async (c) => {
    const loaded = await loadAttempt(c, { graders: true });
    const { exam, own } = loaded;
    let { attempt } = loaded;
    const db = c.get('deps').db;
    if (attempt.status === 'in_progress' && (await submitIfOverdue(db, attempt))) {
      await awardIfPassed(credentialContext(c), exam.id, attempt.userId);
      attempt = (await findAttempt(db, attempt.id)) ?? attempt;
    }
    const when = reviewTime(exam, attempt);
    // Graders see everything; a candidate sees what the review options allow at this moment.
    const show =
      own && !can(loaded.actor, 'exams:grade')
        ? allowed(exam, when)
        : allowed({ ...exam, review: ALL }, when);
    const slots = await attemptSlots(db, attempt.id);
    const versions = await loadVersions(
      db,
      slots.map((s) => s.versionId),
    );
    const tokens = { secret: c.get('deps').config.GONGJIN_SECRET, attemptId: attempt.id };
    // Tokens here too: a review during the attempt must not show the choice ids either.
    const review = reviewSlots(attempt, slots, versions, show, exam.shuffleOptions, c.get('t')).map((r) => {
      const shown = tokenized(tokens, r.slot, r.question, r.response ?? null);
      return { ...r, question: shown.question, ...('response' in r && { response: shown.response }) };
    });
    c.header('Cache-Control', 'no-store');
    return c.render(
      <ReviewPage
        exam={exam}
        attempt={attempt}
        slots={review}
        when={when}
        totals={
          show.has('marks') && attempt.status === 'submitted'
            ? { score: attempt.score, max: attempt.maxScore, pending: !attempt.fullyGraded }
            : undefined
        }
      />,
      { title: exam.title },
    );
  });

  app.get('/exams/attempts/:aid/events', async (c) => {
    const { attempt, exam } = await loadAttempt(c, { graders: true });
    requirePermission(c, 'exams:grade');
    const db = c.get('deps').db;
    const [events, people] = await Promise.all([
      attemptEvents(db, attempt.id),
      peopleByIds(db, [attempt.userId]),
    ]);
    return c.render(
      <EventsPage
        exam={exam}
        attempt={attempt}
        person={people.get(attempt.userId)?.displayName ?? ''}
        events={events}
      />,
      { title: exam.title },
    );
  });

  // The proctor's live view: every attempt of the exam with progress and notable events, for
  // those who may read the per-attempt event log. htmx polls it for the board fragment.
  app.get('/exams/:id/live', async (c) => {
    const actor = requireActor(c);
    if (!can(actor, 'exams:grade') && !can(actor, 'exams:manage')) throw new AppError('FORBIDDEN');
    const exam = await loadExam(c);
    const db = c.get('deps').db;
    const attempts = await liveAttempts(db, exam.id);
    const people = await peopleByIds(
      db,
      attempts.map((a) => a.userId),
    );
    const rows = attempts.map((a) => ({
      ...a,
      name: people.get(a.userId)?.displayName ?? '',
      email: people.get(a.userId)?.email ?? '',
    }));
    const now = new Date();
    c.header('Cache-Control', 'no-store');
    return respond(c, {
      page: <LivePage exam={exam} rows={rows} now={now} />,
      fragment: <LiveBoard exam={exam} rows={rows} now={now} />,
      title: `${exam.title} · ${c.get('t')('exams.live.title')}`,
    });
  });

  const resultRows = async (c: C, exam: Exam) => {
    const db = c.get('deps').db;
    const attempts = await examAttemptsList(db, exam.id);
    const people = await peopleByIds(
      db,
      attempts.map((a) => a.userId),
    );
    return attempts.map((a) => ({
      attempt: a,
      name: people.get(a.userId)?.displayName ?? '',
      email: people.get(a.userId)?.email ?? '',
    }));
  };

  const statsWithNames = async (c: C, exam: Exam) => {
    const db = c.get('deps').db;
    const stats = await questionStats(db, exam.id);
    const versions = await loadVersions(
      db,
      stats.flatMap((s) => s.versions),
    );
    return stats.map((s) => ({ ...s, name: versions.get(s.versions[0])?.name ?? s.questionId }));
  };

  app.get('/exams/:id/results', async (c) => {
    requirePermission(c, 'exams:grade');
    const exam = await loadExam(c);
    const db = c.get('deps').db;
    const [rows, stats] = await Promise.all([resultRows(c, exam), statsWithNames(c, exam)]);
    // Regrading offers every version of each question the exam has used, newest first.
    const used = await questionVersionsOf(
      db,
      stats.map((s) => s.questionId),
    );
    const regrade: RegradeChoice[] = stats.map((s) => ({
      questionId: s.questionId,
      name: s.name,
      versions: used.get(s.questionId) ?? [],
    }));
    const notice = c.req.query('regraded');
    return c.render(
      <ResultsPage
        exam={exam}
        rows={rows}
        stats={stats}
        chartUrl={stats.length > 0 ? `/exams/${exam.id}/stats.svg` : undefined}
        regrade={regrade}
        canManage={can(c.get('actor'), 'exams:manage')}
        notice={notice ? c.get('t')('exams.regrade.done', { count: Number(notice) || 0 }) : undefined}
      />,
      titled(c, 'exams.results.title'),
    );
  });

  app.get('/exams/:id/stats.svg', async (c) => {
    requirePermission(c, 'exams:grade');
    const exam = await loadExam(c);
    const stats = await statsWithNames(c, exam);
    const t = c.get('t');
    const names = { facility: t('exams.stats.facility'), discrimination: t('exams.stats.discrimination') };
    return c.body(
      statsChart(
        stats.map((s) => ({ label: s.name, ...s })),
        names,
      ),
      200,
      {
        'Content-Type': 'image/svg+xml',
        'Cache-Control': 'private, no-store',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      },
    );
  });

  const exportRows = async (c: C, exam: Exam) => {
    const t = c.get('t');
    const rows = await resultRows(c, exam);
    return [
      [
        t('exams.results.candidate'),
        t('exams.results.email'),
        t('exams.results.attempt'),
        t('exams.results.status'),
        t('exams.results.score'),
        t('exams.results.max'),
        t('exams.results.started'),
        t('exams.results.submitted'),
      ],
      ...rows.map((r) => [
        r.name,
        r.email,
        String(r.attempt.number),
        t(`exams.attemptStatus.${r.attempt.status}`),
        r.attempt.score === null ? '' : String(Math.round(r.attempt.score * 100) / 100),
        String(r.attempt.maxScore),
        r.attempt.startedAt.toISOString(),
        r.attempt.submittedAt?.toISOString() ?? '',
      ]),
    ];
  };

  app.get('/exams/:id/results.csv', async (c) => {
    requirePermission(c, 'exams:grade');
    const exam = await loadExam(c);
    return c.body(toCsv(await exportRows(c, exam)), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="exam-results.csv"',
    });
  });

  app.get('/exams/:id/results.xlsx', async (c) => {
    requirePermission(c, 'exams:grade');
    const exam = await loadExam(c);
    return c.body(new Uint8Array(xlsxWorkbook('results', await exportRows(c, exam))), 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': 'attachment; filename="exam-results.xlsx"',
    });
  });

  // Per-question statistics for teachers' own analysis: raw ratios (not percentages) so a
  // spreadsheet can compute with them; blank where too few attempts give no figure.
  app.get('/exams/:id/stats.csv', async (c) => {
    requirePermission(c, 'exams:grade');
    const exam = await loadExam(c);
    const t = c.get('t');
    const stats = await statsWithNames(c, exam);
    const ratio = (n: number | null) => (n === null ? '' : String(Math.round(n * 1000) / 1000));
    const rows = [
      [
        t('exams.stats.question'),
        t('exams.stats.answered'),
        t('exams.stats.facility'),
        t('exams.stats.discrimination'),
      ],
      ...stats.map((s) => [s.name, String(s.answered), ratio(s.facility), ratio(s.discrimination)]),
    ];
    return c.body(toCsv(rows), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="exam-question-stats.csv"',
    });
  });

  app.get('/exams/:id/grading', async (c) => {
    requirePermission(c, 'exams:grade');
    const exam = await loadExam(c);
    const db = c.get('deps').db;
    const queue = await manualQueue(db, exam.id);
    const [versions, people, attempts] = await Promise.all([
      loadVersions(
        db,
        queue.map((q) => q.versionId),
      ),
      peopleByIds(
        db,
        queue.map((q) => q.userId),
      ),
      examAttemptsList(db, exam.id),
    ]);
    const byId = new Map(attempts.map((a) => [a.id, a]));
    const items = [];
    for (const q of queue) {
      const v = versions.get(q.versionId);
      const attempt = byId.get(q.attemptId);
      if (!v || !attempt) continue;
      const slot = (await attemptSlots(db, q.attemptId)).find((s) => s.slot === q.slot);
      const key = correctAnswer(v.body);
      items.push({
        attemptId: q.attemptId,
        slot: q.slot,
        person: people.get(q.userId)?.displayName ?? '',
        question: attemptQuestion(v, attempt.seed, q.slot, exam.shuffleOptions),
        response: slot?.response ?? null,
        rubric: key.kind === 'rubric' ? key.criteria : [],
      });
    }
    return c.render(<GradingPage exam={exam} items={items} />, titled(c, 'exams.gradingQueue.title'));
  });

  app.post('/exams/attempts/:aid/slots/:slot/grade', async (c) => {
    requirePermission(c, 'exams:grade');
    const form = await parseForm(c, gradeForm);
    if (!form.ok) throw new AppError('INVALID_INPUT', { fields: form.errors as Record<string, MessageKey> });
    const { attempt, exam } = await loadAttempt(c, { graders: true });
    const slot = Number(c.req.param('slot'));
    if (!Number.isInteger(slot) || attempt.status !== 'submitted') throw new AppError('NOT_FOUND');
    await gradeSlot(
      c.get('deps').db,
      attempt.id,
      slot,
      { fraction: form.data.percent / 100, comment: form.data.comment },
      requestInfo(c),
    );
    await awardIfPassed(credentialContext(c), exam.id, attempt.userId);
    return c.redirect(`/exams/${exam.id}/grading`, 303);
  });

  app.post('/exams/:id/regrade', async (c) => {
    requirePermission(c, 'exams:manage');
    const exam = await loadExam(c);
    const form = await parseForm(c, regradeForm);
    if (!form.ok) throw new AppError('INVALID_INPUT', { fields: form.errors as Record<string, MessageKey> });
    const count = await regradeQuestion(
      c.get('deps').db,
      exam.id,
      form.data.questionId,
      form.data.versionId,
      requestInfo(c),
    );
    return c.redirect(`/exams/${exam.id}/results?regraded=${count}`, 303);
  });

  return app;
}

const ALL = {
  during: ['responses', 'marks', 'correct', 'feedback', 'explanation'],
  immediately: ['responses', 'marks', 'correct', 'feedback', 'explanation'],
  open: ['responses', 'marks', 'correct', 'feedback', 'explanation'],
  closed: ['responses', 'marks', 'correct', 'feedback', 'explanation'],
} as Exam['review'];
