/**
 * Routes for learning under /learn: the catalogue, courses with enrolment and authoring, the
 * teacher's progress table, lessons with practice quizzes, SQL labs (the PGlite island, the
 * server fallback and submission for credit), the tutor, and PGlite's browser build as static
 * files. Two things come from outside: the SQL grader (the worker pool) and the check for an
 * active exam attempt, during which the tutor is refused and hidden.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { RequestContext } from 'hono/jsx-renderer';
import type { Db } from '../../db/client.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { chooseEncoding, compressedVariant } from '../../platform/compressed.ts';
import type { AppEnv } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { parseForm, validate } from '../../platform/forms.ts';
import { type Actor, can, requireActor, requirePermission } from '../../platform/permissions.ts';
import { enforce, type Limit } from '../../platform/rate-limit.ts';
import { isUuid, requestInfo } from '../../platform/request.ts';
import type { FormState } from '../../ui/form.tsx';
import { titled, wantsFragment } from '../../ui/respond.tsx';
import { publicQuestion, scoreResponse } from '../questions/score.ts';
import { currentVersionIds, loadVersions } from '../questions/service.ts';
import type { QuestionResponse, SqlSpec } from '../questions/types.ts';
import { labIsland } from './client/bundle.ts';
import { compareResult } from './compare.ts';
import { courseEditForm, courseForm, labForm, lessonForm, moveForm, sqlForm, tutorForm } from './forms.ts';
import { expectedResult, type LabGrader, oneAtATime } from './grading.ts';
import {
  type Course,
  catalogue,
  courseProgress,
  enrolledCourses,
  findCourse,
  findCourseBySlug,
  findLab,
  findLesson,
  findTrack,
  isEnrolled,
  type Lab,
  labPassedAt,
  lastLabAttempt,
  listLabs,
  listLessons,
  listTracks,
  studentProgress,
} from './queries.ts';
import type { ExpectedResult } from './schema.ts';
import {
  addLab,
  addLesson,
  completeLesson,
  createCourse,
  deleteItem,
  enrol,
  ensureTrack,
  moveItem,
  recordLabAttempt,
  recordQuizScore,
  setLabExpected,
  updateCourse,
  updateLab,
  updateLesson,
} from './service.ts';
import { tutorReply } from './tutor/answer.ts';
import { llmConfigFrom } from './tutor/llm.ts';
import {
  AuthoringErrorPage,
  CataloguePage,
  CourseEditPage,
  CourseFormPage,
  CoursePage,
  courseValues,
  type IslandData,
  LabEditPage,
  LabPage,
  LessonEditPage,
  LessonPage,
  labValues,
  ProgressPage,
  type QuizItem,
  type QuizOutcome,
  QuizResult,
  RunOutput,
  SubmitResult,
  TutorAnswer,
} from './views/learning.tsx';

type C = Context<AppEnv>;

/** An htmx fragment; views inside still reach the request (translator, CSRF token). */
const fragment = (c: C, view: Child) => {
  c.header('Vary', 'HX-Request', { append: true });
  return c.html(<RequestContext.Provider value={c}>{view}</RequestContext.Provider>);
};

export type LearningOptions = {
  /** True while the student has an exam attempt in progress: the tutor is then refused and hidden. */
  activeExamFor?: (db: Db, userId: string) => Promise<boolean>;
  /** The SQL grader; without one, lab submissions and the server fallback answer 503. */
  grader?: LabGrader;
};

/** The server runs students' queries only when their browser cannot: a modest per-person limit. */
export const LAB_RUN_LIMIT: Limit = { bucket: 'lab:run', max: 30, windowSeconds: 60 };
export const LAB_SUBMIT_LIMIT: Limit = { bucket: 'lab:submit', max: 20, windowSeconds: 60 };
export const TUTOR_LIMIT: Limit = { bucket: 'tutor', max: 20, windowSeconds: 60 };

/** WebAssembly compilation needs 'wasm-unsafe-eval'; only the lab page gets it. */
export const LAB_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

