/** The SQL grader: sandboxed PGlite workers that labs and exams share (no pages of its own). */
import { defineModule } from '../../platform/module.ts';
import * as messages from './messages.ts';

export const graderModule = defineModule({ name: 'grader', messages });
