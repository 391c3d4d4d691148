/**
 * Internships (实习): postings by member companies, applications with their pipeline, stable match
 * rounds, and contributions to members' open-source projects scored into certificates (ADR 0036).
 */
import { defineModule } from '../../platform/module.ts';
import { en, zh } from './messages.ts';
import { POSTINGS_TAG } from './postings.ts';
import { internshipRoutes } from './routes.tsx';
import { INTERNSHIP_RULES } from './rules.ts';
import { seed } from './seed.ts';

export const internshipsModule = defineModule({
  name: 'internships',
  messages: { zh, en },
  permissions: INTERNSHIP_RULES,
  auditActions: [
    'internships.activity_imported',
    'internships.application_moved',
    'internships.applied',
    'internships.certificate_linked',
    'internships.completed',
    'internships.contribution_awarded',
    'internships.identity_confirmed',
    'internships.identity_rejected',
    'internships.posting_created',
    'internships.posting_status',
    'internships.programme_created',
    'internships.project_registered',
    'internships.ranked',
    'internships.round_created',
    'internships.round_matched',
    'internships.school_policy',
  ],
  // Where its tables would live in a Citus cluster (ADR 0042): all small enough to replicate.
  distribution: {
    contribution_awards: 'reference',
    contribution_events: 'reference',
    contribution_programmes: 'reference',
    contribution_projects: 'reference',
    contributor_identities: 'reference',
    internship_application_events: 'reference',
    internship_applications: 'reference',
    internship_certificate_achievements: 'reference',
    internship_match_ranks: 'reference',
    internship_match_results: 'reference',
    internship_match_round_postings: 'reference',
    internship_match_rounds: 'reference',
    internship_postings: 'reference',
    internship_school_allowed: 'reference',
    internship_school_policies: 'reference',
  },
  routes: () => [{ prefix: '/internships', app: internshipRoutes() }],
  nav: [{ href: '/internships', label: 'internships.nav', place: 'main', order: 45 }],
  seed,
  cacheTags: [POSTINGS_TAG],
  matrix: async () => ({ internships: (await import('./permission-matrix.rows.ts')).INTERNSHIPS }),
});
