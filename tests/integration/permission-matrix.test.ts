// Every registered route × every role → the expected status. A route added without a row here,
// or a row whose route no longer exists, fails the test: nothing ships without a permission decision.
import { describe, expect, it } from 'vitest';
import { verifyLink } from '../../src/modules/credentials/routes.tsx';
import { createAchievement, createIssuer, issueCredential } from '../../src/modules/credentials/service.ts';
import { createExam } from '../../src/modules/exams/service.ts';
import { DEFAULT_REVIEW } from '../../src/modules/exams/types.ts';
import { inviteMember } from '../../src/modules/identity/organizations.ts';
import { memberships } from '../../src/modules/identity/schema.ts';
import { labIsland } from '../../src/modules/learning/client/bundle.ts';
import { seedLearningDemo } from '../../src/modules/learning/demo.ts';
import { PGLITE_URL } from '../../src/modules/learning/routes.tsx';
import { recordLabAttempt } from '../../src/modules/learning/service.ts';
import { createProduct, seedTaxonomy, setOrganizationLogo } from '../../src/modules/members/service.ts';
import { createQuestion } from '../../src/modules/questions/service.ts';
import {
  addAgendaItem,
  changeSalonStatus,
  createSalon,
  createSeries,
  inviteSpeaker,
  register,
} from '../../src/modules/salons/service.ts';
import { storeImage } from '../../src/platform/files.ts';
import { queueMail } from '../../src/platform/mail.ts';
import type { PlatformRole } from '../../src/platform/permissions.ts';
import {
  makeOrg,
  makeUser,
  TEST_PUBLIC_URL,
  type TestClient,
  useTestApp,
} from '../../src/testing/harness.ts';
import { ASSETS } from '../../src/ui/assets.ts';

const ROLES = [
  'anonymous',
  'unconfirmed',
  'user',
  'student',
  'teacher',
  'judge',
  'speaker',
  'org_member',
  'org_admin',
  'platform_admin',
] as const;
type Role = (typeof ROLES)[number];
type Expect = Record<Role, number>;

/** Expected statuses: `base` for everyone, with exceptions. */
const by = (base: number, except: Partial<Expect> = {}): Expect =>
  Object.fromEntries(ROLES.map((r) => [r, except[r] ?? base])) as Expect;
const everyone = (status: number) => by(status);
/** Signed-in only: anonymous → 401. */
const signedIn = (status: number, except: Partial<Expect> = {}) => by(status, { anonymous: 401, ...except });
/** Teachers and platform admins: the question bank, exams, and authoring (the matrix teacher authors the course). */
const teachers = (status: number) => by(403, { anonymous: 401, teacher: status, platform_admin: status });
/** Enrolled students (the matrix student) and the course's teachers. */
const learners = (status: number) =>
  by(403, { anonymous: 401, student: status, teacher: status, platform_admin: status });
const adminOnly = (status: number) => by(403, { anonymous: 401, platform_admin: status });
const orgAdmins = (status: number) => by(403, { anonymous: 401, org_admin: status, platform_admin: status });
const orgMembers = (status: number) =>
  by(403, { anonymous: 401, org_member: status, org_admin: status, platform_admin: status });

type Fixture = Record<string, string>;
type Row = { expect: Expect; path?: (f: Fixture) => string; form?: Record<string, string> };

