/** The platform admin's pages: audit log, outbox, people. */
import { defineModule } from '../../platform/module.ts';
import { isAdmin } from '../../platform/permissions.ts';
import * as messages from './messages.ts';
import { adminRoutes } from './routes.tsx';

export const adminModule = defineModule({
  name: 'admin',
  messages,
  permissions: {
    'admin:audit_log': isAdmin,
    'admin:outbox': isAdmin,
    'admin:users': isAdmin,
  },
  routes: () => [{ prefix: '/admin', app: adminRoutes() }],
  nav: [
    { href: '/admin', label: 'nav.admin', place: 'account', order: 40, when: (a) => !!a && isAdmin(a, {}) },
  ],
  matrix: async () => ({ admin: (await import('./permission-matrix.rows.ts')).ADMIN }),
});
