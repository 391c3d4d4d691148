// Permission-matrix rows, salons: series, planning, agenda, registration, check-in, live, media and
// reports.
// One row per route, requested in this order (see src/testing/permission-matrix.ts).
import { adminOnly, by, everyone, orgAdmins, type Rows, signedIn } from '../../testing/permission-matrix.ts';

export const SALONS: Rows = {
  'GET /salons': { expect: everyone(200) },
  'GET /salons/series/new': { expect: adminOnly(200) },
  'POST /salons/series': { expect: adminOnly(400) },
  'GET /salons/series/:slug': { expect: everyone(200), path: (f) => `/salons/series/${f.seriesSlug}` },
  'GET /salons/series/:slug/calendar.ics': {
    expect: everyone(200),
    path: (f) => `/salons/series/${f.seriesSlug}/calendar.ics`,
  },
  'GET /salons/cities/:city/calendar.ics': {
    expect: everyone(200),
    path: () => `/salons/cities/${encodeURIComponent('杭州')}/calendar.ics`,
  },
  'GET /salons/plan': { expect: adminOnly(200) },
  'POST /salons/plan': { expect: adminOnly(400) },
  'POST /salons/plan/confirm': { expect: adminOnly(400) },
  'GET /salons/new': { expect: orgAdmins(200) },
  'POST /salons': { expect: orgAdmins(400) },
  'GET /salons/:id': { expect: everyone(200) },
  'GET /salons/:id/edit': { expect: orgAdmins(200) },
  'POST /salons/:id/edit': { expect: orgAdmins(400) },
  'POST /salons/:id/status': { expect: orgAdmins(400) },
  'POST /salons/:id/agenda': { expect: orgAdmins(400) },
  'POST /salons/:id/agenda/:itemId/move': { expect: orgAdmins(400) },
  // A made-up agenda item: those allowed get 404.
  'POST /salons/:id/agenda/:itemId/delete': { expect: orgAdmins(404) },
  'GET /salons/:id/register': { expect: signedIn(200) },
  // Everyone signed in may register (each role registers once here).
  'POST /salons/:id/register': { expect: signedIn(303) },
  // The ticket link is the credential: whoever holds it sees and may cancel that registration.
  'GET /salons/tickets/:token': { expect: everyone(200), path: (f) => `/salons/tickets/${f.ticket}` },
  'POST /salons/tickets/:token/cancel': {
    expect: everyone(303),
    path: (f) => `/salons/tickets/${f.ticket}/cancel`,
  },
  'GET /salons/:id/checkin': { expect: orgAdmins(200) },
  // No code typed: those allowed are told there is no such ticket.
  'POST /salons/:id/checkin': { expect: orgAdmins(404) },
  'POST /salons/:id/checkin/walk-ins': { expect: orgAdmins(400) },
  'POST /salons/:id/agenda/:itemId/invite': { expect: orgAdmins(400) },
  'GET /salons/:id/live': { expect: orgAdmins(200) },
  'GET /salons/:id/report': { expect: orgAdmins(200) },
  'GET /salons/:id/posters/:file': {
    expect: everyone(200),
    path: (f) => `/salons/${f.id}/posters/square.png`,
  },
  'GET /api/v1/salons': { expect: everyone(200) },
  'GET /api/v1/salons/:id': { expect: everyone(200) },
  'POST /salons/:id/live/streams': { expect: orgAdmins(400) },
  'POST /salons/:id/live/viewers': { expect: orgAdmins(400) },
  'POST /salons/:id/live/attention': { expect: orgAdmins(400) },
  // The invitation link is the credential: anyone may open it (and is asked to sign in to accept).
  'GET /salons/speaker-invites/:token': {
    expect: everyone(200),
    path: (f) => `/salons/speaker-invites/${f.speakerInvite}`,
  },
  // A made-up token: those signed in are told it does not exist.
  'POST /salons/speaker-invites/:token/claim': {
    expect: signedIn(404),
    path: () => '/salons/speaker-invites/not-a-real-token/claim',
  },
  // The talk's own speaker and the host's admins.
  'GET /salons/:id/agenda/:itemId/talk': {
    expect: by(403, { anonymous: 401, speaker: 200, org_admin: 200, platform_admin: 200 }),
    path: (f) => `/salons/${f.id}/agenda/${f.talkItemId}/talk`,
  },
  'POST /salons/:id/agenda/:itemId/talk': {
    expect: by(403, { anonymous: 401, speaker: 400, org_admin: 400, platform_admin: 400 }),
    path: (f) => `/salons/${f.id}/agenda/${f.talkItemId}/talk`,
  },
  'GET /salons/:id/calendar.ics': { expect: everyone(200) },
  'GET /salons/:id/schedule.json': { expect: everyone(200) },
  'GET /salons/:id/attendees.csv': { expect: orgAdmins(200) },
  'GET /salons/:id/budget': { expect: orgAdmins(200) },
  'GET /salons/:id/press-kit': { expect: orgAdmins(200) },
  // The host's admins (and admins of a channel's owner, none here besides the host) see the list.
  'GET /salons/:id/promotion': { expect: orgAdmins(200) },
  'POST /salons/:id/promotion': { expect: orgAdmins(400) },
  // A made-up channel: those allowed get 404.
  'POST /salons/:id/promotion/:channelId/published': {
    expect: orgAdmins(404),
    path: (f) => `/salons/${f.id}/promotion/00000000-0000-4000-8000-000000000003/published`,
  },
  'POST /salons/:id/budget': { expect: orgAdmins(400) },
  // A made-up line id with an empty form: the form is refused first.
  'POST /salons/:id/budget/:lineId': {
    expect: orgAdmins(400),
    path: (f) => `/salons/${f.id}/budget/00000000-0000-4000-8000-000000000002`,
  },
  'GET /salons/series/:slug/report': {
    expect: adminOnly(200),
    path: (f) => `/salons/series/${f.seriesSlug}/report`,
  },
};
