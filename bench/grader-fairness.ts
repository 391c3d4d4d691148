/**
 * Grader fairness benchmark (issue 17 item 4, ADR 0027), run by `npm run bench:grader-fairness`.
 * The lab service as the lab routes use it — the labs' pool of 2 workers behind `poolGrader`,
 * with the one-query-per-person gate — and the exams' own pool of 2 workers, as in
 * grader/shared.ts. Ten students each send `SELECT pg_sleep(30)` in a loop (each dies at the 2 s
 * deadline); meanwhile quick students run a trivial lab query every 100 ms, and an exam SQL
 * answer (right, wrong, or a runaway in turn) is graded every second. The quick students have run
 * a query before (the pool knows them as quick); the sleepers are new to it.
 * Targets: trivial lab query p99 < 200 ms; every exam answer graded within deadline + 1 s.
 * Prints p50/p99/max for the whole run and for the steady state after the sleepers' first round
 * (each sleeper's first sleep runs before the pool knows it is slow). `--baseline` runs the same
 * load with no reserve (every worker open to slow keys), the pool's behaviour before ADR 0027.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createGraderPool } from '../src/modules/grader/pool.ts';
import { oneAtATime, poolGrader } from '../src/modules/learning/grading.ts';
import type { SqlSpec } from '../src/modules/questions/types.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '90' },
    sleepers: { type: 'string', default: '10' },
    baseline: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(args.seconds);
const SLEEPERS = Number(args.sleepers);
const DEADLINE_MS = 2000;

const setupSql = `CREATE TABLE employees (id serial PRIMARY KEY, name text NOT NULL, dept text, salary numeric(10,2));
  INSERT INTO employees (name, dept, salary) SELECT 'e' || g, (ARRAY['dev', 'ops', 'sales'])[1 + g % 3], 3000 + g * 10
  FROM generate_series(1, 200) g;`;
const TRIVIAL = 'SELECT name, salary FROM employees WHERE id <= 5 ORDER BY id';
const examSpec: SqlSpec = {
  setupSql,
  referenceSql: 'SELECT dept, count(*) FROM employees GROUP BY dept ORDER BY dept',
  variants: ["INSERT INTO employees (name, dept, salary) VALUES ('x', NULL, 1)"],
  allowedKinds: ['select'],
  checkSql: '',
  compareColumnNames: false,
  tolerance: 0,
};
const EXAM_ANSWERS = [
  'SELECT dept, count(*) FROM employees GROUP BY dept ORDER BY dept',
  'SELECT dept, count(*) FROM employees WHERE dept IS NOT NULL GROUP BY dept ORDER BY dept',
  'SELECT pg_sleep(30)',
];

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s.at(-1) ?? Number.NaN };
};
const fmt = (x: { n: number; p50: number; p99: number; max: number }) =>
  `n=${x.n} p50 ${x.p50.toFixed(0)} ms, p99 ${x.p99.toFixed(0)} ms, max ${x.max.toFixed(0)} ms`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const labPool = createGraderPool({
  size: 2,
  deadlineMs: DEADLINE_MS,
  maxRows: 1000,
  reserve: args.baseline ? 0 : 1,
});
const examPool = createGraderPool({ size: 2, deadlineMs: DEADLINE_MS, maxRows: 1000 });
const lab = poolGrader(labPool);
const gate = oneAtATime();

try {
  const t0 = performance.now();
  // Warm: every worker up and seeded with the lab's setup.
  while (labPool.stats().ready < 2 || examPool.stats().ready < 2) await sleep(100);
  await Promise.all([
    lab.run(setupSql, TRIVIAL),
    lab.run(setupSql, TRIVIAL),
    examPool.grade(examSpec, EXAM_ANSWERS[0]),
  ]);
  console.log(
    `pools ready in ${((performance.now() - t0) / 1000).toFixed(1)} s${args.baseline ? ' (baseline: no reserve)' : ''}; ` +
      `${SLEEPERS} sleepers, ${SECONDS} s, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
  );

  // The quick students have used the lab before (each ran a query): the pool knows them as quick.
  for (let i = 0; i < 5; i++) await lab.run(setupSql, TRIVIAL, `quick-${i}`);

  const start = performance.now();
  const stopAt = start + SECONDS * 1000;
  const running = () => performance.now() < stopAt;
  const sleeperResults: Record<string, number> = {};
  /** When each sleeper's first sleep ended: from the last of them on, the pool knows them all. */
  const firstRound: number[] = [];
  let refused = 0;

  const sleeper = async (i: number) => {
    while (running()) {
      try {
        const r = await gate(`sleeper-${i}`, () => lab.run(setupSql, 'SELECT pg_sleep(30)', `sleeper-${i}`));
        const status = r.ok ? 'ok' : r.error.code;
        if (firstRound[i] === undefined) firstRound[i] = performance.now() - start;
        sleeperResults[status] = (sleeperResults[status] ?? 0) + 1;
      } catch {
        refused++;
      }
    }
  };

  const trivial: Array<{ at: number; ms: number; ok: boolean }> = [];
  const quickUser = async (i: number) => {
    // Five quick students, each one query at a time, together about one query every 100 ms.
    await sleep(i * 100);
    while (running()) {
      const s = performance.now();
      const r = await gate(`quick-${i}`, () => lab.run(setupSql, TRIVIAL, `quick-${i}`));
      trivial.push({ at: s - start, ms: performance.now() - s, ok: r.ok });
      await sleep(Math.max(0, 500 - (performance.now() - s)));
    }
  };

  const exam: Array<{ ms: number; status: string; answer: number }> = [];
  const examiner = async () => {
    let k = 0;
    while (running()) {
      const s = performance.now();
      const answer = k++ % EXAM_ANSWERS.length;
      const r = await examPool.grade(examSpec, EXAM_ANSWERS[answer]);
      exam.push({ ms: performance.now() - s, status: r.status, answer });
      await sleep(Math.max(0, 1000 - (performance.now() - s)));
    }
  };

  await Promise.all([
    ...Array.from({ length: SLEEPERS }, (_, i) => sleeper(i)),
    ...Array.from({ length: 5 }, (_, i) => quickUser(i)),
    examiner(),
  ]);

  const all = summary(trivial.map((x) => x.ms));
  const steadyFrom = Math.max(...Array.from({ length: SLEEPERS }, (_, i) => firstRound[i] ?? SECONDS * 1000));
  const steady = summary(trivial.filter((x) => x.at >= steadyFrom).map((x) => x.ms));
  const failed = trivial.filter((x) => !x.ok).length;
  console.log(`trivial lab query, whole run: ${fmt(all)}; ${failed} failed`);
  console.log(
    `trivial lab query, once every sleeper is known slow (from ${(steadyFrom / 1000).toFixed(1)} s): ${fmt(steady)} ` +
      `(target p99 < 200 ms: ${steady.p99 < 200 ? 'met' : 'NOT met'})`,
  );
  const examAll = summary(exam.map((x) => x.ms));
  const examBy = (status: string) => summary(exam.filter((x) => x.status === status).map((x) => x.ms));
  const limit = DEADLINE_MS + 1000;
  const statuses: Record<string, number> = {};
  for (const e of exam) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
  console.log(
    `exam answers graded: ${fmt(examAll)} ${JSON.stringify(statuses)} (target every one ≤ deadline + 1 s = ${limit} ms: ${examAll.max <= limit ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  by result: correct ${fmt(examBy('correct'))}; incorrect ${fmt(examBy('incorrect'))}; timeout ${fmt(examBy('timeout'))}`,
  );
  console.log(
    `sleepers' runs: ${JSON.stringify(sleeperResults)}, refused by the one-at-a-time gate: ${refused}`,
  );
  console.log(`lab pool ${JSON.stringify(labPool.stats())}`);
  console.log(`exam pool ${JSON.stringify(examPool.stats())}`);
  console.log(
    `load average now ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await Promise.all([labPool.close(), examPool.close()]);
}
