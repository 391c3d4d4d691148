// Permission-matrix rows, hackathons: public pages, organising, the participant's team page and the
// judge's magic-link pages. One row per route, requested in this order (see src/testing/permission-matrix.ts).
import { by, everyone, orgAdmins, type Rows, signedIn } from '../../testing/permission-matrix.ts';

const h =
  (rest = '') =>
  (f: Record<string, string>) =>
    `/hackathons/${f.hackathonSlug}${rest}`;
const judge =
  (rest = '') =>
  (f: Record<string, string>) =>
    `/hackathons/judge/${f.judgeToken}${rest}`;

export const HACKATHONS: Rows = {
  'GET /hackathons': { expect: everyone(200) },
  // Organising: platform admins and admins of an organisation.
  'GET /hackathons/new': { expect: orgAdmins(200) },
  'POST /hackathons': { expect: orgAdmins(400) },
  // The magic link is the judge's key: whoever holds it judges (no account needed).
  'GET /hackathons/judge/:token': { expect: everyone(200), path: judge() },
  // Binding needs an account; the first to bind keeps the seat, later accounts are refused.
  'POST /hackathons/judge/:token/bind': {
    expect: by(409, { anonymous: 401, unconfirmed: 303 }),
    path: (f) => `/hackathons/judge/${f.bindToken}/bind`,
  },
  'GET /hackathons/judge/:token/score/:submissionId': {
    expect: everyone(200),
    path: (f) => `/hackathons/judge/${f.judgeToken}/score/${f.submissionId}`,
  },
  // Empty scores: the form comes back with its errors.
  'POST /hackathons/judge/:token/score/:submissionId': {
    expect: everyone(400),
    path: (f) => `/hackathons/judge/${f.judgeToken}/score/${f.submissionId}`,
  },
  'GET /hackathons/judge/:token/pairwise': { expect: everyone(200), path: judge('/pairwise') },
  // Nothing to undo yet: a clear refusal on the page.
  'POST /hackathons/judge/:token/pairwise': {
    expect: everyone(409),
    path: judge('/pairwise'),
    form: { action: 'undo' },
  },
  'GET /hackathons/:slug': { expect: everyone(200), path: h() },
  'GET /hackathons/:slug/calendar.ics': { expect: everyone(200), path: h('/calendar.ics') },
  'GET /hackathons/:slug/team': { expect: signedIn(200), path: h('/team') },
  // Registration is open: every signed-in role registers.
  'POST /hackathons/:slug/register': {
    expect: signedIn(303),
    path: h('/register'),
    form: { orgId: '', advisorEmail: '', skills: '' },
  },
  'POST /hackathons/:slug/teams': { expect: signedIn(400), path: h('/teams') },
  'POST /hackathons/:slug/teams/join': { expect: signedIn(400), path: h('/teams/join') },
  'POST /hackathons/:slug/teams/requests/new': { expect: signedIn(400), path: h('/teams/requests/new') },
  'POST /hackathons/:slug/teams/requests': { expect: signedIn(400), path: h('/teams/requests') },
  'POST /hackathons/:slug/teams/captain': { expect: signedIn(400), path: h('/teams/captain') },
  'POST /hackathons/:slug/submission': { expect: signedIn(400), path: h('/submission') },
  // The organiser's admins (and platform admins); a sponsor's admins too, for their problems.
  'GET /hackathons/:slug/manage': { expect: orgAdmins(200), path: h('/manage') },
  'POST /hackathons/:slug/status': { expect: orgAdmins(400), path: h('/status') },
  'POST /hackathons/:slug/sponsors': { expect: orgAdmins(400), path: h('/sponsors') },
  'POST /hackathons/:slug/tracks': { expect: orgAdmins(400), path: h('/tracks') },
  'POST /hackathons/:slug/judges': { expect: orgAdmins(400), path: h('/judges') },
  'POST /hackathons/:slug/overrides': { expect: orgAdmins(400), path: h('/overrides') },
  'POST /hackathons/:slug/assign': { expect: orgAdmins(400), path: h('/assign') },
  'POST /hackathons/:slug/assign/one': { expect: orgAdmins(400), path: h('/assign/one') },
  'POST /hackathons/:slug/awards': { expect: orgAdmins(400), path: h('/awards') },
  // No issuer chosen: refused with the reason, nothing issued.
  'POST /hackathons/:slug/publish-results': { expect: orgAdmins(409), path: h('/publish-results') },
  'GET /hackathons/:slug/results.csv': { expect: orgAdmins(200), path: h('/results.csv') },
  'GET /hackathons/:slug/results.xlsx': { expect: orgAdmins(200), path: h('/results.xlsx') },
};
