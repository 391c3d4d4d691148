// Permission-matrix rows, organisations, their members and invitations, alliance membership.
// One row per route, requested in this order (see matrix.ts).
import { adminOnly, everyone, orgAdmins, orgMembers, type Rows, signedIn } from './matrix.ts';

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
