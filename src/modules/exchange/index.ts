/**
 * The supply–demand board (供需连) as a module (ADR 0034, ADR 0037): posts of offers and needs,
 * mutual-fit suggestions, "no thanks", capped double-opt-in introductions with a log and an
 * outcome survey, and the organisers' funnel.
 */
import { defineModule, type NavEntry } from '../../platform/module.ts';
import { EXCHANGE_JOBS } from './jobs.ts';
import * as messages from './messages.ts';
import { EXCHANGE_CACHE_TAG } from './posts.ts';
import { exchangeRoutes } from './routes.tsx';
import { seed } from './seed.ts';

export const exchangeModule = defineModule({
  name: 'exchange',
  messages,
  permissions: {
    /** See the funnel and every introduction: the alliance's organisers (platform admins). */
    'exchange:organise': (a) => a.roles.has('platform_admin'),
  },
  // Where its tables would live in a Citus cluster (ADR 0042): the board is small enough to replicate.
  distribution: {
    exchange_blocks: 'reference',
    exchange_introduction_events: 'reference',
    exchange_introductions: 'reference',
    exchange_offer_terms: 'reference',
    exchange_posts: 'reference',
  },
  routes: () => [{ prefix: '/exchange', app: exchangeRoutes() }],
  jobs: EXCHANGE_JOBS,
  nav: [
    {
      href: '/exchange',
      label: 'exchange.nav',
      place: 'main',
      order: 70,
      when: (a) => !!a,
    } satisfies NavEntry,
  ],
  auditActions: [
    'exchange.introduction_accepted',
    'exchange.introduction_declined',
    'exchange.introduction_expired',
    'exchange.introduction_requested',
    'exchange.introduction_withdrawn',
    'exchange.outcome_recorded',
    'exchange.pair_blocked',
    'exchange.pair_unblocked',
    'exchange.post_closed',
    'exchange.post_created',
  ],
  seed,
  cacheTags: [EXCHANGE_CACHE_TAG],
  matrix: async () => ({ exchange: (await import('./permission-matrix.rows.ts')).ROWS }),
});
