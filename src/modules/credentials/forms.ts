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
