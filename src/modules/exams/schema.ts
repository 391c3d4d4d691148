/**
 * Exams and attempts. An attempt's questions ("slots") refer to question *versions*, locked when the
 * attempt starts, so a candidate is graded on exactly what they saw. Each slot carries the
 * candidate's response with a per-question sequence number: a save only lands when its number is
 * higher than the stored one, so a late, older save never overwrites a newer answer.
 */
import { sql } from 'drizzle-orm';
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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { now, timestamptz } from '../../db/columns.ts';
import type { QuestionResponse } from '../questions/types.ts';
import type {
  AttemptStatus,
  Blueprint,
  ExamStatus,
  GradingMethod,
  ReviewOptions,
  SlotFeedback,
  SlotGrading,
} from './types.ts';

export const exams = pgTable('exams', {
  id: uuid().primaryKey().defaultRandom(),
  title: text().notNull(),
  description: text().notNull().default(''),
  status: text().$type<ExamStatus>().notNull().default('draft'),
  blueprint: jsonb().$type<Blueprint>().notNull(),
  timeLimitMinutes: integer().notNull(),
  opensAt: timestamptz(),
  closesAt: timestamptz(),
  /** 0 means unlimited. */
  attemptsAllowed: integer().notNull().default(1),
  gradingMethod: text().$type<GradingMethod>().notNull().default('highest'),
  /** Percent of the maximum mark needed to pass. */
  passPercent: real().notNull().default(60),
  shuffleQuestions: boolean().notNull().default(true),
  shuffleOptions: boolean().notNull().default(true),
  review: jsonb().$type<ReviewOptions>().notNull(),
  /** Eligibility: a learning course the candidate must be enrolled in, and labs completed there. */
  requiredCourseId: uuid(),
  requiredLabs: integer().notNull().default(0),
  /** The credentials achievement a pass earns; none when null. */
  achievementId: uuid(),
  /**
   * Who linked the achievement; awarding re-checks that this person still holds
   * `credentials:manage` for its issuer (ADR 0024).
   */
  achievementLinkedBy: uuid(),
  /** Spread a synchronised start at `opensAt` over this many minutes (0: everyone at once). */
  staggerMinutes: integer().notNull().default(0),
  createdBy: uuid(),
  /** The owning organisation (ADR 0024); null: platform-owned, for platform admins only. */
  orgId: uuid(),
  createdAt: now(),
  updatedAt: now(),
});

export const examAttempts = pgTable(
  'exam_attempts',
  {
    id: uuid().primaryKey().defaultRandom(),
    examId: uuid()
      .notNull()
      .references(() => exams.id, { onDelete: 'cascade' }),
    /** identity user id. */
    userId: uuid().notNull(),
    number: integer().notNull(),
    /** Seeds the draw and every shuffle of this attempt. */
    seed: integer().notNull(),
    status: text().$type<AttemptStatus>().notNull().default('in_progress'),
    startedAt: timestamptz().notNull(),
    /** startedAt + time limit, capped by the exam's close time: the server's deadline. */
    deadlineAt: timestamptz().notNull(),
    submittedAt: timestamptz(),
    /** 'candidate' or 'deadline' (the server submitted it). */
    submittedBy: text(),
    score: real(),
    maxScore: real().notNull().default(0),
    /** False while SQL or essay answers wait for grading. */
    fullyGraded: boolean().notNull().default(false),
    credentialId: uuid(),
  },
  (t) => [
    // One active attempt per candidate, across every exam: the tutor and other exams stay off.
    uniqueIndex('exam_attempts_one_active_idx').on(t.userId).where(sql`${t.status} = 'in_progress'`),
    uniqueIndex('exam_attempts_number_idx').on(t.examId, t.userId, t.number),
  ],
);

export const examAttemptSlots = pgTable(
  'exam_attempt_slots',
  {
    attemptId: uuid()
      .notNull()
      .references(() => examAttempts.id, { onDelete: 'cascade' }),
    slot: integer().notNull(),
    section: integer().notNull().default(0),
    questionId: uuid().notNull(),
    versionId: uuid().notNull(),
    /** The question type, so a save can be checked against it in the same UPDATE. */
    type: text().notNull(),
    maxMark: real().notNull(),
    response: jsonb().$type<QuestionResponse>(),
    seq: integer().notNull().default(0),
    savedAt: timestamptz(),
    fraction: real(),
    feedback: jsonb().$type<SlotFeedback[]>().notNull().default(sql`'[]'::jsonb`),
    grading: text().$type<SlotGrading>().notNull().default('none'),
    graderComment: text().notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.attemptId, t.slot] }),
    index('exam_attempt_slots_question_idx').on(t.questionId),
  ],
);

export const examAttemptEvents = pgTable(
  'exam_attempt_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    attemptId: uuid()
      .notNull()
      .references(() => examAttempts.id, { onDelete: 'cascade' }),
    /** start, save, focus_lost, resume, submit, deadline_submit, stale_save, late_save. */
    kind: text().notNull(),
    at: now(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('exam_attempt_events_attempt_idx').on(t.attemptId, t.id)],
);
