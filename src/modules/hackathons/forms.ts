/** One Zod schema per hackathon form; messages are catalogue keys. */
import { z } from 'zod';
import { isUuid } from '../../platform/request.ts';
import { isTimeZone, zonedToInstant } from '../../platform/time.ts';
import { type Criterion, ELIGIBILITIES, LATE_POLICIES, SPONSOR_KINDS } from './schema.ts';

const text = (max: number) => z.string().trim().max(max, 'validation.tooLong');
const required = (max: number) => text(max).min(1, 'validation.required');
const uuid = z.string().refine(isUuid, 'validation.invalid');
const optionalUuid = z
  .string()
  .trim()
  .refine((v) => v === '' || isUuid(v), 'validation.invalid')
  .transform((v) => v || null);
const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, 'validation.invalid')
    .transform(Number)
    .refine((n) => n >= min && n <= max, 'validation.invalid');
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === '1' || v === 'true');
/** Several values of one field arrive as an array (parseBody with all: true), one as a string. */
const ids = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean))
  .refine((v) => v.every(isUuid), 'validation.invalid');

/** Criteria are entered one per line, `name|weight` (weight 1 when left out); keys are c1…c6. */
export function parseCriteria(v: string): Criterion[] | undefined {
  const lines = v
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const out: Criterion[] = [];
  for (const [i, line] of lines.entries()) {
    const [label, weight = '1'] = line.split('|').map((s) => s.trim());
    const w = Number(weight);
    if (!label || !(w > 0) || w > 100) return undefined;
    out.push({ key: `c${i + 1}`, label: label.slice(0, 60), weight: w });
  }
  return out;
}

export const criteriaText = (cs: Criterion[]) => cs.map((c) => `${c.label}|${c.weight}`).join('\n');

const criteriaField = z
  .string()
  .max(2000, 'validation.tooLong')
  .transform((v, ctx) => {
    const parsed = parseCriteria(v);
    if (!parsed || parsed.length > 6) {
      ctx.addIssue({ code: 'custom', message: 'hackathons.invalidCriteria' });
      return z.NEVER;
    }
    return parsed;
  });

const local = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}$/, 'hackathons.invalidDate');

export const hackathonForm = z
  .object({
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,58})[a-z0-9]$/, 'hackathons.invalidSlug'),
    title: required(120),
    theme: text(200),
    rules: text(20000),
    city: text(40),
    online: checkbox,
    timezone: z.string().trim().refine(isTimeZone, 'hackathons.invalidTimezone'),
    startsAt: local,
    endsAt: local,
    registrationOpensAt: local,
    registrationClosesAt: local,
    submissionDeadline: local,
    latePolicy: z.enum(LATE_POLICIES, 'validation.invalid'),
    lateGraceMinutes: int(0, 7 * 24 * 60),
    minTeamSize: int(1, 20),
    maxTeamSize: int(1, 20),
    eligibility: z.enum(ELIGIBILITIES, 'validation.invalid'),
    eligibleOrgIds: ids,
    organizerOrgId: uuid,
    criteria: criteriaField,
    issuerId: optionalUuid,
    coIssuerId: optionalUuid,
  })
  .transform((v, ctx) => {
    const times = {} as Record<
      'startsAt' | 'endsAt' | 'registrationOpensAt' | 'registrationClosesAt' | 'submissionDeadline',
      Date
    >;
    for (const k of [
      'startsAt',
      'endsAt',
      'registrationOpensAt',
      'registrationClosesAt',
      'submissionDeadline',
    ] as const) {
      const at = zonedToInstant(v[k], v.timezone);
      if (!at) {
        ctx.addIssue({ code: 'custom', path: [k], message: 'hackathons.invalidDate' });
        return z.NEVER;
      }
      times[k] = at;
    }
    return { ...v, ...times };
  });

export const sponsorForm = z.object({
  orgId: uuid,
  kind: z.enum(SPONSOR_KINDS, 'validation.invalid'),
  amountCny: int(0, 100_000_000),
});

export const trackForm = z.object({
  title: required(120),
  description: text(5000),
  resources: text(2000),
  sponsorOrgId: optionalUuid,
  prizeCny: int(0, 100_000_000),
  criteria: criteriaField,
});

export const registerForm = z.object({
  orgId: optionalUuid,
  advisorEmail: z
    .string()
    .trim()
    .max(200, 'validation.tooLong')
    .refine((v) => v === '' || /^[^\s@]+@[^\s@]+$/.test(v), 'validation.email'),
  skills: text(500),
  lookingForTeam: checkbox,
});

export const teamForm = z.object({ name: required(40) });
export const joinForm = z.object({
  code: z.string().trim().min(4, 'validation.required').max(16, 'validation.tooLong'),
});
export const captainForm = z.object({ userId: uuid });
export const joinRequestForm = z.object({ teamId: uuid, message: text(500) });
export const decideForm = z.object({ requestId: uuid, accept: z.enum(['1', '0']) });

export const submissionForm = z.object({
  title: required(120),
  repoUrl: required(300),
  videoUrl: text(300),
  description: text(20000),
  trackIds: ids,
});

export const judgeForm = z.object({
  email: z
    .string()
    .trim()
    .max(200, 'validation.tooLong')
    .regex(/^[^\s@]+@[^\s@]+$/, 'validation.email'),
  name: required(60),
  orgIds: ids,
  expertise: text(300).transform((v) =>
    v
      .split(/[,，、]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 20),
  ),
  availability: text(300),
  trackId: optionalUuid,
});

export const overrideForm = z.object({ judgeId: uuid, submissionId: uuid, note: text(500) });
export const assignForm = z.object({ k: int(1, 20) });
export const assignOneForm = z.object({ judgeId: uuid, submissionId: uuid });
export const statusForm = z.object({
  status: z.enum(['draft', 'published', 'judging'], 'validation.invalid'),
});

export const awardForm = z.object({
  trackId: optionalUuid,
  submissionId: uuid,
  title: required(60),
  rank: int(1, 100),
  prizeCny: int(0, 100_000_000),
  creditHours: int(0, 1000),
});

export const pairwiseForm = z.object({
  action: z.enum(['seen', 'prev', 'next', 'skip', 'absent', 'undo'], 'validation.invalid'),
  prevId: z.string().optional(),
  nextId: z.string().optional(),
});
