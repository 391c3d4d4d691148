/** One Zod schema per salon form; messages are catalogue keys. */
import { z } from 'zod';
import { isUuid } from '../../platform/request.ts';
import { isTimeZone, SHANGHAI, zonedToInstant } from '../../platform/time.ts';
import {
  AGENDA_KINDS,
  BUDGET_CATEGORIES,
  HOT_SUB_KINDS,
  SALON_STATUSES,
  type SalonQuestion,
} from './schema.ts';

const text = (max: number) => z.string().trim().max(max, 'validation.tooLong');
const required = (max: number) => text(max).min(1, 'validation.required');
const optionalUrl = z
  .string()
  .trim()
  .max(500, 'validation.tooLong')
  .regex(/^(https?:\/\/[^\s]+)?$/i, 'validation.url');
const uuid = z.string().refine(isUuid, 'validation.invalid');

export const seriesForm = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/, 'validation.slug'),
  titleZh: required(120),
  titleEn: text(120),
  description: text(2000),
});

/** Questions are entered one per line; a line ending in `*` is required. */
export function parseQuestions(v: string): SalonQuestion[] {
  return v
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 10)
    .map((line, i) => {
      const req = line.endsWith('*');
      return { id: `q${i + 1}`, label: (req ? line.slice(0, -1) : line).trim().slice(0, 200), required: req };
    });
}

export function questionsText(qs: SalonQuestion[]): string {
  return qs.map((q) => `${q.label}${q.required ? ' *' : ''}`).join('\n');
}

export const salonForm = z
  .object({
    seriesId: uuid,
    title: required(120),
    description: text(5000),
    city: required(40),
    venue: text(120),
    address: text(200),
    mapUrl: optionalUrl,
    timezone: z
      .string()
      .trim()
      .transform((v) => v || SHANGHAI)
      .refine(isTimeZone, 'salons.field.timezoneInvalid'),
    startsAt: z.string().trim().min(1, 'validation.required'),
    endsAt: z.string().trim().min(1, 'validation.required'),
    hostOrgId: uuid,
    capacity: z.coerce
      .number()
      .int('validation.invalid')
      .min(1, 'validation.invalid')
      .max(100000, 'validation.invalid'),
    registrationDeadline: z.string().trim().optional().default(''),
    questions: z.string().max(3000, 'validation.tooLong').optional().default(''),
  })
  .transform((v, ctx) => {
    const startsAt = zonedToInstant(v.startsAt, v.timezone);
    const endsAt = zonedToInstant(v.endsAt, v.timezone);
    const deadline = v.registrationDeadline ? zonedToInstant(v.registrationDeadline, v.timezone) : null;
    if (!startsAt)
      ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'salons.field.dateTimeInvalid' });
    if (!endsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'salons.field.dateTimeInvalid' });
    if (deadline === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['registrationDeadline'],
        message: 'salons.field.dateTimeInvalid',
      });
    if (startsAt && endsAt && endsAt <= startsAt)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'salons.field.endBeforeStart' });
    return {
      ...v,
      startsAt: startsAt as Date,
      endsAt: endsAt as Date,
      registrationDeadline: deadline ?? null,
      questions: parseQuestions(v.questions),
    };
  });

export const statusForm = z.object({ status: z.enum(SALON_STATUSES, 'validation.invalid') });

export const agendaForm = z.object({
  kind: z.enum(AGENDA_KINDS, 'validation.invalid'),
  subKind: z
    .union([z.enum(HOT_SUB_KINDS), z.literal('')], 'validation.invalid')
    .optional()
    .transform((v) => v || null),
  title: required(200),
  abstract: text(2000),
  speakerId: z
    .string()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || isUuid(v), 'validation.invalid'),
  durationMinutes: z.coerce
    .number()
    .int('validation.invalid')
    .min(5, 'validation.invalid')
    .max(480, 'validation.invalid'),
});

export const speakerInviteForm = z.object({
  email: z.string().trim().toLowerCase().max(254, 'validation.tooLong').email('validation.email'),
});

/** What a speaker edits of their own talk. */
export const talkForm = z.object({
  title: required(200),
  abstract: text(2000),
  slidesUrl: optionalUrl,
  replayUrl: optionalUrl.optional(),
  recap: text(20_000).optional(),
});

/** A live stream on one platform: the link, and after the salon how many watched. */
export const streamForm = z.object({
  platform: required(100),
  url: optionalUrl,
  viewers: z
    .string()
    .trim()
    .regex(/^\d*$/, 'validation.invalid')
    .optional()
    .transform((v) => (v ? Number(v) : null)),
});

