// Permission-matrix rows, the platform's own routes: static files, health, stored files and the API
// (its documentation and the signed-in person).
// One row per route, requested in this order (see src/testing/permission-matrix.ts).

import { ASSETS } from '../ui/assets.ts';
import { everyone, type Rows, signedIn } from './permission-matrix.ts';

export const PLATFORM: Rows = {
  'GET /static/:file': { expect: everyone(200), path: () => ASSETS.css },
  'GET /healthz': { expect: everyone(200) },
  'GET /readyz': { expect: everyone(200) },
  'GET /files/:sha256': { expect: everyone(200), path: (f) => `/files/${f.fileSha}` },
  'GET /api/v1/me': { expect: signedIn(200) },
  'GET /api/openapi.json': { expect: everyone(200) },
  'GET /api/docs': { expect: everyone(200) },
};
