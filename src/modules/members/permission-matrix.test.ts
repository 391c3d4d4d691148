import { checkRows } from '../../testing/permission-matrix.ts';
import { WALL } from './permission-matrix.rows.ts';

checkRows('wall', WALL);
