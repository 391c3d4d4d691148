/**
 * Tables owned by the platform itself: jobs, mail outbox, audit log, rate limits, stored files and
 * cache versions. None of them knows about any module's domain.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { now } from '../db/columns.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export const jobs = pgTable(
  'jobs',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    kind: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    status: text().$type<JobStatus>().notNull().default('queued'),
    runAt: now(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(8),
    lockedAt: timestamp({ withTimezone: true, mode: 'date' }),
    lockedBy: text(),
    lastError: text(),
    createdAt: now(),
    finishedAt: timestamp({ withTimezone: true, mode: 'date' }),
    /** `kind:key` from enqueueOnce: at most one waiting job per key (see jobs_idempotency_key_idx). */
    idempotencyKey: text(),
  },
  (t) => [
    index('jobs_claim_idx').on(t.status, t.runAt),
    // Only jobs not yet tried: one that has started (or is retrying) must not block the next.
    uniqueIndex('jobs_idempotency_key_idx')
      .on(t.idempotencyKey)
      .where(sql`status = 'queued' and attempts = 0`),
  ],
);

export type MailStatus = 'queued' | 'sent' | 'stored' | 'failed';

/** Every email Gongjin sends, whether or not SMTP is configured: the outbox is the real record. */
export type MailAttachment = {
  filename: string;
  contentType: string;
  content: string;
  encoding?: 'base64';
};

export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid().primaryKey().defaultRandom(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text(),
    /** Files sent with the message (a calendar entry, a ticket's QR code), as text or base64. */
    attachments: jsonb().$type<MailAttachment[]>().notNull().default([]),
    /** Catalogue key of the template, so admins can filter by kind of mail. */
    template: text().notNull(),
    status: text().$type<MailStatus>().notNull().default('queued'),
    error: text(),
    messageId: text(),
    createdAt: now(),
    sentAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [index('mail_outbox_created_idx').on(t.createdAt)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    actorId: uuid(),
    /** Verb-named action, e.g. `account.signed_up`, `organization.member_invited`. */
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ip: text(),
    createdAt: now(),
  },
  (t) => [
    index('audit_log_created_idx').on(t.createdAt),
    index('audit_log_action_idx').on(t.action),
    index('audit_log_actor_idx').on(t.actorId),
  ],
);

/** Fixed-window counters; kept in the database so limits hold across several app processes. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    bucket: text().notNull(),
    key: text().notNull(),
    windowStart: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.key] })],
);

/** Uploaded images (avatars, logos), addressed by the SHA-256 of their bytes. */
export const files = pgTable('files', {
  sha256: text().primaryKey(),
  mime: text().notNull(),
  size: integer().notNull(),
  bytes: bytea().notNull(),
  createdAt: now(),
});

/** One row per cache tag; bumping `version` tells every process its cached pages are stale. */
export const cacheVersions = pgTable('cache_versions', {
  tag: text().primaryKey(),
  version: integer().notNull().default(0),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().default(sql`now()`),
});
