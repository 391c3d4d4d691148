/**
 * Writes of learning: tracks, courses, lessons and labs (teachers), enrolment and progress
 * (students). Authoring writes carry their audit entry in the same transaction; progress writes
 * are the student's own record and are not audited.
 */
import { and, asc, count, desc, eq, gt, lt, max, sql } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { SqlSpec } from '../questions/types.ts';
import type { LabVerdict } from './grading.ts';
import {
  type CourseLevel,
  courses,
  type ExpectedResult,
  enrolments,
  labAttempts,
  labs,
  learningTracks,
  lessonProgress,
  lessons,
} from './schema.ts';

export type Info = { ip?: string | null; actorId?: string | null };

export type TrackInput = { slug: string; title: string; description: string };
export type CourseInput = {
  slug: string;
  trackId: string;
  level: CourseLevel;
  title: string;
  summary: string;
};
export type CourseEdit = {
  trackId: string;
  level: CourseLevel;
  title: string;
  summary: string;
  published: boolean;
};
export type LessonInput = { title: string; body: string; questionIds: string[] };
export type LabInput = { title: string; task: string; spec: SqlSpec };

const slugTaken = () => new AppError('CONFLICT', { fields: { slug: 'learning.slugTaken' } });

/** Finds the track by slug or creates it. Writes learning_tracks, audit `learning.track_created`. */
export async function ensureTrack(db: Db, input: TrackInput, info: Info) {
  return transaction(db, async (tx) => {
    const [existing] = await tx.select().from(learningTracks).where(eq(learningTracks.slug, input.slug));
    if (existing) return existing;
    const [track] = await tx.insert(learningTracks).values(input).returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'learning.track_created',
      targetType: 'learning_track',
      targetId: track.id,
      data: { slug: track.slug },
      ip: info.ip,
    });
    return track;
  });
}

/** Creates a course authored by the acting teacher. Writes courses, audit `learning.course_created`. */
export async function createCourse(db: Db, input: CourseInput, authorId: string, info: Info) {
  return transaction(db, async (tx) => {
    const [taken] = await tx.select({ id: courses.id }).from(courses).where(eq(courses.slug, input.slug));
    if (taken) throw slugTaken();
    const [track] = await tx.select().from(learningTracks).where(eq(learningTracks.id, input.trackId));
    if (!track) throw new AppError('INVALID_INPUT', { fields: { trackId: 'learning.trackUnknown' } });
    const [course] = await tx
      .insert(courses)
      .values({ ...input, authorId })
      .returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'learning.course_created',
      targetType: 'course',
      targetId: course.id,
      data: { slug: course.slug, level: course.level },
      ip: info.ip,
    });
    return course;
  });
}

/**
 * Changes a course's title, summary, track, level and whether the catalogue lists it (the slug
 * stays: students keep links). Enrolments and progress are untouched. Writes courses, audit
 * `learning.course_updated` with the fields that changed.
 */
export async function updateCourse(db: Db, courseId: string, input: CourseEdit, info: Info) {
  return transaction(db, async (tx) => {
    const [before] = await tx.select().from(courses).where(eq(courses.id, courseId)).for('update');
    if (!before) throw new AppError('NOT_FOUND');
    const [track] = await tx.select().from(learningTracks).where(eq(learningTracks.id, input.trackId));
    if (!track) throw new AppError('INVALID_INPUT', { fields: { trackId: 'learning.trackUnknown' } });
    const [course] = await tx.update(courses).set(input).where(eq(courses.id, courseId)).returning();
    const changed = (Object.keys(input) as (keyof CourseEdit)[]).filter((k) => before[k] !== input[k]);
    await audit(tx, {
      actorId: info.actorId,
      action: 'learning.course_updated',
      targetType: 'course',
      targetId: course.id,
      data: { changed },
      ip: info.ip,
    });
    return course;
  });
}

/**
 * Moves a lesson or a lab one place up or down in its course by swapping positions with its
 * neighbour; at either end nothing changes (and nothing is audited). Writes lessons or labs,
 * audit `learning.lesson_moved` / `learning.lab_moved`. Returns the course id, or null when the
 * item does not exist.
 */
