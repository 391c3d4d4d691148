/**
 * Salon state changes. Each function writes in one transaction with its audit entry and its mail
 * (queued in the same transaction). Permission checks happen in routes before these run.
 *
 * Registration is concurrency-safe: a seat is taken by a conditional UPDATE of the salon's seat
 * counter (`seats_taken < capacity`), and `cancelRegistration` and `promoteWaitlist` change the
 * counter under the salon row lock, so simultaneous registrations for the last seats are serialised
 * per salon on PostgreSQL; PGlite runs one transaction at a time anyway.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, max, sql } from 'drizzle-orm';
import { type Db, queryRows, transaction } from '../../db/client.ts';
import type { Locale } from '../../i18n/index.ts';
import { audit } from '../../platform/audit.ts';
import { invalidateTags } from '../../platform/cache.ts';
import { AppError } from '../../platform/errors.ts';
import { translator } from '../../platform/i18n.ts';
import { enqueue, enqueueOnce } from '../../platform/jobs.ts';
import { type Mail, queueMail } from '../../platform/mail.ts';
import { instantToZoned, SHANGHAI, zonedToInstant } from '../../platform/time.ts';
import { digest, isUniqueViolation, newToken } from '../../platform/tokens.ts';
import { peopleByIds } from '../identity/queries.ts';
import { buildCalendar, salonEvent } from './ics.ts';
import { salonPostersKind, salonReminderJob } from './jobs.ts';
import { POSTER_FORMATS, type PosterData, type PosterFormat, renderPosterPng } from './poster.ts';
import { findSalon, listAgenda, SALON_CACHE_TAGS } from './queries.ts';
import {
  type AgendaKind,
  type BudgetCategory,
  type HotSubKind,
  type SalonQuestion,
  type SalonStatus,
  salonAgendaItems,
  salonAttention,
  salonBudgetLines,
  salonChannels,
  salonCohosts,
  salonPosters,
  salonRegistrations,
  salonReminders,
  salonSeries,
  salonSpeakerInvites,
  salonSponsors,
  salonStreams,
  salons,
  salonWalkIns,
} from './schema.ts';
import { checkInUrl, newShortCode, qrSvg, signTicket } from './tickets.ts';
import { formatRange } from './time.ts';

export type RequestInfo = { ip?: string | null; publicUrl: string; actorId?: string | null };
/** What a service needs to write mail: where links point, how tickets are signed, in which language. */
export type MailContext = { publicUrl: string; secret: string; locale: Locale };

/**
 * Public salon pages are cached under one tag: every write they show calls this in its transaction,
 * so the pages change when the write commits, in this process at once and in others within a second.
 */
const salonPagesChanged = (tx: Db) => invalidateTags(tx, SALON_CACHE_TAGS.all);

export type SeriesInput = { slug: string; titleZh: string; titleEn: string; description: string };

/** Creates a salon series. Writes salon_series, audit `salon_series.created`. CONFLICT when the slug is taken. */
export async function createSeries(db: Db, input: SeriesInput, info: RequestInfo) {
  try {
    return await transaction(db, async (tx) => {
      const [row] = await tx
        .insert(salonSeries)
        .values({ ...input, createdBy: info.actorId ?? null })
        .returning();
      await salonPagesChanged(tx);
      await audit(tx, {
        actorId: info.actorId,
        action: 'salon_series.created',
        targetType: 'salon_series',
        targetId: row.id,
        data: { slug: row.slug },
        ip: info.ip,
      });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', {
        messageKey: 'salons.series.slugTaken',
        fields: { slug: 'salons.series.slugTaken' },
      });
    throw err;
  }
}

export type SalonInput = {
  seriesId: string;
  title: string;
  description: string;
  city: string;
  venue: string;
  address: string;
  mapUrl: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  hostOrgId: string;
  cohostOrgIds: string[];
  /** Gift sponsors; left as they are when not given. */
  sponsorOrgIds?: string[];
  capacity: number;
  registrationDeadline: Date | null;
  questions: SalonQuestion[];
};

/**
 * Creates a draft salon numbered next in its series (the series row is locked so two salons never
 * get one number), with the default budget paid by the host. Writes salons, salon_cohosts,
 * salon_sponsors, salon_budget_lines, audit `salon.created`.
 */
export async function createSalon(db: Db, input: SalonInput, info: RequestInfo) {
  return transaction(db, async (tx) => {
    const [series] = await tx
      .select({ id: salonSeries.id })
      .from(salonSeries)
      .where(eq(salonSeries.id, input.seriesId))
      .for('update');
    if (!series) throw new AppError('NOT_FOUND', { messageKey: 'salons.series.notFound' });
    const [{ n }] = await tx
      .select({ n: max(salons.number) })
      .from(salons)
      .where(eq(salons.seriesId, input.seriesId));
    const { cohostOrgIds, sponsorOrgIds, ...values } = input;
    const [salon] = await tx
      .insert(salons)
      .values({ ...values, number: Number(n ?? 0) + 1 })
      .returning();
    await setCohosts(tx, salon.id, input.hostOrgId, cohostOrgIds);
    if (sponsorOrgIds) await setSponsors(tx, salon.id, sponsorOrgIds);
    await schedulePosters(tx, salon.id);
    await tx.insert(salonBudgetLines).values(
      DEFAULT_BUDGET.map((line, i) => ({
        ...line,
        salonId: salon.id,
        position: i + 1,
        payerOrgId: line.category === 'gifts' ? null : input.hostOrgId,
      })),
    );
    await salonPagesChanged(tx);
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.created',
      targetType: 'salon',
      targetId: salon.id,
      data: { seriesId: input.seriesId, number: salon.number },
      ip: info.ip,
    });
    return salon;
  });
}

async function setCohosts(tx: Db, salonId: string, hostOrgId: string, orgIds: string[]) {
  await tx.delete(salonCohosts).where(eq(salonCohosts.salonId, salonId));
  const unique = [...new Set(orgIds)].filter((id) => id !== hostOrgId);
  if (unique.length) await tx.insert(salonCohosts).values(unique.map((orgId) => ({ salonId, orgId })));
}

