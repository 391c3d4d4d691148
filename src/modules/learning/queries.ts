/**
 * Reads of learning: the catalogue, one course's outline, a student's own progress, a course's
 * progress table for its teacher, and the facts exams check for eligibility (`isEnrolled`,
 * `completedLabCount`).
 */
import { and, asc, count, countDistinct, desc, eq, inArray, isNotNull, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { peopleByIds } from '../identity/queries.ts';
import {
  type CourseLevel,
  courses,
  enrolments,
  labAttempts,
  labs,
  learningTracks,
  lessonProgress,
  lessons,
} from './schema.ts';

export type Course = typeof courses.$inferSelect;
export type Lesson = typeof lessons.$inferSelect;
export type Lab = typeof labs.$inferSelect;
export type Track = typeof learningTracks.$inferSelect;

export type CatalogueTrack = Track & { courses: Course[] };

const LEVEL_ORDER: Record<CourseLevel, number> = { beginner: 0, intermediate: 1, advanced: 2 };

/** Every track with its published courses, by level (初级 → 高级). */
export async function catalogue(db: Db): Promise<CatalogueTrack[]> {
  const [tracks, all] = await Promise.all([
    db.select().from(learningTracks).orderBy(asc(learningTracks.title)),
    db.select().from(courses).where(eq(courses.published, true)).orderBy(asc(courses.createdAt)),
  ]);
  return tracks.map((t) => ({
    ...t,
    courses: all
      .filter((c) => c.trackId === t.id)
      .sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]),
  }));
}

export async function listTracks(db: Db): Promise<Track[]> {
  return db.select().from(learningTracks).orderBy(asc(learningTracks.title));
}

export async function findCourseBySlug(db: Db, slug: string): Promise<Course | undefined> {
  const [row] = await db.select().from(courses).where(eq(courses.slug, slug));
  return row;
}

export async function findCourse(db: Db, id: string): Promise<Course | undefined> {
  const [row] = await db.select().from(courses).where(eq(courses.id, id));
  return row;
}

export async function findTrack(db: Db, id: string): Promise<Track | undefined> {
  const [row] = await db.select().from(learningTracks).where(eq(learningTracks.id, id));
  return row;
}

export async function findLesson(db: Db, id: string): Promise<Lesson | undefined> {
  const [row] = await db.select().from(lessons).where(eq(lessons.id, id));
  return row;
}

export async function findLab(db: Db, id: string): Promise<Lab | undefined> {
  const [row] = await db.select().from(labs).where(eq(labs.id, id));
  return row;
}

export async function listLessons(db: Db, courseId: string): Promise<Lesson[]> {
  return db.select().from(lessons).where(eq(lessons.courseId, courseId)).orderBy(asc(lessons.position));
}

export async function listLabs(db: Db, courseId: string): Promise<Lab[]> {
  return db.select().from(labs).where(eq(labs.courseId, courseId)).orderBy(asc(labs.position));
}

/** Whether `userId` is enrolled in the course (exams use it for eligibility). */
export async function isEnrolled(db: Db, userId: string, courseId: string): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(enrolments)
    .where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, courseId)));
  return Number(row.n) > 0;
}

/** How many of the course's labs `userId` has passed for credit (exams use it for eligibility). */
export async function completedLabCount(db: Db, userId: string, courseId: string): Promise<number> {
  const [row] = await db
    .select({ n: countDistinct(labAttempts.labId) })
    .from(labAttempts)
    .innerJoin(labs, eq(labs.id, labAttempts.labId))
    .where(and(eq(labs.courseId, courseId), eq(labAttempts.userId, userId), eq(labAttempts.passed, true)));
  return Number(row.n);
}

export type StudentProgress = {
  lessons: Map<string, { completed: boolean; quizBest: number | null }>;
  passedLabs: Set<string>;
};

/** One student's progress in one course. */
export async function studentProgress(db: Db, userId: string, courseId: string): Promise<StudentProgress> {
  const [lessonRows, labRows] = await Promise.all([
    db
      .select({
        lessonId: lessonProgress.lessonId,
        completedAt: lessonProgress.completedAt,
        quizBest: lessonProgress.quizBest,
      })
      .from(lessonProgress)
      .innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
      .where(and(eq(lessons.courseId, courseId), eq(lessonProgress.userId, userId))),
    db
      .selectDistinct({ labId: labAttempts.labId })
      .from(labAttempts)
      .innerJoin(labs, eq(labs.id, labAttempts.labId))
      .where(and(eq(labs.courseId, courseId), eq(labAttempts.userId, userId), eq(labAttempts.passed, true))),
  ]);
  return {
    lessons: new Map(
      lessonRows.map((r) => [r.lessonId, { completed: r.completedAt !== null, quizBest: r.quizBest }]),
    ),
    passedLabs: new Set(labRows.map((r) => r.labId)),
  };
}

