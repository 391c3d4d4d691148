/**
 * The SQL grader pool: the one entry point labs and exams use to grade SQL on the server.
 *
 *   const pool = createGraderPool({ size: 2, deadlineMs: 2000, maxRows: 1000 });
 *   const result = await pool.grade(spec, candidateSql);   // GradeResult (types.ts)
 *   const rows = await pool.run(setupSql, referenceSql);    // RunResult: expected rows for a lab
 *   await pool.close();
 *
 * Each worker is a worker_threads Worker with its own in-memory PGlite. PGlite ignores
 * statement_timeout, so the pool keeps the clock: a worker tells it when untrusted SQL starts and
 * stops (`arm`/`disarm`); when a job's SQL has run for `deadlineMs` in all, the job resolves as
 * `timeout` at once and the worker is terminated and replaced. The web process only passes
 * messages, so a runaway query never blocks it.
 *
 * Fairness (ADR 0027): a job may carry a `key` (the person it runs for). A key whose SQL ran past
 * `slowMs` is "slow" for `penaltyMs`; one whose job finished sooner is "quick"; a key with no
 * history is "new". Quick keys' jobs go first, then new ones, then slow ones; new and slow jobs may
 * hold at most `size - reserve` workers, so `reserve` workers are always left for people whose
 * queries are known to be quick — ten students looping `pg_sleep(30)` share one worker between
 * them while a trivial query takes another. The price: a newcomer's first query waits its turn on
 * that shared worker. Jobs without a key are trusted (exams have a pool of their own).
 *
 * Memory (ADR 0027): PGlite's WebAssembly memory only grows. After each job the worker reports
 * its size; past `maxMemoryBytes` the worker is recycled (terminated, which frees it, and started
 * again from the template). The worker's JS heap is capped by `resourceLimits`, so one huge value
 * kills that worker (the job answers `internal`) instead of the server.
 * Diagnostics are catalogue keys (src/i18n/messages/grader.ts) with their variables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SqlSpec, SqlStatementKind } from '../questions/types.ts';
import type { WorkerJob, WorkerMessage } from './protocol.ts';
import type { Diagnostic, GradeResult, GradeStatus, RunResult } from './types.ts';

export type GraderPoolOptions = {
  /** Workers (each a PGlite, a few hundred MB). Default 2. */
  size?: number;
  /** Time a job's untrusted SQL may run, over all its runs (visible data and variants). Default 2000. */
  deadlineMs?: number;
  /** Rows a result may have. Default 1000. */
  maxRows?: number;
  /** Characters of values a result may have. Default 1,000,000. */
  maxBytes?: number;
  /**
   * Whole-job limit, covering seeding and the reference too (an author's slow setup). Default
   * 60 s or 10 × deadlineMs if larger.
   */
  jobTimeoutMs?: number;
  /** Workers kept for keys in good standing (see the header). Default 1 when size > 1, else 0. */
  reserve?: number;
  /** A keyed job whose untrusted SQL ran this long makes its key slow. Default deadlineMs / 2. */
  slowMs?: number;
  /** How long a key stays slow after its last slow job. Default 60 s. */
  penaltyMs?: number;
  /** A worker whose PGlite memory has grown past this after a job is recycled. Default 512 MB. */
  maxMemoryBytes?: number;
  /** The worker's JS heap cap (old generation), in MB. Default 512. */
  maxHeapMb?: number;
};

/** Who a job runs for: used to keep one person's slow queries from holding every worker. */
export type JobOptions = { key?: string };

export type GraderPool = {
  /** Grades `candidateSql` against the question: visible data, then every hidden variant. */
  grade(spec: SqlSpec, candidateSql: string, options?: JobOptions): Promise<GradeResult>;
  /**
   * Runs `sql` on a fresh copy of `setupSql`'s database (rolled back after) and returns the last
   * statement's rows, capped. `allowedKinds` defaults to every kind; transaction control and
   * utility statements are always refused.
   */
  run(
    setupSql: string,
    sql: string,
    options?: { allowedKinds?: SqlStatementKind[] } & JobOptions,
  ): Promise<RunResult>;
  /** Stops every worker; jobs still queued resolve as `internal`. */
  close(): Promise<void>;
  /** Counters for monitoring and the benchmark. */
  stats(): GraderPoolStats;
};

