/**
 * SQL grader benchmark, run by `npm run bench:grader`. A pool of 2 workers grades a stream of
 * answers (right, wrong, failing and unparsable, in turn) to two exercises on a 1,000-row table
 * with 2 hidden variants each: an aggregate (a few result rows) and a full listing (1,000 rows).
 * Then it measures how long a runaway query takes to be killed, against deadline + 0.5 s, and
 * how soon the pool grades again.
 * Targets (issue 5): ≥ 50 graded answers/s with 2 workers; kill within deadline + 0.5 s.
 */

import os from 'node:os';
import { createGraderPool } from '../src/modules/grader/pool.ts';
import type { SqlSpec } from '../src/modules/questions/types.ts';

const WORKERS = 2;
const DEADLINE_MS = 1000;
const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 400);

const setupSql = `
  CREATE TABLE orders (id serial PRIMARY KEY, customer text NOT NULL, region text, amount numeric(10,2), placed timestamptz);
  INSERT INTO orders (customer, region, amount, placed)
  SELECT 'c' || (g % 97), (ARRAY['north', 'south', 'east', 'west'])[1 + g % 4], round((g * 37 % 1000) / 7.0, 2),
         timestamptz '2024-01-01 00:00+00' + g * interval '7 hours'
  FROM generate_series(1, 1000) g;`;
const variants = [
  "INSERT INTO orders (customer, region, amount) VALUES ('x1', NULL, 80), ('x2', 'north', NULL), ('x3', 'mid', 51)",
  "UPDATE orders SET amount = 50 WHERE id % 10 = 0; DELETE FROM orders WHERE region = 'west'",
];

const exercises: Array<{ name: string; spec: SqlSpec; answers: string[] }> = [
  {
    name: 'aggregate (4 result rows)',
    spec: {
      setupSql,
      referenceSql:
        'SELECT region, count(*), sum(amount) FROM orders WHERE amount > 50 GROUP BY region ORDER BY region',
      variants,
      allowedKinds: ['select'],
      checkSql: '',
      compareColumnNames: false,
      tolerance: 0.005,
    },
    answers: [
      'SELECT region, count(*), sum(amount) FROM orders WHERE amount > 50 GROUP BY region ORDER BY region',
      'SELECT o.region, count(o.id), sum(o.amount) FROM orders o WHERE NOT o.amount <= 50 GROUP BY 1 ORDER BY 1',
      'SELECT region, count(*), sum(amount) FROM orders GROUP BY region ORDER BY region',
      'SELECT region, count(*), sum(amount) FROM orders WHERE amount >= 50 GROUP BY region ORDER BY region',
      'SELECT region, count(*), sum(total) FROM orders GROUP BY region',
      'SELECT region count(*) FROM orders',
    ],
  },
  {
    name: 'listing (1,000 result rows)',
    spec: {
      setupSql,
      referenceSql: 'SELECT id, customer, amount FROM orders ORDER BY amount DESC, id',
      variants,
      allowedKinds: ['select'],
      checkSql: '',
      compareColumnNames: false,
      tolerance: 0,
    },
    answers: [
      'SELECT id, customer, amount FROM orders ORDER BY amount DESC, id',
      'SELECT id, customer, amount FROM orders ORDER BY 3 DESC NULLS FIRST, 1',
      'SELECT id, customer, amount FROM orders ORDER BY amount, id',
      'SELECT id, customer, amount FROM orders WHERE amount IS NOT NULL ORDER BY amount DESC, id',
    ],
  },
];

const pool = createGraderPool({ size: WORKERS, deadlineMs: DEADLINE_MS, maxRows: 2000, maxBytes: 2_000_000 });
const started = performance.now();
try {
  // Warm up: workers started, database seeded, references computed on each worker.
  for (const { spec, answers } of exercises) {
    await Promise.all(Array.from({ length: WORKERS * 2 }, () => pool.grade(spec, answers[0])));
  }
  console.log(`pool of ${WORKERS} ready and warm in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  for (const { name, spec, answers } of exercises) {
    const statuses: Record<string, number> = {};
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const results = await Promise.all(
      Array.from({ length: ANSWERS }, (_, i) => pool.grade(spec, answers[i % answers.length])),
    );
    const seconds = (performance.now() - t0) / 1000;
    // Workers are threads of this process, so this is the CPU the whole pool spent.
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000 / ANSWERS;
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const rate = ANSWERS / seconds;
    console.log(
      `${name}: ${ANSWERS} answers in ${seconds.toFixed(2)} s = ${rate.toFixed(1)} graded answers/s ` +
        `(target ≥ 50: ${rate >= 50 ? 'met' : 'NOT met'}) ${JSON.stringify(statuses)}`,
    );
    // The machine is shared; CPU per answer tells what 2 idle cores would sustain.
    console.log(
      `  CPU ${cpuMs.toFixed(1)} ms per answer → about ${((WORKERS * 1000) / cpuMs).toFixed(0)} answers/s ` +
        `on ${WORKERS} idle cores (load average now ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`,
    );
  }

  const spec = exercises[0].spec;
  for (const runaway of ['SELECT pg_sleep(60)', 'SELECT count(*) FROM generate_series(1, 1e10)']) {
    const t0 = performance.now();
    const r = await pool.grade(spec, runaway);
    const resolved = performance.now() - t0;
    const t1 = performance.now();
    const next = await pool.grade(spec, exercises[0].answers[0]);
    const again = performance.now() - t1;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const { lastKillMs } = pool.stats();
    const limit = DEADLINE_MS + 500;
    console.log(
      `runaway "${runaway}": ${r.status} after ${resolved.toFixed(0)} ms (deadline ${DEADLINE_MS} ms, limit ${limit} ms: ` +
        `${resolved <= limit ? 'met' : 'NOT met'}); worker terminated ${lastKillMs} ms after the deadline; ` +
        `next answer graded ${next.status} ${again.toFixed(0)} ms later`,
    );
  }
  console.log(JSON.stringify(pool.stats()));
} finally {
  await pool.close();
}