// PGlite's browser build is ES modules that import each other and fetch pglite.wasm/.data relative
// to their own URL, so the files keep their names under a versioned directory instead of hashes.
const require = createRequire(import.meta.url);
const pgliteDir = path.join(path.dirname(require.resolve('@electric-sql/pglite')), '');
const pgliteVersion = (
  JSON.parse(readFileSync(path.join(pgliteDir, '..', 'package.json'), 'utf8')) as { version: string }
).version;
export const PGLITE_URL = `/learn/pglite/${pgliteVersion}/index.js`;
const PGLITE_FILE = /^[A-Za-z0-9_-]+\.(js|wasm|data)$/;
const PGLITE_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  wasm: 'application/wasm',
  data: 'application/octet-stream',
};
const pgliteFiles = new Map<string, Buffer>();

/** The track a course form chose: an existing one, or a new one named in the form (slug from the course's). */
async function chosenTrack(
  db: Db,
  courseSlug: string,
  data: { trackId: string; newTrack: string },
  info: ReturnType<typeof requestInfo>,
): Promise<string> {
  if (data.newTrack === '') return data.trackId;
  return (await ensureTrack(db, { slug: `${courseSlug}-track`, title: data.newTrack, description: '' }, info))
    .id;
}

export function learningRoutes(opts: LearningOptions = {}) {
  const oneRun = oneAtATime();
  const app = new Hono<AppEnv>();

  const grader = (): LabGrader => {
    if (!opts.grader) throw new AppError('UNAVAILABLE', { messageKey: 'learning.lab.graderUnavailable' });
    return opts.grader;
  };
  /**
   * What adding and editing a lab both check: the reference runs on the setup (its rows become
   * the expected result the island compares against), and it passes its own grading, so every
   * hidden variant applies cleanly on top of the setup.
   */
  const checkLab = async (
    spec: SqlSpec,
  ): Promise<{ ok: true; expected: ExpectedResult } | { ok: false; errors: Record<string, MessageKey> }> => {
    const expected = await expectedResult(grader(), spec);
    if (!expected) return { ok: false, errors: { referenceSql: 'learning.lab.referenceFailed' } };
    const self = await grader().grade(spec, spec.referenceSql);
    if (!self.passed) return { ok: false, errors: { variants: 'learning.lab.variantsFailed' } };
    return { ok: true, expected };
  };
  const inExam = async (c: C, actor: Actor | null) =>
    !!actor && !!opts.activeExamFor && (await opts.activeExamFor(c.get('deps').db, actor.userId));

  const loadCourse = async (c: C): Promise<Course> => {
    const course = await findCourseBySlug(c.get('deps').db, c.req.param('slug') ?? '');
    if (!course) throw new AppError('NOT_FOUND', { messageKey: 'learning.notFound' });
    return course;
  };
  const loadById = async <T,>(c: C, find: (db: Db, id: string) => Promise<T | undefined>): Promise<T> => {
    const id = c.req.param('id') ?? '';
    const row = isUuid(id) ? await find(c.get('deps').db, id) : undefined;
    if (!row) throw new AppError('NOT_FOUND', { messageKey: 'learning.notFound' });
    return row;
  };
  const courseOf = async (c: C, courseId: string): Promise<Course> => {
    const course = await findCourse(c.get('deps').db, courseId);
    if (!course) throw new AppError('NOT_FOUND', { messageKey: 'learning.notFound' });
    return course;
  };
  const manage = (c: C, course: Course) =>
    requirePermission(c, 'learning:manage_course', { userId: course.authorId });
  /** Quizzes, labs and the tutor are for enrolled students (and the course's own teachers). */
  const requireEnrolled = async (c: C, course: Course): Promise<Actor> => {
    const actor = requireActor(c);
    if (can(actor, 'learning:manage_course', { userId: course.authorId })) return actor;
    if (!(await isEnrolled(c.get('deps').db, actor.userId, course.id)))
      throw new AppError('FORBIDDEN', { messageKey: 'learning.enrolFirst' });
    return actor;
  };
  const mayUse = async (c: C, course: Course): Promise<boolean> => {
    const actor = c.get('actor');
    if (!actor) return false;
    return (
      can(actor, 'learning:manage_course', { userId: course.authorId }) ||
      isEnrolled(c.get('deps').db, actor.userId, course.id)
    );
  };

  // ---- Catalogue and courses ---------------------------------------------------------------------

  app.get('/learn', async (c) => {
    const { db } = c.get('deps');
    const actor = c.get('actor');
    const [tracks, mine] = await Promise.all([
      catalogue(db),
      actor ? enrolledCourses(db, actor.userId) : Promise.resolve([]),
    ]);
    return c.render(
      <CataloguePage tracks={tracks} mine={mine} canTeach={can(actor, 'learning:teach')} />,
      titled(c, 'learning.catalogue.title'),
    );
  });

  app.get('/learn/courses/new', async (c) => {
    requirePermission(c, 'learning:teach');
    const tracks = await listTracks(c.get('deps').db);
    return c.render(<CourseFormPage tracks={tracks} />, titled(c, 'learning.course.create'));
  });

  app.post('/learn/courses', async (c) => {
    const actor = requirePermission(c, 'learning:teach');
    const { db } = c.get('deps');
    const form = await parseForm(c, courseForm);
    let state: FormState | undefined = form.ok ? undefined : form;
    if (form.ok) {
      try {
        const info = requestInfo(c);
        const trackId = await chosenTrack(db, form.data.slug, form.data, info);
        const course = await createCourse(
          db,
          {
            slug: form.data.slug,
            trackId,
            level: form.data.level,
            title: form.data.title,
            summary: form.data.summary,
          },
          actor.userId,
          info,
        );
        return c.redirect(`/learn/courses/${course.slug}`, 303);
      } catch (err) {
        if (!(err instanceof AppError && err.fields)) throw err;
        state = { values: form.values, errors: err.fields };
      }
    }
    c.status(400);
    return c.render(
      <CourseFormPage tracks={await listTracks(db)} state={state} />,
      titled(c, 'learning.course.create'),
    );
  });

  app.get('/learn/courses/:slug', async (c) => {
    const { db } = c.get('deps');
    const course = await loadCourse(c);
    const actor = c.get('actor');
    const [track, lessons, labs, enrolled] = await Promise.all([
      findTrack(db, course.trackId),
      listLessons(db, course.id),
      listLabs(db, course.id),
      actor ? isEnrolled(db, actor.userId, course.id) : Promise.resolve(false),
    ]);
    const progress = actor && enrolled ? await studentProgress(db, actor.userId, course.id) : null;
    return c.render(
      <CoursePage
        course={course}
        track={track}
        lessons={lessons}
        labs={labs}
        enrolled={enrolled}
        progress={progress}
        canManage={can(actor, 'learning:manage_course', { userId: course.authorId })}
      />,
      { title: course.title, share: { description: course.summary } },
    );
  });

  app.post('/learn/courses/:slug/enrol', async (c) => {
    const actor = requireActor(c);
    const course = await loadCourse(c);
    await enrol(c.get('deps').db, course.id, actor.userId, requestInfo(c));
    return c.redirect(`/learn/courses/${course.slug}`, 303);
  });

  app.get('/learn/courses/:slug/edit', async (c) => {
    const course = await loadCourse(c);
    manage(c, course);
    const tracks = await listTracks(c.get('deps').db);
    return c.render(
      <CourseEditPage course={course} tracks={tracks} state={{ values: courseValues(course) }} />,
      titled(c, 'learning.course.edit'),
    );
  });

  app.post('/learn/courses/:slug/edit', async (c) => {
    const course = await loadCourse(c);
    manage(c, course);
    const { db } = c.get('deps');
    const form = await parseForm(c, courseEditForm);
    let state: FormState = form;
    if (form.ok) {
      try {
        const info = requestInfo(c);
        const trackId = await chosenTrack(db, course.slug, form.data, info);
        await updateCourse(
          db,
          course.id,
          {
            trackId,
            level: form.data.level,
            title: form.data.title,
            summary: form.data.summary,
            published: form.data.published,
          },
          info,
        );
        return c.redirect(`/learn/courses/${course.slug}`, 303);
      } catch (err) {
        if (!(err instanceof AppError && err.fields)) throw err;
        state = { values: form.values, errors: err.fields };
      }
    }
    c.status(400);
    return c.render(
      <CourseEditPage course={course} tracks={await listTracks(db)} state={state} />,
      titled(c, 'learning.course.edit'),
    );
  });

  app.get('/learn/courses/:slug/progress', async (c) => {
    const course = await loadCourse(c);
    manage(c, course);
    const { db } = c.get('deps');
    const [rows, lessons, labs] = await Promise.all([
      courseProgress(db, course.id),
      listLessons(db, course.id),
      listLabs(db, course.id),
    ]);
    return c.render(
      <ProgressPage course={course} rows={rows} lessonCount={lessons.length} labCount={labs.length} />,
      titled(c, 'learning.progress.title'),
    );
  });

  app.post('/learn/courses/:slug/lessons', async (c) => {
    const course = await loadCourse(c);
    manage(c, course);
    const form = await parseForm(c, lessonForm);
    if (!form.ok) {
      c.status(400);
      return c.render(<AuthoringErrorPage course={course} state={form} />, { title: course.title });
    }
    const lesson = await addLesson(c.get('deps').db, course.id, form.data, requestInfo(c));
    return c.redirect(`/learn/lessons/${lesson.id}`, 303);
  });

  app.post('/learn/courses/:slug/labs', async (c) => {
    const course = await loadCourse(c);
    manage(c, course);
    const form = await parseForm(c, labForm);
    if (!form.ok) {
      c.status(400);
      return c.render(<AuthoringErrorPage course={course} state={form} />, { title: course.title });
    }
    const spec = {
      setupSql: form.data.setupSql,
      referenceSql: form.data.referenceSql,
      variants: form.data.variants,
      allowedKinds: ['select' as const],
      checkSql: '',
      compareColumnNames: form.data.compareColumnNames,
      tolerance: form.data.tolerance,
    };
    const checked = await checkLab(spec);
    if (!checked.ok) {
      c.status(400);
      const state = { values: form.values, errors: checked.errors };
      return c.render(<AuthoringErrorPage course={course} state={state} />, { title: course.title });
    }
    const { expected } = checked;
    const lab = await addLab(
      c.get('deps').db,
      course.id,
      { title: form.data.title, task: form.data.task, spec },
      expected,
      requestInfo(c),
    );
    return c.redirect(`/learn/labs/${lab.id}`, 303);
  });

  // ---- Lessons and practice quizzes ---------------------------------------------------------------

  /** The lesson's practice questions as students may see them (no answer keys). */
  const quizOf = async (db: Db, questionIds: string[]) => {
    const current = await currentVersionIds(db, questionIds);
    const versions = await loadVersions(db, [...current.values()]);
    return questionIds.flatMap((qid) => {
      const v = versions.get(current.get(qid) ?? '');
      return v ? [{ questionId: qid, version: v }] : [];
    });
  };

  app.get('/learn/lessons/:id', async (c) => {
    const { db } = c.get('deps');
    const lesson = await loadById(c, findLesson);
    const course = await courseOf(c, lesson.courseId);
    const actor = c.get('actor');
    const [all, quiz, enrolled] = await Promise.all([
      listLessons(db, course.id),
      quizOf(db, lesson.questionIds),
      actor ? isEnrolled(db, actor.userId, course.id) : Promise.resolve(false),
    ]);
    const progress = actor && enrolled ? await studentProgress(db, actor.userId, course.id) : null;
    const index = all.findIndex((l) => l.id === lesson.id);
    const items: QuizItem[] = quiz
      .filter((q) => q.version.body.type !== 'essay' && q.version.body.type !== 'sql')
      .map((q) => ({ questionId: q.questionId, question: publicQuestion(q.version, 0) }));
    const tutor = (await mayUse(c, course)) && !(await inExam(c, actor));
    return c.render(
      <LessonPage
        course={course}
        lesson={lesson}
        previous={all[index - 1]}
        next={all[index + 1]}
        quiz={items}
        enrolled={enrolled || can(actor, 'learning:manage_course', { userId: course.authorId })}
        completed={progress?.lessons.get(lesson.id)?.completed ?? false}
        tutor={tutor}
        canEdit={can(actor, 'learning:manage_course', { userId: course.authorId })}
      />,
      { title: lesson.title },
    );
  });

  app.get('/learn/lessons/:id/edit', async (c) => {
    const lesson = await loadById(c, findLesson);
    const course = await courseOf(c, lesson.courseId);
    manage(c, course);
    return c.render(
      <LessonEditPage course={course} lesson={lesson} />,
      titled(c, 'learning.author.editLesson'),
    );
  });

  app.post('/learn/lessons/:id/edit', async (c) => {
    const lesson = await loadById(c, findLesson);
    const course = await courseOf(c, lesson.courseId);
    manage(c, course);
    const form = await parseForm(c, lessonForm);
    if (!form.ok) {
      c.status(400);
      return c.render(
        <LessonEditPage course={course} lesson={lesson} state={form} />,
        titled(c, 'learning.author.editLesson'),
      );
    }
    await updateLesson(c.get('deps').db, lesson.id, form.data, requestInfo(c));
    return c.redirect(`/learn/lessons/${lesson.id}`, 303);
  });

  /** Up/down buttons on the course page: plain forms, back to the outline. */
  const move =
    (kind: 'lesson' | 'lab', find: (db: Db, id: string) => Promise<{ courseId: string } | undefined>) =>
    async (c: C) => {
      const item = await loadById(c, find);
      const course = await courseOf(c, item.courseId);
      manage(c, course);
      const form = await parseForm(c, moveForm);
      if (!form.ok)
        throw new AppError('INVALID_INPUT', { fields: form.errors as Record<string, MessageKey> });
      await moveItem(c.get('deps').db, kind, c.req.param('id') ?? '', form.data.direction, requestInfo(c));
      return c.redirect(`/learn/courses/${course.slug}#${kind}s`, 303);
    };
  app.post('/learn/lessons/:id/move', move('lesson', findLesson));

  /** Deleting is for items nobody has progress on; otherwise 409 with the reason (ADR 0021). */
  const remove =
    (kind: 'lesson' | 'lab', find: (db: Db, id: string) => Promise<{ courseId: string } | undefined>) =>
    async (c: C) => {
      const item = await loadById(c, find);
      const course = await courseOf(c, item.courseId);
      manage(c, course);
      await deleteItem(c.get('deps').db, kind, c.req.param('id') ?? '', requestInfo(c));
      return c.redirect(`/learn/courses/${course.slug}#${kind}s`, 303);
    };
  app.post('/learn/lessons/:id/delete', remove('lesson', findLesson));

  app.post('/learn/lessons/:id/complete', async (c) => {
    const lesson = await loadById(c, findLesson);
    const course = await courseOf(c, lesson.courseId);
    const actor = await requireEnrolled(c, course);
    await completeLesson(c.get('deps').db, lesson.id, actor.userId);
    return c.redirect(`/learn/lessons/${lesson.id}`, 303);
  });

  app.post('/learn/lessons/:id/quiz', async (c) => {
    const { db } = c.get('deps');
    const lesson = await loadById(c, findLesson);
    const course = await courseOf(c, lesson.courseId);
    const actor = await requireEnrolled(c, course);
    const body = (await c.req.parseBody({ all: true })) as Record<string, string | string[]>;
    const quiz = (await quizOf(db, lesson.questionIds)).filter(
      (q) =>
        q.version.body.type !== 'essay' &&
        q.version.body.type !== 'sql' &&
        q.version.body.type !== 'description',
    );
    if (quiz.length === 0) throw new AppError('NOT_FOUND', { messageKey: 'learning.notFound' });
    const outcomes: QuizOutcome[] = quiz.map(({ questionId, version }) => {
      const raw = body[`q_${questionId}`];
      const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      const first = typeof values[0] === 'string' ? values[0] : '';
      const response = responseFor(
        version.body.type,
        values.filter((v) => typeof v === 'string'),
        first,
      );
      const score = scoreResponse(version.body, response);
      return {
        questionId,
        fraction: score.fraction ?? 0,
        feedback: score.feedback,
        generalFeedback: version.generalFeedback,
        explanation: version.explanation,
        textFormat: version.textFormat,
      };
    });
    const total = quiz.reduce((s, q) => s + q.version.defaultMark, 0) || 1;
    const score = outcomes.reduce((s, o, i) => s + o.fraction * quiz[i].version.defaultMark, 0) / total;
    const best = await recordQuizScore(db, lesson.id, actor.userId, Math.round(score * 1e4) / 1e4);
    const view = <QuizResult outcomes={outcomes} score={score} best={best} />;
    if (wantsFragment(c)) return fragment(c, view);
    return c.render(view, { title: lesson.title });
  });

  // ---- SQL labs -----------------------------------------------------------------------------------

  const labContext = async (c: C) => {
    const lab = await loadById(c, findLab);
    const course = await courseOf(c, lab.courseId);
    return { lab, course };
  };

  /** The expected rows, computed now if the lab was saved while the grader was unavailable. */
  const expectedOf = async (c: C, lab: Lab) => {
    if (lab.expected || !opts.grader) return lab.expected;
    const expected = await expectedResult(opts.grader, lab.spec);
    if (expected) await setLabExpected(c.get('deps').db, lab.id, expected);
    return expected;
  };

  const renderLab = async (c: C, extra: { sql?: string; output?: Parameters<typeof RunOutput>[0] } = {}) => {
    const { db } = c.get('deps');
    const { lab, course } = await labContext(c);
    const actor = c.get('actor');
    const enrolled = await mayUse(c, course);
    const [passedAt, lastAttempt, expected] = await Promise.all([
      actor ? labPassedAt(db, actor.userId, lab.id) : Promise.resolve(null),
      actor ? lastLabAttempt(db, actor.userId, lab.id) : Promise.resolve(undefined),
      expectedOf(c, lab),
    ]);
    const t = c.get('t');
    const island: IslandData = {
      setupSql: lab.spec.setupSql,
      expected,
      tolerance: lab.spec.tolerance,
      messages: {
        engineBrowser: t('learning.lab.engineBrowser'),
        engineLoading: t('learning.lab.engineLoading'),
        engineServer: t('learning.lab.engineServer'),
        match: t('learning.compare.match'),
        'grader.column_count': t('grader.column_count'),
        'grader.column_names': t('grader.column_names'),
        'grader.row_count': t('grader.row_count'),
        'grader.rows_differ': t('grader.rows_differ'),
        'grader.order': t('grader.order'),
        missingRows: t('learning.lab.missingRows'),
        extraRows: t('learning.lab.extraRows'),
        null: t('learning.lab.null'),
        rowCount: t('learning.lab.rowCount'),
        noResult: t('learning.lab.noResult'),
      },
    };
    c.header('Content-Security-Policy', LAB_CSP);
    return c.render(
      <LabPage
        course={course}
        lab={lab}
        enrolled={enrolled}
        passed={passedAt !== null}
        changedSincePassed={!!(passedAt && lab.specChangedAt && passedAt < lab.specChangedAt)}
        canEdit={can(actor, 'learning:manage_course', { userId: course.authorId })}
        lastAttempt={lastAttempt}
        tutor={enrolled && !(await inExam(c, actor))}
        pgliteUrl={PGLITE_URL}
        islandUrl={labIsland().url}
        island={island}
        sql={extra.sql}
        output={extra.output}
      />,
      { title: lab.title },
    );
  };

  app.get('/learn/labs/:id', (c) => renderLab(c));

  app.get('/learn/labs/:id/edit', async (c) => {
    const { lab, course } = await labContext(c);
    manage(c, course);
    return c.render(
      <LabEditPage course={course} lab={lab} state={{ values: labValues(lab) }} />,
      titled(c, 'learning.author.editLab'),
    );
  });

  // Editing re-validates the reference on the (new) setup exactly as creation does and stores
  // the rows the island compares against; earlier attempts keep their recorded result (ADR 0021).
  app.post('/learn/labs/:id/edit', async (c) => {
    const { lab, course } = await labContext(c);
    manage(c, course);
    const form = await parseForm(c, labForm);
    const fail = (state: FormState) => {
      c.status(400);
      return c.render(
        <LabEditPage course={course} lab={lab} state={state} />,
        titled(c, 'learning.author.editLab'),
      );
    };
    if (!form.ok) return fail(form);
    const spec = {
      ...lab.spec,
      setupSql: form.data.setupSql,
      referenceSql: form.data.referenceSql,
      variants: form.data.variants,
      compareColumnNames: form.data.compareColumnNames,
      tolerance: form.data.tolerance,
    };
    const checked = await checkLab(spec);
    if (!checked.ok) return fail({ values: form.values, errors: checked.errors });
    const { expected } = checked;
    await updateLab(
      c.get('deps').db,
      lab.id,
      { title: form.data.title, task: form.data.task, spec },
      expected,
      requestInfo(c),
    );
    return c.redirect(`/learn/labs/${lab.id}`, 303);
  });

  app.post('/learn/labs/:id/move', move('lab', findLab));
  app.post('/learn/labs/:id/delete', remove('lab', findLab));

  app.post('/learn/labs/:id/run', async (c) => {
    const { db } = c.get('deps');
    const { lab, course } = await labContext(c);
    const actor = await requireEnrolled(c, course);
    const form = await parseForm(c, sqlForm);
    if (!form.ok) throw new AppError('INVALID_INPUT', { messageKey: 'learning.lab.sqlRequired' });
    await enforce(db, LAB_RUN_LIMIT, actor.userId);
    const result = await oneRun(actor.userId, () =>
      grader().run(lab.spec.setupSql, form.data.sql, actor.userId),
    );
    const expected = await expectedOf(c, lab);
    const comparison = result.ok && expected ? compareResult(expected, result, lab.spec.tolerance) : null;
    if (wantsFragment(c)) return fragment(c, <RunOutput result={result} comparison={comparison} />);
    return renderLab(c, { sql: form.data.sql, output: { result, comparison } });
  });

  app.post('/learn/labs/:id/submit', async (c) => {
    const { db } = c.get('deps');
    const { lab, course } = await labContext(c);
    const actor = await requireEnrolled(c, course);
    const form = await parseForm(c, sqlForm);
    if (!form.ok) throw new AppError('INVALID_INPUT', { messageKey: 'learning.lab.sqlRequired' });
    await enforce(db, LAB_SUBMIT_LIMIT, actor.userId);
    const verdict = await oneRun(actor.userId, () => grader().grade(lab.spec, form.data.sql, actor.userId));
    const attempt = await recordLabAttempt(db, lab.id, actor.userId, form.data.sql, verdict);
    if (wantsFragment(c)) return fragment(c, <SubmitResult attempt={attempt} />);
    return renderLab(c, { sql: form.data.sql });
  });

  // ---- Tutor --------------------------------------------------------------------------------------

  app.post('/learn/courses/:slug/tutor', async (c) => {
    const { db, config } = c.get('deps');
    const course = await loadCourse(c);
    const actor = await requireEnrolled(c, course);
    if (await inExam(c, actor)) throw new AppError('FORBIDDEN', { messageKey: 'learning.tutor.inExam' });
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const form = validate(tutorForm, body);
    if (!form.ok) throw new AppError('INVALID_INPUT', { messageKey: 'learning.tutor.questionRequired' });
    await enforce(db, TUTOR_LIMIT, actor.userId);
    let labId: string | undefined;
    if (form.data.labId && isUuid(form.data.labId)) {
      const lab = await findLab(db, form.data.labId);
      if (lab?.courseId === course.id) labId = lab.id;
    }
    const reply = await tutorReply(db, {
      courseId: course.id,
      userId: actor.userId,
      question: form.data.question,
      labId,
      locale: c.get('locale'),
      llm: llmConfigFrom(config),
    });
    const view = <TutorAnswer question={form.data.question} {...reply} />;
    if (wantsFragment(c)) return fragment(c, view);
    return c.render(view, titled(c, 'learning.tutor.title'));
  });

  // ---- The lab island, bundled on first use -------------------------------------------------------

  app.get('/learn/assets/:file', (c) => {
    const island = labIsland();
    if (c.req.param('file') !== island.file) throw new AppError('NOT_FOUND');
    return c.body(new Uint8Array(island.body), 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });

  // ---- PGlite's browser build ---------------------------------------------------------------------

  app.get('/learn/pglite/:version/:file', async (c) => {
    const file = c.req.param('file');
    if (c.req.param('version') !== pgliteVersion || !PGLITE_FILE.test(file)) throw new AppError('NOT_FOUND');
    let body = pgliteFiles.get(file);
    if (!body) {
      try {
        body = readFileSync(path.join(pgliteDir, file));
      } catch {
        throw new AppError('NOT_FOUND');
      }
      pgliteFiles.set(file, body);
    }
    // Sent compressed when the browser asks (15 MB → ~5 MB); the URL carries the version, so
    // every variant may be kept for a year.
    const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
    const sent = await compressedVariant(`pglite/${pgliteVersion}/${file}`, body, encoding);
    return c.body(new Uint8Array(sent), 200, {
      'Content-Type': PGLITE_TYPES[file.split('.').pop() as string],
      'Cache-Control': 'public, max-age=31536000, immutable',
      Vary: 'Accept-Encoding',
      ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
    });
  });

  return app;
}

/** A form's values for one question as the response shape scoring expects. */
function responseFor(type: string, values: string[], first: string): QuestionResponse | null {
  switch (type) {
    case 'single_choice':
      return { type, choice: first || null };
    case 'multiple_choice':
      return { type, choices: values };
    case 'true_false':
      return { type, value: first === 'true' ? true : first === 'false' ? false : null };
    case 'short_answer':
    case 'numerical':
      return { type, text: first };
    default:
      return null;
  }
}