export type GraderPoolStats = {
  /** Jobs finished (any result). */
  jobs: number;
  timeouts: number;
  /** Workers replaced after a timeout, a crash, a broken database or a recycle. */
  replacements: number;
  /** Workers recycled because their memory grew past `maxMemoryBytes`. */
  recycles: number;
  /** PGlite memory of the last worker that finished a job (bytes). */
  lastMemoryBytes: number | null;
  /** From the deadline to the killed worker's exit, for the last timeout (ms). */
  lastKillMs: number | null;
  queued: number;
  /** Workers started and ready for jobs (busy or not). */
  ready: number;
};

type Job = {
  message: WorkerJob;
  resolve: (result: GradeResult | RunResult) => void;
  /** Deadline budget left, in ms. */
  remaining: number;
  armedAt: number | null;
  deadlineTimer: NodeJS.Timeout | null;
  jobTimer: NodeJS.Timeout | null;
  started: number;
  key: string | undefined;
  /** Dispatched while its key was new or slow: counts against the share outside the reserve. */
  slow: boolean;
};

/** A worker place; `worker` is null until it starts (waiting for the template) and after close. */
type Slot = { worker: Worker | null; ready: boolean; job: Job | null };

/** Where the first worker leaves an initdb'd data directory for the others (and later runs). */
export function templatePath(): string {
  let version = 'unknown';
  try {
    // The package's exports hide package.json; it sits one folder above the entry point.
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const manifest = path.join(path.dirname(entry), '..', 'package.json');
    version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    // The version only keys the cache; without it the template is still valid for this install.
  }
  return path.join(os.tmpdir(), `gongjin-grader-pglite-${version}.tar`);
}

const ENTRY = new URL('./worker.mjs', import.meta.url);
const MAX_FAILED_STARTS = 3;
/** How long a key that ran a quick job keeps its standing. */
const QUICK_MEMORY_MS = 30 * 60_000;

function failed(job: Job, status: GradeStatus, diagnostic: Diagnostic): GradeResult | RunResult {
  const ms = Math.round(performance.now() - job.started);
  if (job.message.type === 'run') return { ok: false, status, diagnostic, ms };
  const total = 1 + job.message.spec.variants.length;
  return { status, score: 0, passed: 0, total, diagnostics: [diagnostic], sample: null, ms };
}

