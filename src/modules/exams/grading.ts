/**
 * SQL answers are graded after submit, in jobs, by the process's exam grader pool: worker threads
 * of their own, apart from the labs' pool, so a flood of lab queries never delays them (ADR 0027).
 * Each has its own PGlite, so a runaway query never blocks the web process; started on the first
 * job and stopped after a quiet minute (see grader/shared.ts).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { examGrader } from '../grader/shared.ts';
import { loadVersions } from '../questions/service.ts';
import { findAttempt } from './queries.ts';
import { examAttemptSlots } from './schema.ts';
import { awardIfPassed, recomputeAttempt } from './service.ts';
import type { SlotFeedback } from './types.ts';

/** Stops the exam grader's workers (tests, shutdown). */
export const closeExamGrader = () => examGrader.close();

/** Grades one SQL answer of a submitted attempt, then totals the attempt and awards a pass. */
export async function gradeSqlAnswer(
  db: Db,
  attemptId: string,
  slot: number,
  ctx: { secret: string; publicUrl: string },
): Promise<void> {
  const [row] = await db
    .select()
    .from(examAttemptSlots)
    .where(and(eq(examAttemptSlots.attemptId, attemptId), eq(examAttemptSlots.slot, slot)));
  if (row?.grading !== 'pending_sql') return;
  const version = (await loadVersions(db, [row.versionId])).get(row.versionId);
  if (version?.body.type !== 'sql') return;
  const candidateSql = row.response?.type === 'sql' ? row.response.sql : '';
  const result = await examGrader.grade(version.body.sql, candidateSql);
  // Not the candidate's fault (a worker died, the question is broken): let the job retry.
  if (result.status === 'internal') throw new Error(`grader: internal (${result.diagnostics[0]?.code})`);
  // Codes, not text: the review page translates them into its reader's language.
  const feedback: SlotFeedback[] = result.diagnostics.map((d) =>
    d.vars ? { code: d.code, vars: d.vars } : { code: d.code },
  );
  await db
    .update(examAttemptSlots)
    .set({ fraction: result.score, feedback, grading: 'auto' })
    .where(
      and(
        eq(examAttemptSlots.attemptId, attemptId),
        eq(examAttemptSlots.slot, slot),
        eq(examAttemptSlots.grading, 'pending_sql'),
      ),
    );
  await recomputeAttempt(db, attemptId);
  const attempt = await findAttempt(db, attemptId);
  if (attempt) await awardIfPassed({ db, ...ctx }, attempt.examId, attempt.userId);
}
