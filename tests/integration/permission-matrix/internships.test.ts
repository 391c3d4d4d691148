import { INTERNSHIPS } from './internships.rows.ts';
import { checkRows } from './matrix.ts';

checkRows('internships', INTERNSHIPS);
