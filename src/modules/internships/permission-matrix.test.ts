import { checkRows } from '../../testing/permission-matrix.ts';
import { INTERNSHIPS } from './permission-matrix.rows.ts';

checkRows('internships', INTERNSHIPS);
