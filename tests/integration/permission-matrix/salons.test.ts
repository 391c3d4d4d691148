import { checkRows } from './matrix.ts';
import { SALONS } from './salons.rows.ts';

checkRows('salons', SALONS);
