/**
 * Hackathons (黑客松): sponsors and problems from member companies, teams and versioned
 * submissions, a judge pool with computed conflicts of interest, rubric and CrowdBT pairwise
 * judging, awards issued as credentials (ADR 0035).
 */
import { defineModule } from '../../platform/module.ts';
import { HACKATHON_RULES } from './access.ts';
import * as messages from './messages.ts';
import { hackathonRoutes } from './routes.tsx';
import { seed } from './seed.ts';
import { HACKATHON_PAGES_TAG } from './service.ts';

export const hackathonsModule = defineModule({
  name: 'hackathons',
  messages,
  permissions: HACKATHON_RULES,
  auditActions: [
    'hackathons.award_added',
    'hackathons.captain_transferred',
    'hackathons.conflict_overridden',
    'hackathons.created',
    'hackathons.join_decided',
    'hackathons.join_requested',
    'hackathons.judge_assigned',
    'hackathons.judge_bound',
    'hackathons.judge_invited',
    'hackathons.judges_assigned',
    'hackathons.pairwise_pass',
    'hackathons.pairwise_undo',
    'hackathons.pairwise_vote',
    'hackathons.registered',
    'hackathons.results_published',
    'hackathons.scored',
    'hackathons.sponsor_added',
    'hackathons.status_changed',
    'hackathons.submitted',
    'hackathons.team_created',
    'hackathons.team_joined',
    'hackathons.team_left',
    'hackathons.track_added',
  ],
  // Where its tables would live in a Citus cluster (ADR 0042): a hackathon's few hundred people
  // and their votes are small enough to replicate.
  distribution: {
    hackathon_assignments: 'reference',
    hackathon_award_credentials: 'reference',
    hackathon_awards: 'reference',
    hackathon_conflict_overrides: 'reference',
    hackathon_decisions: 'reference',
    hackathon_join_requests: 'reference',
    hackathon_judges: 'reference',
    hackathon_pairwise_items: 'reference',
    hackathon_pairwise_sessions: 'reference',
    hackathon_panel: 'reference',
    hackathon_participants: 'reference',
    hackathon_sponsors: 'reference',
    hackathon_submission_versions: 'reference',
    hackathon_submissions: 'reference',
    hackathon_team_members: 'reference',
    hackathon_teams: 'reference',
    hackathon_tracks: 'reference',
    hackathons: 'reference',
  },
  routes: () => [{ prefix: '/', app: hackathonRoutes() }],
  nav: [{ href: '/hackathons', label: 'hackathons.nav', place: 'main', order: 45 }],
  seed,
  cacheTags: [HACKATHON_PAGES_TAG],
  matrix: async () => ({ hackathons: (await import('./permission-matrix.rows.ts')).HACKATHONS }),
});