export function createGraderPool(options: GraderPoolOptions = {}): GraderPool {
  const size = Math.max(1, options.size ?? 2);
  const deadlineMs = options.deadlineMs ?? 2000;
  const limits = { maxRows: options.maxRows ?? 1000, maxBytes: options.maxBytes ?? 1_000_000 };
  const jobTimeoutMs = options.jobTimeoutMs ?? Math.max(60_000, deadlineMs * 10);
  const template = templatePath();
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closing = false;
  /** Workers in a row that died before becoming ready. */
  let failedStarts = 0;
  const stats = {
    jobs: 0,
    timeouts: 0,
    replacements: 0,
    recycles: 0,
    lastKillMs: null as number | null,
    lastMemoryBytes: null as number | null,
  };
  const reserve = Math.min(size - 1, Math.max(0, options.reserve ?? (size > 1 ? 1 : 0)));
  const slowMs = options.slowMs ?? deadlineMs / 2;
  const penaltyMs = options.penaltyMs ?? 60_000;
  const maxMemoryBytes = options.maxMemoryBytes ?? 512 * 1024 * 1024;
  const resourceLimits = { maxOldGenerationSizeMb: options.maxHeapMb ?? 512 };
  /** Key → when it stops being slow (performance.now()). */
  const slowUntil = new Map<string, number>();
  /** Key → until when it counts as proven quick (a job of its finished under `slowMs`). */
  const quickUntil = new Map<string, number>();
  const within = (map: Map<string, number>, key: string) => {
    const until = map.get(key);
    if (until === undefined) return false;
    if (until > performance.now()) return true;
    map.delete(key);
    return false;
  };
  /**
   * A key's standing: `quick` once one of its jobs finished under `slowMs` (jobs without a key are
   * trusted), `slow` after one ran past it, `new` before either. Quick go first, then new, then
   * slow; new and slow jobs only on the workers outside the reserve.
   */
  const standing = (key: string | undefined): 'quick' | 'new' | 'slow' => {
    if (key === undefined) return 'quick';
    if (within(slowUntil, key)) return 'slow';
    return within(quickUntil, key) ? 'quick' : 'new';
  };
  /** Marks the job's key slow or quick by how much of the deadline budget its SQL used. */
  const judge = (job: Job) => {
    if (job.key === undefined) return;
    const used = deadlineMs - job.remaining + (job.armedAt === null ? 0 : performance.now() - job.armedAt);
    const map = used >= slowMs ? slowUntil : quickUntil;
    (used >= slowMs ? quickUntil : slowUntil).delete(job.key);
    if (map.size > 10_000) map.clear();
    map.set(job.key, performance.now() + (used >= slowMs ? penaltyMs : QUICK_MEMORY_MS));
  };

  function finish(slot: Slot, job: Job, result: GradeResult | RunResult) {
    judge(job);
    if (job.deadlineTimer) clearTimeout(job.deadlineTimer);
    if (job.jobTimer) clearTimeout(job.jobTimer);
    if (slot.job === job) slot.job = null;
    stats.jobs++;
    job.resolve(result);
  }

  /** Ends a worker that ran out of time or broke, and starts its replacement. */
  function replace(slot: Slot) {
    slot.ready = false;
    const old = slot.worker;
    slot.worker = null;
    if (old) {
      old.removeAllListeners();
      old.on('error', () => {});
      const killed = performance.now();
      void old.terminate().then(() => {
        stats.lastKillMs = Math.round(performance.now() - killed);
      });
    }
    if (closing) return;
    stats.replacements++;
    if (failedStarts === 0) {
      slot.worker = spawn(slot);
      return;
    }
    // Workers that die before they are ready (a broken install, no memory) are restarted with a
    // growing delay, and queued jobs are failed rather than left waiting for ever.
    if (failedStarts >= MAX_FAILED_STARTS) {
      for (const job of queue.splice(0))
        job.resolve(failed(job, 'internal', { code: 'grader.internal', vars: {} }));
    }
    const delay = Math.min(30_000, 500 * 2 ** (failedStarts - 1));
    setTimeout(() => {
      if (!closing && !slot.worker) slot.worker = spawn(slot);
    }, delay);
  }

  function onMessage(slot: Slot, message: WorkerMessage) {
    if (message.type === 'ready') {
      slot.ready = true;
      failedStarts = 0;
      // The first worker has made the template: the others can start now (see the start below).
      for (const s of slots) if (!s.worker && !closing) s.worker = spawn(s);
      dispatch();
      return;
    }
    const job = slot.job;
    if (!job || job.message.id !== message.id) return;
    if (message.type === 'arm') {
      job.armedAt = performance.now();
      job.deadlineTimer = setTimeout(
        () => {
          stats.timeouts++;
          finish(slot, job, failed(job, 'timeout', { code: 'grader.timeout', vars: { ms: deadlineMs } }));
          replace(slot);
          dispatch();
        },
        Math.max(0, job.remaining),
      );
    } else if (message.type === 'disarm') {
      if (job.deadlineTimer) clearTimeout(job.deadlineTimer);
      job.deadlineTimer = null;
      if (job.armedAt !== null) job.remaining -= performance.now() - job.armedAt;
      job.armedAt = null;
    } else if (message.type === 'done') {
      finish(slot, job, message.result);
      stats.lastMemoryBytes = message.memoryBytes;
      if (message.memoryBytes > maxMemoryBytes) {
        stats.recycles++;
        replace(slot);
      }
      dispatch();
    } else if (message.type === 'fatal') {
      finish(slot, job, failed(job, 'internal', { code: 'grader.internal', vars: {} }));
      replace(slot);
      dispatch();
    }
  }

  function spawn(slot: Slot): Worker {
    const worker = new Worker(ENTRY, { workerData: { templatePath: template, limits }, resourceLimits });
    worker.on('message', (m: WorkerMessage) => {
      if (slot.worker === worker) onMessage(slot, m);
    });
    const lost = () => {
      if (slot.worker !== worker) return;
      if (!slot.ready) failedStarts++;
      if (slot.job)
        finish(slot, slot.job, failed(slot.job, 'internal', { code: 'grader.internal', vars: {} }));
      replace(slot);
      dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    return worker;
  }

  /**
   * The next job for the free worker in `slot`: the oldest from a quick key; else the oldest new
   * one, else the oldest slow one — only while new and slow jobs hold fewer than `size - reserve`
   * workers and `reserve` other workers are up for quick keys (one still starting after a kill is
   * not), so a flood of slow queries, or of newcomers' first ones, never takes the last worker
   * from people whose queries are known to be quick.
   */
  function next(slot: Slot): Job | undefined {
    let newAt = -1;
    let slowAt = -1;
    for (let i = 0; i < queue.length; i++) {
      const s = standing(queue[i].key);
      if (s === 'quick') return queue.splice(i, 1)[0];
      if (s === 'new' && newAt === -1) newAt = i;
      if (s === 'slow' && slowAt === -1) slowAt = i;
    }
    const at = newAt !== -1 ? newAt : slowAt;
    if (at === -1) return undefined;
    const unproven = slots.filter((s) => s.job?.slow).length;
    const upForQuick = slots.filter((s) => s !== slot && s.ready && !s.job?.slow).length;
    if (unproven >= size - reserve || upForQuick < reserve) return undefined;
    const job = queue.splice(at, 1)[0];
    job.slow = true;
    return job;
  }

  function dispatch() {
    for (const slot of slots) {
      if (closing || !slot.ready || slot.job || queue.length === 0) continue;
      const job = next(slot);
      if (!job) continue;
      slot.job = job;
      job.jobTimer = setTimeout(() => {
        finish(slot, job, failed(job, 'internal', { code: 'grader.internal', vars: {} }));
        replace(slot);
        dispatch();
      }, jobTimeoutMs);
      slot.worker?.postMessage(job.message);
    }
  }

  function submit(message: WorkerJob, key: string | undefined): Promise<GradeResult | RunResult> {
    return new Promise((resolve) => {
      const job: Job = {
        message,
        resolve,
        remaining: deadlineMs,
        armedAt: null,
        deadlineTimer: null,
        jobTimer: null,
        started: performance.now(),
        key,
        slow: false,
      };
      if (closing || failedStarts >= MAX_FAILED_STARTS) {
        resolve(failed(job, 'internal', { code: 'grader.internal', vars: {} }));
        return;
      }
      queue.push(job);
      dispatch();
    });
  }

  // Without a template only the first worker starts, makes it, and the rest follow on its
  // `ready`: N workers running initdb at once would each take N times as long.
  const haveTemplate = existsSync(template);
  for (let i = 0; i < size; i++) {
    const slot: Slot = { worker: null, ready: false, job: null };
    slots.push(slot);
    if (i === 0 || haveTemplate) slot.worker = spawn(slot);
  }

  return {
    grade: (spec, sql, opts) =>
      submit({ id: nextId++, type: 'grade', spec, sql }, opts?.key) as Promise<GradeResult>,
    run: (setupSql, sql, opts) =>
      submit(
        {
          id: nextId++,
          type: 'run',
          setupSql,
          sql,
          allowedKinds: opts?.allowedKinds,
        },
        opts?.key,
      ) as Promise<RunResult>,
    stats: () => ({ ...stats, queued: queue.length, ready: slots.filter((s) => s.ready).length }),
    async close() {
      closing = true;
      for (const job of queue.splice(0))
        job.resolve(failed(job, 'internal', { code: 'grader.internal', vars: {} }));
      await Promise.all(
        slots.map(async (slot) => {
          if (slot.job)
            finish(slot, slot.job, failed(slot.job, 'internal', { code: 'grader.internal', vars: {} }));
          const worker = slot.worker;
          slot.worker = null;
          if (!worker) return;
          worker.removeAllListeners();
          worker.on('error', () => {});
          await worker.terminate();
        }),
      );
    },
  };
}
