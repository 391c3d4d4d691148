/**
 * The question bank: a category tree, questions with bank metadata (status, tags, difficulty,
 * author) and their immutable-once-used versions. Exams and labs refer to a question *version*, so
 * an attempt keeps exactly what its candidate saw; editing a version that is in use (`lockedAt`
 * set by the exams module through `lockVersions`) creates a new version instead.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { now, timestamptz } from '../../db/columns.ts';
import type { QuestionBody, QuestionStatus, QuestionType, TextFormat } from './types.ts';

/** Stands for "no organisation" in the per-owner unique indexes (null would never collide). */
const NO_ORG = sql.raw("'00000000-0000-0000-0000-000000000000'::uuid");

export const questionCategories = pgTable(
  'question_categories',
  {
    id: uuid().primaryKey().defaultRandom(),
    parentId: uuid().references((): AnyPgColumn => questionCategories.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    /** The names from the root joined by ' / ': unique, and what imports match on. */
    path: text().notNull(),
    /** The owning organisation (ADR 0024); null: platform-owned, for platform admins only. */
    orgId: uuid(),
    createdAt: now(),
  },
  // Paths are unique within one owner, so two schools may each have "PostgreSQL / 基础".
  (t) => [uniqueIndex('question_categories_org_path_idx').on(sql`coalesce(${t.orgId}, ${NO_ORG})`, t.path)],
);

export const questions = pgTable(
  'questions',
  {
    id: uuid().primaryKey().defaultRandom(),
    categoryId: uuid()
      .notNull()
      .references(() => questionCategories.id, { onDelete: 'restrict' }),
    /** Denormalised from the current version, for filtering and drawing without a join. */
    type: text().$type<QuestionType>().notNull(),
    idNumber: text(),
    status: text().$type<QuestionStatus>().notNull().default('draft'),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    difficulty: integer().notNull().default(3),
    /** identity user id. */
    authorId: uuid(),
    /** The owning organisation, always the category's (ADR 0024); null: platform-owned. */
    orgId: uuid(),
    currentVersion: integer().notNull().default(1),
    createdAt: now(),
    updatedAt: now(),
  },
  (t) => [
    uniqueIndex('questions_org_id_number_idx').on(sql`coalesce(${t.orgId}, ${NO_ORG})`, t.idNumber),
    index('questions_category_idx').on(t.categoryId, t.status),
  ],
);

export const questionVersions = pgTable(
  'question_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    questionId: uuid()
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    name: text().notNull(),
    text: text().notNull(),
    textFormat: text().$type<TextFormat>().notNull().default('moodle'),
    generalFeedback: text().notNull().default(''),
    explanation: text().notNull().default(''),
    defaultMark: real().notNull().default(1),
    body: jsonb().$type<QuestionBody>().notNull(),
    createdBy: uuid(),
    createdAt: now(),
    /** Set once an attempt or lab has used this version: from then on it never changes. */
    lockedAt: timestamptz(),
  },
  (t) => [uniqueIndex('question_versions_question_idx').on(t.questionId, t.version)],
);
