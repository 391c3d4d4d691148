/**
 * The supply–demand board's jobs: a reminder before an introduction's deadline, its expiry at the
 * deadline, and the outcome survey weeks after acceptance. introductions.ts imports this file to
 * enqueue, so the handlers call into it only when they run.
 */
import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { expireIntroduction, remindIntroduction, sendOutcomeSurvey } from './introductions.ts';

const payload = z.object({ introductionId: z.guid() });

export const introReminderJob = defineJob('exchange.intro_reminder', payload, async (p, { db, config }) =>
  remindIntroduction(db, p.introductionId, config.PUBLIC_URL),
);

export const introExpireJob = defineJob('exchange.intro_expire', payload, async (p, { db }) =>
  expireIntroduction(db, p.introductionId),
);

export const outcomeSurveyJob = defineJob('exchange.outcome_survey', payload, async (p, { db, config }) =>
  sendOutcomeSurvey(db, p.introductionId, config.PUBLIC_URL),
);

export const EXCHANGE_JOBS = [introReminderJob, introExpireJob, outcomeSurveyJob];
