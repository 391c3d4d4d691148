/**
 * The attempt engine. The server owns the clock: an attempt's deadline is fixed at start
 * (startedAt + time limit, capped by the exam's close time), a job scheduled at start submits the
 * attempt at the deadline, and any request after the deadline submits it too (whichever comes
 * first wins; submitting is idempotent). Saves are one UPDATE guarded by the sequence number and
 * the deadline, so the hot path never reads before it writes.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { type Db, queryRows, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs.ts';
import { can } from '../../platform/permissions.ts';
import { achievementIssuerId } from '../credentials/queries.ts';
import { type CredentialContext, issueCredential } from '../credentials/service.ts';
import { actorById, certificateIdentity } from '../identity/queries.ts';
import { scoreResponse } from '../questions/score.ts';
import { loadVersions, lockVersions, ownerOf } from '../questions/service.ts';
import type { QuestionResponse } from '../questions/types.ts';
import { examSqlGradeJob } from './jobs.ts';
import { type Attempt, type Exam, findAttempt, findExam } from './queries.ts';
import { examAttemptEvents, examAttemptSlots, examAttempts, exams } from './schema.ts';
import type { Blueprint, ExamStatus, GradingMethod, ReviewOptions, SaveError, SlotGrading } from './types.ts';

/** `orgId`: the owner of an exam being created (null: platform-owned; left out: the author's first organisation). */
export type Info = { ip?: string | null; actorId?: string | null; orgId?: string | null };

export type ExamInput = {
  title: string;
  description: string;
  status: ExamStatus;
  blueprint: Blueprint;
  timeLimitMinutes: number;
  opensAt: Date | null;
  closesAt: Date | null;
  attemptsAllowed: number;
  gradingMethod: GradingMethod;
  passPercent: number;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  review: ReviewOptions;
  requiredCourseId: string | null;
  requiredLabs: number;
  achievementId: string | null;
  staggerMinutes: number;
};

/**
 * Writes exams, audit `exams.created`. The caller has checked that the author may link the
 * achievement (routes: `achievementRefusal`); the author is recorded as its linker, and awarding
 * re-checks them.
 */
export async function createExam(db: Db, input: ExamInput, info: Info): Promise<Exam> {
  return transaction(db, async (tx) => {
    const [exam] = await tx
      .insert(exams)
      .values({
        ...input,
        createdBy: info.actorId ?? null,
        orgId: await ownerOf(tx, info),
        achievementLinkedBy: input.achievementId ? (info.actorId ?? null) : null,
      })
      .returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'exams.created',
      targetType: 'exam',
      targetId: exam.id,
      data: { title: exam.title, orgId: exam.orgId, achievementId: exam.achievementId },
      ip: info.ip,
    });
    return exam;
  });
}

/**
 * Writes exams, audit `exams.updated`. Attempts already started keep the questions they drew. The
 * owner never changes here; the editor becomes the achievement's linker (routes refuse editors who
 * may not link it).
 */
export async function updateExam(db: Db, examId: string, input: ExamInput, info: Info): Promise<Exam> {
  return transaction(db, async (tx) => {
    const [exam] = await tx
      .update(exams)
      .set({
        ...input,
        achievementLinkedBy: input.achievementId ? (info.actorId ?? null) : null,
        updatedAt: new Date(),
      })
      .where(eq(exams.id, examId))
      .returning();
    if (!exam) throw new AppError('NOT_FOUND', { messageKey: 'exams.notFound' });
    await audit(tx, {
      actorId: info.actorId,
      action: 'exams.updated',
      targetType: 'exam',
      targetId: examId,
      data: { title: exam.title, status: exam.status, achievementId: exam.achievementId },
      ip: info.ip,
    });
    return exam;
  });
}

export { computeDeadline, startAttempt, startRefusal, startTimeFor } from './start.ts';

export type SaveInput = { slot: number; seq: number; response: QuestionResponse };
export type SaveResult = { acks: { slot: number; seq: number }[] };

export class SaveRefused extends Error {
  constructor(readonly code: SaveError) {
    super(code);
  }
}

/** Largest answer accepted (an essay or a SQL query), in characters of JSON. */
export const MAX_RESPONSE_CHARS = 20_000;

