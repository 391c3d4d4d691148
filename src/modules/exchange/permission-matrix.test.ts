import { checkRows } from '../../testing/permission-matrix.ts';
import { ROWS } from './permission-matrix.rows.ts';

checkRows('exchange', ROWS);
