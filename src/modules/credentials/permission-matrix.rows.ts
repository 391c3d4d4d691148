// Permission-matrix rows, credentials: issuers, status lists, verification, holders and the admin
// pages.
// One row per route, requested in this order (see src/testing/permission-matrix.ts).
import { adminOnly, everyone, type Rows, signedIn } from '../../testing/permission-matrix.ts';

export const CREDENTIALS: Rows = {
  'GET /issuers/:slug/did.json': { expect: everyone(200), path: (f) => `/issuers/${f.issuerSlug}/did.json` },
  'GET /credentials/status/:slug/:purpose/:list': {
    expect: everyone(200),
    path: (f) => `/credentials/status/${f.issuerSlug}/revocation/0`,
  },
  'GET /verify': { expect: everyone(200) },
  'POST /verify': { expect: everyone(400) },
  // The QR link (id + key) opens the result for anyone; without key or name it is a 404.
  'GET /verify/:id': { expect: everyone(200), path: (f) => f.verifyPath },
  'GET /verify/:id/credential.json': {
    expect: everyone(200),
    path: (f) => f.verifyPath.replace('?', '/credential.json?'),
  },
  'GET /verify/:id/certificate.pdf': {
    expect: everyone(200),
    path: (f) => f.verifyPath.replace('?', '/certificate.pdf?'),
  },
  'GET /verify/:id/share.png': {
    expect: everyone(200),
    path: (f) => f.verifyPath.replace('?', '/share.png?'),
  },
  'POST /api/v1/verify': { expect: everyone(415) },
  'GET /api/v1/credentials/:id': {
    expect: everyone(200),
    path: (f) => `/api/v1/credentials/${f.credentialId}`,
  },
  'GET /my/credentials': { expect: signedIn(200) },
  // Only the holder may change it; nobody in the matrix holds the fixture credential.
  'POST /my/credentials/:id/visibility': {
    expect: signedIn(404),
    path: (f) => `/my/credentials/${f.credentialId}/visibility`,
    form: { public: 'false' },
  },
  'GET /admin/credentials': { expect: adminOnly(200) },
  'POST /admin/credentials/issue': { expect: adminOnly(400) },
  'POST /admin/credentials/batch': { expect: adminOnly(400) },
  'POST /admin/credentials/issuers': { expect: adminOnly(400) },
  'POST /admin/credentials/achievements': { expect: adminOnly(400) },
  'POST /admin/credentials/:id/status': {
    expect: adminOnly(400),
    path: (f) => `/admin/credentials/${f.credentialId}/status`,
  },
  'POST /admin/credentials/issuers/:slug/logo': {
    expect: adminOnly(400),
    path: (f) => `/admin/credentials/issuers/${f.issuerSlug}/logo`,
  },
  // The matrix issuer has no logo: nothing to remove.
  'POST /admin/credentials/issuers/:slug/logo/remove': {
    expect: adminOnly(404),
    path: (f) => `/admin/credentials/issuers/${f.issuerSlug}/logo/remove`,
  },
  'POST /admin/credentials/issuers/:slug/rotate': {
    expect: adminOnly(303),
    path: (f) => `/admin/credentials/issuers/${f.issuerSlug}/rotate`,
  },
};
