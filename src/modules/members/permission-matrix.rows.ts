// Permission-matrix rows, the member wall and its embeds, logos, products and membership
// applications.
// One row per route, requested in this order (see src/testing/permission-matrix.ts).
import { adminOnly, everyone, orgAdmins, type Rows, signedIn } from '../../testing/permission-matrix.ts';

export const WALL: Rows = {
  'GET /api/v1/members': { expect: everyone(200) },
  'GET /api/v1/products': { expect: everyone(200) },
  'GET /wall': { expect: everyone(200) },
  'GET /wall/members/:slug': { expect: everyone(200) },
  'GET /wall/products/:slug': { expect: everyone(200), path: (f) => `/wall/products/${f.productSlug}` },
  'GET /wall/members.csv': { expect: everyone(200) },
  'GET /wall/products.csv': { expect: everyone(200) },
  'GET /wall/data.yml': { expect: everyone(200) },
  'GET /wall/members.xlsx': { expect: everyone(200) },
  'GET /wall/products.xlsx': { expect: everyone(200) },
  'GET /wall/stats': { expect: everyone(200) },
  'GET /wall/partners': { expect: everyone(200) },
  'GET /wall/speakers': { expect: everyone(200) },
  'GET /wall/speakers/:id': { expect: everyone(200), path: (f) => `/wall/speakers/${f.speakerId}` },
  'GET /embed/wall': { expect: everyone(200) },
  'GET /embed/wall/members/:slug': { expect: everyone(200) },
  'GET /embed/wall/products/:slug': {
    expect: everyone(200),
    path: (f) => `/embed/wall/products/${f.productSlug}`,
  },
  // A speaker as the embed's dialog shows it (ADR 0020).
  'GET /embed/wall/speakers/:id': {
    expect: everyone(200),
    path: (f) => `/embed/wall/speakers/${f.speakerId}`,
  },
  'GET /wall/stats/:file': { expect: everyone(200), path: () => '/wall/stats/joined.svg' },
  'GET /logos/:file': { expect: everyone(200), path: (f) => `/logos/${f.logoSha}.svg` },
  'GET /monograms/:file': { expect: everyone(200), path: (f) => `/monograms/${f.slug}.svg` },
  'GET /orgs/:slug/products': { expect: orgAdmins(200) },
  'POST /orgs/:slug/products': { expect: orgAdmins(400) },
  'GET /orgs/:slug/products/:id/edit': {
    expect: orgAdmins(200),
    path: (f) => `/orgs/${f.slug}/products/${f.productId}/edit`,
  },
  'POST /orgs/:slug/products/:id/edit': {
    expect: orgAdmins(400),
    path: (f) => `/orgs/${f.slug}/products/${f.productId}/edit`,
  },
  // A made-up product id: those allowed get 404 (the fixture's product stays for the rows above).
  'POST /orgs/:slug/products/:id/delete': {
    expect: orgAdmins(404),
    path: (f) => `/orgs/${f.slug}/products/00000000-0000-4000-8000-000000000000/delete`,
  },
  'POST /orgs/:slug/logo': { expect: orgAdmins(400) },
  // The matrix organisation has no logo (the served one belongs to another): nothing to remove.
  'POST /orgs/:slug/logo/remove': { expect: orgAdmins(404) },
  'GET /wall/apply': { expect: signedIn(200) },
  // The matrix organisation is not an alliance member; only its admin may apply (the form is empty: 400).
  'POST /wall/apply': { expect: signedIn(400) },
  'GET /wall/applications': { expect: adminOnly(200) },
  // An empty form: a platform admin gets 400 (the form is checked before the made-up id).
  'POST /wall/applications/:id/approve': {
    expect: adminOnly(400),
    path: () => '/wall/applications/00000000-0000-4000-8000-000000000000/approve',
  },
  'POST /wall/applications/:id/reject': {
    expect: adminOnly(400),
    path: () => '/wall/applications/00000000-0000-4000-8000-000000000000/reject',
  },
  'GET /wall/import': { expect: adminOnly(200) },
  'POST /wall/import': { expect: adminOnly(400) },
};
