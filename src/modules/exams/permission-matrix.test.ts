import { checkRows } from '../../testing/permission-matrix.ts';
import { EXAMS } from './permission-matrix.rows.ts';

checkRows('exams', EXAMS);
