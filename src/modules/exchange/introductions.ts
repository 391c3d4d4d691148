/**
 * Brokered introductions (double opt-in): a party asks to be introduced to a suggested party; the
 * other side accepts or declines before a deadline (reminded two days before, expired at it); on
 * acceptance both sides get each other's contacts; weeks later both are asked where it led, on a
 * five-level ladder. Every step is one transaction that writes the introduction, its log event and
 * the audit entry, and queues its mail and jobs.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { translator } from '../../platform/i18n.ts';
import { enqueue } from '../../platform/jobs.ts';
import { queueMail } from '../../platform/mail.ts';
import type { Actor } from '../../platform/permissions.ts';
import { formatShanghai } from '../../platform/time.ts';
import { introExpireJob, introReminderJob, outcomeSurveyJob } from './jobs.ts';
import { reasonStrings } from './match.ts';
import { actsAs, partyContacts, partyNames } from './parties.ts';
import { exchangeIntroductionEvents, exchangeIntroductions, type OutcomeLevel } from './schema.ts';
import { INCOMING_CAP, OUTGOING_CAP, pairScore } from './suggest.ts';

const DAY = 24 * 3600 * 1000;
/** How long the other side has to answer. */
export const RESPONSE_DAYS = 7;
/** When both sides are asked where an accepted introduction led. */
export const SURVEY_AFTER_DAYS = 30;

type Info = { ip: string | null; publicUrl: string; now?: Date };
type Intro = typeof exchangeIntroductions.$inferSelect;

const t = translator('zh-CN');

async function mailParty(
  db: Db,
  party: string,
  template: string,
  subject: string,
  text: (name: string) => string,
): Promise<void> {
  for (const c of await partyContacts(db, party))
    await queueMail(db, { to: c.email, subject, text: text(c.name), template });
}

async function logEvent(db: Db, introductionId: string, kind: string, actorId: string | null, data = {}) {
  await db.insert(exchangeIntroductionEvents).values({ introductionId, kind, actorId, data });
}

/** Locks an introduction; to someone outside the pair it does not exist (as its page answers). */
async function lockIntro(db: Db, id: string, actor: Actor): Promise<Intro> {
  const [intro] = await db
    .select()
    .from(exchangeIntroductions)
    .where(eq(exchangeIntroductions.id, id))
    .for('update');
  if (!intro || (!actsAs(actor, intro.fromParty) && !actsAs(actor, intro.toParty)))
    throw new AppError('NOT_FOUND');
  return intro;
}

/**
 * Asks for an introduction from `party` (which the actor acts as) to `other`. Refused when the pair
 * is blocked or does not match (409), when one is already waiting or accepted between them, when
 * the requester has OUTGOING_CAP requests waiting, or the other side INCOMING_CAP. Writes the
 * request with its score and reasons, a `requested` event and audit entry, mails the other side,
 * and queues the reminder (two days before the deadline) and the expiry (at it).
 */
export async function requestIntroduction(
  db: Db,
  actor: Actor,
  input: { party: string; other: string; note: string },
  info: Info,
): Promise<Intro> {
  if (!actsAs(actor, input.party))
    throw new AppError('FORBIDDEN', { messageKey: 'exchange.error.notYourParty' });
  if (input.party === input.other)
    throw new AppError('INVALID_INPUT', { messageKey: 'exchange.error.sameParty' });
  const now = info.now ?? new Date();
  return transaction(db, async (tx) => {
    // One requester at a time per party: the caps are counted and kept under this lock.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`exchange:${input.party}`}))`);
    const match = await pairScore(tx, input.party, input.other);
    if (match.score <= 0 && !match.forward)
      throw new AppError('CONFLICT', { messageKey: 'exchange.error.noMatch' });
    const [counts] = await tx
      .select({
        pairOpen: sql<number>`count(*) filter (where status in ('requested','accepted') and ((from_party = ${input.party} and to_party = ${input.other}) or (from_party = ${input.other} and to_party = ${input.party})))::int`,
        outgoing: sql<number>`count(*) filter (where status = 'requested' and from_party = ${input.party})::int`,
        incoming: sql<number>`count(*) filter (where status = 'requested' and to_party = ${input.other})::int`,
      })
      .from(exchangeIntroductions)
      .where(
        or(
          inArray(exchangeIntroductions.fromParty, [input.party, input.other]),
          eq(exchangeIntroductions.toParty, input.other),
        ),
      );
    if (Number(counts.pairOpen) > 0)
      throw new AppError('CONFLICT', { messageKey: 'exchange.error.alreadyOpen' });
    if (Number(counts.outgoing) >= OUTGOING_CAP)
      throw new AppError('CONFLICT', {
        messageKey: 'exchange.error.outgoingCap',
        vars: { cap: OUTGOING_CAP },
      });
    if (Number(counts.incoming) >= INCOMING_CAP)
      throw new AppError('CONFLICT', { messageKey: 'exchange.error.incomingCap' });
    const respondBy = new Date(now.getTime() + RESPONSE_DAYS * DAY);
    const [intro] = await tx
      .insert(exchangeIntroductions)
      .values({
        fromParty: input.party,
        toParty: input.other,
        requestedBy: actor.userId,
        needId: match.forward?.needId ?? null,
        offerId: match.forward?.offerId ?? null,
        note: input.note,
        score: match.score,
        reasons: reasonStrings([...(match.forward?.reasons ?? []), ...(match.backward?.reasons ?? [])]),
        respondBy,
        createdAt: now,
      })
      .returning();
    await logEvent(tx, intro.id, 'requested', actor.userId, { score: match.score });
    await audit(tx, {
      actorId: actor.userId,
      action: 'exchange.introduction_requested',
      targetType: 'exchange_introduction',
      targetId: intro.id,
      data: { from: input.party, to: input.other, score: match.score },
      ip: info.ip,
    });
    const names = await partyNames(tx, [input.party], 'zh-CN');
    const link = `${info.publicUrl}/exchange/introductions/${intro.id}`;
    await mailParty(
      tx,
      input.other,
      'exchange.introduction_requested',
      t('exchange.mail.requested.subject'),
      (name) =>
        t('exchange.mail.requested.text', {
          name,
          from: names.get(input.party) ?? '',
          note: input.note || '—',
          deadline: formatShanghai(respondBy),
          link,
        }),
    );
    await enqueue(
      tx,
      introReminderJob,
      { introductionId: intro.id },
      { runAt: new Date(respondBy.getTime() - 2 * DAY) },
    );
    await enqueue(tx, introExpireJob, { introductionId: intro.id }, { runAt: respondBy });
    return intro;
  });
}

