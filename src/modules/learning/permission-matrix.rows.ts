// Permission-matrix rows, learning: courses, lessons, labs and the tutor.
// One row per route, requested in this order (see src/testing/permission-matrix.ts). A course is its author's: the
// teacher who did not write it (other_teacher) gets 403 on its editing pages.

import { everyone, learners, type Rows, signedIn, teachers } from '../../testing/permission-matrix.ts';
import { labIsland } from './client/bundle.ts';
import { PGLITE_URL } from './routes.tsx';

export const LEARNING: Rows = {
  'GET /learn': { expect: everyone(200) },
  'GET /learn/courses/new': { expect: teachers(200) },
  'POST /learn/courses': { expect: teachers(400) },
  'GET /learn/courses/:slug': { expect: everyone(200), path: (f) => `/learn/courses/${f.courseSlug}` },
  'GET /learn/courses/:slug/progress': {
    expect: teachers(200, 403),
    path: (f) => `/learn/courses/${f.courseSlug}/progress`,
  },
  'POST /learn/courses/:slug/lessons': {
    expect: teachers(400, 403),
    path: (f) => `/learn/courses/${f.courseSlug}/lessons`,
  },
  'POST /learn/courses/:slug/labs': {
    expect: teachers(400, 403),
    path: (f) => `/learn/courses/${f.courseSlug}/labs`,
  },
  'GET /learn/lessons/:id': { expect: everyone(200), path: (f) => `/learn/lessons/${f.lessonId}` },
  'GET /learn/lessons/:id/edit': {
    expect: teachers(200, 403),
    path: (f) => `/learn/lessons/${f.lessonId}/edit`,
  },
  // An empty form: refused for those allowed.
  'POST /learn/lessons/:id/edit': {
    expect: teachers(400, 403),
    path: (f) => `/learn/lessons/${f.lessonId}/edit`,
  },
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
  // Editing courses and labs, reordering lessons and labs (ADR 0021). Empty forms are refused for
  // those allowed (the course's teacher and platform admins).
  'GET /learn/courses/:slug/edit': {
    expect: teachers(200, 403),
    path: (f) => `/learn/courses/${f.courseSlug}/edit`,
  },
  'POST /learn/courses/:slug/edit': {
    expect: teachers(400, 403),
    path: (f) => `/learn/courses/${f.courseSlug}/edit`,
  },
  'POST /learn/lessons/:id/move': {
    expect: teachers(400, 403),
    path: (f) => `/learn/lessons/${f.lessonId}/move`,
  },
  'GET /learn/labs/:id/edit': { expect: teachers(200, 403), path: (f) => `/learn/labs/${f.labId}/edit` },
  'POST /learn/labs/:id/edit': { expect: teachers(400, 403), path: (f) => `/learn/labs/${f.labId}/edit` },
  'POST /learn/labs/:id/move': { expect: teachers(400, 403), path: (f) => `/learn/labs/${f.labId}/move` },
  // The fixture student has progress on the lesson (the rows above completed it) and a lab
  // submission: deleting is refused (409) for those allowed.
  'POST /learn/lessons/:id/delete': {
    expect: teachers(409, 403),
    path: (f) => `/learn/lessons/${f.lessonId}/delete`,
  },
  'POST /learn/labs/:id/delete': { expect: teachers(409, 403), path: (f) => `/learn/labs/${f.labId}/delete` },
  // Last of the learning rows: after it every signed-in role is enrolled.
  'POST /learn/courses/:slug/enrol': {
    expect: signedIn(303),
    path: (f) => `/learn/courses/${f.courseSlug}/enrol`,
  },
};
