/**
 * The salons module's background jobs. Each is listed once in `src/jobs.ts`; the services enqueue
 * them in the transaction of the change that calls for them.
 */
import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { type OrganizationLogos, type ReminderKind, renderSalonPosters, sendReminders } from './service.ts';

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

/** The posters job's kind and payload: what service.ts enqueues (once per salon while one is waiting). */
export const salonPostersKind = { kind: 'salon.posters', schema: z.object({ salonId: z.guid() }) };

/**
 * Redraws a salon's posters. The hosts' logos are the members module's, so the definition is
 * completed in `src/jobs.ts` with the reader `src/wiring.ts` passes (salons does not import members).
 */
export const salonPostersJob = (logosForOrganizations: OrganizationLogos) =>
  defineJob(salonPostersKind.kind, salonPostersKind.schema, async ({ salonId }, { db, config }) => {
    await renderSalonPosters(db, salonId, config.PUBLIC_URL, logosForOrganizations);
  });
