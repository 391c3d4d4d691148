/** Credentials: issuers, achievements, signed Open Badges 3.0 credentials, their status and checks. */
import { defineModule } from '../../platform/module.ts';
import { isAdmin } from '../../platform/permissions.ts';
import * as messages from './messages.ts';
import { credentialRoutes } from './routes.tsx';
import { VERIFICATION_PAGE_TAG } from './service.ts';

export const credentialsModule = defineModule({
  name: 'credentials',
  messages,
  permissions: {
    /**
     * Issue credentials by hand, revoke or suspend them, rotate issuer keys, and link an exam to an
     * achievement (scope: its issuer). Platform admins, for every issuer.
     */
    'credentials:manage': isAdmin,
  },
  auditActions: [
    'credentials.achievement_created',
    'credentials.issued',
    'credentials.issuer_created',
    'credentials.issuer_logo_removed',
    'credentials.issuer_logo_set',
    'credentials.key_rotated',
    'credentials.visibility_changed',
    'credentials.revoked',
    'credentials.suspended',
    'credentials.reinstated',
  ],
  routes: () => [{ prefix: '/', app: credentialRoutes() }],
  nav: [
    { href: '/verify', label: 'credentials.nav.verify', place: 'main', order: 30 },
    { href: '/my/credentials', label: 'nav.myCredentials', place: 'account', order: 20 },
  ],
  cacheTags: [VERIFICATION_PAGE_TAG],
  matrix: async () => ({ credentials: (await import('./permission-matrix.rows.ts')).CREDENTIALS }),
});
