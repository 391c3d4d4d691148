/** Learning: courses, lessons, SQL labs graded in the sandbox, progress and the tutor. */
import { defineModule } from '../../platform/module.ts';
import { teacherOrAdmin } from '../../platform/permissions.ts';
import * as messages from './messages.ts';
import { type LearningOptions, learningRoutes } from './routes.tsx';

/**
 * `activeExamFor` comes from exams (the tutor switches off during an exam, ADR 0033); `learning`
 * in the route options is a test's or the server's grader.
 */
export const learningModule = (wiring: Pick<LearningOptions, 'activeExamFor'>) =>
  defineModule({
    name: 'learning',
    messages,
    permissions: {
      /** Author courses, lessons and labs: teachers and platform admins. */
      'learning:teach': teacherOrAdmin,
      /** Edit one course and see its students' progress: its author (a teacher) or a platform admin. */
      'learning:manage_course': (a, s) =>
        a.roles.has('platform_admin') || (a.roles.has('teacher') && !!s.userId && s.userId === a.userId),
    },
    auditActions: [
      'learning.course_created',
      'learning.course_updated',
      'learning.enrolled',
      'learning.lab_added',
      'learning.lab_updated',
      'learning.lesson_added',
      'learning.lesson_updated',
      'learning.track_created',
      'learning.lab_moved',
      'learning.lesson_moved',
      'learning.lab_deleted',
      'learning.lesson_deleted',
    ],
    routes: (options) => [
      {
        prefix: '/',
        app: learningRoutes({ ...wiring, ...(options.learning as LearningOptions | undefined) }),
      },
    ],
    nav: [{ href: '/learn', label: 'nav.learn', place: 'main', order: 50 }],
    matrix: async () => ({ learning: (await import('./permission-matrix.rows.ts')).LEARNING }),
  });
