// Permission-matrix rows, internships: postings, applications and the pipeline.
// One row per route, requested in this order (see src/testing/permission-matrix.ts). The fixture has no posting: routes
// for one answer 404 to whoever passes the checks made before the posting is looked up.
import { by, everyone, type Rows, signedIn } from '../../testing/permission-matrix.ts';

const NO_SUCH = '00000000-0000-4000-8000-000000000000';
/** Posting at all: platform admins and anyone in an organisation (the matrix's teachers are in schools). */
const posters = (status: number) =>
  by(403, {
    anonymous: 401,
    teacher: status,
    other_teacher: status,
    org_member: status,
    org_admin: status,
    platform_admin: status,
  });

export const INTERNSHIPS: Rows = {
  'GET /internships': { expect: everyone(200) },
  'GET /internships/postings/new': { expect: posters(200) },
  'POST /internships/postings': { expect: posters(400) },
  'GET /internships/postings/:id': { expect: everyone(404), path: () => `/internships/postings/${NO_SUCH}` },
  'POST /internships/postings/:id/apply': {
    expect: by(403, { anonymous: 401, student: 404 }),
    path: () => `/internships/postings/${NO_SUCH}/apply`,
  },
  'GET /internships/postings/:id/applicants': {
    expect: signedIn(404),
    path: () => `/internships/postings/${NO_SUCH}/applicants`,
  },
  'GET /internships/postings/:id/applicants.csv': {
    expect: signedIn(404),
    path: () => `/internships/postings/${NO_SUCH}/applicants.csv`,
  },
  'POST /internships/applications/:id/move': {
    expect: signedIn(404),
    path: () => `/internships/applications/${NO_SUCH}/move`,
  },
  'POST /internships/applications/:id/complete': {
    expect: signedIn(404),
    path: () => `/internships/applications/${NO_SUCH}/complete`,
  },
  'GET /internships/identities': { expect: by(403, { anonymous: 401, student: 200 }) },
  'POST /internships/identities/:id': {
    expect: by(403, { anonymous: 401, student: 404 }),
    path: () => `/internships/identities/${NO_SUCH}`,
    form: { decision: 'confirm' },
  },
  'GET /internships/mine': { expect: signedIn(200) },
};
