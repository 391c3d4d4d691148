/**
 * Exam routes: the exam list and page, teachers' exam forms, the attempt (start, page, the JSON
 * save and event endpoints the client script calls, submit) and the review page. The owners'
 * pages (results, grading, overrides, event logs, live board) are in owner-routes.tsx.
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { type Db, POOL_SIZE } from '../../db/client.ts';
import { isLocale, type MessageKey } from '../../i18n/index.ts';
import type { AppEnv } from '../../platform/context.ts';
import { CSRF_COOKIE, isValidCsrfToken } from '../../platform/csrf.ts';
import { AppError } from '../../platform/errors.ts';
import { parseForm } from '../../platform/forms.ts';
import { negotiateLocale, translator } from '../../platform/i18n.ts';
import { can, chooseOwner, ownedOrgs, requireActor, requirePermission } from '../../platform/permissions.ts';
import { isUuid, requestInfo } from '../../platform/request.ts';
import { digest } from '../../platform/tokens.ts';
import { renderErrorPage } from '../../ui/error-page.tsx';
import { renderer } from '../../ui/layout.tsx';
import { titled } from '../../ui/respond.tsx';
import { certificateIdentity, ownerChoices } from '../identity/queries.ts';
import { LANG_COOKIE, SESSION_COOKIE } from '../identity/session.ts';
import { loadVersions } from '../questions/service.ts';
import {
  achievementRefusal,
  credentialContext,
  loadAttempt,
  loadExam,
  loadOwnedExam,
  ownsExam,
} from './access.ts';
import { EntryQueue, EntryQueueFull } from './entry-queue.ts';
import { examForm, examValues } from './forms.ts';
import { examOwnerRoutes } from './owner-routes.tsx';
import { activeAttempt, attemptSlots, attemptsOf, type Exam, findAttempt, listExams } from './queries.ts';
import { allowed, attemptQuestion, reviewSlots, reviewTime } from './review.ts';
import {
  awardIfPassed,
  createExam,
  EVENT_KINDS,
  type ExamInput,
  examGrade,
  logEvent,
  MAX_RESPONSE_CHARS,
  passed,
  SaveRefused,
  saveAnswers,
  startAttempt,
  startRefusal,
  submitAttempt,
  submitIfOverdue,
  updateExam,
} from './service.ts';
import { tokenized, untokenized } from './tokens.ts';
import { AttemptPage, ExamFormPage, ExamPage, ExamsIndexPage, ReviewPage } from './views.tsx';

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

/**
 * How long a start (or the attempt page) may wait to be admitted before it is answered 503 with a
 * Retry-After instead (ADR 0038): long enough for a synchronised start of thousands to get in.
 */
export const ENTRY_BUDGET_MS = 30_000;

/** Entering an exam: starting an attempt and the attempt page it leads to. */
const ENTRY_PATHS: Record<string, RegExp> = {
  POST: /^\/exams\/[^/]+\/start$/,
  GET: /^\/exams\/attempts\/[^/]+$/,
};

/**
 * The exam entry queue as middleware, mounted before the session middleware (app.tsx) so that the
 * whole request — session, exam, start, page — waits in it, not just its last part. One queue per
 * app (per process), as many at a time as the database serves at once: the pool's connections on
 * PostgreSQL; PGlite runs one query at a time, two keep it busy. A request it turns away is
 * answered here without touching the database (a refusal must cost nothing when the server is
 * already full): 503 with Retry-After, on the localised error page, in the language of the
 * candidate's cookie or browser. `opts` is for tests.
 */
export function examEntryQueue(
  opts: { concurrency?: number; budgetMs?: number; guessMs?: number } = {},
): MiddlewareHandler<AppEnv> {
  let queue: EntryQueue | undefined;
  return async (c, next) => {
    if (!ENTRY_PATHS[c.req.method]?.test(c.req.path)) return next();
    queue ??= new EntryQueue(
      opts.concurrency ?? (c.get('deps').dbKind === 'postgres' ? POOL_SIZE : 2),
      opts.budgetMs ?? ENTRY_BUDGET_MS,
      opts.guessMs,
    );
    try {
      // The attempt page goes ahead of the starts still waiting: its candidate already waited once.
      await queue.run(next, c.req.method === 'GET');
    } catch (err) {
      if (!(err instanceof EntryQueueFull)) throw err;
      const cookie = getCookie(c, LANG_COOKIE);
      const locale = negotiateLocale({
        cookie: isLocale(cookie) ? cookie : undefined,
        acceptLanguage: c.req.header('accept-language'),
      });
      c.set('locale', locale);
      c.set('t', translator(locale));
      await renderer(c, async () => {});
      c.header('Retry-After', String(err.retryAfterSeconds));
      c.header('Cache-Control', 'no-store');
      const busy = c.req.method === 'POST' ? 'exams.start.busy' : 'exams.attempt.busy';
      return renderErrorPage(
        c,
        new AppError('UNAVAILABLE', { messageKey: busy, vars: { seconds: err.retryAfterSeconds } }),
      );
    }
  };
}