export async function moveItem(
  db: Db,
  kind: 'lesson' | 'lab',
  id: string,
  direction: 'up' | 'down',
  info: Info,
): Promise<string | null> {
  const table = kind === 'lesson' ? lessons : labs;
  return transaction(db, async (tx) => {
    const [item] = await tx
      .select({ courseId: table.courseId, position: table.position })
      .from(table)
      .where(eq(table.id, id))
      .for('update');
    if (!item) return null;
    const [neighbour] = await tx
      .select({ id: table.id, position: table.position })
      .from(table)
      .where(
        and(
          eq(table.courseId, item.courseId),
          direction === 'up' ? lt(table.position, item.position) : gt(table.position, item.position),
        ),
      )
      .orderBy(direction === 'up' ? desc(table.position) : asc(table.position))
      .limit(1)
      .for('update');
    if (!neighbour) return item.courseId;
    await tx.update(table).set({ position: neighbour.position }).where(eq(table.id, id));
    await tx.update(table).set({ position: item.position }).where(eq(table.id, neighbour.id));
    await audit(tx, {
      actorId: info.actorId,
      action: kind === 'lesson' ? 'learning.lesson_moved' : 'learning.lab_moved',
      targetType: kind,
      targetId: id,
      data: { courseId: item.courseId, direction },
      ip: info.ip,
    });
    return item.courseId;
  });
}

/**
 * Deletes a lesson or a lab that nobody has progress on (no completion or quiz score for a
 * lesson; no submission for a lab). With progress it refuses with CONFLICT: deleting would take
 * students' records with it, and a lab's passes are the credit exams count for eligibility — the
 * teacher edits it instead, or unpublishes the course. Writes lessons or labs, audit
 * `learning.lesson_deleted` / `learning.lab_deleted`. Returns the course id, null when not found.
 */
export async function deleteItem(
  db: Db,
  kind: 'lesson' | 'lab',
  id: string,
  info: Info,
): Promise<string | null> {
  return transaction(db, async (tx) => {
    const table = kind === 'lesson' ? lessons : labs;
    const [item] = await tx
      .select({ courseId: table.courseId, title: table.title })
      .from(table)
      .where(eq(table.id, id))
      .for('update');
    if (!item) return null;
    const [progress] =
      kind === 'lesson'
        ? await tx.select({ n: count() }).from(lessonProgress).where(eq(lessonProgress.lessonId, id))
        : await tx.select({ n: count() }).from(labAttempts).where(eq(labAttempts.labId, id));
    if (Number(progress.n) > 0)
      throw new AppError('CONFLICT', { messageKey: 'learning.author.deleteHasProgress' });
    await tx.delete(table).where(eq(table.id, id));
    await audit(tx, {
      actorId: info.actorId,
      action: kind === 'lesson' ? 'learning.lesson_deleted' : 'learning.lab_deleted',
      targetType: kind,
      targetId: id,
      data: { courseId: item.courseId, title: item.title },
      ip: info.ip,
    });
    return item.courseId;
  });
}

/** Appends a lesson to the course. Writes lessons, audit `learning.lesson_added`. */
export async function addLesson(db: Db, courseId: string, input: LessonInput, info: Info) {
  return transaction(db, async (tx) => {
    const [last] = await tx
      .select({ n: max(lessons.position) })
      .from(lessons)
      .where(eq(lessons.courseId, courseId));
    const [lesson] = await tx
      .insert(lessons)
      .values({ courseId, position: (last?.n ?? 0) + 1, ...input })
      .returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'learning.lesson_added',
      targetType: 'lesson',
      targetId: lesson.id,
      data: { courseId, title: lesson.title },
      ip: info.ip,
    });
    return lesson;
  });
}

/** Changes a lesson's text and practice questions. Writes lessons, audit `learning.lesson_updated`. */
export async function updateLesson(db: Db, lessonId: string, input: LessonInput, info: Info) {
  return transaction(db, async (tx) => {
    const [lesson] = await tx.update(lessons).set(input).where(eq(lessons.id, lessonId)).returning();
    if (!lesson) throw new AppError('NOT_FOUND');
    await audit(tx, {
      actorId: info.actorId,
      action: 'learning.lesson_updated',
      targetType: 'lesson',
      targetId: lesson.id,
      data: { title: lesson.title },
      ip: info.ip,
    });
    return lesson;
  });
}

/**
 * Appends a SQL lab to the course with the reference query's rows on the visible data (computed
 * by the caller through the grader; null when the reference failed). Writes labs, audit
 * `learning.lab_added`.
 */
export async function addLab(
  db: Db,
  courseId: string,
  input: LabInput,
  expected: ExpectedResult | null,
  info: Info,
) {
  return transaction(db, async (tx) => {
    const [last] = await tx
      .select({ n: max(labs.position) })
      .from(labs)
      .where(eq(labs.courseId, courseId));
    const [lab] = await tx
      .insert(labs)
      .values({ courseId, position: (last?.n ?? 0) + 1, ...input, expected })
      .returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'learning.lab_added',
      targetType: 'lab',
      targetId: lab.id,
      data: { courseId, title: lab.title },
      ip: info.ip,
    });
    return lab;
  });
}