async function setSponsors(tx: Db, salonId: string, orgIds: string[]) {
  await tx.delete(salonSponsors).where(eq(salonSponsors.salonId, salonId));
  const unique = [...new Set(orgIds)];
  if (unique.length) await tx.insert(salonSponsors).values(unique.map((orgId) => ({ salonId, orgId })));
}

/**
 * Edits a salon's details (not its series or number). Raising the capacity promotes waitlisted
 * people into the new seats; a new start time schedules reminders for it. Writes salons,
 * salon_cohosts, audit `salon.updated`, promotion mail, `salon.reminder` jobs.
 */
export async function updateSalon(
  db: Db,
  salonId: string,
  input: Omit<SalonInput, 'seriesId'>,
  info: RequestInfo,
  mail: MailContext,
) {
  await transaction(db, async (tx) => {
    const before = await lockSalon(tx, salonId);
    const { cohostOrgIds, sponsorOrgIds, ...values } = input;
    await tx
      .update(salons)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(salons.id, salonId));
    await setCohosts(tx, salonId, input.hostOrgId, cohostOrgIds);
    if (sponsorOrgIds) await setSponsors(tx, salonId, sponsorOrgIds);
    await schedulePosters(tx, salonId);
    if (before.status === 'registration_open' && before.startsAt.getTime() !== input.startsAt.getTime())
      await scheduleReminders(tx, { id: salonId, startsAt: input.startsAt });
    await salonPagesChanged(tx);
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.updated',
      targetType: 'salon',
      targetId: salonId,
      ip: info.ip,
    });
    await promoteWaitlist(tx, salonId, info, mail);
  });
}

/** The status workflow: each status may move to the next, and a salon may step back one status. */
export const NEXT_STATUS: Record<SalonStatus, SalonStatus | undefined> = {
  draft: 'announced',
  announced: 'registration_open',
  registration_open: 'registration_closed',
  registration_closed: 'live',
  live: 'finished',
  finished: 'recap_published',
  recap_published: undefined,
};

export function canMoveStatus(from: SalonStatus, to: SalonStatus): boolean {
  return NEXT_STATUS[from] === to || NEXT_STATUS[to] === from;
}

/**
 * Moves a salon along its workflow. CONFLICT for any other move. Opening registration schedules the
 * two reminder jobs. Writes salons, audit `salon.status_changed`, `salon.reminder` jobs.
 */
export async function changeSalonStatus(db: Db, salonId: string, to: SalonStatus, info: RequestInfo) {
  await transaction(db, async (tx) => {
    const salon = await lockSalon(tx, salonId);
    if (!canMoveStatus(salon.status, to))
      throw new AppError('CONFLICT', { messageKey: 'salons.status.invalidMove' });
    await tx.update(salons).set({ status: to, updatedAt: new Date() }).where(eq(salons.id, salonId));
    if (to === 'registration_open') await scheduleReminders(tx, salon);
    await schedulePosters(tx, salonId);
    await salonPagesChanged(tx);
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.status_changed',
      targetType: 'salon',
      targetId: salonId,
      data: { from: salon.status, to },
      ip: info.ip,
    });
  });
}

/** Opens registration (announced → registration_open). Same effects as changeSalonStatus. */
export function openRegistration(db: Db, salonId: string, info: RequestInfo) {
  return changeSalonStatus(db, salonId, 'registration_open', info);
}

async function lockSalon(tx: Db, salonId: string) {
  const [salon] = await tx.select().from(salons).where(eq(salons.id, salonId)).for('update');
  if (!salon) throw new AppError('NOT_FOUND', { messageKey: 'salons.notFound' });
  return salon;
}

export type RegisterResult = { registrationId: string; status: 'confirmed' | 'waitlisted'; token: string };

/**
 * Registers a person for a salon: a confirmed seat while seats remain, else the waitlist. One
 * registration per person per salon (CONFLICT when active; a cancelled one is reopened at the back
 * of the queue). Refused (CONFLICT) unless registration is open and its deadline has not passed;
 * INVALID_INPUT when a required question is unanswered. Writes salon_registrations (and the salon's
 * seat counter), audit `salon.registered`, a confirmation or waitlist mail with the ticket and
 * cancel link.
 *
 * Everything slow happens before the transaction: the reads, the ticket, the mail with its .ics
 * and QR code. The seat itself is one statement that bumps `salons.seats_taken` while it is below
 * the capacity and writes the registration with the outcome; the salon row stays locked only from
 * that statement to the commit (three inserts later). When the seats are gone the counter's WHERE
 * fails without waiting for a lock, so the waitlist fills in parallel.
 */
