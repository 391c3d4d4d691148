/** Reads for exam pages, results and other modules (hasActiveAttempt turns the tutor off). */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { examAttemptEvents, examAttemptSlots, examAttempts, exams } from './schema.ts';

export type Exam = typeof exams.$inferSelect;
export type Attempt = typeof examAttempts.$inferSelect;
export type Slot = typeof examAttemptSlots.$inferSelect;
export type AttemptEvent = typeof examAttemptEvents.$inferSelect;

export async function findExam(db: Db, id: string): Promise<Exam | undefined> {
  const [exam] = await db.select().from(exams).where(eq(exams.id, id));
  return exam;
}

export async function listExams(db: Db, opts: { includeDrafts: boolean }): Promise<Exam[]> {
  return db
    .select()
    .from(exams)
    .where(opts.includeDrafts ? undefined : eq(exams.status, 'published'))
    .orderBy(desc(exams.createdAt));
}

export async function findAttempt(db: Db, id: string): Promise<Attempt | undefined> {
  const [attempt] = await db.select().from(examAttempts).where(eq(examAttempts.id, id));
  return attempt;
}

/** True while the person has an attempt in progress (whose deadline has not passed). */
export async function hasActiveAttempt(db: Db, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: examAttempts.id })
    .from(examAttempts)
    .where(
      and(
        eq(examAttempts.userId, userId),
        eq(examAttempts.status, 'in_progress'),
        sql`${examAttempts.deadlineAt} > now()`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** The person's attempt in progress, on any exam. */
export async function activeAttempt(db: Db, userId: string): Promise<Attempt | undefined> {
  const [a] = await db
    .select()
    .from(examAttempts)
    .where(and(eq(examAttempts.userId, userId), eq(examAttempts.status, 'in_progress')));
  return a;
}

export async function attemptsOf(db: Db, examId: string, userId: string): Promise<Attempt[]> {
  return db
    .select()
    .from(examAttempts)
    .where(and(eq(examAttempts.examId, examId), eq(examAttempts.userId, userId)))
    .orderBy(asc(examAttempts.number));
}

export async function attemptSlots(db: Db, attemptId: string): Promise<Slot[]> {
  return db
    .select()
    .from(examAttemptSlots)
    .where(eq(examAttemptSlots.attemptId, attemptId))
    .orderBy(asc(examAttemptSlots.slot));
}

export async function attemptEvents(db: Db, attemptId: string): Promise<AttemptEvent[]> {
  return db
    .select()
    .from(examAttemptEvents)
    .where(eq(examAttemptEvents.attemptId, attemptId))
    .orderBy(asc(examAttemptEvents.id));
}

export async function examAttemptsList(db: Db, examId: string): Promise<Attempt[]> {
  return db
    .select()
    .from(examAttempts)
    .where(eq(examAttempts.examId, examId))
    .orderBy(asc(examAttempts.startedAt));
}

export type PendingGrade = { attemptId: string; slot: number; versionId: string; userId: string };

/** Essays (and SQL answers the grader has not reached) that wait for a teacher, oldest first. */
export async function manualQueue(db: Db, examId: string): Promise<PendingGrade[]> {
  const rows = await queryRows<{ attempt_id: string; slot: number; version_id: string; user_id: string }>(
    db,
    sql`select s.attempt_id, s.slot, s.version_id, a.user_id
          from exam_attempt_slots s join exam_attempts a on a.id = s.attempt_id
         where a.exam_id = ${examId} and s.grading = 'pending_manual'
         order by a.submitted_at, s.slot`,
  );
  return rows.map((r) => ({
    attemptId: r.attempt_id,
    slot: r.slot,
    versionId: r.version_id,
    userId: r.user_id,
  }));
}

export type QuestionStat = {
  questionId: string;
  versions: string[];
  answered: number;
  /** Mean fraction (0..1) of the mark: Moodle's facility index. */
  facility: number | null;
  /**
   * Discrimination index: the question's facility in the top third of attempts (by total score)
   * minus its facility in the bottom third, from -1 to 1.
   */
  discrimination: number | null;
};

/** Per-question statistics over an exam's fully graded attempts. */
export async function questionStats(db: Db, examId: string): Promise<QuestionStat[]> {
  const rows = await queryRows<{
    attempt_id: string;
    question_id: string;
    version_id: string;
    fraction: number | null;
    total: number;
  }>(
    db,
    sql`select s.attempt_id, s.question_id, s.version_id, s.fraction,
               (a.score / nullif(a.max_score, 0))::float8 as total
          from exam_attempt_slots s join exam_attempts a on a.id = s.attempt_id
         where a.exam_id = ${examId} and a.status = 'submitted' and a.fully_graded
           and s.grading <> 'none'`,
  );
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.attempt_id, Number(r.total ?? 0));
  const ranked = [...totals].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  const third = Math.max(1, Math.floor(ranked.length / 3));
  const top = new Set(ranked.slice(0, third));
  const bottom = new Set(ranked.slice(-third));
  const byQuestion = new Map<string, typeof rows>();
  for (const r of rows) byQuestion.set(r.question_id, [...(byQuestion.get(r.question_id) ?? []), r]);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
  return [...byQuestion].map(([questionId, rs]) => {
    const f = (r: (typeof rows)[number]) => Number(r.fraction ?? 0);
    const hi = mean(rs.filter((r) => top.has(r.attempt_id)).map(f));
    const lo = mean(rs.filter((r) => bottom.has(r.attempt_id)).map(f));
    return {
      questionId,
      versions: [...new Set(rs.map((r) => r.version_id))],
      answered: rs.length,
      facility: mean(rs.map(f)),
      discrimination: ranked.length >= 3 && hi !== null && lo !== null ? hi - lo : null,
    };
  });
}
