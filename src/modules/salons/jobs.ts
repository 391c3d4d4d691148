/**
 * The salons module's background jobs. Each is listed once in `src/jobs.ts`; the services enqueue
 * them in the transaction of the change that calls for them.
 */
import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { type ReminderKind, renderSalonPosters, sendReminders } from './service.ts';

// service.ts imports this file to enqueue, so nothing of it may be read while this file loads: the
// handlers call into it only when they run.
const REMINDER_KINDS = ['day', 'hours'] as const satisfies readonly ReminderKind[];

/** Mails one kind of reminder (a day, two hours before) to every confirmed attendee of a salon. */
export const salonReminderJob = defineJob(
  'salon.reminder',
  z.object({
    salonId: z.guid(),
    kind: z.enum(REMINDER_KINDS),
  }),
  async ({ salonId, kind }, { db, config }) => {
    await sendReminders(db, salonId, kind, {
      publicUrl: config.PUBLIC_URL,
      secret: config.GONGJIN_SECRET,
      locale: 'zh-CN',
    });
  },
);

/** Redraws a salon's posters; enqueued once per salon while one is waiting (`enqueueOnce`). */
export const salonPostersJob = defineJob(
  'salon.posters',
  z.object({ salonId: z.guid() }),
  async ({ salonId }, { db, config }) => {
    await renderSalonPosters(db, salonId, config.PUBLIC_URL);
  },
);
