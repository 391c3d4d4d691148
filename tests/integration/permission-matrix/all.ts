// Every area's rows together, for the one-row-per-route check.

import { ROWS as EXCHANGE } from '../../../src/modules/exchange/permission-matrix.rows.ts';
import { ACCOUNTS } from './accounts.rows.ts';
import { ADMIN } from './admin.rows.ts';
import { CREDENTIALS } from './credentials.rows.ts';
import { EXAMS } from './exams.rows.ts';
import { LEARNING } from './learning.rows.ts';
import type { Rows } from './matrix.ts';
import { ORGS } from './orgs.rows.ts';
import { QUESTIONS } from './questions.rows.ts';
import { SALONS } from './salons.rows.ts';
import { WALL } from './wall.rows.ts';

/** Area name → its rows. A new area file is added here too. */
export const AREAS: Record<string, Rows> = {
  accounts: ACCOUNTS,
  orgs: ORGS,
  wall: WALL,
  admin: ADMIN,
  credentials: CREDENTIALS,
  salons: SALONS,
  learning: LEARNING,
  questions: QUESTIONS,
  exams: EXAMS,
  // Hand-wired until the module manifest lands (ADR 0034).
  exchange: EXCHANGE,
};