/**
 * Saves changed answers: one statement for the whole batch that resolves the caller (from the
 * session, when given its hash, so the save needs no separate session lookup) and lands each
 * answer only while the attempt is the caller's, in progress and before its deadline, and only
 * over an older sequence number; the save event is written in the same statement. The answer to
 * every slot sent is its sequence number on the server: equal to the one sent when it landed,
 * higher when a newer save (from another tab or device) had already landed.
 */
export async function saveAnswers(
  db: Db,
  attemptId: string,
  who: { userId: string } | { sessionHash: string },
  answers: SaveInput[],
): Promise<SaveResult> {
  const batch = JSON.stringify(answers.map((a) => ({ slot: a.slot, seq: a.seq, response: a.response })));
  const me =
    'userId' in who
      ? sql`select ${who.userId}::uuid as user_id`
      : sql`select s.user_id from sessions s join users u on u.id = s.user_id
             where s.id_hash = ${who.sessionHash} and s.expires_at > now() and u.disabled_at is null`;
  const rows = await queryRows<{ slot: number; seq: number }>(
    db,
    sql`with me as (${me}), saved as (
      update exam_attempt_slots s
         set response = v.response, seq = v.seq, saved_at = now()
        from me, exam_attempts a, jsonb_to_recordset(${batch}::jsonb) as v(slot int, seq int, response jsonb)
       where a.id = ${attemptId} and a.user_id = me.user_id and a.status = 'in_progress'
         and a.deadline_at > now()
         and s.attempt_id = a.id and s.slot = v.slot and s.seq < v.seq
         and s.type = v.response->>'type'
      returning s.slot, s.seq
    ), logged as (
      insert into exam_attempt_events (attempt_id, kind, data)
      select ${attemptId}, 'save', jsonb_build_object('slots', jsonb_agg(slot)) from saved
      having count(*) > 0
    )
    select slot, seq from saved`,
  );
  if (rows.length === answers.length) return { acks: rows.map((r) => ({ slot: r.slot, seq: r.seq })) };
  // Not everything landed: find out why (rare, so the extra reads are off the hot path).
  const [caller] = await queryRows<{ user_id: string }>(db, me);
  if (!caller) throw new SaveRefused('unauthenticated');
  const attempt = await findAttempt(db, attemptId);
  if (attempt?.userId !== caller.user_id) throw new SaveRefused('not_found');
  if (attempt.status !== 'in_progress') throw new SaveRefused('not_active');
  if (attempt.deadlineAt <= new Date()) {
    await submitAttempt(db, attemptId, 'deadline');
    await logEvent(db, attemptId, 'late_save', { slots: answers.map((a) => a.slot) });
    throw new SaveRefused('deadline_passed');
  }
  const current = await db
    .select({ slot: examAttemptSlots.slot, seq: examAttemptSlots.seq, type: examAttemptSlots.type })
    .from(examAttemptSlots)
    .where(eq(examAttemptSlots.attemptId, attemptId));
  const bySlot = new Map(current.map((c) => [c.slot, c]));
  for (const a of answers) {
    const c = bySlot.get(a.slot);
    if (!c || c.type !== a.response.type) throw new SaveRefused('invalid');
  }
  return { acks: answers.map((a) => ({ slot: a.slot, seq: bySlot.get(a.slot)?.seq ?? a.seq })) };
}

export const EVENT_KINDS = ['focus_lost', 'focus_back', 'resume'] as const;

export async function logEvent(db: Db, attemptId: string, kind: string, data: Record<string, unknown> = {}) {
  await db.insert(examAttemptEvents).values({ attemptId, kind, data });
}

/** Submits the attempt when its deadline has passed; true when it is (now) submitted. */
export async function submitIfOverdue(db: Db, attempt: Attempt, now = new Date()): Promise<boolean> {
  if (attempt.status !== 'in_progress') return true;
  if (attempt.deadlineAt > now) return false;
  await submitAttempt(db, attempt.id, 'deadline');
  return true;
}

/**
 * Submits and grades what can be graded at once: objective questions by scoreResponse; SQL
 * answers are queued for the grader pool (job `exam.grade_sql`), essays wait for a teacher. Idempotent: a submitted attempt is left
 * as is. Writes exam_attempts, exam_attempt_slots, exam_attempt_events (submit or
 * deadline_submit), audit `exams.attempt_submitted`.
 */
