/** One Zod schema per learning form; messages are catalogue keys. */
import { z } from 'zod';
import { isUuid } from '../../platform/request.ts';
import { COURSE_LEVELS } from './schema.ts';

const text = (max: number) => z.string().trim().max(max, 'validation.tooLong');
const required = (max: number) => text(max).min(1, 'validation.required');

export const courseForm = z
  .object({
    title: required(120),
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9](?:[a-z0-9-]{1,58})[a-z0-9]$/, 'validation.slug'),
    trackId: z.string().trim().default(''),
    newTrack: text(80).default(''),
    level: z.enum(COURSE_LEVELS, 'validation.invalid'),
    summary: text(1000).default(''),
  })
  .refine((v) => isUuid(v.trackId) || v.newTrack !== '', {
    path: ['newTrack'],
    message: 'learning.trackRequired',
  });

/** A checkbox: present ('on') when ticked, absent otherwise. */
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true');

/**
 * Editing a course: everything but its address (the slug is in links students keep). Unticking
 * "published" takes it out of the catalogue; enrolled students and their progress stay.
 */
export const courseEditForm = z
  .object({
    title: required(120),
    trackId: z.string().trim().default(''),
    newTrack: text(80).default(''),
    level: z.enum(COURSE_LEVELS, 'validation.invalid'),
    summary: text(1000).default(''),
    published: checkbox,
  })
  .refine((v) => isUuid(v.trackId) || v.newTrack !== '', {
    path: ['newTrack'],
    message: 'learning.trackRequired',
  });

/** Moving a lesson or lab one place up or down in its course. */
export const moveForm = z.object({ direction: z.enum(['up', 'down'], 'validation.invalid') });

/** Question ids are pasted separated by spaces, commas or lines. */
const idList = z
  .string()
  .default('')
  .transform((v) => v.split(/[\s,，]+/).filter(Boolean))
  .refine((ids) => ids.length <= 20 && ids.every(isUuid), 'learning.questionIdsInvalid');

export const lessonForm = z.object({
  title: required(120),
  body: required(50_000),
  questionIds: idList,
});

/** Hidden variants are separated by a line holding only `---`. */
export const labForm = z.object({
  title: required(120),
  task: required(20_000),
  setupSql: required(200_000),
  referenceSql: required(20_000),
  variants: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(/^\s*---\s*$/m)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  tolerance: z
    .string()
    .trim()
    .default('')
    .transform((v) => (v === '' ? 0 : Number(v)))
    .refine((n) => Number.isFinite(n) && n >= 0 && n < 1000, 'validation.invalid'),
  /** Compare output column names too, not only positions. */
  compareColumnNames: checkbox,
});

export const sqlForm = z.object({
  sql: z.string().trim().min(1, 'learning.lab.sqlRequired').max(20_000, 'validation.tooLong'),
});

export const tutorForm = z.object({
  question: z.string().trim().min(1, 'learning.tutor.questionRequired').max(500, 'validation.tooLong'),
  lessonId: z.string().optional(),
  labId: z.string().optional(),
});