const MATRIX: Record<string, Row> = {
  'GET /static/:file': { expect: everyone(200), path: () => ASSETS.css },
  'GET /healthz': { expect: everyone(200) },
  'GET /readyz': { expect: everyone(200) },
  'GET /files/:sha256': { expect: everyone(200), path: (f) => `/files/${f.fileSha}` },
  'GET /': { expect: everyone(200) },
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
  'GET /lang': { expect: everyone(400) },
  'POST /lang': { expect: everyone(400) },
  'GET /api/v1/me': { expect: signedIn(200) },
  'GET /api/openapi.json': { expect: everyone(200) },
  'GET /api/docs': { expect: everyone(200) },
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
  // Task wall (ADR 0020): a speaker as the embed's dialog shows it.
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
  'GET /admin': { expect: adminOnly(200) },
  'GET /admin/audit': { expect: adminOnly(200) },
  'GET /admin/outbox': { expect: adminOnly(200) },
  'GET /admin/outbox/:id': { expect: adminOnly(200), path: (f) => `/admin/outbox/${f.mailId}` },
  'GET /admin/users': { expect: adminOnly(200) },
  'POST /admin/users/:id/roles': { expect: adminOnly(400), path: (f) => `/admin/users/${f.memberId}/roles` },
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
  // media (issue 6): removing an issuer logo. The matrix issuer has no logo: nothing to remove.
  'POST /admin/credentials/issuers/:slug/logo/remove': {
    expect: adminOnly(404),
    path: (f) => `/admin/credentials/issuers/${f.issuerSlug}/logo/remove`,
  },
  'POST /admin/credentials/issuers/:slug/rotate': {
    expect: adminOnly(303),
    path: (f) => `/admin/credentials/issuers/${f.issuerSlug}/rotate`,
  },
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
  'GET /learn': { expect: everyone(200) },
  'GET /learn/courses/new': { expect: teachers(200) },
  'POST /learn/courses': { expect: teachers(400) },
  'GET /learn/courses/:slug': { expect: everyone(200), path: (f) => `/learn/courses/${f.courseSlug}` },
  'GET /learn/courses/:slug/progress': {
    expect: teachers(200),
    path: (f) => `/learn/courses/${f.courseSlug}/progress`,
  },
  'POST /learn/courses/:slug/lessons': {
    expect: teachers(400),
    path: (f) => `/learn/courses/${f.courseSlug}/lessons`,
  },
  'POST /learn/courses/:slug/labs': {
    expect: teachers(400),
    path: (f) => `/learn/courses/${f.courseSlug}/labs`,
  },
  'GET /learn/lessons/:id': { expect: everyone(200), path: (f) => `/learn/lessons/${f.lessonId}` },
  'GET /learn/lessons/:id/edit': { expect: teachers(200), path: (f) => `/learn/lessons/${f.lessonId}/edit` },
  // An empty form: refused for those allowed.
  'POST /learn/lessons/:id/edit': { expect: teachers(400), path: (f) => `/learn/lessons/${f.lessonId}/edit` },
  'POST /learn/lessons/:id/complete': {
    expect: learners(303),
    path: (f) => `/learn/lessons/${f.lessonId}/complete`,
  },
  // Nothing answered scores 0: still a result.
  'POST /learn/lessons/:id/quiz': { expect: learners(200), path: (f) => `/learn/lessons/${f.lessonId}/quiz` },
  'GET /learn/labs/:id': { expect: everyone(200), path: (f) => `/learn/labs/${f.labId}` },
  // No query typed: refused for those allowed.
  'POST /learn/labs/:id/run': { expect: learners(400), path: (f) => `/learn/labs/${f.labId}/run` },
  'POST /learn/labs/:id/submit': { expect: learners(400), path: (f) => `/learn/labs/${f.labId}/submit` },
  'POST /learn/courses/:slug/tutor': {
    expect: learners(400),
    path: (f) => `/learn/courses/${f.courseSlug}/tutor`,
  },
  'GET /learn/pglite/:version/:file': { expect: everyone(200), path: () => PGLITE_URL },
  'GET /learn/assets/:file': { expect: everyone(200), path: () => labIsland().url },
  // Task `learn` (ADR 0021): editing courses and labs, reordering lessons and labs. Empty forms
  // are refused for those allowed (the course's teacher and platform admins).
  'GET /learn/courses/:slug/edit': {
    expect: teachers(200),
    path: (f) => `/learn/courses/${f.courseSlug}/edit`,
  },
  'POST /learn/courses/:slug/edit': {
    expect: teachers(400),
    path: (f) => `/learn/courses/${f.courseSlug}/edit`,
  },
  'POST /learn/lessons/:id/move': { expect: teachers(400), path: (f) => `/learn/lessons/${f.lessonId}/move` },
  'GET /learn/labs/:id/edit': { expect: teachers(200), path: (f) => `/learn/labs/${f.labId}/edit` },
  'POST /learn/labs/:id/edit': { expect: teachers(400), path: (f) => `/learn/labs/${f.labId}/edit` },
  'POST /learn/labs/:id/move': { expect: teachers(400), path: (f) => `/learn/labs/${f.labId}/move` },
  // The fixture student has progress on the lesson (the rows above completed it) and a lab
  // submission: deleting is refused (409) for those allowed.
  'POST /learn/lessons/:id/delete': {
    expect: teachers(409),
    path: (f) => `/learn/lessons/${f.lessonId}/delete`,
  },
  'POST /learn/labs/:id/delete': { expect: teachers(409), path: (f) => `/learn/labs/${f.labId}/delete` },
  // End of task `learn` rows.
  // Last of the learning rows: after it every signed-in role is enrolled.
  'POST /learn/courses/:slug/enrol': {
    expect: signedIn(303),
    path: (f) => `/learn/courses/${f.courseSlug}/enrol`,
  },
  'GET /questions': { expect: teachers(200) },
  'GET /questions/new': { expect: teachers(200) },
  // Empty forms are refused: no question type, no category name, no status.
  'POST /questions': { expect: teachers(400) },
  'GET /questions/categories': { expect: teachers(200) },
  'POST /questions/categories': { expect: teachers(400) },
  'GET /questions/categories/:categoryId': { expect: teachers(200) },
  'POST /questions/categories/:categoryId': { expect: teachers(400) },
  'GET /questions/import': { expect: teachers(200) },
  // An empty form: no format chosen, nothing pasted.
  'POST /questions/import': { expect: teachers(400) },
  'GET /questions/categories/:categoryId/export': {
    expect: teachers(200),
    path: (f) => `/questions/categories/${f.categoryId}/export?format=gift`,
  },
  'GET /questions/:id': { expect: teachers(200), path: (f) => `/questions/${f.questionId}` },
  'GET /questions/:id/edit': {
    expect: teachers(200),
    path: (f) => `/questions/${f.questionId}/edit`,
  },
  'POST /questions/:id/edit': {
    expect: teachers(400),
    path: (f) => `/questions/${f.questionId}/edit`,
  },
  'POST /questions/:id/status': {
    expect: teachers(400),
    path: (f) => `/questions/${f.questionId}/status`,
  },
  'GET /questions/:id/versions': {
    expect: teachers(200),
    path: (f) => `/questions/${f.questionId}/versions`,
  },
  'GET /questions/:id/preview': {
    expect: teachers(200),
    path: (f) => `/questions/${f.questionId}/preview`,
  },
  'POST /questions/:id/preview': {
    expect: teachers(200),
    path: (f) => `/questions/${f.questionId}/preview`,
  },
  'GET /exams': { expect: everyone(200) },
  'GET /exams/new': { expect: teachers(200) },
  'POST /exams': { expect: teachers(400) },
  'GET /exams/:id': { expect: everyone(200), path: (f) => `/exams/${f.examId}` },
  'GET /exams/:id/edit': { expect: teachers(200), path: (f) => `/exams/${f.examId}/edit` },
  'POST /exams/:id/edit': { expect: teachers(400), path: (f) => `/exams/${f.examId}/edit` },
  // The fixture exam draws from an empty category: everyone signed in may try, and the draw fails.
  'POST /exams/:id/start': { expect: signedIn(409), path: (f) => `/exams/${f.examId}/start` },
  // A made-up attempt id: nobody owns it.
  'GET /exams/attempts/:aid': { expect: signedIn(404) },
  // The matrix posts a form, not the JSON the save endpoint takes.
  'POST /exams/attempts/:aid/answers': { expect: signedIn(400) },
  'POST /exams/attempts/:aid/events': { expect: signedIn(404) },
  'POST /exams/attempts/:aid/submit': { expect: signedIn(404) },
  'GET /exams/attempts/:aid/review': { expect: signedIn(404) },
  'GET /exams/attempts/:aid/events': { expect: signedIn(404) },
  'GET /exams/:id/results': { expect: teachers(200), path: (f) => `/exams/${f.examId}/results` },
  'GET /exams/:id/stats.svg': { expect: teachers(200), path: (f) => `/exams/${f.examId}/stats.svg` },
  'GET /exams/:id/results.csv': { expect: teachers(200), path: (f) => `/exams/${f.examId}/results.csv` },
  'GET /exams/:id/results.xlsx': { expect: teachers(200), path: (f) => `/exams/${f.examId}/results.xlsx` },
  'GET /exams/:id/stats.csv': { expect: teachers(200), path: (f) => `/exams/${f.examId}/stats.csv` },
  'GET /exams/:id/grading': { expect: teachers(200), path: (f) => `/exams/${f.examId}/grading` },
  // An empty form is refused before the made-up attempt is looked up.
  'POST /exams/attempts/:aid/slots/:slot/grade': { expect: teachers(400) },
  'POST /exams/:id/regrade': { expect: teachers(400), path: (f) => `/exams/${f.examId}/regrade` },
  // Task `learn` (ADR 0021): the proctor's live view, for those who grade or manage exams.
  'GET /exams/:id/live': { expect: teachers(200), path: (f) => `/exams/${f.examId}/live` },
};

