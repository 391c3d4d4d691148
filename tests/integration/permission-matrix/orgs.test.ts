import { checkRows } from './matrix.ts';
import { ORGS } from './orgs.rows.ts';

checkRows('orgs', ORGS);
