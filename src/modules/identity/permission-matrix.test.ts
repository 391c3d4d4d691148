import { checkRows } from '../../testing/permission-matrix.ts';
import { ACCOUNTS, ORGS } from './permission-matrix.rows.ts';

checkRows('accounts', ACCOUNTS);
checkRows('orgs', ORGS);