export async function submitAttempt(
  db: Db,
  attemptId: string,
  by: 'candidate' | 'deadline',
): Promise<{ submitted: boolean }> {
  const submitted = await transaction(db, async (tx) => {
    const [attempt] = await tx
      .select()
      .from(examAttempts)
      .where(eq(examAttempts.id, attemptId))
      .for('update');
    if (attempt?.status !== 'in_progress') return false;
    const slots = await tx
      .select()
      .from(examAttemptSlots)
      .where(eq(examAttemptSlots.attemptId, attemptId))
      .orderBy(asc(examAttemptSlots.slot));
    const versions = await loadVersions(
      tx,
      slots.map((s) => s.versionId),
    );
    for (const s of slots) {
      const v = versions.get(s.versionId);
      if (!v) continue;
      const { grading, fraction, feedback } = autoGrade(v.body, s.response);
      if (grading === 'pending_sql') await enqueue(tx, examSqlGradeJob, { attemptId, slot: s.slot });
      await tx
        .update(examAttemptSlots)
        .set({ grading, fraction, feedback })
        .where(and(eq(examAttemptSlots.attemptId, attemptId), eq(examAttemptSlots.slot, s.slot)));
    }
    const now = new Date();
    await tx
      .update(examAttempts)
      .set({
        status: 'submitted',
        submittedAt: now < attempt.deadlineAt ? now : attempt.deadlineAt,
        submittedBy: by,
      })
      .where(eq(examAttempts.id, attemptId));
    await tx.insert(examAttemptEvents).values({
      attemptId,
      kind: by === 'deadline' ? 'deadline_submit' : 'submit',
      data: {},
    });
    await audit(tx, {
      actorId: by === 'candidate' ? attempt.userId : null,
      action: 'exams.attempt_submitted',
      targetType: 'exam_attempt',
      targetId: attemptId,
      data: { by },
      ip: null,
    });
    await recomputeAttempt(tx, attemptId);
    return true;
  });
  return { submitted };
}

function autoGrade(
  body: Parameters<typeof scoreResponse>[0],
  response: QuestionResponse | null,
): { grading: SlotGrading; fraction: number | null; feedback: string[] } {
  if (body.type === 'description') return { grading: 'none', fraction: null, feedback: [] };
  if (body.type === 'essay') {
    // An essay left empty earns nothing; there is nothing for a teacher to read.
    if (response?.type !== 'essay' || !response.text.trim())
      return { grading: 'auto', fraction: 0, feedback: [] };
    return { grading: 'pending_manual', fraction: null, feedback: [] };
  }
  if (body.type === 'sql') {
    if (response?.type !== 'sql' || !response.sql.trim())
      return { grading: 'auto', fraction: 0, feedback: [] };
    return { grading: 'pending_sql', fraction: null, feedback: [] };
  }
  const score = scoreResponse(body, response);
  return { grading: 'auto', fraction: score.fraction ?? 0, feedback: score.feedback };
}

/** Sums the attempt's marks; the score stays null while any answer waits for grading. */
export async function recomputeAttempt(db: Db, attemptId: string): Promise<void> {
  await db.execute(sql`
    update exam_attempts a set
      score = case when t.pending > 0 then null else t.total end,
      fully_graded = t.pending = 0
    from (
      select coalesce(sum(coalesce(fraction, 0) * max_mark), 0)::real as total,
             count(*) filter (where grading in ('pending_sql', 'pending_manual'))::int as pending
        from exam_attempt_slots where attempt_id = ${attemptId}
    ) t
    where a.id = ${attemptId} and a.status = 'submitted'`);
}

/** The exam grade over a candidate's finished attempts, as a percent, per the grading method. */
export function examGrade(
  attempts: Pick<Attempt, 'number' | 'score' | 'maxScore' | 'fullyGraded' | 'status'>[],
  method: GradingMethod,
): number | null {
  const done = attempts
    .filter((a) => a.status === 'submitted' && a.fullyGraded && a.score !== null)
    .sort((a, b) => a.number - b.number)
    .map((a) => (a.maxScore > 0 ? ((a.score as number) / a.maxScore) * 100 : 0));
  if (done.length === 0) return null;
  switch (method) {
    case 'highest':
      return Math.max(...done);
    case 'first':
      return done[0];
    case 'last':
      return done[done.length - 1];
    case 'average':
      return done.reduce((s, x) => s + x, 0) / done.length;
  }
}

