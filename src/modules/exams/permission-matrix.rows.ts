// Permission-matrix rows, exams, attempts, results and grading.
// One row per route, requested in this order (see src/testing/permission-matrix.ts). The fixture exam belongs to the
// matrix teacher's school: the other school's teacher gets 404 on its owners' pages (ADR 0024).
import { everyone, owners, type Rows, signedIn, teachers } from '../../testing/permission-matrix.ts';

export const EXAMS: Rows = {
  'GET /exams': { expect: everyone(200) },
  'GET /exams/new': { expect: teachers(200) },
  'POST /exams': { expect: teachers(400) },
  'GET /exams/:id': { expect: everyone(200), path: (f) => `/exams/${f.examId}` },
  'GET /exams/:id/edit': { expect: owners(200), path: (f) => `/exams/${f.examId}/edit` },
  'POST /exams/:id/edit': { expect: owners(400), path: (f) => `/exams/${f.examId}/edit` },
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
  'GET /exams/:id/results': { expect: owners(200), path: (f) => `/exams/${f.examId}/results` },
  'GET /exams/:id/stats.svg': { expect: owners(200), path: (f) => `/exams/${f.examId}/stats.svg` },
  'GET /exams/:id/results.csv': { expect: owners(200), path: (f) => `/exams/${f.examId}/results.csv` },
  'GET /exams/:id/results.xlsx': { expect: owners(200), path: (f) => `/exams/${f.examId}/results.xlsx` },
  'GET /exams/:id/stats.csv': { expect: owners(200), path: (f) => `/exams/${f.examId}/stats.csv` },
  'GET /exams/:id/grading': { expect: owners(200), path: (f) => `/exams/${f.examId}/grading` },
  // An empty form is refused before the made-up attempt is looked up.
  'POST /exams/attempts/:aid/slots/:slot/grade': { expect: teachers(400) },
  // Overriding an automatic grade (ADR 0024): the same, with a required reason.
  'POST /exams/attempts/:aid/slots/:slot/override': { expect: teachers(400) },
  'POST /exams/:id/regrade': { expect: owners(400), path: (f) => `/exams/${f.examId}/regrade` },
  // The proctor's live view, for those who grade or manage exams (ADR 0021).
  'GET /exams/:id/live': { expect: owners(200), path: (f) => `/exams/${f.examId}/live` },
};
