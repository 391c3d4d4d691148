import { EXAMS } from './exams.rows.ts';
import { checkRows } from './matrix.ts';

checkRows('exams', EXAMS);