export const csvImportForm = z.object({ csv: z.string().max(500_000, 'validation.tooLong') });

export const moveForm = z.object({ direction: z.enum(['up', 'down'], 'validation.invalid') });

export const checkInForm = z.object({
  code: z.string().trim().max(200, 'validation.tooLong').optional().default(''),
  ticket: z.string().trim().max(200, 'validation.tooLong').optional().default(''),
});

/** A walk-in at the door: a name, and a phone number to reach them afterwards (optional). */
export const walkInForm = z.object({
  name: z.string().trim().min(1, 'validation.required').max(100, 'validation.tooLong'),
  phone: z
    .string()
    .trim()
    .max(30, 'validation.tooLong')
    .regex(/^[+\d][\d\s-]*$|^$/, 'salons.walkIn.phoneInvalid')
    .optional()
    .default(''),
});

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'salons.plan.monthInvalid');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'salons.plan.timeInvalid');

/** One host per line: `org-slug | 2030-03, 2030-04 | 杭州, 上海` (months may be left empty). */
export type HostLine = { slug: string; months: string[]; cities: string[] };

export function parseHostLines(v: string): HostLine[] | undefined {
  const out: HostLine[] = [];
  for (const line of v
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const [slug, months = '', cities = ''] = line.split('|').map((p) => p.trim());
    const list = (s: string) =>
      s
        .split(/[,，、\s]+/)
        .map((x) => x.trim())
        .filter(Boolean);
    const m = list(months);
    if (!slug || m.some((x) => !month.safeParse(x).success)) return undefined;
    out.push({ slug, months: m, cities: list(cities) });
  }
  return out;
}

export const planForm = z.object({
  seriesId: uuid,
  startMonth: month,
  months: z.coerce
    .number()
    .int('validation.invalid')
    .min(1, 'validation.invalid')
    .max(24, 'validation.invalid'),
  perMonth: z.coerce
    .number()
    .int('validation.invalid')
    .min(1, 'validation.invalid')
    .max(4, 'validation.invalid'),
  cityRepeatWeeks: z.coerce
    .number()
    .int('validation.invalid')
    .min(0, 'validation.invalid')
    .max(52, 'validation.invalid'),
  startTime: clock,
  endTime: clock,
  capacity: z.coerce
    .number()
    .int('validation.invalid')
    .min(1, 'validation.invalid')
    .max(100000, 'validation.invalid'),
  hosts: z
    .string()
    .max(10000, 'validation.tooLong')
    .transform((v, ctx) => {
      const lines = parseHostLines(v);
      if (!lines || lines.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'salons.plan.hostsInvalid' });
        return z.NEVER;
      }
      return lines;
    }),
});

export const planRowsForm = z.object({
  seriesId: uuid,
  startTime: clock,
  endTime: clock,
  capacity: z.coerce
    .number()
    .int('validation.invalid')
    .min(1, 'validation.invalid')
    .max(100000, 'validation.invalid'),
  rows: z.coerce
    .number()
    .int('validation.invalid')
    .min(1, 'validation.invalid')
    .max(200, 'validation.invalid'),
});

export const planRow = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date'),
  org: uuid,
  city: z.string().trim().min(1, 'validation.required').max(40, 'validation.tooLong'),
});

const yuan = z.coerce
  .number()
  .int('validation.invalid')
  .min(0, 'validation.invalid')
  .max(10_000_000, 'validation.invalid');

export const budgetForm = z.object({
  category: z.enum(BUDGET_CATEGORIES, 'validation.invalid'),
  note: text(200),
  plannedCny: yuan,
  actualCny: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .refine((v) => v === null || (Number.isInteger(v) && v >= 0 && v <= 10_000_000), 'validation.invalid'),
  payerOrgId: z
    .string()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || isUuid(v), 'validation.invalid'),
});

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date');

export const channelForm = z
  .object({ name: required(120), ownerOrgId: uuid, windowStart: day, windowEnd: day })
  .refine((v) => v.windowEnd >= v.windowStart, {
    path: ['windowEnd'],
    message: 'salons.field.endBeforeStart',
  });

export const publishedForm = z.object({
  url: z
    .string()
    .trim()
    .max(500, 'validation.tooLong')
    .regex(/^https?:\/\/[^\s]+$/i, 'validation.url'),
});
