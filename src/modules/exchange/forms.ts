/** One Zod schema per supply–demand form; messages are catalogue keys. */
import { z } from 'zod';
import { isUuid } from '../../platform/request.ts';
import { parseParty } from './parties.ts';
import { CATEGORIES, METRIC_LEVELS, POST_KINDS, PURPOSES } from './schema.ts';

const text = (max: number) => z.string().trim().max(max, 'validation.tooLong');
const required = (max: number) => text(max).min(1, 'validation.required');
const party = z.string().refine((v) => !!parseParty(v), 'validation.invalid');

export const MAX_TAGS = 8;

/** Tags as typed: separated by commas (either width), 、, semicolons or spaces; lower-cased, unique. */
export function parseTags(v: string): string[] {
  return [
    ...new Set(
      v
        .normalize('NFKC')
        .split(/[,，、;；\s]+/)
        .map((s) => s.trim().toLowerCase().replace(/^#/, ''))
        .filter(Boolean),
    ),
  ];
}

export const postForm = z
  .object({
    kind: z.enum(POST_KINDS, 'validation.invalid'),
    party,
    category: z.enum(CATEGORIES, 'validation.invalid'),
    // Empty for offers (the select sends ''), required for needs (checked below).
    purpose: z.union([z.enum(PURPOSES), z.literal('')], 'validation.invalid').default(''),
    metricLevel: z.union([z.enum(METRIC_LEVELS), z.literal('')], 'validation.invalid').default(''),
    title: required(120),
    body: text(2000).default(''),
    tags: z
      .string()
      .default('')
      .transform(parseTags)
      .refine((tags) => tags.length <= MAX_TAGS, 'exchange.error.tooManyTags')
      .refine((tags) => tags.every((t) => t.length <= 30), 'validation.tooLong'),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== 'need') return;
    if (!v.purpose)
      ctx.addIssue({ code: 'custom', path: ['purpose'], message: 'exchange.error.purposeRequired' });
    if (!v.metricLevel)
      ctx.addIssue({ code: 'custom', path: ['metricLevel'], message: 'exchange.error.metricRequired' });
  });
export type PostInput = z.output<typeof postForm>;

export const blockForm = z.object({
  party,
  other: party,
  reason: z.enum(['no_thanks', 'competitor'], 'validation.invalid').default('no_thanks'),
});

export const introductionForm = z.object({
  party,
  other: party,
  note: text(500).default(''),
});

export const outcomeForm = z.object({
  level: z.coerce
    .number('validation.invalid')
    .int('validation.invalid')
    .min(0, 'validation.invalid')
    .max(4, 'validation.invalid'),
});

export const uuidParam = z.string().refine(isUuid);