const t = useTestApp();

async function fixture(): Promise<{ fixture: Fixture; clients: Record<Role, TestClient> }> {
  const users: Partial<Record<Role, { id: string; email: string }>> = {};
  const platformRole: Partial<Record<Role, PlatformRole>> = {
    student: 'student',
    teacher: 'teacher',
    judge: 'judge',
    speaker: 'speaker',
    platform_admin: 'platform_admin',
  };
  for (const role of ROLES.filter((r) => r !== 'anonymous')) {
    const r = platformRole[role];
    users[role] = await makeUser(t.db, {
      roles: r ? [r] : [],
      verified: role !== 'unconfirmed',
      email: `${role}@matrix.test`,
    });
  }
  const org = await makeOrg(t.db, users.org_admin!.id, { slug: 'matrix-org' });
  await t.db.insert(memberships).values({ orgId: org.id, userId: users.org_member!.id, role: 'member' });
  const info = { publicUrl: TEST_PUBLIC_URL, ip: null, actorId: users.org_admin!.id };
  const invitation = await inviteMember(
    t.db,
    {
      orgId: org.id,
      email: 'invitee@matrix.test',
      role: 'member',
      inviterId: users.org_admin!.id,
      locale: 'zh-CN',
    },
    info,
  );
  const mailId = await queueMail(t.db, { to: 'x@matrix.test', subject: 's', text: 'b', template: 'test' });
  const fileSha = await storeImage(
    t.db,
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    ),
    1024,
  );
  const ctx = { db: t.db, secret: t.deps.config.GONGJIN_SECRET, publicUrl: TEST_PUBLIC_URL };
  const issuer = await createIssuer(ctx, { slug: 'matrix-issuer', nameZh: '联盟', nameEn: 'Alliance' }, info);
  const achievement = await createAchievement(
    ctx,
    {
      slug: 'matrix-badge',
      nameZh: '徽章',
      nameEn: 'Badge',
      descriptionZh: '描述',
      descriptionEn: 'Description',
      criteriaZh: '标准',
      criteriaEn: 'Criteria',
      issuerId: issuer.id,
    },
    info,
  );
  const credential = await issueCredential(ctx, achievement.id, { name: '矩阵' }, [], info);
  await seedTaxonomy(t.db, info);
  const product = await createProduct(
    t.db,
    org.id,
    {
      name: 'Matrix DB',
      subcategorySlug: 'relational-oltp',
      descriptionZh: '',
      descriptionEn: '',
      license: 'Apache-2.0',
      compatibility: [],
      deployment: [],
      homepageUrl: '',
      githubUrl: '',
      giteeUrl: '',
      gitcodeUrl: '',
      docsUrl: '',
    },
    info,
  );
  const otherOrg = await makeOrg(t.db, users.platform_admin!.id, { slug: 'matrix-other' });
  const logoSha = await setOrganizationLogo(
    t.db,
    otherOrg.id,
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'),
    info,
  );
  const series = await createSeries(
    t.db,
    { slug: 'matrix-series', titleZh: '矩阵系列', titleEn: '', description: '' },
    info,
  );
  const salon = await createSalon(
    t.db,
    {
      seriesId: series.id,
      title: '矩阵沙龙',
      description: '',
      city: '杭州',
      venue: '',
      address: '',
      mapUrl: '',
      startsAt: new Date('2030-03-01T06:00:00Z'),
      endsAt: new Date('2030-03-01T09:00:00Z'),
      timezone: 'Asia/Shanghai',
      hostOrgId: org.id,
      cohostOrgIds: [],
      capacity: 100,
      registrationDeadline: null,
      questions: [],
    },
    info,
  );
  await changeSalonStatus(t.db, salon.id, 'announced', info);
  await changeSalonStatus(t.db, salon.id, 'registration_open', info);
  const outsider = await makeUser(t.db, { email: 'attendee@matrix.test' });
  const ticket = await register(t.db, { salonId: salon.id, userId: outsider.id, answers: {} }, info, {
    publicUrl: TEST_PUBLIC_URL,
    secret: t.deps.config.GONGJIN_SECRET,
    locale: 'zh-CN',
  });
  const learning = await seedLearningDemo(t.db, {
    teacherId: users.teacher!.id,
    studentIds: [users.student!.id],
    info: { ip: null, actorId: users.teacher!.id },
  });
  // Task `learn`: a lab submission, so deleting the lab is refused.
  await recordLabAttempt(t.db, learning.lab.id, users.student!.id, 'select 1', {
    passed: false,
    diagnostics: [],
  });
  const { question } = await createQuestion(
    t.db,
    {
      name: '矩阵题',
      text: 'PostgreSQL 是关系型数据库。',
      textFormat: 'plain',
      generalFeedback: '',
      explanation: '',
      defaultMark: 1,
      body: { type: 'true_false', correct: true, feedbackTrue: '', feedbackFalse: '' },
      category: ['矩阵'],
      tags: [],
      idNumber: null,
      difficulty: 3,
    },
    info,
  );
  const exam = await createExam(
    t.db,
    {
      title: '矩阵考试',
      description: '',
      status: 'published',
      blueprint: {
        sections: [
          {
            title: '',
            draws: [{ count: 1, category: ['无此分类'], includeSubcategories: false, tags: [] }],
            fixed: [],
          },
        ],
      },
      timeLimitMinutes: 30,
      opensAt: null,
      closesAt: null,
      attemptsAllowed: 0,
      gradingMethod: 'highest',
      passPercent: 60,
      shuffleQuestions: true,
      shuffleOptions: true,
      review: DEFAULT_REVIEW,
      requiredCourseId: null,
      requiredLabs: 0,
      achievementId: null,
      staggerMinutes: 0,
    },
    info,
  );
  // A talk whose speaker is the matrix's speaker, and an open invitation to claim it.
  const talk = await addAgendaItem(
    t.db,
    salon.id,
    {
      kind: 'mini_talk',
      subKind: null,
      title: '矩阵议题',
      abstract: '',
      speakerId: users.speaker!.id,
      durationMinutes: 20,
    },
    info,
  );
  const speakerInvite = await inviteSpeaker(t.db, salon.id, talk.id, 'guest@matrix.test', info, {
    publicUrl: TEST_PUBLIC_URL,
    secret: t.deps.config.GONGJIN_SECRET,
    locale: 'zh-CN',
  });
  const clients = {} as Record<Role, TestClient>;
  for (const role of ROLES) {
    clients[role] = t.client();
    if (role !== 'anonymous') await clients[role].logIn(users[role]!.email);
  }
  return {
    clients,
    fixture: {
      slug: org.slug,
      orgId: org.id,
      token: invitation.token,
      invitationId: invitation.id,
      userId: users.org_member!.id,
      memberId: users.org_member!.id,
      outsiderId: users.user!.id,
      mailId,
      fileSha,
      issuerSlug: issuer.slug,
      credentialId: credential.id,
      verifyPath:
        new URL(verifyLink(ctx, credential.id)).pathname + new URL(verifyLink(ctx, credential.id)).search,
      productSlug: product.slug,
      productId: product.id,
      logoSha,
      id: salon.id,
      itemId: '00000000-0000-4000-8000-000000000001',
      seriesSlug: series.slug,
      ticket: ticket.token,
      courseSlug: learning.course.slug,
      lessonId: learning.lessons[1].id,
      labId: learning.lab.id,
      questionId: question.id,
      categoryId: question.categoryId,
      examId: exam.id,
      aid: '00000000-0000-4000-8000-000000000009',
      slot: '1',
      talkItemId: talk.id,
      speakerInvite,
      speakerId: users.speaker!.id,
    },
  };
}