export type ProgressRow = {
  userId: string;
  displayName: string;
  email: string;
  enrolledAt: Date;
  lessonsCompleted: number;
  /** Mean of the best quiz scores over the lessons answered; null when none. */
  quizAverage: number | null;
  labsPassed: number;
};

/** The teacher's table: every enrolled student of the course with their counts. */
export async function courseProgress(db: Db, courseId: string): Promise<ProgressRow[]> {
  const enrolled = await db
    .select()
    .from(enrolments)
    .where(eq(enrolments.courseId, courseId))
    .orderBy(asc(enrolments.enrolledAt));
  if (enrolled.length === 0) return [];
  const ids = enrolled.map((e) => e.userId);
  const [lessonRows, labRows, people] = await Promise.all([
    db
      .select({
        userId: lessonProgress.userId,
        completed: count(lessonProgress.completedAt),
        quizAverage: sql<string | null>`avg(${lessonProgress.quizBest})`,
      })
      .from(lessonProgress)
      .innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
      .where(and(eq(lessons.courseId, courseId), inArray(lessonProgress.userId, ids)))
      .groupBy(lessonProgress.userId),
    db
      .select({ userId: labAttempts.userId, passed: countDistinct(labAttempts.labId) })
      .from(labAttempts)
      .innerJoin(labs, eq(labs.id, labAttempts.labId))
      .where(and(eq(labs.courseId, courseId), eq(labAttempts.passed, true), inArray(labAttempts.userId, ids)))
      .groupBy(labAttempts.userId),
    peopleByIds(db, ids),
  ]);
  const byLesson = new Map(lessonRows.map((r) => [r.userId, r]));
  const byLab = new Map(labRows.map((r) => [r.userId, Number(r.passed)]));
  return enrolled.map((e) => {
    const l = byLesson.get(e.userId);
    const person = people.get(e.userId);
    return {
      userId: e.userId,
      displayName: person?.displayName ?? '',
      email: person?.email ?? '',
      enrolledAt: e.enrolledAt,
      lessonsCompleted: Number(l?.completed ?? 0),
      quizAverage: l?.quizAverage == null ? null : Number(l.quizAverage),
      labsPassed: byLab.get(e.userId) ?? 0,
    };
  });
}

/** The courses a student is enrolled in, newest first. */
export async function enrolledCourses(db: Db, userId: string): Promise<Course[]> {
  const rows = await db
    .select({ course: courses })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .where(eq(enrolments.userId, userId))
    .orderBy(desc(enrolments.enrolledAt));
  return rows.map((r) => r.course);
}

/** Courses a teacher authors (all of them for platform admins). */
export async function taughtCourses(db: Db, authorId: string | null): Promise<Course[]> {
  const q = db.select().from(courses);
  return (authorId ? q.where(eq(courses.authorId, authorId)) : q).orderBy(asc(courses.createdAt));
}

export type LabAttempt = typeof labAttempts.$inferSelect;

/** The student's latest submission for credit, for the lab page and the tutor's hints. */
export async function lastLabAttempt(db: Db, userId: string, labId: string): Promise<LabAttempt | undefined> {
  const [row] = await db
    .select()
    .from(labAttempts)
    .where(and(eq(labAttempts.userId, userId), eq(labAttempts.labId, labId)))
    .orderBy(desc(labAttempts.createdAt), desc(labAttempts.id))
    .limit(1);
  return row;
}

/** When the student last passed the lab for credit; null when never. */
export async function labPassedAt(db: Db, userId: string, labId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(labAttempts.createdAt) })
    .from(labAttempts)
    .where(and(eq(labAttempts.userId, userId), eq(labAttempts.labId, labId), eq(labAttempts.passed, true)));
  return row?.at ?? null;
}

/** Whether the student ever passed the lab. */
export async function hasPassedLab(db: Db, userId: string, labId: string): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(labAttempts)
    .where(and(eq(labAttempts.userId, userId), eq(labAttempts.labId, labId), eq(labAttempts.passed, true)));
  return Number(row.n) > 0;
}

/** Completed lessons per course for a student: used by the catalogue's "my courses". */
export async function completedLessonCount(db: Db, userId: string, courseId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(lessonProgress)
    .innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
    .where(
      and(
        eq(lessons.courseId, courseId),
        eq(lessonProgress.userId, userId),
        isNotNull(lessonProgress.completedAt),
      ),
    );
  return Number(row.n);
}
