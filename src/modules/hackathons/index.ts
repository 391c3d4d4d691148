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
  routes: () => [{ prefix: '/', app: hackathonRoutes() }],
  nav: [{ href: '/hackathons', label: 'hackathons.nav', place: 'main', order: 45 }],
  seed,
  cacheTags: [HACKATHON_PAGES_TAG],
  matrix: async () => ({ hackathons: (await import('./permission-matrix.rows.ts')).HACKATHONS }),
});
