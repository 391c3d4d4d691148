import { ADMIN } from './admin.rows.ts';
import { checkRows } from './matrix.ts';

checkRows('admin', ADMIN);
