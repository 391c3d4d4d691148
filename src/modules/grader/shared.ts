/**
 * The process's grader pools: one for labs (runs and submissions), one for exam SQL answers, so a
 * flood of lab queries never delays exam grading (ADR 0027). Workers are a few hundred MB each,
 * so they start on the first job (not at server start) and stop after a quiet minute; the next
 * job starts them again from the template data directory.
 */
import { createGraderPool, type GraderPool, type GraderPoolOptions } from './pool.ts';

const IDLE_CLOSE_MS = 60_000;

/** A pool that exists only while it is used; `close()` stops it now. */
export function idleClosingPool(options: GraderPoolOptions, idleMs = IDLE_CLOSE_MS): GraderPool {
  let pool: GraderPool | undefined;
  let idle: NodeJS.Timeout | undefined;
  let busy = 0;

  const release = () => {
    busy--;
    if (busy > 0) return;
    clearTimeout(idle);
    idle = setTimeout(() => void close(), idleMs);
    idle.unref();
  };
  const use = <T>(work: (p: GraderPool) => Promise<T>): Promise<T> => {
    clearTimeout(idle);
    busy++;
    pool ??= createGraderPool(options);
    return work(pool).finally(release);
  };
  const close = async () => {
    clearTimeout(idle);
    const p = pool;
    pool = undefined;
    await p?.close();
  };
  return {
    grade: (spec, sql, opts) => use((p) => p.grade(spec, sql, opts)),
    run: (setupSql, sql, opts) => use((p) => p.run(setupSql, sql, opts)),
    close,
    stats: () =>
      pool?.stats() ?? {
        jobs: 0,
        timeouts: 0,
        replacements: 0,
        recycles: 0,
        lastKillMs: null,
        lastMemoryBytes: null,
        queued: 0,
        ready: 0,
      },
  };
}

/**
 * Labs: two workers, one of them kept for people whose queries are quick (pool.ts `reserve`);
 * the lab routes also let each person run one query at a time.
 */
export const labGrader = idleClosingPool({ size: 2, deadlineMs: 2000, maxRows: 1000 });

/**
 * Exam SQL answers (graded in jobs after submit): workers of their own. Two, so that while a
 * runaway answer's worker is killed and restarted (seconds on a busy machine) the next answer is
 * still graded at once.
 */
export const examGrader = idleClosingPool({ size: 2, deadlineMs: 2000, maxRows: 1000 });
