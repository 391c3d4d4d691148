/**
 * Every kind of background job Gongjin runs, in one list: the job runner (`gongjin serve` and
 * `gongjin worker`) takes it. Adding a job is its `defineJob` in its module and one line here.
 */
import { examDeadlineJob, examSqlGradeJob } from './modules/exams/jobs.ts';
import { EXCHANGE_JOBS } from './modules/exchange/jobs.ts';
import { salonPostersJob, salonReminderJob } from './modules/salons/jobs.ts';
import type { AnyJobDefinition } from './platform/jobs.ts';
import { mailSendJob } from './platform/mail.ts';
import { organizationLogos } from './wiring.ts';

export const JOBS: readonly AnyJobDefinition[] = [
  mailSendJob,
  examDeadlineJob,
  examSqlGradeJob,
  salonReminderJob,
  salonPostersJob(organizationLogos),
  // Hand-wired until the module manifest lands (ADR 0034).
  ...EXCHANGE_JOBS,
];