/**
 * The other side's answer. Only while the request waits and before its deadline (after it, the
 * request is expired on the spot). Accepting mails both sides each other's contacts and queues the
 * outcome survey; declining tells the requester. Writes the status, an event and an audit entry.
 */
export async function respondToIntroduction(
  db: Db,
  actor: Actor,
  id: string,
  answer: 'accept' | 'decline',
  info: Info,
): Promise<Intro> {
  const now = info.now ?? new Date();
  const result = await transaction(db, async (tx) => {
    const intro = await lockIntro(tx, id, actor);
    if (!actsAs(actor, intro.toParty)) throw new AppError('FORBIDDEN');
    if (intro.status !== 'requested')
      throw new AppError('CONFLICT', { messageKey: 'exchange.error.notWaiting' });
    if (now >= intro.respondBy) {
      await expire(tx, intro);
      return { expired: true as const };
    }
    const status = answer === 'accept' ? 'accepted' : 'declined';
    const [updated] = await tx
      .update(exchangeIntroductions)
      .set({ status, respondedBy: actor.userId, respondedAt: now })
      .where(eq(exchangeIntroductions.id, id))
      .returning();
    await logEvent(tx, id, status, actor.userId);
    await audit(tx, {
      actorId: actor.userId,
      action: status === 'accepted' ? 'exchange.introduction_accepted' : 'exchange.introduction_declined',
      targetType: 'exchange_introduction',
      targetId: id,
      ip: info.ip,
    });
    const names = await partyNames(tx, [intro.fromParty, intro.toParty], 'zh-CN');
    const link = `${info.publicUrl}/exchange/introductions/${id}`;
    if (status === 'accepted') {
      for (const [me, them] of [
        [intro.fromParty, intro.toParty],
        [intro.toParty, intro.fromParty],
      ]) {
        const contacts = (await partyContacts(tx, them)).map((c) => `${c.name} <${c.email}>`).join('\n');
        await mailParty(
          tx,
          me,
          'exchange.introduction_accepted',
          t('exchange.mail.accepted.subject'),
          (name) => t('exchange.mail.accepted.text', { name, other: names.get(them) ?? '', contacts, link }),
        );
      }
      await enqueue(
        tx,
        outcomeSurveyJob,
        { introductionId: id },
        { runAt: new Date(now.getTime() + SURVEY_AFTER_DAYS * DAY) },
      );
    } else {
      await mailParty(
        tx,
        intro.fromParty,
        'exchange.introduction_declined',
        t('exchange.mail.declined.subject'),
        (name) => t('exchange.mail.declined.text', { name, other: names.get(intro.toParty) ?? '', link }),
      );
    }
    return { expired: false as const, intro: updated };
  });
  if (result.expired) throw new AppError('CONFLICT', { messageKey: 'exchange.error.expired' });
  return result.intro;
}