export async function register(
  db: Db,
  input: { salonId: string; userId: string; answers: Record<string, string> },
  info: RequestInfo,
  mail: MailContext,
): Promise<RegisterResult> {
  // One read for the salon, its series and the person's earlier registration, if any.
  const [found] = await db
    .select({
      salon: salons,
      series: { titleZh: salonSeries.titleZh, slug: salonSeries.slug },
      existing: {
        id: salonRegistrations.id,
        status: salonRegistrations.status,
        shortCode: salonRegistrations.shortCode,
      },
    })
    .from(salons)
    .innerJoin(salonSeries, eq(salonSeries.id, salons.seriesId))
    .leftJoin(
      salonRegistrations,
      and(eq(salonRegistrations.salonId, salons.id), eq(salonRegistrations.userId, input.userId)),
    )
    .where(eq(salons.id, input.salonId));
  if (!found) throw new AppError('NOT_FOUND', { messageKey: 'salons.notFound' });
  const { salon, series, existing } = found;
  const answers: Record<string, string> = {};
  for (const q of salon.questions) {
    const a = (input.answers[q.id] ?? '').trim().slice(0, 2000);
    if (q.required && !a)
      throw new AppError('INVALID_INPUT', {
        messageKey: 'salons.register.answerRequired',
        fields: { [`q_${q.id}`]: 'validation.required' },
      });
    answers[q.id] = a;
  }
  if (salon.status !== 'registration_open')
    throw new AppError('CONFLICT', { messageKey: 'salons.register.closed' });
  if (salon.registrationDeadline && salon.registrationDeadline.getTime() < Date.now())
    throw new AppError('CONFLICT', { messageKey: 'salons.register.deadlinePassed' });
  if (existing && existing.status !== 'cancelled')
    throw new AppError('CONFLICT', { messageKey: 'salons.register.already' });
  const person = (await peopleByIds(db, [input.userId])).get(input.userId);
  const id = existing?.id ?? randomUUID();
  const likely = salon.seatsTaken < salon.capacity ? 'confirmed' : 'waitlisted';

  // A new short code collides with one in use about once in a billion: then try another.
  for (let attempt = 0; ; attempt++) {
    const shortCode = existing?.shortCode ?? newShortCode();
    const compose = (kind: 'confirmed' | 'waitlisted') =>
      person ? composeRegistrationMail(salon, series, person, id, shortCode, kind, mail) : undefined;
    const prepared = await compose(likely);
    try {
      return await transaction(db, async (tx) => {
        const status = await takeSeatAndWrite(tx, {
          id,
          salonId: salon.id,
          userId: input.userId,
          answers,
          shortCode,
          reopen: Boolean(existing),
        });
        await audit(tx, {
          actorId: input.userId,
          action: 'salon.registered',
          targetType: 'salon_registration',
          targetId: id,
          data: { salonId: salon.id, status },
          ip: info.ip,
        });
        const message = status === likely ? prepared : await compose(status);
        if (message) await queueMail(tx, message);
        return { registrationId: id, status, token: signTicket(mail.secret, id) };
      });
    } catch (err) {
      if (isUniqueViolation(err) && constraintOf(err) === 'salon_registrations_code_idx' && attempt < 5)
        continue;
      // The same person registering twice at the same moment: the unique index decides.
      if (isUniqueViolation(err)) throw new AppError('CONFLICT', { messageKey: 'salons.register.already' });
      throw err;
    }
  }
}