/** Fills :params from the fixture (":id" means the row's main object; rows override with `path`). */
function concretePath(pattern: string, f: Fixture): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in f)) throw new Error(`no fixture value for :${name} in ${pattern}; give the row a path()`);
    return f[name];
  });
}

describe('permission matrix', () => {
  it('has exactly one row per registered route', () => {
    const registered = [
      ...new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`)),
    ].sort();
    expect(Object.keys(MATRIX).sort()).toEqual(registered);
  });

  it('answers every route for every role as expected', async () => {
    const { fixture: f, clients } = await fixture();
    const actual: Record<string, Partial<Expect>> = {};
    const expected: Record<string, Expect> = {};
    for (const [route, row] of Object.entries(MATRIX)) {
      const [method, pattern] = route.split(' ');
      const path = row.path ? row.path(f) : concretePath(pattern, f);
      expected[route] = row.expect;
      actual[route] = {};
      for (const role of ROLES) {
        const res =
          method === 'GET' ? await clients[role].get(path) : await clients[role].post(path, row.form ?? {});
        actual[route][role] = res.status;
        // A POST must not have logged the role out for the rows after it.
        if (route === 'POST /logout' && role !== 'anonymous')
          await clients[role].logIn(`${role}@matrix.test`);
      }
    }
    expect(actual).toEqual(expected);
    // Hundreds of requests: on a shared 2-core machine this exceeds the default 30 s.
  }, 300_000);
});
