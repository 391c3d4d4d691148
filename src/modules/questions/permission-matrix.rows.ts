// Permission-matrix rows, the question bank.
// One row per route, requested in this order (see src/testing/permission-matrix.ts). The fixture question and category
// belong to the matrix teacher's school: the other school's teacher gets 404 (ADR 0024).
import { owners, type Rows, teachers } from '../../testing/permission-matrix.ts';

export const QUESTIONS: Rows = {
  'GET /questions': { expect: teachers(200) },
  'GET /questions/new': { expect: teachers(200) },
  // Empty forms are refused: no question type, no category name, no status.
  'POST /questions': { expect: teachers(400) },
  'GET /questions/categories': { expect: teachers(200) },
  'POST /questions/categories': { expect: teachers(400) },
  'GET /questions/categories/:categoryId': { expect: owners(200) },
  'POST /questions/categories/:categoryId': { expect: owners(400) },
  'GET /questions/import': { expect: teachers(200) },
  // An empty form: no format chosen, nothing pasted.
  'POST /questions/import': { expect: teachers(400) },
  'GET /questions/categories/:categoryId/export': {
    expect: owners(200),
    path: (f) => `/questions/categories/${f.categoryId}/export?format=gift`,
  },
  'GET /questions/:id': { expect: owners(200), path: (f) => `/questions/${f.questionId}` },
  'GET /questions/:id/edit': {
    expect: owners(200),
    path: (f) => `/questions/${f.questionId}/edit`,
  },
  'POST /questions/:id/edit': {
    expect: owners(400),
    path: (f) => `/questions/${f.questionId}/edit`,
  },
  'POST /questions/:id/status': {
    expect: owners(400),
    path: (f) => `/questions/${f.questionId}/status`,
  },
  'GET /questions/:id/versions': {
    expect: owners(200),
    path: (f) => `/questions/${f.questionId}/versions`,
  },
  'GET /questions/:id/preview': {
    expect: owners(200),
    path: (f) => `/questions/${f.questionId}/preview`,
  },
  'POST /questions/:id/preview': {
    expect: owners(200),
    path: (f) => `/questions/${f.questionId}/preview`,
  },
};
