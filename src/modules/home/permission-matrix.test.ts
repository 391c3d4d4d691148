import { checkRows } from '../../testing/permission-matrix.ts';
import { HOME } from './permission-matrix.rows.ts';

checkRows('home', HOME);