function constraintOf(err: unknown): string | undefined {
  for (let e = err as { constraint?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (e.constraint) return e.constraint;
  return undefined;
}

/**
 * The seat decision and the registration row in one statement: the UPDATE of the salon's counter
 * succeeds only while a seat is free (and registration is open), and the registration is written
 * confirmed when it did, waitlisted when it did not. A reopened (cancelled) registration goes to the
 * back of the queue with a fresh sequence number. CONFLICT when registration closed meanwhile or
 * the person's registration is no longer cancelled.
 */
async function takeSeatAndWrite(
  tx: Db,
  r: {
    id: string;
    salonId: string;
    userId: string;
    answers: Record<string, string>;
    shortCode: string;
    reopen: boolean;
  },
): Promise<'confirmed' | 'waitlisted'> {
  const seat = sql`seat as (
    update salons set seats_taken = seats_taken + 1
    where id = ${r.salonId} and seats_taken < capacity and status = 'registration_open'
    returning id
  ), open as (select 1 from salons where id = ${r.salonId} and status = 'registration_open')`;
  const status = sql`case when exists (select 1 from seat) then 'confirmed' else 'waitlisted' end`;
  const answers = JSON.stringify(r.answers);
  const rows = await queryRows<{ status: 'confirmed' | 'waitlisted' }>(
    tx,
    r.reopen
      ? sql`with ${seat}
          update salon_registrations set status = ${status}, answers = ${answers}::jsonb,
            cancelled_at = null, updated_at = now(),
            seq = nextval(pg_get_serial_sequence('salon_registrations', 'seq'))
          where id = ${r.id} and status = 'cancelled' and exists (select 1 from open)
          returning status`
      : sql`with ${seat}
          insert into salon_registrations (id, salon_id, user_id, status, answers, short_code)
          select ${r.id}::uuid, ${r.salonId}::uuid, ${r.userId}::uuid, ${status}, ${answers}::jsonb, ${r.shortCode}
          where exists (select 1 from open)
          returning status`,
  );
  if (rows[0]) return rows[0].status;
  const [salon] = await tx.select({ status: salons.status }).from(salons).where(eq(salons.id, r.salonId));
  throw new AppError('CONFLICT', {
    messageKey: salon?.status === 'registration_open' ? 'salons.register.already' : 'salons.register.closed',
  });
}

async function seriesOf(tx: Db, seriesId: string) {
  const [series] = await tx
    .select({ titleZh: salonSeries.titleZh, slug: salonSeries.slug })
    .from(salonSeries)
    .where(eq(salonSeries.id, seriesId));
  return series;
}

type SalonRow = typeof salons.$inferSelect;

async function mailRegistration(
  tx: Db,
  salon: SalonRow,
  userId: string,
  registrationId: string,
  kind: 'confirmed' | 'waitlisted' | 'promoted',
  ctx: MailContext,
) {
  const person = (await peopleByIds(tx, [userId])).get(userId);
  if (!person) return;
  const [reg] = await tx
    .select({ shortCode: salonRegistrations.shortCode })
    .from(salonRegistrations)
    .where(eq(salonRegistrations.id, registrationId));
  const series = await seriesOf(tx, salon.seriesId);
  await queueMail(
    tx,
    await composeRegistrationMail(salon, series, person, registrationId, reg?.shortCode ?? '', kind, ctx),
  );
}

/** The confirmation, waitlist or promotion mail; a seat comes with the .ics and the check-in QR. */
async function composeRegistrationMail(
  salon: SalonRow,
  series: { titleZh: string; slug: string },
  person: { displayName: string; email: string },
  registrationId: string,
  shortCode: string,
  kind: 'confirmed' | 'waitlisted' | 'promoted',
  ctx: MailContext,
): Promise<Mail> {
  const t = translator(ctx.locale);
  const token = signTicket(ctx.secret, registrationId);
  const vars = {
    name: person.displayName,
    title: salon.title,
    when: formatRange(salon.startsAt, salon.endsAt, salon.timezone, ctx.locale),
    where: [salon.city, salon.venue, salon.address].filter(Boolean).join(' · '),
    code: shortCode,
    ticketUrl: `${ctx.publicUrl}/salons/tickets/${token}`,
    icsUrl: `${ctx.publicUrl}/salons/${salon.id}/calendar.ics`,
  };
  const attachments =
    kind === 'waitlisted'
      ? []
      : [
          {
            filename: `salon-${series.slug}-${salon.number}.ics`,
            contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
            content: buildCalendar({
              name: series.titleZh,
              events: [salonEvent(salon, series.titleZh, ctx.publicUrl)],
            }),
          },
          {
            filename: `ticket-${shortCode || 'qr'}.svg`,
            contentType: 'image/svg+xml',
            content: await qrSvg(checkInUrl(ctx.publicUrl, salon.id, token)),
          },
        ];
  return {
    to: person.email,
    subject: t(`salons.mail.${kind}.subject`, vars),
    text: t(`salons.mail.${kind}.body`, vars),
    template: `salons.${kind}`,
    attachments,
  };
}

/**
 * Cancels a registration (idempotent for one already cancelled). When it held a seat, the
 * waitlist is promoted in the same transaction. Locks the salon row. Writes salon_registrations,
 * audit `salon.registration_cancelled`, promotion mail.
 */
export async function cancelRegistration(
  db: Db,
  registrationId: string,
  info: RequestInfo,
  mail: MailContext,
) {
  await transaction(db, async (tx) => {
    const [reg] = await tx.select().from(salonRegistrations).where(eq(salonRegistrations.id, registrationId));
    if (!reg) throw new AppError('NOT_FOUND');
    await lockSalon(tx, reg.salonId);
    const [current] = await tx
      .select()
      .from(salonRegistrations)
      .where(eq(salonRegistrations.id, registrationId));
    if (current.status === 'cancelled') return;
    if (current.checkedInAt) throw new AppError('CONFLICT', { messageKey: 'salons.cancel.checkedIn' });
    if (current.status === 'confirmed')
      await tx
        .update(salons)
        .set({ seatsTaken: sql`${salons.seatsTaken} - 1` })
        .where(eq(salons.id, current.salonId));
    await tx
      .update(salonRegistrations)
      .set({ status: 'cancelled', cancelledAt: new Date(), updatedAt: new Date() })
      .where(eq(salonRegistrations.id, registrationId));
    await audit(tx, {
      actorId: info.actorId ?? current.userId,
      action: 'salon.registration_cancelled',
      targetType: 'salon_registration',
      targetId: registrationId,
      data: { salonId: current.salonId, was: current.status },
      ip: info.ip,
    });
    if (current.status === 'confirmed') await promoteWaitlist(tx, current.salonId, info, mail);
  });
}

/**
 * Fills free seats from the waitlist, first come first served. Call it inside a transaction that
 * holds the salon row lock. Writes salon_registrations, audit `salon.waitlist_promoted` and a
 * promotion mail per person promoted; returns the promoted registration ids.
 */
export async function promoteWaitlist(
  tx: Db,
  salonId: string,
  info: RequestInfo,
  mail: MailContext,
): Promise<string[]> {
  const [salon] = await tx.select().from(salons).where(eq(salons.id, salonId));
  const free = salon.capacity - salon.seatsTaken;
  if (free <= 0) return [];
  const next = await tx
    .select({ id: salonRegistrations.id, userId: salonRegistrations.userId })
    .from(salonRegistrations)
    .where(and(eq(salonRegistrations.salonId, salonId), eq(salonRegistrations.status, 'waitlisted')))
    .orderBy(asc(salonRegistrations.seq))
    .limit(free);
  if (next.length)
    await tx
      .update(salons)
      .set({ seatsTaken: sql`${salons.seatsTaken} + ${next.length}` })
      .where(eq(salons.id, salonId));
  for (const reg of next) {
    await tx
      .update(salonRegistrations)
      .set({ status: 'confirmed', updatedAt: new Date() })
      .where(eq(salonRegistrations.id, reg.id));
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.waitlist_promoted',
      targetType: 'salon_registration',
      targetId: reg.id,
      data: { salonId },
      ip: info.ip,
    });
    await mailRegistration(tx, salon, reg.userId, reg.id, 'promoted', mail);
  }
  return next.map((r) => r.id);
}

export type CheckInResult =
  | { ok: true; registrationId: string; userId: string; already: boolean }
  | { ok: false; reason: 'unknown' | 'not_confirmed' };

/**
 * Checks a confirmed registration in, found by its short code or its registration id. Checking in
 * twice is harmless (`already`). Writes salon_registrations, audit `salon.checked_in`.
 */
export async function checkIn(
  db: Db,
  salonId: string,
  ticket: { code: string } | { registrationId: string },
  info: RequestInfo,
): Promise<CheckInResult> {
  return transaction(db, async (tx) => {
    const where =
      'code' in ticket
        ? eq(salonRegistrations.shortCode, ticket.code.trim().toUpperCase())
        : eq(salonRegistrations.id, ticket.registrationId);
    const [reg] = await tx
      .select()
      .from(salonRegistrations)
      .where(and(eq(salonRegistrations.salonId, salonId), where))
      .for('update');
    if (!reg) return { ok: false, reason: 'unknown' };
    if (reg.status !== 'confirmed') return { ok: false, reason: 'not_confirmed' };
    if (reg.checkedInAt) return { ok: true, registrationId: reg.id, userId: reg.userId, already: true };
    await tx
      .update(salonRegistrations)
      .set({ checkedInAt: new Date(), checkedInBy: info.actorId ?? null, updatedAt: new Date() })
      .where(eq(salonRegistrations.id, reg.id));
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.checked_in',
      targetType: 'salon_registration',
      targetId: reg.id,
      data: { salonId },
      ip: info.ip,
    });
    return { ok: true, registrationId: reg.id, userId: reg.userId, already: false };
  });
}

