/** One Zod schema per credentials form; messages are catalogue keys. */
import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const lookupForm = z.object({
  id: z.string().trim().regex(UUID, 'credentials.verify.idInvalid'),
  name: z
    .string()
    .trim()
    .min(1, 'credentials.verify.nameRequired')
    .max(200, 'credentials.verify.nameRequired'),
});

export const pasteForm = z.object({
  credential: z.string().trim().min(2, 'credentials.verify.jsonRequired'),
});

export const issueForm = z.object({
  achievementId: z.string().regex(UUID, 'validation.invalid'),
  recipientName: z.string().trim().min(1, 'validation.required').max(200, 'validation.invalid'),
  recipientEmail: z.union([z.literal(''), z.string().trim().email('validation.invalid')]).default(''),
  evidenceName: z.string().trim().max(200, 'validation.invalid').default(''),
  evidenceUrl: z.union([z.literal(''), z.string().trim().url('validation.invalid')]).default(''),
});

export const statusForm = z.object({
  status: z.enum(['revoked', 'suspended', 'active']),
  reason: z.string().trim().max(500, 'validation.invalid').default(''),
});

export const visibilityForm = z.object({ public: z.enum(['true', 'false']) });

export const batchForm = z.object({
  achievementId: z.string().regex(UUID, 'validation.invalid'),
  csv: z.string().min(1, 'validation.required').max(1_000_000, 'validation.invalid'),
});

const slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'credentials.form.slugInvalid');
const text = (max: number) => z.string().trim().min(1, 'validation.required').max(max, 'validation.invalid');

export const issuerForm = z.object({
  slug,
  nameZh: text(200),
  nameEn: text(200),
  url: z.union([z.literal(''), z.string().trim().url('validation.invalid')]).default(''),
});

export const achievementForm = z.object({
  slug,
  nameZh: text(200),
  nameEn: text(200),
  descriptionZh: text(2000),
  descriptionEn: text(2000),
  criteriaZh: text(2000),
  criteriaEn: text(2000),
  creditsAvailable: z.union([z.literal(''), z.coerce.number().min(0).max(1000)]).default(''),
  alignmentName: z.string().trim().max(200, 'validation.invalid').default(''),
  alignmentUrl: z.union([z.literal(''), z.string().trim().url('validation.invalid')]).default(''),
  issuerId: z.string().regex(UUID, 'validation.invalid'),
  coIssuerId: z.union([z.literal(''), z.string().regex(UUID, 'validation.invalid')]).default(''),
});