/**
 * Changes a lab's title, task and grading spec, with the reference's rows on the new visible data
 * (the caller re-validated the reference through the grader exactly as on creation). Recorded
 * attempts are kept as they are: a student who passed keeps the credit, and when the spec changed
 * (setup, reference, variants or options — not only title or task) `specChangedAt` is set so the
 * lab page can say "changed since you passed". Writes labs, audit `learning.lab_updated`.
 */
export async function updateLab(
  db: Db,
  labId: string,
  input: LabInput,
  expected: ExpectedResult,
  info: Info,
) {
  return transaction(db, async (tx) => {
    const [before] = await tx.select().from(labs).where(eq(labs.id, labId)).for('update');
    if (!before) throw new AppError('NOT_FOUND');
    const specChanged = JSON.stringify(normalSpec(before.spec)) !== JSON.stringify(normalSpec(input.spec));
    const [lab] = await tx
      .update(labs)
      .set({ ...input, expected, ...(specChanged ? { specChangedAt: new Date() } : {}) })
      .where(eq(labs.id, labId))
      .returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'learning.lab_updated',
      targetType: 'lab',
      targetId: lab.id,
      data: { courseId: lab.courseId, title: lab.title, specChanged },
      ip: info.ip,
    });
    return lab;
  });
}

/** The spec's fields in a fixed order, so a JSON comparison sees content, not key order. */
function normalSpec(s: SqlSpec) {
  return [
    s.setupSql,
    s.referenceSql,
    s.variants,
    s.allowedKinds,
    s.checkSql,
    s.compareColumnNames,
    s.tolerance,
  ];
}

/** Stores the expected rows computed later (a lab saved while the grader was down). */
export async function setLabExpected(db: Db, labId: string, expected: ExpectedResult): Promise<void> {
  await db.update(labs).set({ expected }).where(eq(labs.id, labId));
}

/** Enrols a student; enrolling twice changes nothing. Writes enrolments, audit `learning.enrolled`. */
export async function enrol(db: Db, courseId: string, userId: string, info: Info): Promise<boolean> {
  return transaction(db, async (tx) => {
    const inserted = await tx
      .insert(enrolments)
      .values({ courseId, userId })
      .onConflictDoNothing()
      .returning({ userId: enrolments.userId });
    if (inserted.length === 0) return false;
    await audit(tx, {
      actorId: info.actorId,
      action: 'learning.enrolled',
      targetType: 'course',
      targetId: courseId,
      data: { userId },
      ip: info.ip,
    });
    return true;
  });
}

/** Marks a lesson completed for the student (the first completion time is kept). */
export async function completeLesson(db: Db, lessonId: string, userId: string): Promise<void> {
  await db
    .insert(lessonProgress)
    .values({ lessonId, userId, completedAt: new Date() })
    .onConflictDoUpdate({
      target: [lessonProgress.lessonId, lessonProgress.userId],
      set: { completedAt: sql`coalesce(${lessonProgress.completedAt}, now())` },
    });
}

/** Records a practice-quiz score (0..1); returns the best so far. */
export async function recordQuizScore(
  db: Db,
  lessonId: string,
  userId: string,
  score: number,
): Promise<number> {
  const [row] = await db
    .insert(lessonProgress)
    .values({ lessonId, userId, quizBest: score, quizAttempts: 1 })
    .onConflictDoUpdate({
      target: [lessonProgress.lessonId, lessonProgress.userId],
      set: {
        quizBest: sql`greatest(coalesce(${lessonProgress.quizBest}, 0), excluded.quiz_best)`,
        quizAttempts: sql`${lessonProgress.quizAttempts} + 1`,
      },
    })
    .returning({ best: lessonProgress.quizBest });
  return row.best ?? score;
}

/** Records a submission for credit with the grader's verdict. Writes lab_attempts. */
export async function recordLabAttempt(
  db: Db,
  labId: string,
  userId: string,
  query: string,
  verdict: LabVerdict,
) {
  const [row] = await db
    .insert(labAttempts)
    .values({
      labId,
      userId,
      sql: query,
      passed: verdict.passed,
      diagnostics: { items: verdict.diagnostics, sample: verdict.sample ?? null },
    })
    .returning();
  return row;
}
