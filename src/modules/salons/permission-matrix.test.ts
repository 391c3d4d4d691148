import { checkRows } from '../../testing/permission-matrix.ts';
import { SALONS } from './permission-matrix.rows.ts';

checkRows('salons', SALONS);