export const passed = (grade: number | null, exam: Pick<Exam, 'passPercent'>) =>
  grade !== null && grade + 1e-9 >= exam.passPercent;

/**
 * Whether the exam may award its achievement now: whoever linked it must still hold
 * `credentials:manage` for the achievement's issuer (so an exam edited, or a link written, by
 * someone without it never awards), and the achievement must still exist.
 */
export async function linkStillAuthorised(db: Db, exam: Exam): Promise<boolean> {
  if (!exam.achievementId || !exam.achievementLinkedBy) return false;
  const issuerId = await achievementIssuerId(db, exam.achievementId);
  if (!issuerId) return false;
  const linker = await actorById(db, exam.achievementLinkedBy);
  return can(linker, 'credentials:manage', { issuerId });
}

/**
 * Issues the exam's credential when the candidate's grade now passes and no credential was issued
 * for this exam yet, in the name the holder confirmed (never the free-text display name) and only
 * to a confirmed email; the achievement link is re-checked first. Returns the credential id, if
 * one was issued.
 */
export async function awardIfPassed(
  ctx: CredentialContext,
  examId: string,
  userId: string,
): Promise<string | undefined> {
  const exam = await findExam(ctx.db, examId);
  if (!exam?.achievementId) return undefined;
  // The achievement may have been deleted since the exam was linked to it: the attempt stays
  // submitted and graded, it simply earns nothing, and the audit log says why (ADR 0027).
  if (!(await achievementIssuerId(ctx.db, exam.achievementId))) {
    const [last] = await ctx.db
      .select({ id: examAttempts.id })
      .from(examAttempts)
      .where(and(eq(examAttempts.examId, examId), eq(examAttempts.userId, userId)))
      .orderBy(desc(examAttempts.number))
      .limit(1);
    await audit(ctx.db, {
      actorId: null,
      action: 'exams.award_skipped',
      targetType: 'exam_attempt',
      targetId: last?.id ?? null,
      data: { examId, achievementId: exam.achievementId, reason: 'achievement_missing' },
    });
    return undefined;
  }
  if (!(await linkStillAuthorised(ctx.db, exam))) return undefined;
  const holder = await certificateIdentity(ctx.db, userId);
  if (!holder?.emailVerified || !holder.name) return undefined;
  const attempts = await ctx.db
    .select()
    .from(examAttempts)
    .where(and(eq(examAttempts.examId, examId), eq(examAttempts.userId, userId)));
  if (attempts.some((a) => a.credentialId)) return undefined;
  if (!passed(examGrade(attempts, exam.gradingMethod), exam)) return undefined;
  const credential = await issueCredential(
    ctx,
    exam.achievementId,
    { name: holder.name, userId },
    [{ name: exam.title }],
    { actorId: null, ip: null },
  );
  const last = attempts.sort((a, b) => b.number - a.number)[0];
  await ctx.db.update(examAttempts).set({ credentialId: credential.id }).where(eq(examAttempts.id, last.id));
  return credential.id;
}

/** Question types a teacher grades by hand; every other type is graded automatically. */
export const HAND_GRADED_TYPES: readonly string[] = ['essay'];

async function lockedSlot(tx: Db, attemptId: string, slot: number) {
  const [row] = await tx
    .select()
    .from(examAttemptSlots)
    .where(and(eq(examAttemptSlots.attemptId, attemptId), eq(examAttemptSlots.slot, slot)))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', { messageKey: 'exams.attemptNotFound' });
  return row;
}

/**
 * A teacher's mark for a hand-graded answer (an essay). An automatically graded slot is refused
 * (CONFLICT, nothing written): correcting one is `overrideSlot`. Writes exam_attempt_slots,
 * exam_attempts, exam_attempt_events (manual_grade), audit `exams.graded`.
 */
