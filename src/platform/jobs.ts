/**
 * Background jobs in a table. Claimed with FOR UPDATE SKIP LOCKED, so any number of `serve` and
 * `worker` processes can share the queue without a broker. Failures retry with exponential backoff;
 * a job whose worker died is taken again once its lock is older than LOCK_TIMEOUT.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import { jobs } from './schema.ts';

export type JobContext = {
  db: Db;
  jobId: number;
  /** This run's attempt number, from 1; the job fails for good when it reaches maxAttempts. */
  attempt: number;
  maxAttempts: number;
};

export type JobHandler = (payload: Record<string, unknown>, ctx: JobContext) => Promise<void>;

const LOCK_TIMEOUT_SECONDS = 300;

/** Enqueues a job; call it with the transaction of the change that caused it. */
export async function enqueue(
  db: Db,
  kind: string,
  payload: Record<string, unknown>,
  opts: { runAt?: Date; maxAttempts?: number } = {},
): Promise<number> {
  const [row] = await db
    .insert(jobs)
    .values({ kind, payload, runAt: opts.runAt ?? new Date(), maxAttempts: opts.maxAttempts ?? 8 })
    .returning({ id: jobs.id });
  return row.id;
}

/** Delay before attempt n+1: 10 s, 20 s, 40 s … capped at one hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));
}

type ClaimedJob = {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
};

export async function claimJobs(db: Db, workerId: string, limit = 5): Promise<ClaimedJob[]> {
  const rows = await queryRows(
    db,
    sql`
    update jobs set status = 'running', locked_at = now(), locked_by = ${workerId}, attempts = attempts + 1
    where id in (
      select id from jobs
      where (status = 'queued' and run_at <= now())
         or (status = 'running' and locked_at < now() - make_interval(secs => ${LOCK_TIMEOUT_SECONDS}))
      order by run_at, id
      limit ${limit}
      for update skip locked
    )
    returning id, kind, payload, attempts, max_attempts`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    kind: String(r.kind),
    payload: (r.payload ?? {}) as Record<string, unknown>,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
  }));
}

export class JobRunner {
  private handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  readonly workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    private db: Db,
    private log: (msg: string) => void = () => {},
  ) {}

  register(kind: string, handler: JobHandler): this {
    this.handlers.set(kind, handler);
    return this;
  }

  /** Claims and runs due jobs until none are left; returns how many ran. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await claimJobs(this.db, this.workerId);
      if (batch.length === 0) return total;
      for (const job of batch) await this.run(job);
      total += batch.length;
    }
  }

  private async run(job: ClaimedJob): Promise<void> {
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job.payload, {
        db: this.db,
        jobId: job.id,
        attempt: job.attempts,
        maxAttempts: job.maxAttempts,
      });
      await this.db
        .update(jobs)
        .set({ status: 'done', finishedAt: new Date(), lockedAt: null, lockedBy: null, lastError: null })
        .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, this.workerId)));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const failed = job.attempts >= job.maxAttempts;
      this.log(`job ${job.id} (${job.kind}) attempt ${job.attempts} failed: ${message}`);
      await this.db
        .update(jobs)
        .set({
          status: failed ? 'failed' : 'queued',
          lastError: message.slice(0, 2000),
          lockedAt: null,
          lockedBy: null,
          runAt: new Date(Date.now() + backoffSeconds(job.attempts) * 1000),
          finishedAt: failed ? new Date() : null,
        })
        .where(eq(jobs.id, job.id));
    }
  }

  /** Polls every `intervalMs` until stop(). */
  start(intervalMs = 1000): void {
    const tick = () => {
      this.running = this.drain()
        .catch((err) => this.log(`job runner: ${err instanceof Error ? err.message : err}`))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 10);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
