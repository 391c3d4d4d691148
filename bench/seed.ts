/**
 * Demo seeding time (issue 21: seeding stays under 10 s), run by `node bin/run-ts.mjs bench/seed.ts`:
 * a fresh on-disk PGlite, migrated, then `seedDemo` timed on its own (the whole story, as
 * `npm start` loads it, including the SQL answers graded by the exam grader pool).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { examGrader, labGrader } from '../src/modules/grader/shared.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { openAndMigrate } from '../src/server.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gongjin-bench-seed-'));
const config = loadConfig({ GONGJIN_DATA_DIR: dir, PUBLIC_URL: 'http://localhost:3000' });
const database = await openAndMigrate(config);
const t0 = performance.now();
await seedDemo(database.db, config.PUBLIC_URL, config.GONGJIN_SECRET);
console.log(
  `seedDemo: ${((performance.now() - t0) / 1000).toFixed(2)} s (${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} load)`,
);
await Promise.all([labGrader.close(), examGrader.close()]);
await database.close();
rmSync(dir, { recursive: true, force: true });