/**
 * Adds a walk-in: someone staff let in without a registration, by name and phone. Takes no seat.
 * Writes salon_walk_ins, audit `salon.walk_in_added` (without the phone number).
 */
export async function addWalkIn(
  db: Db,
  salonId: string,
  input: { name: string; phone: string },
  info: RequestInfo,
) {
  return transaction(db, async (tx) => {
    const [row] = await tx
      .insert(salonWalkIns)
      .values({ salonId, name: input.name, phone: input.phone, addedBy: info.actorId ?? null })
      .returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.walk_in_added',
      targetType: 'salon_walk_in',
      targetId: row.id,
      data: { salonId },
      ip: info.ip,
    });
    return row;
  });
}

export type AgendaInput = {
  kind: AgendaKind;
  subKind: HotSubKind | null;
  title: string;
  abstract: string;
  speakerId: string | null;
  durationMinutes: number;
};

/** Appends an agenda item. Writes salon_agenda_items, audit `salon.agenda_added`. */
export async function addAgendaItem(db: Db, salonId: string, input: AgendaInput, info: RequestInfo) {
  return transaction(db, async (tx) => {
    await lockSalon(tx, salonId);
    const [{ n }] = await tx
      .select({ n: max(salonAgendaItems.position) })
      .from(salonAgendaItems)
      .where(eq(salonAgendaItems.salonId, salonId));
    const [item] = await tx
      .insert(salonAgendaItems)
      .values({
        ...input,
        subKind: input.kind === 'hot_segment' ? input.subKind : null,
        salonId,
        position: Number(n ?? 0) + 1,
      })
      .returning();
    await schedulePosters(tx, salonId);
    await salonPagesChanged(tx);
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.agenda_added',
      targetType: 'salon_agenda_item',
      targetId: item.id,
      data: { salonId },
      ip: info.ip,
    });
    return item;
  });
}

/** Swaps an agenda item with its neighbour above or below (a no-op at either end). Writes salon_agenda_items, audit `salon.agenda_moved`. */
export async function moveAgendaItem(
  db: Db,
  salonId: string,
  itemId: string,
  direction: 'up' | 'down',
  info: RequestInfo,
) {
  await transaction(db, async (tx) => {
    await lockSalon(tx, salonId);
    const items = await tx
      .select({ id: salonAgendaItems.id, position: salonAgendaItems.position })
      .from(salonAgendaItems)
      .where(eq(salonAgendaItems.salonId, salonId))
      .orderBy(asc(salonAgendaItems.position), asc(salonAgendaItems.createdAt));
    const i = items.findIndex((x) => x.id === itemId);
    if (i < 0) throw new AppError('NOT_FOUND');
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= items.length) return;
    [items[i], items[j]] = [items[j], items[i]];
    for (const [k, item] of items.entries())
      await tx
        .update(salonAgendaItems)
        .set({ position: k + 1 })
        .where(eq(salonAgendaItems.id, item.id));
    await schedulePosters(tx, salonId);
    await salonPagesChanged(tx);
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.agenda_moved',
      targetType: 'salon_agenda_item',
      targetId: itemId,
      data: { direction },
      ip: info.ip,
    });
  });
}

/** Removes an agenda item. Writes salon_agenda_items, audit `salon.agenda_removed`. */
export async function removeAgendaItem(db: Db, salonId: string, itemId: string, info: RequestInfo) {
  await transaction(db, async (tx) => {
    const [row] = await tx
      .delete(salonAgendaItems)
      .where(and(eq(salonAgendaItems.id, itemId), eq(salonAgendaItems.salonId, salonId)))
      .returning({ id: salonAgendaItems.id });
    if (!row) throw new AppError('NOT_FOUND');
    await schedulePosters(tx, salonId);
    await salonPagesChanged(tx);
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.agenda_removed',
      targetType: 'salon_agenda_item',
      targetId: itemId,
      data: { salonId },
      ip: info.ip,
    });
  });
}

/**
 * Invites someone by email to claim an agenda item as its speaker: a tokenised link in a mail.
 * NOT_FOUND when the item is not on this salon. Writes salon_speaker_invites, audit
 * `salon.speaker_invited`, the invitation mail. Returns the token (only its digest is stored).
 */
export async function inviteSpeaker(
  db: Db,
  salonId: string,
  itemId: string,
  email: string,
  info: RequestInfo,
  mail: MailContext,
): Promise<string> {
  return transaction(db, async (tx) => {
    const [item] = await tx
      .select({ title: salonAgendaItems.title, salonTitle: salons.title })
      .from(salonAgendaItems)
      .innerJoin(salons, eq(salons.id, salonAgendaItems.salonId))
      .where(and(eq(salonAgendaItems.id, itemId), eq(salonAgendaItems.salonId, salonId)));
    if (!item) throw new AppError('NOT_FOUND');
    const token = newToken();
    const [row] = await tx
      .insert(salonSpeakerInvites)
      .values({ itemId, email, tokenDigest: digest(token), invitedBy: info.actorId ?? null })
      .returning({ id: salonSpeakerInvites.id });
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.speaker_invited',
      targetType: 'salon_agenda_item',
      targetId: itemId,
      data: { salonId, inviteId: row.id },
      ip: info.ip,
    });
    const t = translator(mail.locale);
    const vars = {
      talk: item.title,
      title: item.salonTitle,
      url: `${mail.publicUrl}/salons/speaker-invites/${token}`,
    };
    await queueMail(tx, {
      to: email,
      subject: t('salons.mail.speakerInvite.subject', vars),
      text: t('salons.mail.speakerInvite.body', vars),
      template: 'salons.speaker_invite',
    });
    return token;
  });
}

/**
 * Claims a speaker invitation for the signed-in person: they become the agenda item's speaker.
 * Claiming again by the same person is harmless; NOT_FOUND for an unknown token, CONFLICT when
 * someone else claimed it. Writes salon_speaker_invites, salon_agenda_items, audit
 * `salon.speaker_claimed`. Returns the salon and item ids.
 */
