/** The exam form and the grading forms; messages are catalogue keys. */
import { z } from 'zod';
import { isUuid } from '../../platform/request.ts';
import { instantToZoned, SHANGHAI, zonedToInstant } from '../../platform/time.ts';
import { formatBlueprint, parseBlueprint } from './blueprint.ts';
import type { Exam } from './queries.ts';
import type { ExamInput } from './service.ts';
import {
  EXAM_STATUSES,
  GRADING_METHODS,
  REVIEW_ITEMS,
  REVIEW_TIMES,
  type ReviewItem,
  type ReviewOptions,
} from './types.ts';

/** Exam times are entered in 北京时间 (Asia/Shanghai). */
export function parseLocalTime(v: string): Date | null | 'invalid' {
  if (!v.trim()) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v.trim())) return 'invalid';
  return zonedToInstant(v, SHANGHAI) ?? 'invalid';
}

/** The `YYYY-MM-DDTHH:mm` value of a datetime-local input, in 北京时间. */
export function formatLocalTime(d: Date | null): string {
  return d ? instantToZoned(d, SHANGHAI) : '';
}

const int = (min: number, max: number) =>
  z.coerce.number().int('validation.invalid').min(min, 'validation.invalid').max(max, 'validation.invalid');
const optionalUuid = z
  .string()
  .trim()
  .optional()
  .default('')
  .refine((v) => v === '' || isUuid(v), 'validation.invalid');
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on');

export const reviewField = (time: string, item: string) => `review_${time}_${item}`;

export const examForm = z
  .looseObject({
    title: z.string().trim().min(1, 'validation.required').max(200, 'validation.tooLong'),
    description: z.string().trim().max(5000, 'validation.tooLong').optional().default(''),
    status: z.enum(EXAM_STATUSES, 'validation.invalid'),
    blueprint: z.string().max(10000, 'validation.tooLong'),
    timeLimitMinutes: int(1, 1440),
    opensAt: z.string().optional().default(''),
    closesAt: z.string().optional().default(''),
    attemptsAllowed: int(0, 100),
    gradingMethod: z.enum(GRADING_METHODS, 'validation.invalid'),
    passPercent: z.coerce
      .number('validation.invalid')
      .min(0, 'validation.invalid')
      .max(100, 'validation.invalid'),
    shuffleQuestions: checkbox,
    shuffleOptions: checkbox,
    requiredCourseId: optionalUuid,
    requiredLabs: int(0, 100),
    achievementId: optionalUuid,
    staggerMinutes: int(0, 120),
  })
  .transform((v, ctx): ExamInput => {
    const bp = parseBlueprint(v.blueprint);
    if (!bp.ok)
      ctx.addIssue({ code: 'custom', path: ['blueprint'], message: `exams.blueprint.${bp.problem.problem}` });
    const opensAt = parseLocalTime(v.opensAt);
    const closesAt = parseLocalTime(v.closesAt);
    if (opensAt === 'invalid')
      ctx.addIssue({ code: 'custom', path: ['opensAt'], message: 'exams.field.timeInvalid' });
    if (closesAt === 'invalid')
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'exams.field.timeInvalid' });
    if (opensAt instanceof Date && closesAt instanceof Date && closesAt <= opensAt)
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'exams.field.closesBeforeOpens' });
    const raw = v as Record<string, unknown>;
    const review = Object.fromEntries(
      REVIEW_TIMES.map((time) => [
        time,
        REVIEW_ITEMS.filter((item) => raw[reviewField(time, item)] === 'on'),
      ]),
    ) as ReviewOptions;
    return {
      title: v.title,
      description: v.description,
      status: v.status,
      blueprint: bp.ok ? bp.blueprint : { sections: [] },
      timeLimitMinutes: v.timeLimitMinutes,
      opensAt: opensAt instanceof Date ? opensAt : null,
      closesAt: closesAt instanceof Date ? closesAt : null,
      attemptsAllowed: v.attemptsAllowed,
      gradingMethod: v.gradingMethod,
      passPercent: v.passPercent,
      shuffleQuestions: v.shuffleQuestions,
      shuffleOptions: v.shuffleOptions,
      review,
      requiredCourseId: v.requiredCourseId || null,
      requiredLabs: v.requiredLabs,
      achievementId: v.achievementId || null,
      staggerMinutes: v.staggerMinutes,
    };
  });

/** Form values of an existing exam, for the edit form. */
export function examValues(exam: Exam): Record<string, string> {
  const values: Record<string, string> = {
    title: exam.title,
    description: exam.description,
    status: exam.status,
    blueprint: formatBlueprint(exam.blueprint),
    timeLimitMinutes: String(exam.timeLimitMinutes),
    opensAt: formatLocalTime(exam.opensAt),
    closesAt: formatLocalTime(exam.closesAt),
    attemptsAllowed: String(exam.attemptsAllowed),
    gradingMethod: exam.gradingMethod,
    passPercent: String(exam.passPercent),
    requiredCourseId: exam.requiredCourseId ?? '',
    requiredLabs: String(exam.requiredLabs),
    achievementId: exam.achievementId ?? '',
    staggerMinutes: String(exam.staggerMinutes),
  };
  if (exam.shuffleQuestions) values.shuffleQuestions = 'on';
  if (exam.shuffleOptions) values.shuffleOptions = 'on';
  for (const time of REVIEW_TIMES)
    for (const item of exam.review[time] as ReviewItem[]) values[reviewField(time, item)] = 'on';
  return values;
}

export const gradeForm = z.object({
  percent: z.coerce.number('validation.invalid').min(0, 'validation.invalid').max(100, 'validation.invalid'),
  comment: z.string().trim().max(2000, 'validation.tooLong').optional().default(''),
});

export const overrideForm = z.object({
  percent: z.coerce.number('validation.invalid').min(0, 'validation.invalid').max(100, 'validation.invalid'),
  reason: z.string().trim().min(1, 'validation.required').max(2000, 'validation.tooLong'),
});

export const regradeForm = z.object({
  questionId: z.string().refine(isUuid, 'validation.invalid'),
  versionId: z.string().refine(isUuid, 'validation.invalid'),
});
