/**
 * Reads for the admin pages: dashboard counts, the audit log (keyset-paged by id), the mail outbox
 * and the people list (offset-paged). Nothing here writes.
 */
import { and, asc, desc, eq, gt, gte, lt, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { isUuid } from '../../platform/request.ts';
import { auditLog, type MailStatus, mailOutbox } from '../../platform/schema.ts';
import { shanghaiDayStart } from '../../platform/time.ts';
import { identityCounts, peopleByIds, userIdByEmail } from '../identity/queries.ts';

export const PAGE_SIZE = 50;
export const MAIL_STATUSES = ['queued', 'sent', 'stored', 'failed'] as const satisfies readonly MailStatus[];

const DAY_MS = 86_400_000;

export type DashboardCounts = {
  people: number;
  organizations: number;
  mailsQueued: number;
  mailsFailed: number;
  jobsFailed: number;
};

export async function dashboardCounts(db: Db): Promise<DashboardCounts> {
  const { people, organizations } = await identityCounts(db);
  const [row] = await queryRows<Record<'mailsQueued' | 'mailsFailed' | 'jobsFailed', number | string>>(
    db,
    sql`select
      (select count(*)::int from mail_outbox where status = 'queued') as "mailsQueued",
      (select count(*)::int from mail_outbox where status = 'failed') as "mailsFailed",
      (select count(*)::int from jobs where status = 'failed') as "jobsFailed"`,
  );
  return {
    people,
    organizations,
    mailsQueued: Number(row.mailsQueued),
    mailsFailed: Number(row.mailsFailed),
    jobsFailed: Number(row.jobsFailed),
  };
}

export type AuditQuery = {
  actor?: string;
  /** Exact, or a prefix when it ends with `.` (or `*`, which is dropped). */
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Days (YYYY-MM-DD) in Asia/Shanghai, both inclusive. */
  from?: string;
  to?: string;
  before?: number;
  after?: number;
};

export type AuditRow = {
  id: number;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  ip: string | null;
  createdAt: Date;
};

export type Page<T> = { rows: T[]; hasPrev: boolean; hasNext: boolean };

function auditConditions(f: AuditQuery, actorId: string | null | undefined): SQL | undefined {
  const conds: SQL[] = [];
  // An actor filter for an unknown email matches nothing (not everything).
  if (actorId !== undefined) conds.push(actorId ? eq(auditLog.actorId, actorId) : sql`false`);
  if (f.action) {
    if (f.action.endsWith('.') || f.action.endsWith('*')) {
      conds.push(sql`starts_with(${auditLog.action}, ${f.action.replace(/\*$/, '')})`);
    } else {
      conds.push(eq(auditLog.action, f.action));
    }
  }
  if (f.targetType) conds.push(eq(auditLog.targetType, f.targetType));
  if (f.targetId) conds.push(eq(auditLog.targetId, f.targetId));
  if (f.from) conds.push(gte(auditLog.createdAt, shanghaiDayStart(f.from)));
  if (f.to) conds.push(lt(auditLog.createdAt, new Date(shanghaiDayStart(f.to).getTime() + DAY_MS)));
  return conds.length ? and(...conds) : undefined;
}

/** One page of the audit log, newest first, with whether older and newer rows exist. */
export async function listAuditLog(db: Db, f: AuditQuery): Promise<Page<AuditRow>> {
  const actorId = f.actor ? ((await userIdByEmail(db, f.actor)) ?? null) : undefined;
  const where = auditConditions(f, actorId);
  const select = () => db.select().from(auditLog);
  const found =
    f.after !== undefined
      ? (
          await select()
            .where(and(where, gt(auditLog.id, f.after)))
            .orderBy(asc(auditLog.id))
            .limit(PAGE_SIZE)
        ).reverse()
      : await select()
          .where(f.before !== undefined ? and(where, lt(auditLog.id, f.before)) : where)
          .orderBy(desc(auditLog.id))
          .limit(PAGE_SIZE);
  if (found.length === 0) return { rows: [], hasPrev: false, hasNext: false };
  const people = await peopleByIds(
    db,
    found.flatMap((r) => (r.actorId ? [r.actorId] : [])),
  );
  const rows = found.map((r) => {
    const actor = r.actorId ? people.get(r.actorId) : undefined;
    return { ...r, actorName: actor?.displayName ?? null, actorEmail: actor?.email ?? null };
  });
  const exists = async (cond: SQL) =>
    (await db.select({ id: auditLog.id }).from(auditLog).where(and(where, cond)).limit(1)).length > 0;
  const [hasPrev, hasNext] = await Promise.all([
    exists(gt(auditLog.id, rows[0].id)),
    exists(lt(auditLog.id, rows[rows.length - 1].id)),
  ]);
  return { rows, hasPrev, hasNext };
}

export type OutboxQuery = { to?: string; template?: string; status?: MailStatus | ''; page: number };

export type OutboxRow = {
  id: string;
  to: string;
  subject: string;
  template: string;
  status: MailStatus;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

/** One page of the outbox, newest first. */
export async function listOutbox(db: Db, f: OutboxQuery): Promise<Page<OutboxRow>> {
  const conds: SQL[] = [];
  if (f.to) conds.push(sql`strpos(lower(${mailOutbox.to}), ${f.to.toLowerCase()}) > 0`);
  if (f.template) conds.push(eq(mailOutbox.template, f.template));
  if (f.status) conds.push(eq(mailOutbox.status, f.status));
  const rows = await db
    .select({
      id: mailOutbox.id,
      to: mailOutbox.to,
      subject: mailOutbox.subject,
      template: mailOutbox.template,
      status: mailOutbox.status,
      error: mailOutbox.error,
      createdAt: mailOutbox.createdAt,
      sentAt: mailOutbox.sentAt,
    })
    .from(mailOutbox)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(PAGE_SIZE + 1)
    .offset((f.page - 1) * PAGE_SIZE);
  return { rows: rows.slice(0, PAGE_SIZE), hasPrev: f.page > 1, hasNext: rows.length > PAGE_SIZE };
}

/** Every template name the outbox has seen, for the filter. */
export async function outboxTemplates(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ template: mailOutbox.template })
    .from(mailOutbox)
    .orderBy(asc(mailOutbox.template));
  return rows.map((r) => r.template);
}

/** One outbox message, or undefined (also for strings that are not uuids). */
export async function findOutboxMessage(db: Db, id: string) {
  if (!isUuid(id)) return undefined;
  const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  return mail;
}
