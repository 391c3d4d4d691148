import { checkRows } from './matrix.ts';
import { QUESTIONS } from './questions.rows.ts';

checkRows('questions', QUESTIONS);
