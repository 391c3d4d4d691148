/** The question bank: authoring, review, categories, GIFT and Moodle XML import and export. */
import { defineModule } from '../../platform/module.ts';
import { orgTeacher, teacherOrAdmin } from '../../platform/permissions.ts';
import * as formats from './messages/formats.ts';
import * as questions from './messages/questions.ts';
import { questionRoutes } from './routes.tsx';

export const questionsModule = defineModule({
  name: 'questions',
  messages: { zh: { ...questions.zh, ...formats.zh }, en: { ...questions.en, ...formats.en } },
  permissions: {
    /** Use the question bank at all (each question is then checked with `questions:own`). */
    'questions:manage': teacherOrAdmin,
    /** Author, review, import and export one organisation's questions and categories (scope: orgId). */
    'questions:own': orgTeacher,
  },
  auditActions: [
    'questions.category_created',
    'questions.category_updated',
    'questions.created',
    'questions.imported',
    'questions.status_changed',
    'questions.updated',
  ],
  routes: () => [{ prefix: '/', app: questionRoutes() }],
  nav: [
    {
      href: '/questions',
      label: 'questions.nav',
      place: 'account',
      order: 30,
      when: (a) => !!a && teacherOrAdmin(a, {}),
    },
  ],
  matrix: async () => ({ questions: (await import('./permission-matrix.rows.ts')).QUESTIONS }),
});
