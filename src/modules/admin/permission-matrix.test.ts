import { checkRows } from '../../testing/permission-matrix.ts';
import { ADMIN } from './permission-matrix.rows.ts';

checkRows('admin', ADMIN);
