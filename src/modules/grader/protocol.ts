/** Messages between the grader pool (pool.ts) and its workers (worker.ts). */
import type { SqlSpec, SqlStatementKind } from '../questions/types.ts';
import type { GradeResult, RunResult } from './types.ts';

export type WorkerJob =
  | { id: number; type: 'grade'; spec: SqlSpec; sql: string }
  | { id: number; type: 'run'; setupSql: string; sql: string; allowedKinds?: SqlStatementKind[] };

export type WorkerMessage =
  | { type: 'ready' }
  /** Untrusted SQL starts: the job's deadline clock runs. */
  | { type: 'arm'; id: number }
  | { type: 'disarm'; id: number }
  /** memoryBytes: the worker's PGlite (WebAssembly) memory after the job; it never shrinks. */
  | { type: 'done'; id: number; result: GradeResult | RunResult; memoryBytes: number }
  /** The database is in an unknown state; the pool replaces the worker. */
  | { type: 'fatal'; id: number; message: string };
