import { checkRows } from '../../../src/testing/permission-matrix.ts';
import { PLATFORM } from '../../../src/testing/platform.rows.ts';

checkRows('platform', PLATFORM);
