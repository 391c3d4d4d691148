import { checkRows } from '../../testing/permission-matrix.ts';
import { QUESTIONS } from './permission-matrix.rows.ts';

checkRows('questions', QUESTIONS);
