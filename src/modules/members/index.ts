/** Members: the alliance's logo wall, products, applications to join and the landscape import. */
import { defineModule } from '../../platform/module.ts';
import { isAdmin } from '../../platform/permissions.ts';
import * as messages from './messages.ts';
import { MEMBERS_TAG } from './queries.ts';
import { membersRoutes } from './routes.tsx';

export const membersModule = defineModule({
  name: 'members',
  messages,
  permissions: {
    'alliance:manage_membership': isAdmin,
    /** Import a whole landscape data.yml (products of any organisation). */
    'landscape:import': isAdmin,
    /** Approve or reject applications to join the alliance. */
    'alliance:review_applications': isAdmin,
  },
  auditActions: [
    'alliance.application_submitted',
    'alliance.application_approved',
    'alliance.application_rejected',
    'landscape.imported',
    'landscape.taxonomy_seeded',
    'organization.logo_removed',
    'organization.logo_updated',
    'product.created',
    'product.deleted',
    'product.updated',
  ],
  // Where its tables would live in a Citus cluster (ADR 0042).
  distribution: {
    landscape_categories: 'reference',
    landscape_subcategories: 'reference',
    products: 'reference',
    organization_logos: 'reference',
    alliance_applications: 'reference',
    product_logo_files: 'reference',
  },
  routes: () => [{ prefix: '/', app: membersRoutes() }],
  nav: [{ href: '/wall', label: 'nav.wall', place: 'main', order: 10 }],
  cacheTags: [MEMBERS_TAG],
  matrix: async () => ({ wall: (await import('./permission-matrix.rows.ts')).WALL }),
});
