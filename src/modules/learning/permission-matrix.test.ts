import { checkRows } from '../../testing/permission-matrix.ts';
import { LEARNING } from './permission-matrix.rows.ts';

checkRows('learning', LEARNING);
