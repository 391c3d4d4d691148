/** Salons: series, hosting rotation, agenda, registration, check-in, live, media, posters and reports. */
import { defineModule } from '../../platform/module.ts';
import { isAdmin, orgAdmin } from '../../platform/permissions.ts';
import { salonPostersJob, salonReminderJob } from './jobs.ts';
import * as messages from './messages.ts';
import { SALON_CACHE_TAGS } from './queries.ts';
import { salonRoutes } from './routes.tsx';
import type { OrganizationLogos, OrganizationLogoUrls } from './service.ts';

/** Salons' posters show the hosts' logos, which members keeps: the list passes them in (ADR 0033). */
export const salonsModule = (wiring: {
  organizationLogos: OrganizationLogos;
  organizationLogoUrls: OrganizationLogoUrls;
}) =>
  defineModule({
    name: 'salons',
    messages,
    permissions: {
      /** Create salons: platform admins, and admins of an organisation (as its host). */
      'salon:create': (a) => a.roles.has('platform_admin') || [...a.orgRoles.values()].includes('admin'),
      /** Run one salon (edit, agenda, status, check-in, attendees): its host organisation's admins. */
      'salon:manage': orgAdmin,
      'salon:series': isAdmin,
    },
    auditActions: [
      'salon.agenda_added',
      'salon.agenda_moved',
      'salon.agenda_removed',
      'salon.attention_imported',
      'salon.budget_changed',
      'salon.channel_added',
      'salon.channel_published',
      'salon.checked_in',
      'salon.created',
      'salon.registered',
      'salon.registration_cancelled',
      'salon.speaker_claimed',
      'salon.speaker_invited',
      'salon.status_changed',
      'salon.stream_saved',
      'salon.talk_updated',
      'salon.updated',
      'salon.viewers_imported',
      'salon.waitlist_promoted',
      'salon.walk_in_added',
      'salon_series.created',
      'salon_series.plan_confirmed',
    ],
    // Where its tables would live in a Citus cluster (ADR 0042).
    distribution: {
      salon_series: 'reference',
      salons: 'reference',
      salon_cohosts: 'reference',
      salon_sponsors: 'reference',
      salon_registrations: { by: 'salon_id' },
      salon_agenda_items: 'reference',
      salon_speaker_invites: 'reference',
      salon_walk_ins: { by: 'salon_id' },
      salon_reminders: { by: 'registration_id' },
      salon_budget_lines: 'reference',
      salon_channels: 'reference',
      salon_streams: 'reference',
      salon_attention: { by: 'salon_id' },
      salon_posters: 'reference',
    },
    routes: () => [{ prefix: '/', app: salonRoutes(wiring) }],
    jobs: [salonReminderJob, salonPostersJob(wiring.organizationLogos)],
    nav: [{ href: '/salons', label: 'nav.salons', place: 'main', order: 40 }],
    // `salon:<id>` tags, one per salon, are bumped beside the list's.
    cacheTags: [SALON_CACHE_TAGS.all],
    matrix: async () => ({ salons: (await import('./permission-matrix.rows.ts')).SALONS }),
  });
