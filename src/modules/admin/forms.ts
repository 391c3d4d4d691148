/**
 * Zod schemas for the admin filter forms (read from the query string) and the role form. Messages
 * are catalogue keys, so a bad value re-renders the filter form with a localised field error.
 */
import { z } from 'zod';
import { parsePage } from '../../platform/paging.ts';
import { PLATFORM_ROLES } from '../../platform/permissions.ts';
import { MAIL_STATUSES } from './queries.ts';

/** An optional trimmed text filter; empty means "no filter". */
const filterText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'validation.tooLong')
    .optional()
    .transform((v) => v || undefined);

/** A calendar day as YYYY-MM-DD that really exists (2025-02-30 does not). */
export function isIsoDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

const day = z
  .string()
  .trim()
  .optional()
  .refine((v) => !v || isIsoDay(v), 'validation.date')
  .transform((v) => v || undefined);

const cursor = z
  .string()
  .trim()
  .optional()
  .refine((v) => !v || /^\d{1,15}$/.test(v), 'validation.invalid')
  .transform((v) => (v ? Number(v) : undefined));

const page = z.string().optional().transform(parsePage);

export const auditFilterForm = z
  .object({
    actor: filterText(254),
    action: filterText(100),
    targetType: filterText(60),
    targetId: filterText(200),
    from: day,
    to: day,
    /** Keyset cursors: rows with a smaller id (next page) or a larger id (previous page). */
    before: cursor,
    after: cursor,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'admin.filter.rangeInverted' });

export type AuditFilter = z.output<typeof auditFilterForm>;

export const outboxFilterForm = z.object({
  to: filterText(254),
  template: filterText(100),
  status: z.union([z.literal(''), z.enum(MAIL_STATUSES)], 'validation.invalid').optional(),
  page,
});

export type OutboxFilter = z.output<typeof outboxFilterForm>;

export const userSearchForm = z.object({ q: filterText(254), page });

export type UserSearch = z.output<typeof userSearchForm>;

export const roleForm = z.object({
  role: z.enum(PLATFORM_ROLES, 'admin.users.invalidRole'),
  granted: z.enum(['true', 'false'], 'validation.invalid').transform((v) => v === 'true'),
});
