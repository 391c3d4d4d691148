import { checkRows } from './matrix.ts';
import { WALL } from './wall.rows.ts';

checkRows('wall', WALL);