/** The requester takes a waiting request back. Event and audit `withdrawn`. */
export async function withdrawIntroduction(db: Db, actor: Actor, id: string, info: Info): Promise<Intro> {
  return transaction(db, async (tx) => {
    const intro = await lockIntro(tx, id, actor);
    if (!actsAs(actor, intro.fromParty)) throw new AppError('FORBIDDEN');
    if (intro.status !== 'requested')
      throw new AppError('CONFLICT', { messageKey: 'exchange.error.notWaiting' });
    const [updated] = await tx
      .update(exchangeIntroductions)
      .set({ status: 'withdrawn' })
      .where(eq(exchangeIntroductions.id, id))
      .returning();
    await logEvent(tx, id, 'withdrawn', actor.userId);
    await audit(tx, {
      actorId: actor.userId,
      action: 'exchange.introduction_withdrawn',
      targetType: 'exchange_introduction',
      targetId: id,
      ip: info.ip,
    });
    return updated;
  });
}

/**
 * Records where an accepted introduction led (0 no contact … 4 agreement reached), by either side;
 * a later answer replaces the earlier one and both stay in the log. Event `outcome` and audit.
 */
export async function recordOutcome(
  db: Db,
  actor: Actor,
  id: string,
  level: OutcomeLevel,
  info: Info,
): Promise<Intro> {
  const now = info.now ?? new Date();
  return transaction(db, async (tx) => {
    const intro = await lockIntro(tx, id, actor);
    if (!actsAs(actor, intro.fromParty) && !actsAs(actor, intro.toParty)) throw new AppError('FORBIDDEN');
    if (intro.status !== 'accepted')
      throw new AppError('CONFLICT', { messageKey: 'exchange.error.notAccepted' });
    const [updated] = await tx
      .update(exchangeIntroductions)
      .set({ outcome: level, outcomeAt: now })
      .where(eq(exchangeIntroductions.id, id))
      .returning();
    await logEvent(tx, id, 'outcome', actor.userId, { level });
    await audit(tx, {
      actorId: actor.userId,
      action: 'exchange.outcome_recorded',
      targetType: 'exchange_introduction',
      targetId: id,
      data: { level },
      ip: info.ip,
    });
    return updated;
  });
}

async function expire(tx: Db, intro: Intro): Promise<void> {
  await tx
    .update(exchangeIntroductions)
    .set({ status: 'expired' })
    .where(eq(exchangeIntroductions.id, intro.id));
  await logEvent(tx, intro.id, 'expired', null);
  await audit(tx, {
    action: 'exchange.introduction_expired',
    targetType: 'exchange_introduction',
    targetId: intro.id,
  });
}

/** Job: two days before the deadline, reminds the other side of a request still waiting. */
export async function remindIntroduction(db: Db, id: string, publicUrl: string): Promise<void> {
  await transaction(db, async (tx) => {
    const [intro] = await tx.select().from(exchangeIntroductions).where(eq(exchangeIntroductions.id, id));
    if (intro?.status !== 'requested') return;
    const names = await partyNames(tx, [intro.fromParty], 'zh-CN');
    await mailParty(
      tx,
      intro.toParty,
      'exchange.introduction_reminder',
      t('exchange.mail.reminder.subject'),
      (name) =>
        t('exchange.mail.reminder.text', {
          name,
          from: names.get(intro.fromParty) ?? '',
          deadline: formatShanghai(intro.respondBy),
          link: `${publicUrl}/exchange/introductions/${id}`,
        }),
    );
    await logEvent(tx, id, 'reminded', null);
  });
}

/** Job: at the deadline, a request nobody answered expires (the requester may ask someone else). */
export async function expireIntroduction(db: Db, id: string, now = new Date()): Promise<void> {
  await transaction(db, async (tx) => {
    const [intro] = await tx
      .select()
      .from(exchangeIntroductions)
      .where(and(eq(exchangeIntroductions.id, id), eq(exchangeIntroductions.status, 'requested')))
      .for('update');
    if (!intro || now < intro.respondBy) return;
    await expire(tx, intro);
  });
}

/** Job: weeks after acceptance, asks both sides where the introduction led (unless one answered). */
export async function sendOutcomeSurvey(db: Db, id: string, publicUrl: string): Promise<void> {
  await transaction(db, async (tx) => {
    const [intro] = await tx.select().from(exchangeIntroductions).where(eq(exchangeIntroductions.id, id));
    if (intro?.status !== 'accepted' || intro.outcome !== null) return;
    const names = await partyNames(tx, [intro.fromParty, intro.toParty], 'zh-CN');
    for (const [me, them] of [
      [intro.fromParty, intro.toParty],
      [intro.toParty, intro.fromParty],
    ])
      await mailParty(tx, me, 'exchange.outcome_survey', t('exchange.mail.survey.subject'), (name) =>
        t('exchange.mail.survey.text', {
          name,
          other: names.get(them) ?? '',
          link: `${publicUrl}/exchange/introductions/${id}`,
        }),
      );
    await logEvent(tx, id, 'survey_sent', null);
  });
}
