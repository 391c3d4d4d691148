// Permission-matrix rows, platform routes (static files, health, stored files, home), accounts,
// profile, language and the API docs.
// One row per route, requested in this order (see matrix.ts).
import { ASSETS } from '../../../src/ui/assets.ts';
import { everyone, type Rows, signedIn } from './matrix.ts';

export const ACCOUNTS: Rows = {
  'GET /static/:file': { expect: everyone(200), path: () => ASSETS.css },
  'GET /healthz': { expect: everyone(200) },
  'GET /readyz': { expect: everyone(200) },
  'GET /files/:sha256': { expect: everyone(200), path: (f) => `/files/${f.fileSha}` },
  'GET /': { expect: everyone(200) },
  'GET /share.png': { expect: everyone(200) },
  'GET /signup': { expect: everyone(200) },
  'POST /signup': { expect: everyone(400) },
  'GET /confirm-email': { expect: everyone(410), path: () => '/confirm-email?token=not-a-token' },
  'GET /login': { expect: everyone(200) },
  'POST /login': { expect: everyone(400) },
  'POST /logout': { expect: everyone(303) },
  'GET /forgot-password': { expect: everyone(200) },
  'POST /forgot-password': { expect: everyone(400) },
  'GET /reset-password': { expect: everyone(200) },
  'POST /reset-password': { expect: everyone(400) },
  'GET /profile': { expect: signedIn(200) },
  'POST /profile': { expect: signedIn(400) },
  'POST /profile/resend-confirmation': { expect: signedIn(200) },
  // The certificate name (ADR 0024): everyone signed in confirms their own; an empty name is refused.
  'GET /profile/certificate-name': { expect: signedIn(200) },
  'POST /profile/certificate-name': { expect: signedIn(400) },
  'GET /lang': { expect: everyone(400) },
  'POST /lang': { expect: everyone(400) },
  'GET /api/v1/me': { expect: signedIn(200) },
  'GET /api/openapi.json': { expect: everyone(200) },
  'GET /api/docs': { expect: everyone(200) },
};
