// Permission-matrix rows, the question bank.
// One row per route, requested in this order (see matrix.ts).
import { type Rows, teachers } from './matrix.ts';

export const QUESTIONS: Rows = {
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
};
