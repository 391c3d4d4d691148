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
 * messages, so a runaway query never blocks it. Jobs wait in a FIFO queue for a free worker.
 * Diagnostics are catalogue keys (src/i18n/messages/grader.ts) with their variables.
 */
import { existsSync } from 'node:fs';
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
};

export type GraderPool = {
  /** Grades `candidateSql` against the question: visible data, then every hidden variant. */
  grade(spec: SqlSpec, candidateSql: string): Promise<GradeResult>;
  /**
   * Runs `sql` on a fresh copy of `setupSql`'s database (rolled back after) and returns the last
   * statement's rows, capped. `allowedKinds` defaults to every kind; transaction control and
   * utility statements are always refused.
   */
  run(setupSql: string, sql: string, options?: { allowedKinds?: SqlStatementKind[] }): Promise<RunResult>;
  /** Stops every worker; jobs still queued resolve as `internal`. */
  close(): Promise<void>;
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
};

/** A worker place; `worker` is null until it starts (waiting for the template) and after close. */
type Slot = { worker: Worker | null; ready: boolean; job: Job | null };

/** Where the first worker leaves an initdb'd data directory for the others (and later runs). */
function templatePath(): string {
  let version = 'unknown';
  try {
    const require = createRequire(import.meta.url);
    version = (require('@electric-sql/pglite/package.json') as { version: string }).version;
  } catch {
    // The version only keys the cache; without it the template is still valid for this install.
  }
  return path.join(os.tmpdir(), `gongjin-grader-pglite-${version}.tar`);
}

const ENTRY = new URL('./worker.mjs', import.meta.url);

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

  function finish(slot: Slot, job: Job, result: GradeResult | RunResult) {
    if (job.deadlineTimer) clearTimeout(job.deadlineTimer);
    if (job.jobTimer) clearTimeout(job.jobTimer);
    if (slot.job === job) slot.job = null;
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
      void old.terminate();
    }
    if (!closing) slot.worker = spawn(slot);
  }

  function onMessage(slot: Slot, message: WorkerMessage) {
    if (message.type === 'ready') {
      slot.ready = true;
      // The first worker has made the template: the others can start now (see start()).
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
      dispatch();
    } else if (message.type === 'fatal') {
      finish(slot, job, failed(job, 'internal', { code: 'grader.internal', vars: {} }));
      replace(slot);
      dispatch();
    }
  }

  function spawn(slot: Slot): Worker {
    const worker = new Worker(ENTRY, { workerData: { templatePath: template, limits } });
    worker.on('message', (m: WorkerMessage) => {
      if (slot.worker === worker) onMessage(slot, m);
    });
    const lost = () => {
      if (slot.worker !== worker) return;
      if (slot.job)
        finish(slot, slot.job, failed(slot.job, 'internal', { code: 'grader.internal', vars: {} }));
      replace(slot);
      dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    return worker;
  }

  function dispatch() {
    for (const slot of slots) {
      if (closing || !slot.ready || slot.job || queue.length === 0) continue;
      const job = queue.shift() as Job;
      slot.job = job;
      job.jobTimer = setTimeout(() => {
        finish(slot, job, failed(job, 'internal', { code: 'grader.internal', vars: {} }));
        replace(slot);
        dispatch();
      }, jobTimeoutMs);
      slot.worker?.postMessage(job.message);
    }
  }

  function submit(message: WorkerJob): Promise<GradeResult | RunResult> {
    return new Promise((resolve) => {
      const job: Job = {
        message,
        resolve,
        remaining: deadlineMs,
        armedAt: null,
        deadlineTimer: null,
        jobTimer: null,
        started: performance.now(),
      };
      if (closing) {
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
    grade: (spec, sql) => submit({ id: nextId++, type: 'grade', spec, sql }) as Promise<GradeResult>,
    run: (setupSql, sql, opts) =>
      submit({
        id: nextId++,
        type: 'run',
        setupSql,
        sql,
        allowedKinds: opts?.allowedKinds,
      }) as Promise<RunResult>,
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
