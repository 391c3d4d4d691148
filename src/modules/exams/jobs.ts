/**
 * The exams module's background jobs. Each is listed once in `src/jobs.ts`; the services enqueue
 * them in the transaction of the change that calls for them.
 */
import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { gradeSqlAnswer } from './grading.ts';
import { findAttempt } from './queries.ts';
import { awardIfPassed, submitAttempt } from './service.ts';

/** At an attempt's deadline: submits it if the candidate has not, then awards a pass. */
export const examDeadlineJob = defineJob(
  'exam.deadline',
  z.object({ attemptId: z.guid() }),
  async ({ attemptId }, { db, config }) => {
    const attempt = await findAttempt(db, attemptId);
    if (!attempt) return;
    // A job that runs early (clock skew between processes) tries again rather than submitting early.
    if (attempt.status === 'in_progress' && attempt.deadlineAt > new Date())
      throw new Error('deadline not reached yet');
    await submitAttempt(db, attemptId, 'deadline');
    await awardIfPassed(
      { db, publicUrl: config.PUBLIC_URL, secret: config.GONGJIN_SECRET },
      attempt.examId,
      attempt.userId,
    );
  },
);

/** Grades one SQL answer in the grader's sandbox, then awards a pass if the attempt now passes. */
export const examSqlGradeJob = defineJob(
  'exam.grade_sql',
  z.object({ attemptId: z.guid(), slot: z.number().int().nonnegative() }),
  async ({ attemptId, slot }, { db, config }) => {
    await gradeSqlAnswer(db, attemptId, slot, {
      publicUrl: config.PUBLIC_URL,
      secret: config.GONGJIN_SECRET,
    });
  },
);