export async function gradeSlot(
  db: Db,
  attemptId: string,
  slot: number,
  input: { fraction: number; comment: string },
  info: Info,
) {
  await transaction(db, async (tx) => {
    const row = await lockedSlot(tx, attemptId, slot);
    if (!HAND_GRADED_TYPES.includes(row.type))
      throw new AppError('CONFLICT', { messageKey: 'exams.grade.autoGraded' });
    await tx
      .update(examAttemptSlots)
      .set({ fraction: input.fraction, graderComment: input.comment, grading: 'manual' })
      .where(and(eq(examAttemptSlots.attemptId, attemptId), eq(examAttemptSlots.slot, slot)));
    await recomputeAttempt(tx, attemptId);
    await tx.insert(examAttemptEvents).values({
      attemptId,
      kind: 'manual_grade',
      data: { slots: [slot], fraction: input.fraction, by: info.actorId ?? null },
    });
    await audit(tx, {
      actorId: info.actorId,
      action: 'exams.graded',
      targetType: 'exam_attempt',
      targetId: attemptId,
      data: { slot, fraction: input.fraction },
      ip: info.ip,
    });
  });
}

/**
 * Overrides the automatic grade of one answer: a separate, audited action by the exam's owner with
 * a required reason, kept in the attempt's history (event `override` with the old and new mark).
 * Writes exam_attempt_slots, exam_attempts, exam_attempt_events, audit `exams.grade_overridden`.
 */
export async function overrideSlot(
  db: Db,
  attemptId: string,
  slot: number,
  input: { fraction: number; reason: string },
  info: Info,
) {
  await transaction(db, async (tx) => {
    const row = await lockedSlot(tx, attemptId, slot);
    // Essays take a normal manual grade; a description has nothing to grade.
    if (HAND_GRADED_TYPES.includes(row.type) || row.grading === 'none')
      throw new AppError('CONFLICT', { messageKey: 'exams.grade.autoGraded' });
    await tx
      .update(examAttemptSlots)
      .set({ fraction: input.fraction, grading: 'override', graderComment: input.reason })
      .where(and(eq(examAttemptSlots.attemptId, attemptId), eq(examAttemptSlots.slot, slot)));
    await recomputeAttempt(tx, attemptId);
    const data = {
      slots: [slot],
      from: row.fraction,
      to: input.fraction,
      reason: input.reason,
      by: info.actorId ?? null,
    };
    await tx.insert(examAttemptEvents).values({ attemptId, kind: 'override', data });
    await audit(tx, {
      actorId: info.actorId,
      action: 'exams.grade_overridden',
      targetType: 'exam_attempt',
      targetId: attemptId,
      data,
      ip: info.ip,
    });
  });
}

/**
 * Regrades one question across an exam's submitted attempts against a chosen version (after the
 * question was fixed): objective answers are scored again, totals recomputed. Writes
 * exam_attempt_slots, exam_attempts, audit `exams.regraded`. Returns how many answers changed.
 */
export async function regradeQuestion(
  db: Db,
  examId: string,
  questionId: string,
  versionId: string,
  info: Info,
): Promise<number> {
  const version = (await loadVersions(db, [versionId])).get(versionId);
  if (!version || version.questionId !== questionId) throw new AppError('NOT_FOUND');
  return transaction(db, async (tx) => {
    const slots = await queryRows<{ attempt_id: string; slot: number; response: QuestionResponse | null }>(
      tx,
      sql`select s.attempt_id, s.slot, s.response from exam_attempt_slots s
            join exam_attempts a on a.id = s.attempt_id
           where a.exam_id = ${examId} and a.status = 'submitted' and s.question_id = ${questionId}`,
    );
    for (const s of slots) {
      const graded = autoGrade(version.body, s.response);
      await tx
        .update(examAttemptSlots)
        .set({ ...graded, versionId, maxMark: version.defaultMark })
        .where(and(eq(examAttemptSlots.attemptId, s.attempt_id), eq(examAttemptSlots.slot, s.slot)));
    }
    for (const id of new Set(slots.map((s) => s.attempt_id))) {
      await tx.execute(sql`update exam_attempts set max_score = (select coalesce(sum(max_mark), 0)
        from exam_attempt_slots where attempt_id = ${id}) where id = ${id}`);
      await recomputeAttempt(tx, id);
    }
    await lockVersions(tx, [versionId]);
    await audit(tx, {
      actorId: info.actorId,
      action: 'exams.regraded',
      targetType: 'exam',
      targetId: examId,
      data: { questionId, versionId, answers: slots.length },
      ip: info.ip,
    });
    return slots.length;
  });
}
