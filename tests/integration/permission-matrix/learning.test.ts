import { LEARNING } from './learning.rows.ts';
import { checkRows } from './matrix.ts';

checkRows('learning', LEARNING);
