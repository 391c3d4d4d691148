/** Exams: blueprints, timed attempts with autosave, grading, proctoring, results and certificates. */
import { Hono } from 'hono';
import type { AppEnv } from '../../platform/context.ts';
import { defineModule } from '../../platform/module.ts';
import { orgTeacher, teacherOrAdmin } from '../../platform/permissions.ts';
import { examDeadlineJob, examSqlGradeJob } from './jobs.ts';
import * as messages from './messages.ts';
import { type Eligibility, examEntryQueue, examRoutes, examSaveRoutes } from './routes.tsx';

/** Eligibility (enrolment, labs passed) is learning's to answer: the list passes it in (ADR 0033). */
export const examsModule = (wiring: { eligibility: Eligibility }) =>
  defineModule({
    name: 'exams',
    messages,
    permissions: {
      /** Author exams at all (each exam is then checked with `exams:own`). */
      'exams:manage': teacherOrAdmin,
      /** See the grading pages at all (each exam is then checked with `exams:own`). */
      'exams:grade': teacherOrAdmin,
      /**
       * Edit one exam, see its results, event logs and live board, grade and override it (scope: the
       * exam's owning orgId): its organisation's teachers and platform admins.
       */
      'exams:own': orgTeacher,
    },
    auditActions: [
      'exams.attempt_started',
      'exams.attempt_submitted',
      'exams.award_skipped',
      'exams.created',
      'exams.grade_overridden',
      'exams.graded',
      'exams.regraded',
      'exams.updated',
    ],
    // Where its tables would live in a Citus cluster (ADR 0042).
    distribution: {
      exams: 'reference',
      exam_attempts: { by: 'id' },
      exam_attempt_slots: { by: 'attempt_id' },
      exam_attempt_events: { by: 'attempt_id' },
    },
    routes: () => [
      // The autosave resolves its session inside its one statement (one round trip), before the
      // session middleware, and does its own CSRF check.
      { prefix: '/', app: examSaveRoutes(), beforeSession: true },
      // Entering an exam (start, attempt page) waits its turn before anything reads the database,
      // the session lookup included (ADR 0038).
      { prefix: '/', app: new Hono<AppEnv>().use(examEntryQueue()), beforeSession: true },
      { prefix: '/', app: examRoutes(wiring) },
    ],
    jobs: [examDeadlineJob, examSqlGradeJob],
    nav: [{ href: '/exams', label: 'nav.exams', place: 'main', order: 60 }],
    matrix: async () => ({ exams: (await import('./permission-matrix.rows.ts')).EXAMS }),
  });