export function examRoutes(opts: { eligibility?: Eligibility } = {}) {
  const app = new Hono<AppEnv>();
  const eligibility = opts.eligibility ?? noLearning;

  const owners = (c: C) => ownerChoices(c.get('deps').db, c.get('actor'), c.get('locale'));

  /** The form's errors for who owns the exam and what it awards; empty when allowed. */
  const ownershipErrors = async (c: C, input: ExamInput, values: Record<string, string>, existing?: Exam) => {
    const actor = requireActor(c);
    const errors: Record<string, MessageKey> = {};
    let orgId: string | null = existing?.orgId ?? null;
    if (!existing) {
      const owner = chooseOwner(actor, values.orgId);
      if (owner.ok) orgId = owner.orgId;
      else
        errors.orgId =
          owner.problem === 'noOrganisation'
            ? 'exams.owner.noOrganisation'
            : 'exams.owner.chooseOrganisation';
    }
    // Linking, changing or keeping an achievement link: only for who may issue its credentials.
    const achievementId = input.achievementId ?? existing?.achievementId;
    if (achievementId) {
      const refusal = await achievementRefusal(c.get('deps').db, actor, achievementId);
      if (refusal) errors.achievementId = refusal;
    }
    return { errors, orgId };
  };

  app.get('/exams', async (c) => {
    const canManage = can(c.get('actor'), 'exams:manage');
    const exams = await listExams(c.get('deps').db, { draftsOf: ownedOrgs(c.get('actor')) });
    return c.render(<ExamsIndexPage exams={exams} canManage={canManage} />, titled(c, 'exams.index.title'));
  });

  app.get('/exams/new', async (c) => {
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
    return c.render(
      <ExamFormPage state={{ values }} owners={await owners(c)} />,
      titled(c, 'exams.form.createTitle'),
    );
  });

  app.post('/exams', async (c) => {
    requirePermission(c, 'exams:manage');
    const form = await parseForm(c, examForm);
    if (form.ok) {
      const { errors, orgId } = await ownershipErrors(c, form.data, form.values);
      if (Object.keys(errors).length === 0) {
        const exam = await createExam(c.get('deps').db, form.data, { ...requestInfo(c), orgId });
        return c.redirect(`/exams/${exam.id}`, 303);
      }
      c.status(400);
      return c.render(
        <ExamFormPage state={{ values: form.values, errors }} owners={await owners(c)} />,
        titled(c, 'exams.form.createTitle'),
      );
    }
    c.status(400);
    return c.render(
      <ExamFormPage state={form} owners={await owners(c)} />,
      titled(c, 'exams.form.createTitle'),
    );
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
    else if (exam.achievementId && !actor.emailVerified) refusal = t('exams.start.emailUnconfirmed');
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
        canManage={ownsExam(actor, exam)}
        canGrade={ownsExam(actor, exam)}
      />,
      { title: exam.title },
    );
  });

  app.get('/exams/:id/edit', async (c) => {
    requirePermission(c, 'exams:manage');
    const exam = await loadOwnedExam(c);
    return c.render(<ExamFormPage examId={exam.id} state={{ values: examValues(exam) }} />, {
      title: exam.title,
    });
  });

  app.post('/exams/:id/edit', async (c) => {
    requirePermission(c, 'exams:manage');
    const exam = await loadOwnedExam(c);
    const form = await parseForm(c, examForm);
    if (form.ok) {
      const { errors } = await ownershipErrors(c, form.data, form.values, exam);
      if (Object.keys(errors).length === 0) {
        await updateExam(c.get('deps').db, exam.id, form.data, requestInfo(c));
        return c.redirect(`/exams/${exam.id}`, 303);
      }
      c.status(400);
      return c.render(<ExamFormPage examId={exam.id} state={{ values: form.values, errors }} />, {
        title: exam.title,
      });
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
    // A certification exam: a confirmed email, and the name the certificate will carry, first.
    if (exam.achievementId) {
      const holder = await certificateIdentity(db, actor.userId);
      if (!holder?.emailVerified)
        throw new AppError('FORBIDDEN', { messageKey: 'exams.start.emailUnconfirmed' });
      if (!holder.name)
        return c.redirect(`/profile/certificate-name?next=${encodeURIComponent(`/exams/${exam.id}`)}`, 303);
    }
    // A second click, or a retried request, lands on the attempt the first one started.
    const attempt = await startAttempt(db, exam, actor.userId, requestInfo(c));
    return c.redirect(`/exams/attempts/${attempt.id}`, 303);
  });

  app.get('/exams/attempts/:aid', async (c) => {
    // The page a start redirects to: part of entering the exam, so it waits in the same queue.
    const { attempt, exam, own } = await loadAttempt(c, { owners: false });
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
    const { attempt, exam, own } = await loadAttempt(c, { owners: false });
    if (!own) throw new AppError('NOT_FOUND');
    const overdue = attempt.status === 'in_progress' && attempt.deadlineAt <= new Date();
    await submitAttempt(c.get('deps').db, attempt.id, overdue ? 'deadline' : 'candidate');
    await awardIfPassed(credentialContext(c), exam.id, attempt.userId);
    return c.redirect(`/exams/attempts/${attempt.id}/review`, 303);
  });

  app.get('/exams/attempts/:aid/review', async (c) => {
    const loaded = await loadAttempt(c, { owners: true });
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
      own && !ownsExam(loaded.actor, exam) ? allowed(exam, when) : allowed({ ...exam, review: ALL }, when);
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

  app.route('/', examOwnerRoutes());

  return app;
}

const ALL = {
  during: ['responses', 'marks', 'correct', 'feedback', 'explanation'],
  immediately: ['responses', 'marks', 'correct', 'feedback', 'explanation'],
  open: ['responses', 'marks', 'correct', 'feedback', 'explanation'],
  closed: ['responses', 'marks', 'correct', 'feedback', 'explanation'],
} as Exam['review'];
