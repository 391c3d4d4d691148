import { ACCOUNTS } from './accounts.rows.ts';
import { checkRows } from './matrix.ts';

checkRows('accounts', ACCOUNTS);
