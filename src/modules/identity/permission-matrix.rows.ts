// Permission-matrix rows, identity: accounts, profile and language; organisations, their members and
// invitations, alliance membership.
// One row per route, requested in this order (see matrix.ts).
import {
  adminOnly,
  everyone,
  orgAdmins,
  orgMembers,
  type Rows,
  signedIn,
} from '../../testing/permission-matrix.ts';

export const ACCOUNTS: Rows = {
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
};

export const ORGS: Rows = {
  'GET /orgs': { expect: everyone(200) },
  'GET /orgs/new': { expect: signedIn(200, { unconfirmed: 403 }) },
  'POST /orgs': { expect: signedIn(400, { unconfirmed: 403 }) },
  'GET /orgs/:slug': { expect: everyone(200) },
  'GET /orgs/:slug/edit': { expect: orgAdmins(200) },
  'POST /orgs/:slug/edit': { expect: orgAdmins(400) },
  'GET /orgs/:slug/members': { expect: orgMembers(200) },
  'POST /orgs/:slug/invitations': { expect: orgAdmins(400) },
  // A made-up invitation id: those allowed get 404, the others never learn whether it exists.
  'POST /orgs/:slug/invitations/:id/revoke': {
    expect: orgAdmins(404),
    path: (f) => `/orgs/${f.slug}/invitations/00000000-0000-4000-8000-000000000000/revoke`,
  },
  'POST /orgs/:slug/members/:userId/role': { expect: orgAdmins(400) },
  // Removing a non-member changes nothing: 404 for those allowed.
  'POST /orgs/:slug/members/:userId/remove': {
    expect: orgAdmins(404),
    path: (f) => `/orgs/${f.slug}/members/${f.outsiderId}/remove`,
  },
  'GET /invitations/:token': { expect: everyone(200) },
  // Only the invited address may accept; nobody in the matrix is the invitee.
  'POST /invitations/:token': { expect: signedIn(403) },
  'GET /orgs/:slug/alliance': { expect: adminOnly(200) },
  'POST /orgs/:slug/alliance': { expect: adminOnly(400) },
  'GET /api/v1/organizations': { expect: everyone(200) },
  'GET /api/v1/organizations/:slug': { expect: everyone(200) },
};
