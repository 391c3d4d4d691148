// Permission-matrix rows, the platform admin pages: audit log, outbox, users and roles.
// One row per route, requested in this order (see src/testing/permission-matrix.ts).
import { adminOnly, type Rows } from '../../testing/permission-matrix.ts';

export const ADMIN: Rows = {
  'GET /admin': { expect: adminOnly(200) },
  'GET /admin/audit': { expect: adminOnly(200) },
  'GET /admin/outbox': { expect: adminOnly(200) },
  'GET /admin/outbox/:id': { expect: adminOnly(200), path: (f) => `/admin/outbox/${f.mailId}` },
  'GET /admin/users': { expect: adminOnly(200) },
  'POST /admin/users/:id/roles': { expect: adminOnly(400), path: (f) => `/admin/users/${f.memberId}/roles` },
};