export async function claimSpeakerInvite(db: Db, token: string, userId: string, info: RequestInfo) {
  return transaction(db, async (tx) => {
    const [invite] = await tx
      .select()
      .from(salonSpeakerInvites)
      .where(eq(salonSpeakerInvites.tokenDigest, digest(token)))
      .for('update');
    if (!invite) throw new AppError('NOT_FOUND', { messageKey: 'salons.speaker.inviteInvalid' });
    if (invite.claimedBy && invite.claimedBy !== userId)
      throw new AppError('CONFLICT', { messageKey: 'salons.speaker.inviteClaimed' });
    const [item] = await tx
      .update(salonAgendaItems)
      .set({ speakerId: userId })
      .where(eq(salonAgendaItems.id, invite.itemId))
      .returning({ id: salonAgendaItems.id, salonId: salonAgendaItems.salonId });
    await salonPagesChanged(tx);
    if (!invite.claimedBy) {
      await tx
        .update(salonSpeakerInvites)
        .set({ claimedBy: userId, claimedAt: new Date() })
        .where(eq(salonSpeakerInvites.id, invite.id));
      await audit(tx, {
        actorId: userId,
        action: 'salon.speaker_claimed',
        targetType: 'salon_agenda_item',
        targetId: item.id,
        data: { salonId: item.salonId, inviteId: invite.id },
        ip: info.ip,
      });
    }
    return { salonId: item.salonId, itemId: item.id };
  });
}

export type TalkInput = {
  title: string;
  abstract: string;
  slidesUrl: string;
  replayUrl?: string;
  recap?: string;
};

/** The speaker (or host) edits a talk. Writes salon_agenda_items, audit `salon.talk_updated`. */
export async function updateTalk(
  db: Db,
  salonId: string,
  itemId: string,
  input: TalkInput,
  info: RequestInfo,
) {
  await transaction(db, async (tx) => {
    const [before] = await tx
      .select({ replayUrl: salonAgendaItems.replayUrl, recap: salonAgendaItems.recap })
      .from(salonAgendaItems)
      .where(and(eq(salonAgendaItems.id, itemId), eq(salonAgendaItems.salonId, salonId)));
    if (!before) throw new AppError('NOT_FOUND');
    // The replay or recap changing (to something) is what makes a talk "recently recapped".
    const recapped =
      (input.replayUrl !== undefined && input.replayUrl !== before.replayUrl) ||
      (input.recap !== undefined && input.recap !== before.recap);
    const [row] = await tx
      .update(salonAgendaItems)
      .set({ ...input, ...(recapped ? { recapAt: new Date() } : {}) })
      .where(and(eq(salonAgendaItems.id, itemId), eq(salonAgendaItems.salonId, salonId)))
      .returning({ id: salonAgendaItems.id });
    if (!row) throw new AppError('NOT_FOUND');
    await schedulePosters(tx, salonId);
    await salonPagesChanged(tx);
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.talk_updated',
      targetType: 'salon_agenda_item',
      targetId: itemId,
      data: { salonId },
      ip: info.ip,
    });
  });
}

export type StreamInput = { platform: string; url: string; viewers: number | null };

/**
 * Adds or updates the live stream on one platform (one row per platform). Writes salon_streams,
 * audit `salon.stream_saved`.
 */
export async function saveStream(db: Db, salonId: string, input: StreamInput, info: RequestInfo) {
  await transaction(db, async (tx) => {
    await tx
      .insert(salonStreams)
      .values({ salonId, ...input })
      .onConflictDoUpdate({
        target: [salonStreams.salonId, salonStreams.platform],
        set: { url: input.url, viewers: input.viewers, updatedAt: new Date() },
      });
    await salonPagesChanged(tx);
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.stream_saved',
      targetType: 'salon',
      targetId: salonId,
      data: { ...input },
      ip: info.ip,
    });
  });
}

/**
 * Sets viewer counts per platform from an already-validated import, all in one transaction (a
 * platform not listed yet is added without a link). Writes salon_streams, audit
 * `salon.viewers_imported`.
 */
export async function importViewers(
  db: Db,
  salonId: string,
  rows: Array<{ platform: string; viewers: number }>,
  info: RequestInfo,
) {
  await transaction(db, async (tx) => {
    for (const r of rows)
      await tx
        .insert(salonStreams)
        .values({ salonId, platform: r.platform, viewers: r.viewers })
        .onConflictDoUpdate({
          target: [salonStreams.salonId, salonStreams.platform],
          set: { viewers: r.viewers, updatedAt: new Date() },
        });
    await salonPagesChanged(tx);
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.viewers_imported',
      targetType: 'salon',
      targetId: salonId,
      data: { platforms: rows.length },
      ip: info.ip,
    });
  });
}

/**
 * Stores daily attention values from an already-validated import (a day given again replaces its
 * value). Writes salon_attention, audit `salon.attention_imported`.
 */
export async function importAttention(
  db: Db,
  salonId: string,
  rows: Array<{ keyword: string; day: string; value: number }>,
  info: RequestInfo,
) {
  await transaction(db, async (tx) => {
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insert(salonAttention)
        .values(rows.slice(i, i + 500).map((r) => ({ salonId, ...r })))
        .onConflictDoUpdate({
          target: [salonAttention.salonId, salonAttention.keyword, salonAttention.day],
          set: { value: sql`excluded.value` },
        });
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.attention_imported',
      targetType: 'salon',
      targetId: salonId,
      data: { values: rows.length },
      ip: info.ip,
    });
  });
}

export type PlannedSalon = { date: string; hostOrgId: string; city: string };

/**
 * Turns a confirmed rotation plan into draft salons (numbered on in the series), each from
 * `startTime` to `endTime` local time in Asia/Shanghai. Writes salons (via createSalon, each with
 * audit `salon.created`) and audit `salon_series.plan_confirmed`, all in one transaction.
 */
