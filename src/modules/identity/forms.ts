/** One Zod schema per identity form; messages are catalogue keys. */
import { z } from 'zod';
import { LOCALES } from '../../i18n/index.ts';
import { MEMBERSHIP_STATUSES, ORG_ROLES, ORG_TYPES } from './schema.ts';

const email = z
  .string()
  .trim()
  .min(1, 'validation.required')
  .max(254, 'validation.tooLong')
  .email('validation.email');
const password = z.string().min(8, 'validation.passwordTooShort').max(200, 'validation.tooLong');
const text = (max: number) => z.string().trim().max(max, 'validation.tooLong');
const url = z
  .string()
  .trim()
  .max(500, 'validation.tooLong')
  .regex(/^https?:\/\/[^\s]+$/i, 'validation.url');

/** Links entered one per line as "label url" or just a url (at most 8): profiles and organisations. */
const linksField = z
  .string()
  .max(2000, 'validation.tooLong')
  .transform((v, ctx) => {
    const links: Array<{ label: string; url: string }> = [];
    for (const line of v
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)) {
      const parts = line.split(/\s+/);
      const u = parts.pop() as string;
      if (!url.safeParse(u).success) {
        ctx.addIssue({ code: 'custom', message: 'validation.url' });
        return z.NEVER;
      }
      links.push({ label: parts.join(' ').slice(0, 60) || new URL(u).hostname, url: u });
    }
    if (links.length > 8) {
      ctx.addIssue({ code: 'custom', message: 'validation.tooLong' });
      return z.NEVER;
    }
    return links;
  });

export const signupForm = z.object({
  email,
  displayName: text(60).min(1, 'validation.required'),
  password,
  /** Where the confirmation link leads back to (an invitation, say); checked by safeNext. */
  next: z.string().max(500).optional(),
});

export const loginForm = z.object({
  email: z.string().trim().min(1, 'validation.required').max(254, 'validation.tooLong'),
  password: z.string().min(1, 'validation.required').max(200, 'validation.tooLong'),
  next: z.string().optional(),
});

export const forgotForm = z.object({ email });

export const resetForm = z
  .object({ token: z.string().min(1, 'accounts.token.invalid'), password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'validation.passwordMismatch' });

/** Links are entered one per line as "label url" or just a url. */
export const profileForm = z.object({
  displayName: text(60).min(1, 'validation.required'),
  bio: text(1000),
  affiliation: text(120),
  // Optional and added later: a form (or client) without the field keeps working.
  title: text(60).default(''),
  links: linksField,
});

export const localeForm = z.object({
  locale: z.enum(LOCALES, 'validation.invalid'),
  next: z.string().optional(),
});

/** Slugs that would shadow a fixed path under /orgs/. */
export const RESERVED_ORG_SLUGS = ['new'] as const;

export const orgForm = z.object({
  nameZh: text(80).min(1, 'validation.required'),
  nameEn: text(120),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/, 'validation.slug')
    .refine((s) => !(RESERVED_ORG_SLUGS as readonly string[]).includes(s), 'org.slugReserved'),
  type: z.enum(ORG_TYPES, 'validation.invalid'),
  city: text(40),
  website: z.union([z.literal(''), url], 'validation.url'),
  /** The Chinese description; `descriptionEn` is the English one (ADR 0020). */
  description: text(2000),
  /** Absent (an older form or client): left as it is. */
  descriptionEn: text(2000).optional(),
  /** Official accounts and channels: WeChat, Weibo, Bilibili, Gitee … */
  links: linksField.optional().transform((v) => v ?? []),
});

/** Editing keeps the slug: links to /orgs/:slug must not break. */
export const orgEditForm = orgForm.omit({ slug: true });

/** The directory's `?type=` filter; anything else means "all types". */
export const orgTypeFilter = z.enum(ORG_TYPES).optional().catch(undefined);

export const inviteForm = z.object({ email, role: z.enum(ORG_ROLES, 'validation.invalid') });

export const memberRoleForm = z.object({ role: z.enum(ORG_ROLES, 'validation.invalid') });

export const allianceForm = z.object({
  tierSlug: z.string().trim().min(1, 'validation.required'),
  joinedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')
    .refine((d) => !Number.isNaN(Date.parse(d)), 'validation.date'),
  status: z.enum(MEMBERSHIP_STATUSES, 'validation.invalid'),
});
