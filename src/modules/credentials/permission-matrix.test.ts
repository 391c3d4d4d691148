import { checkRows } from '../../testing/permission-matrix.ts';
import { CREDENTIALS } from './permission-matrix.rows.ts';

checkRows('credentials', CREDENTIALS);
