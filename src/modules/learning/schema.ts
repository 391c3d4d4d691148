/**
 * Learning: tracks and levels, courses of ordered lessons and SQL labs, enrolment and per-student
 * progress. Practice questions are question-bank ids (read through the questions service); people
 * are user ids (identity's tables are read through identity's queries). A lab keeps its grading
 * spec (SqlSpec) here because the reference query and hidden variants never leave the server.
 */
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { now, timestamptz } from '../../db/columns.ts';
import type { SqlSpec } from '../questions/types.ts';

export const COURSE_LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type CourseLevel = (typeof COURSE_LEVELS)[number];

/** What the reference query returned on the visible data, sent to the lab page for instant checks. */
export type ExpectedResult = {
  columns: string[];
  /** PostgreSQL type OIDs of the columns, so numbers and timestamps compare by value. */
  types?: number[];
  rows: unknown[][];
  ordered: boolean;
  /** Output columns the reference's ORDER BY sorts on (null: whole rows). */
  orderKeys?: number[] | null;
};

/** What the grader said about one submission, kept for progress and tutor hints. */
export type LabDiagnostics = {
  items: { code: string; vars: Record<string, string | number> }[];
  /** A few missing/extra rows on the visible data, when the grader gives them. */
  sample?: { columns: string[]; missing: (string | null)[][]; extra: (string | null)[][] } | null;
};

export const learningTracks = pgTable('learning_tracks', {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  title: text().notNull(),
  description: text().notNull().default(''),
  createdAt: now(),
});

export const courses = pgTable(
  'courses',
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull().unique(),
    trackId: uuid()
      .notNull()
      .references(() => learningTracks.id),
    level: text().$type<CourseLevel>().notNull(),
    title: text().notNull(),
    summary: text().notNull().default(''),
    /** The teacher who authors the course and sees its students' progress. */
    authorId: uuid().notNull(),
    published: boolean().notNull().default(true),
    createdAt: now(),
  },
  (t) => [index('courses_track_idx').on(t.trackId, t.level)],
);

export const lessons = pgTable(
  'lessons',
  {
    id: uuid().primaryKey().defaultRandom(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    title: text().notNull(),
    /** Markdown, rendered through renderMarkdown. */
    body: text().notNull(),
    /** Practice questions: question-bank ids, answered with their current version. */
    questionIds: uuid().array().notNull().default([]),
    createdAt: now(),
  },
  (t) => [index('lessons_course_idx').on(t.courseId, t.position)],
);

export const labs = pgTable(
  'labs',
  {
    id: uuid().primaryKey().defaultRandom(),
    courseId: uuid()
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    title: text().notNull(),
    /** Markdown task text. */
    task: text().notNull(),
    spec: jsonb().$type<SqlSpec>().notNull(),
    /** The reference query's result on the visible data; computed by the grader, null until then. */
    expected: jsonb().$type<ExpectedResult>(),
    /**
     * When the grading spec (setup, reference, variants, options) last changed after creation:
     * passes recorded before it keep their credit, and the lab shows "changed since you passed".
     */
    specChangedAt: timestamptz(),
    createdAt: now(),
  },
  (t) => [index('labs_course_idx').on(t.courseId, t.position)],
);

export const enrolments = pgTable(
  'enrolments',
  {
    courseId: uuid()
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    userId: uuid().notNull(),
    enrolledAt: now(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.userId] }), index('enrolments_user_idx').on(t.userId)],
);

export const lessonProgress = pgTable(
  'lesson_progress',
  {
    lessonId: uuid()
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    userId: uuid().notNull(),
    completedAt: timestamptz(),
    /** Best practice-quiz score, 0..1; null until answered. */
    quizBest: real(),
    quizAttempts: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.lessonId, t.userId] })],
);

export const labAttempts = pgTable(
  'lab_attempts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    labId: uuid()
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    userId: uuid().notNull(),
    sql: text().notNull(),
    passed: boolean().notNull(),
    diagnostics: jsonb().$type<LabDiagnostics>().notNull(),
    createdAt: now(),
  },
  (t) => [index('lab_attempts_user_idx').on(t.userId, t.labId, t.createdAt)],
);
