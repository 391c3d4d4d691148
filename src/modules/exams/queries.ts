/** Reads for exam pages, results and other modules (hasActiveAttempt turns the tutor off). */
import { and, asc, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
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

/** Published exams, and the drafts of the organisations given ('all': every draft). */
export async function listExams(db: Db, opts: { draftsOf: 'all' | string[] }): Promise<Exam[]> {
  const published = eq(exams.status, 'published');
  const where =
    opts.draftsOf === 'all'
      ? undefined
      : opts.draftsOf.length > 0
        ? or(published, inArray(exams.orgId, opts.draftsOf))
        : published;
  return db.select().from(exams).where(where).orderBy(desc(exams.createdAt));
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

/** One attempt as the proctor's live view shows it: progress and notable events, no responses. */
export type LiveAttempt = {
  id: string;
  userId: string;
  number: number;
  status: Attempt['status'];
  startedAt: Date;
  deadlineAt: Date;
  submittedAt: Date | null;
  submittedBy: string | null;
  /** Questions in the attempt, and those with a non-empty saved answer. */
  slots: number;
  answered: number;
  lastSaveAt: Date | null;
  focusLost: number;
  focusBack: number;
  resumes: number;
  /** Saves refused after the deadline. */
  lateSaves: number;
  lastEventAt: Date | null;
  lastEventKind: string | null;
};

/**
 * Every attempt of an exam with what a proctor watches: answered count, last save, focus losses,
 * resumes (reloads, reconnects, another device) and late saves. One statement; timestamps come
 * back as epoch milliseconds so PGlite and PostgreSQL drivers agree. Responses are only tested
 * for emptiness, never returned.
 */
export async function liveAttempts(db: Db, examId: string): Promise<LiveAttempt[]> {
  const ms = (col: SQL) => sql`(extract(epoch from ${col}) * 1000)::float8`;
  const rows = await queryRows<{
    id: string;
    user_id: string;
    number: number;
    status: Attempt['status'];
    started_at: number;
    deadline_at: number;
    submitted_at: number | null;
    submitted_by: string | null;
    slots: number;
    answered: number;
    last_save_at: number | null;
    focus_lost: number;
    focus_back: number;
    resumes: number;
    late_saves: number;
    last_event_at: number | null;
    last_event_kind: string | null;
  }>(
    db,
    sql`select a.id, a.user_id, a.number, a.status, a.submitted_by,
               ${ms(sql`a.started_at`)} as started_at, ${ms(sql`a.deadline_at`)} as deadline_at,
               ${ms(sql`a.submitted_at`)} as submitted_at,
               s.slots, s.answered, ${ms(sql`s.last_save_at`)} as last_save_at,
               e.focus_lost, e.focus_back, e.resumes, e.late_saves,
               ${ms(sql`e.last_event_at`)} as last_event_at, e.last_event_kind
          from exam_attempts a
          cross join lateral (
            select count(*)::int as slots,
                   count(*) filter (where case
                     when x.response is null then false
                     when x.response->>'type' = 'single_choice' then x.response->>'choice' is not null
                     when x.response->>'type' = 'multiple_choice' then jsonb_array_length(x.response->'choices') > 0
                     when x.response->>'type' = 'true_false' then x.response->>'value' is not null
                     when x.response->>'type' = 'matching' then x.response->'answers' <> '{}'::jsonb
                     else btrim(coalesce(x.response->>'text', x.response->>'sql', '')) <> ''
                   end)::int as answered,
                   max(x.saved_at) as last_save_at
              from exam_attempt_slots x where x.attempt_id = a.id) s
          cross join lateral (
            select count(*) filter (where v.kind = 'focus_lost')::int as focus_lost,
                   count(*) filter (where v.kind = 'focus_back')::int as focus_back,
                   count(*) filter (where v.kind = 'resume')::int as resumes,
                   count(*) filter (where v.kind = 'late_save')::int as late_saves,
                   max(v.at) filter (where v.kind <> 'save') as last_event_at,
                   (array_agg(v.kind order by v.id desc) filter (where v.kind <> 'save'))[1] as last_event_kind
              from exam_attempt_events v where v.attempt_id = a.id) e
         where a.exam_id = ${examId}
         order by a.started_at, a.number`,
  );
  const date = (n: number | null) => (n === null ? null : new Date(Number(n)));
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    number: Number(r.number),
    status: r.status,
    startedAt: new Date(Number(r.started_at)),
    deadlineAt: new Date(Number(r.deadline_at)),
    submittedAt: date(r.submitted_at),
    submittedBy: r.submitted_by,
    slots: Number(r.slots),
    answered: Number(r.answered),
    lastSaveAt: date(r.last_save_at),
    focusLost: Number(r.focus_lost),
    focusBack: Number(r.focus_back),
    resumes: Number(r.resumes),
    lateSaves: Number(r.late_saves),
    lastEventAt: date(r.last_event_at),
    lastEventKind: r.last_event_kind,
  }));
}