export async function confirmRotationPlan(
  db: Db,
  input: {
    seriesId: string;
    rows: PlannedSalon[];
    startTime: string;
    endTime: string;
    capacity: number;
    title: (city: string) => string;
  },
  info: RequestInfo,
): Promise<string[]> {
  return transaction(db, async (tx) => {
    const ids: string[] = [];
    const timezone = SHANGHAI;
    for (const row of input.rows) {
      const startsAt = zonedToInstant(`${row.date}T${input.startTime}`, timezone);
      const endsAt = zonedToInstant(`${row.date}T${input.endTime}`, timezone);
      if (!startsAt || !endsAt || endsAt <= startsAt)
        throw new AppError('INVALID_INPUT', { messageKey: 'salons.field.endBeforeStart' });
      const salon = await createSalon(
        tx,
        {
          seriesId: input.seriesId,
          title: input.title(row.city),
          description: '',
          city: row.city,
          venue: '',
          address: '',
          mapUrl: '',
          startsAt,
          endsAt,
          timezone,
          hostOrgId: row.hostOrgId,
          cohostOrgIds: [],
          capacity: input.capacity,
          registrationDeadline: null,
          questions: [],
        },
        info,
      );
      ids.push(salon.id);
    }
    await salonPagesChanged(tx);
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon_series.plan_confirmed',
      targetType: 'salon_series',
      targetId: input.seriesId,
      data: { salons: ids.length },
      ip: info.ip,
    });
    return ids;
  });
}

/** Reminders go out this long before the start. */
export const REMINDERS = { day: 24 * 60, hours: 2 * 60 } as const;
export type ReminderKind = keyof typeof REMINDERS;

async function scheduleReminders(tx: Db, salon: { id: string; startsAt: Date }) {
  for (const kind of Object.keys(REMINDERS) as ReminderKind[]) {
    const runAt = new Date(salon.startsAt.getTime() - REMINDERS[kind] * 60_000);
    if (runAt.getTime() > Date.now())
      await enqueue(tx, salonReminderJob, { salonId: salon.id, kind }, { runAt });
  }
}

/**
 * Sends one kind of reminder to every confirmed attendee who has not had it yet (a row in
 * salon_reminders marks it sent, so a reminder never goes twice, however many jobs run). Nothing
 * for cancelled or waitlisted registrations, for salons not taking place, or once the salon has
 * started; a reminder that comes too early (the salon was moved later) waits for its new time.
 * Writes salon_reminders, mail_outbox + jobs; returns how many mails were queued.
 */
export async function sendReminders(
  db: Db,
  salonId: string,
  kind: ReminderKind,
  mail: MailContext,
  now = new Date(),
): Promise<number> {
  return transaction(db, async (tx) => {
    const [salon] = await tx.select().from(salons).where(eq(salons.id, salonId));
    if (!salon || !['registration_open', 'registration_closed', 'live'].includes(salon.status)) return 0;
    const due = salon.startsAt.getTime() - REMINDERS[kind] * 60_000;
    if (now.getTime() >= salon.startsAt.getTime()) return 0;
    if (now.getTime() < due - 60_000) {
      await enqueue(tx, salonReminderJob, { salonId, kind }, { runAt: new Date(due) });
      return 0;
    }
    const regs = await tx
      .select({ id: salonRegistrations.id, userId: salonRegistrations.userId })
      .from(salonRegistrations)
      .where(and(eq(salonRegistrations.salonId, salonId), eq(salonRegistrations.status, 'confirmed')));
    const people = await peopleByIds(
      tx,
      regs.map((r) => r.userId),
    );
    const t = translator(mail.locale);
    let sent = 0;
    for (const reg of regs) {
      const [fresh] = await tx
        .insert(salonReminders)
        .values({ registrationId: reg.id, kind })
        .onConflictDoNothing()
        .returning({ id: salonReminders.registrationId });
      const person = people.get(reg.userId);
      if (!fresh || !person) continue;
      const vars = {
        name: person.displayName,
        title: salon.title,
        when: formatRange(salon.startsAt, salon.endsAt, salon.timezone, mail.locale),
        where: [salon.city, salon.venue, salon.address].filter(Boolean).join(' · '),
        ticketUrl: `${mail.publicUrl}/salons/tickets/${signTicket(mail.secret, reg.id)}`,
      };
      await queueMail(tx, {
        to: person.email,
        subject: t(`salons.mail.reminder.${kind}.subject`, vars),
        text: t('salons.mail.reminder.body', vars),
        template: `salons.reminder.${kind}`,
      });
      sent += 1;
    }
    return sent;
  });
}

/**
 * The plan's usual costs for one salon (about 4,300 CNY): the host pays venue, tea, poster and
 * dinner; gifts come from participating companies, so their line starts empty.
 */
export const DEFAULT_BUDGET: Array<{ category: BudgetCategory; plannedCny: number }> = [
  { category: 'venue', plannedCny: 1500 },
  { category: 'tea', plannedCny: 500 },
  { category: 'poster', plannedCny: 300 },
  { category: 'dinner', plannedCny: 2000 },
  { category: 'gifts', plannedCny: 0 },
];

export type BudgetLineInput = {
  category: BudgetCategory;
  note: string;
  plannedCny: number;
  actualCny: number | null;
  payerOrgId: string | null;
};

