/**
 * Starting an attempt — the one exam request that arrives all at once: a certification sitting
 * opens at an announced minute and every candidate clicks within the same few seconds (ADR 0038).
 * So a start is safe to repeat and to run many times at once: a candidate's second click (or a
 * retried request) gets the attempt the first one created; the shared question versions are locked
 * in one order outside the attempt's transaction; a transaction PostgreSQL aborts for a deadlock or
 * a serialization failure runs again.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows, transaction, withRetries } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs.ts';
import { loadVersions, lockVersions } from '../questions/service.ts';
import { drawQuestions } from './blueprint.ts';
import { examDeadlineJob } from './jobs.ts';
import { type Attempt, type Exam, findAttempt, findExam } from './queries.ts';
import { examAttemptEvents, examAttemptSlots, examAttempts } from './schema.ts';
import type { Info } from './service.ts';

/** A stable number from a string (FNV-1a), for per-candidate stagger offsets. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * When this candidate may start: with a staggered start, candidates are spread evenly (by a hash
 * of their id) over the first `staggerMinutes` after opening, so a synchronised start does not hit
 * the server all at one second.
 */
export function startTimeFor(exam: Exam, userId: string): Date | null {
  if (!exam.opensAt) return null;
  if (exam.staggerMinutes <= 0) return exam.opensAt;
  const offsetMs = (hash32(userId) % (exam.staggerMinutes * 60)) * 1000;
  return new Date(exam.opensAt.getTime() + offsetMs);
}

export function computeDeadline(exam: Exam, startedAt: Date): Date {
  const byLimit = new Date(startedAt.getTime() + exam.timeLimitMinutes * 60_000);
  return exam.closesAt && exam.closesAt < byLimit ? exam.closesAt : byLimit;
}

/** Why a candidate may not start now, as a catalogue key; undefined when they may. */
export function startRefusal(
  exam: Exam,
  userId: string,
  attemptsUsed: number,
  now: Date,
):
  | 'exams.start.notPublished'
  | 'exams.start.notOpen'
  | 'exams.start.closed'
  | 'exams.start.noAttemptsLeft'
  | undefined {
  if (exam.status !== 'published') return 'exams.start.notPublished';
  const from = startTimeFor(exam, userId);
  if (from && now < from) return 'exams.start.notOpen';
  if (exam.closesAt && now >= exam.closesAt) return 'exams.start.closed';
  if (exam.attemptsAllowed > 0 && attemptsUsed >= exam.attemptsAllowed) return 'exams.start.noAttemptsLeft';
  return undefined;
}

/**
 * Starts an attempt, or answers the candidate's attempt in progress on this exam when there is one
 * (a double click, a retried request, two tabs): draws the questions with a fresh seed, locks
 * their versions, schedules the deadline job. Writes exam_attempts, exam_attempt_slots,
 * exam_attempt_events (start), jobs, audit `exams.attempt_started` — none of them when an
 * existing attempt is answered. An attempt in progress on another exam is refused (CONFLICT).
 * `exam` may be the row the caller already read.
 */
export async function startAttempt(
  db: Db,
  exam: string | Exam,
  userId: string,
  info: Info,
  now = new Date(),
  /** The draw's seed; the demo seed passes its own so the demo's exam results repeat. */
  seed = Math.floor(Math.random() * 2 ** 31),
): Promise<Attempt> {
  const found = typeof exam === 'string' ? await findExam(db, exam) : exam;
  if (!found) throw new AppError('NOT_FOUND', { messageKey: 'exams.notFound' });
  const drawn = await drawQuestions(db, found.blueprint, seed, found.shuffleQuestions, found.orgId);
  if (!drawn || drawn.length === 0)
    throw new AppError('CONFLICT', { messageKey: 'exams.start.bankTooSmall' });
  const versions = await loadVersions(
    db,
    drawn.map((d) => d.versionId),
  );
  if (drawn.some((d) => !versions.has(d.versionId)))
    throw new AppError('CONFLICT', { messageKey: 'exams.start.bankTooSmall' });
  // Locked before the attempt exists, in a statement of its own: after the first attempt there is
  // nothing left to lock, and the first wave of a synchronised start holds these rows only for
  // that one statement, never for a whole attempt's transaction. A version locked for an attempt
  // that then fails stays locked: an edit makes a new version, which loses nothing.
  await lockVersions(
    db,
    [...new Set(drawn.map((d) => d.versionId))].filter((id) => !versions.get(id)?.lockedAt),
  );
  return withRetries(() =>
    transaction(db, async (tx) => {
      const [mine] = await queryRows<{ used: number; active_id: string | null; active_exam: string | null }>(
        tx,
        sql`select (select count(*)::int from exam_attempts where exam_id = ${found.id} and user_id = ${userId}) as used,
                   a.id as active_id, a.exam_id as active_exam
              from (select 1) one
              left join exam_attempts a on a.user_id = ${userId} and a.status = 'in_progress'`,
      );
      const already = await existingAttempt(tx, found.id, mine.active_id, mine.active_exam);
      if (already) return already;
      const refusal = startRefusal(found, userId, mine.used, now);
      if (refusal) throw new AppError('CONFLICT', { messageKey: refusal });
      const deadlineAt = computeDeadline(found, now);
      const inserted = await tx
        .insert(examAttempts)
        .values({
          examId: found.id,
          userId,
          number: mine.used + 1,
          seed,
          startedAt: now,
          deadlineAt,
          maxScore: drawn.reduce((s, d) => s + (versions.get(d.versionId)?.defaultMark ?? 0), 0),
        })
        // Another start of this candidate committed first (it held the unique index entry we
        // waited on): answer the attempt it made.
        .onConflictDoNothing()
        .returning();
      if (inserted.length === 0) {
        const [other] = await queryRows<{ id: string; exam_id: string }>(
          tx,
          sql`select id, exam_id from exam_attempts where user_id = ${userId} and status = 'in_progress'`,
        );
        const winner = await existingAttempt(tx, found.id, other?.id ?? null, other?.exam_id ?? null);
        if (winner) return winner;
        throw new AppError('CONFLICT', { messageKey: 'exams.start.alreadyActive' });
      }
      const attempt = inserted[0];
      await tx.insert(examAttemptSlots).values(
        drawn.map((d, i) => {
          const v = versions.get(d.versionId);
          return {
            attemptId: attempt.id,
            slot: i + 1,
            section: d.section,
            questionId: d.questionId,
            versionId: d.versionId,
            type: v?.type ?? '',
            maxMark: v?.defaultMark ?? 0,
          };
        }),
      );
      await tx
        .insert(examAttemptEvents)
        .values({ attemptId: attempt.id, kind: 'start', data: { ip: info.ip } });
      await enqueue(tx, examDeadlineJob, { attemptId: attempt.id }, { runAt: deadlineAt });
      await audit(tx, {
        actorId: userId,
        action: 'exams.attempt_started',
        targetType: 'exam_attempt',
        targetId: attempt.id,
        data: { examId: found.id, number: attempt.number },
        ip: info.ip,
      });
      return attempt;
    }),
  );
}

/** The attempt in progress to answer instead of starting one; a CONFLICT when it is another exam's. */
async function existingAttempt(
  tx: Db,
  examId: string,
  activeId: string | null,
  activeExam: string | null,
): Promise<Attempt | undefined> {
  if (!activeId) return undefined;
  if (activeExam !== examId) throw new AppError('CONFLICT', { messageKey: 'exams.start.alreadyActive' });
  return findAttempt(tx, activeId);
}
