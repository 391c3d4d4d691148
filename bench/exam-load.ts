/**
 * Exam load benchmark, run by `npm run bench:exam`. Seeds a question bank, an exam and N candidates
 * (users with sessions, written in bulk) into a fresh database, starts `gongjin serve` on it as its
 * own process, then simulates the candidates from this process: a synchronised start (every
 * candidate clicks at a random moment within --start-window seconds, the exam's staggered start
 * off), each loading the attempt page after, then autosaves of changed answers every --interval ms
 * (each candidate's first save at a random offset, then a ±30 % jittered interval, as exam.js does)
 * for --duration, and submits. Prints, per step: errors by kind with a few request ids each (the
 * server's log line for each, with its stack, is in the log file it names), start p50/p99 and the
 * start phase's length, save p50/p99/max and rate, submit latencies, and the load average.
 *
 *   --db postgres|pglite      PostgreSQL needs TEST_DATABASE_URL or DATABASE_URL (a server URL;
 *                             the bench creates and drops a fresh database per step)
 *   --candidates 2000         simulated candidates (comma list to step up: 2000,5000,10000); every
 *                             step runs even after one failed, so the ceiling is visible
 *   --interval 30000          autosave interval per candidate (ms); 2,000 × every 30 s ≈ 67 saves/s
 *   --duration 60             seconds of autosaving
 *   --start-window 5          seconds over which the candidates click "start" (0: all at once)
 *   --submit-concurrency 40   submits in flight at a time
 *
 * "Sustained" means zero errors and p99 save latency under 200 ms (the issue's target). The server
 * logs at warn, into a file per step (its path is printed), kept after the run (ADR 0038).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { candidateSession, prepareExamDatabase } from '../tests/e2e/exam-fixture.ts';
import { type ServerProcess, startServer } from '../tests/e2e/process.ts';

const { values: opts } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    candidates: { type: 'string', default: '2000' },
    interval: { type: 'string', default: '30000' },
    duration: { type: 'string', default: '60' },
    'start-window': { type: 'string', default: '5' },
    'submit-concurrency': { type: 'string', default: '40' },
  },
});

const SECRET = randomBytes(32).toString('hex');
const TARGET_P99_MS = 200;

type Candidate = {
  n: number;
  cookie: string;
  csrf: string;
  attemptId?: string;
  slots: Record<string, number>;
  seq: Record<number, number>;
  /** The choice question's option values as the page shows them (per-attempt tokens). */
  choices: string[];
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** What a request that got no answer died of: fetch's message and its cause's code (ECONNRESET, …). */
function failure(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return `${(err as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
}

function candidate(n: number): Candidate {
  return { n, ...candidateSession(n, SECRET), slots: {}, seq: {}, choices: [] };
}

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

async function runOnce(kind: string, n: number, intervalMs: number, durationS: number) {
  const { env, examId, cleanup } = await prepareExamDatabase(
    kind === 'pglite' ? 'pglite' : 'postgres',
    n,
    process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL,
  );
  let server: ServerProcess | undefined;
  try {
    server = await startServer({
      env: { ...env, GONGJIN_SECRET: SECRET, LOG_LEVEL: 'warn' },
      timeoutMs: 180_000,
    });
    // Keep the server's log: every 500 is a line with its request id and stack.
    const logPath = path.join(os.tmpdir(), `exam-load-${process.pid}-${kind}-${n}.log`);
    const log = createWriteStream(logPath);
    log.write(server.output());
    server.child.stdout?.on('data', (d: string) => log.write(d));
    server.child.stderr?.on('data', (d: string) => log.write(d));
    console.error(`server log: ${logPath}`);
    const base = server.url;
    const errors: Record<string, number> = {};
    // A few request ids per kind of error: each is the key to its line (and stack) in the server log.
    const samples: Record<string, string[]> = {};
    const fail = (why: string, res?: Response) => {
      errors[why] = (errors[why] ?? 0) + 1;
      const id = res?.headers.get('x-request-id');
      const kept = samples[why] ?? [];
      samples[why] = kept;
      if (id && kept.length < 5) kept.push(id);
    };
    const candidates = Array.from({ length: n }, (_, i) => candidate(i + 1));

    // Start phase: start + first page load. A synchronised start: every candidate clicks at a
    // random moment within --start-window seconds of the announced minute (0: all at once).
    const startLatency: number[] = [];
    const windowMs = Number(opts['start-window']) * 1000;
    const t0 = performance.now();
    await Promise.all(
      candidates.map(async (c) => {
        await new Promise((r) => setTimeout(r, Math.random() * windowMs));
        const s = performance.now();
        try {
          const res = await fetch(`${base}/exams/${examId}/start`, {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie: c.cookie, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ _csrf: c.csrf }),
          });
          await res.arrayBuffer();
          const loc = res.headers.get('location') ?? '';
          if (res.status !== 303 || !loc.startsWith('/exams/attempts/'))
            return fail(`start HTTP ${res.status}`, res);
          const page = await fetch(`${base}${loc}`, { headers: { cookie: c.cookie } });
          const html = await page.text();
          if (page.status !== 200) return fail(`page HTTP ${page.status}`, page);
          for (const m of html.matchAll(/data-slot="(\d+)" data-type="([a-z_]+)"/g))
            c.slots[m[2]] = Number(m[1]);
          if (c.slots.single_choice)
            c.choices = [
              ...html.matchAll(new RegExp(`name="q${c.slots.single_choice}" value="([^"]+)"`, 'g')),
            ].map((m) => m[1]);
          // Only a candidate who has the page takes part in the autosave phase.
          c.attemptId = loc.split('/')[3];
          startLatency.push(performance.now() - s);
        } catch (err) {
          fail(`start ${failure(err)}`);
        }
      }),
    );
    const startSeconds = (performance.now() - t0) / 1000;

    // Autosave phase.
    const saveLatency: number[] = [];
    let saves = 0;
    const stopAt = performance.now() + durationS * 1000;
    const saveOnce = async (c: Candidate) => {
      const choiceSlot = c.slots.single_choice;
      const essaySlot = c.slots.essay;
      const answers = [];
      if (choiceSlot && c.choices.length > 0) {
        c.seq[choiceSlot] = (c.seq[choiceSlot] ?? 0) + 1;
        answers.push({
          slot: choiceSlot,
          seq: c.seq[choiceSlot],
          response: { type: 'single_choice', choice: c.choices[c.seq[choiceSlot] % c.choices.length] },
        });
      }
      if (essaySlot) {
        c.seq[essaySlot] = (c.seq[essaySlot] ?? 0) + 1;
        answers.push({
          slot: essaySlot,
          seq: c.seq[essaySlot],
          response: { type: 'essay', text: `索引会带来写放大，第 ${c.seq[essaySlot]} 稿。`.repeat(8) },
        });
      }
      const s = performance.now();
      try {
        const res = await fetch(`${base}/exams/attempts/${c.attemptId}/answers`, {
          method: 'POST',
          headers: { cookie: c.cookie, 'content-type': 'application/json', 'x-csrf-token': c.csrf },
          body: JSON.stringify({ answers }),
        });
        const text = await res.text();
        saveLatency.push(performance.now() - s);
        saves += 1;
        if (res.status !== 200) return fail(`save HTTP ${res.status}`, res);
        const body = JSON.parse(text) as { acks?: { slot: number; seq: number }[] };
        if (body.acks?.length !== answers.length) fail('save not fully acknowledged');
      } catch (err) {
        fail(`save ${failure(err)}`);
      }
    };
    const t1 = performance.now();
    await Promise.all(
      candidates
        .filter((c) => c.attemptId)
        .map(async (c) => {
          // Each candidate's first save at a random point of the first interval, then jittered.
          let next = performance.now() + Math.random() * intervalMs;
          for (;;) {
            const wait = next - performance.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            if (performance.now() >= stopAt) return;
            await saveOnce(c);
            next += intervalMs * (0.7 + Math.random() * 0.6);
          }
        }),
    );
    const saveSeconds = (performance.now() - t1) / 1000;

    // Submit phase.
    const submitLatency: number[] = [];
    await pool(
      candidates.filter((c) => c.attemptId),
      Number(opts['submit-concurrency']),
      async (c) => {
        const s = performance.now();
        try {
          const res = await fetch(`${base}/exams/attempts/${c.attemptId}/submit`, {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie: c.cookie, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ _csrf: c.csrf }),
          });
          await res.arrayBuffer();
          if (res.status !== 303) return fail(`submit HTTP ${res.status}`, res);
          submitLatency.push(performance.now() - s);
        } catch (err) {
          fail(`submit ${failure(err)}`);
        }
      },
    );

    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const sv = sorted(saveLatency);
    const st = sorted(startLatency);
    const sb = sorted(submitLatency);
    const errorCount = Object.values(errors).reduce((s, x) => s + x, 0);
    const p99 = percentile(sv, 99);
    const result = {
      db: kind,
      candidates: n,
      intervalMs,
      saves,
      // Saves are only sent before the duration ends (the loops wind down after it).
      savesPerSecond: Math.round((saves / Math.min(saveSeconds, durationS)) * 10) / 10,
      saveP50: Math.round(percentile(sv, 50) * 10) / 10,
      saveP99: Math.round(p99 * 10) / 10,
      saveMax: Math.round((sv[sv.length - 1] ?? Number.NaN) * 10) / 10,
      startP50: Math.round(percentile(st, 50)),
      startP99: Math.round(percentile(st, 99)),
      startPhaseSeconds: Math.round(startSeconds * 10) / 10,
      submitP50: Math.round(percentile(sb, 50)),
      submitP99: Math.round(percentile(sb, 99)),
      errors: errorCount,
      errorKinds: errors,
      errorRequestIds: samples,
      serverLog: logPath,
      sustained: errorCount === 0 && p99 < TARGET_P99_MS,
      // The machine is shared: the load average says how much of it the run had.
      loadAverage1m: Math.round(os.loadavg()[0] * 10) / 10,
    };
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await server?.stop().catch(() => server?.kill());
    await cleanup();
  }
}

const counts = String(opts.candidates)
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((x) => x > 0);
let largest = 0;
// Every step runs even when one before it failed, so the ceiling is visible rather than guessed.
for (const n of counts) {
  try {
    const r = await runOnce(String(opts.db), n, Number(opts.interval), Number(opts.duration));
    if (r.sustained && n > largest) largest = n;
  } catch (err) {
    console.log(JSON.stringify({ db: opts.db, candidates: n, failed: (err as Error).stack ?? String(err) }));
  }
}
console.log(
  `exam load (${opts.db}): largest N sustained (zero errors, p99 save < ${TARGET_P99_MS} ms) at one save per ${opts.interval} ms: ${largest || 'none'}`,
);
