// Hand-wired until the module manifest lands (ADR 0034): the rows live with the module.
import { ROWS } from '../../../src/modules/exchange/permission-matrix.rows.ts';
import { checkRows } from './matrix.ts';

checkRows('exchange', ROWS);