/** Adds a budget line, or edits one when `lineId` is given. Writes salon_budget_lines, audit `salon.budget_changed`. */
export async function saveBudgetLine(
  db: Db,
  salonId: string,
  lineId: string | null,
  input: BudgetLineInput,
  info: RequestInfo,
) {
  await transaction(db, async (tx) => {
    await lockSalon(tx, salonId);
    let id = lineId;
    if (lineId) {
      const [row] = await tx
        .update(salonBudgetLines)
        .set(input)
        .where(and(eq(salonBudgetLines.id, lineId), eq(salonBudgetLines.salonId, salonId)))
        .returning({ id: salonBudgetLines.id });
      if (!row) throw new AppError('NOT_FOUND');
    } else {
      const [{ n }] = await tx
        .select({ n: max(salonBudgetLines.position) })
        .from(salonBudgetLines)
        .where(eq(salonBudgetLines.salonId, salonId));
      const [row] = await tx
        .insert(salonBudgetLines)
        .values({ ...input, salonId, position: Number(n ?? 0) + 1 })
        .returning({ id: salonBudgetLines.id });
      id = row.id;
    }
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.budget_changed',
      targetType: 'salon_budget_line',
      targetId: id ?? undefined,
      data: { salonId, ...input },
      ip: info.ip,
    });
  });
}

export type ChannelInput = { name: string; ownerOrgId: string; windowStart: string; windowEnd: string };

/** Lists a promotion channel for a salon. Writes salon_channels, audit `salon.channel_added`. */
export async function addPromotionChannel(db: Db, salonId: string, input: ChannelInput, info: RequestInfo) {
  return transaction(db, async (tx) => {
    await lockSalon(tx, salonId);
    const [row] = await tx
      .insert(salonChannels)
      .values({ ...input, salonId })
      .returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.channel_added',
      targetType: 'salon_channel',
      targetId: row.id,
      data: { salonId, name: input.name },
      ip: info.ip,
    });
    return row;
  });
}

/** Records the link a channel published (again to correct it). Writes salon_channels, audit `salon.channel_published`. */
export async function recordPublication(
  db: Db,
  salonId: string,
  channelId: string,
  url: string,
  info: RequestInfo,
) {
  await transaction(db, async (tx) => {
    const [row] = await tx
      .update(salonChannels)
      .set({ publishedUrl: url, publishedAt: new Date(), publishedBy: info.actorId ?? null })
      .where(and(eq(salonChannels.id, channelId), eq(salonChannels.salonId, salonId)))
      .returning({ id: salonChannels.id });
    if (!row) throw new AppError('NOT_FOUND');
    await audit(tx, {
      actorId: info.actorId,
      action: 'salon.channel_published',
      targetType: 'salon_channel',
      targetId: channelId,
      data: { salonId, url },
      ip: info.ip,
    });
  });
}

// ---- Posters ---------------------------------------------------------------------------------------

/**
 * Queues a redraw of the salon's posters (the `salon.posters` job), in the caller's transaction —
 * once: a burst of edits (an agenda built item by item) shares the redraw that is still waiting.
 */
async function schedulePosters(tx: Db, salonId: string) {
  await enqueueOnce(tx, salonPostersKind, { salonId }, salonId);
}

/**
 * Each organisation's logo (or a drawn monogram), by organisation id. Logos are the members module's,
 * and members reads salons (talks, hosted salons): salons receives this reader from the composition
 * root (`src/wiring.ts`) instead of importing members, so the module graph stays acyclic.
 */
/** Organisations' logo addresses by id (members keeps the logos; the composition root passes this). */
export type OrganizationLogoUrls = (
  db: Db,
  orgs: { id: string; slug: string; nameZh: string }[],
) => Promise<Map<string, string>>;

export type OrganizationLogos = (
  db: Db,
  orgs: { id: string; slug: string; nameZh: string }[],
) => Promise<Map<string, NonNullable<PosterData['hosts'][number]['logo']>>>;

/** What a salon's posters show, from the salon as it is now; undefined for an unknown salon. */
export async function salonPosterData(
  db: Db,
  salonId: string,
  publicUrl: string,
  logosForOrganizations: OrganizationLogos,
  locale: Locale = 'zh-CN',
): Promise<PosterData | undefined> {
  const salon = await findSalon(db, salonId);
  if (!salon) return undefined;
  const hosts = [salon.host, ...salon.cohosts].filter((o) => !!o);
  const [agenda, logos] = await Promise.all([listAgenda(db, salonId), logosForOrganizations(db, hosts)]);
  const t = translator(locale);
  const start = instantToZoned(salon.startsAt, salon.timezone);
  const end = instantToZoned(salon.endsAt, salon.timezone);
  const name = (o: { nameZh: string; nameEn: string }) => (locale === 'en' && o.nameEn ? o.nameEn : o.nameZh);
  return {
    series: locale === 'en' && salon.series.titleEn ? salon.series.titleEn : salon.series.titleZh,
    number: t('salons.poster.number', { number: salon.number }),
    title: salon.title,
    city: salon.city,
    when: `${start.replace('T', ' ')}–${end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : end.replace('T', ' ')}`,
    venue: salon.venue,
    highlights: agenda.map((a) => (a.speakerName ? `${a.title} · ${a.speakerName}` : a.title)),
    hosts: hosts.map((o) => ({ name: name(o), logo: logos.get(o.id) })),
    labels: { hosts: t('salons.poster.hosts'), scan: t('salons.poster.scan') },
    registerUrl: `${publicUrl}/salons/${salon.id}/register`,
  };
}

/**
 * Draws both posters and stores them (replacing the previous ones). Writes salon_posters; the salon
 * page shows the new poster at once (its cache tag is bumped). Returns the milliseconds each format
 * took, for the bench.
 */
export async function renderSalonPosters(
  db: Db,
  salonId: string,
  publicUrl: string,
  logosForOrganizations: OrganizationLogos,
): Promise<Record<PosterFormat, number> | undefined> {
  const data = await salonPosterData(db, salonId, publicUrl, logosForOrganizations);
  if (!data) return undefined;
  const took = {} as Record<PosterFormat, number>;
  for (const format of Object.keys(POSTER_FORMATS) as PosterFormat[]) {
    const started = performance.now();
    const png = await renderPosterPng(data, format);
    took[format] = performance.now() - started;
    await db
      .insert(salonPosters)
      .values({ salonId, format, png })
      .onConflictDoUpdate({
        target: [salonPosters.salonId, salonPosters.format],
        set: { png, renderedAt: new Date() },
      });
  }
  await salonPagesChanged(db);
  return took;
}
