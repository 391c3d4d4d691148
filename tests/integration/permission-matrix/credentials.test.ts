import { CREDENTIALS } from './credentials.rows.ts';
import { checkRows } from './matrix.ts';

checkRows('credentials', CREDENTIALS);
