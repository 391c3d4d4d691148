/**
 * Background jobs in a table. Claimed with FOR UPDATE SKIP LOCKED, so any number of `serve` and
 * `worker` processes can share the queue without a broker. Failures retry with exponential backoff;
 * a job whose worker died is taken again once its lock is older than LOCK_TIMEOUT.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import { type Db, queryRows } from '../db/client.ts';
import { jobs } from './schema.ts';

export type JobContext = {
  db: Db;
  jobId: number;
  /** This run's attempt number, from 1; the job fails for good when it reaches maxAttempts. */
  attempt: number;
  maxAttempts: number;
  /** Where links point, the signing secret, SMTP: what a handler needs of the configuration. */
  config: Config;
};

/**
 * A kind of job: its name in the jobs table, the schema of its payload (checked when it is queued
 * and again when it is claimed, so a handler only ever sees a payload of its type) and its handler.
 * Made with `defineJob`, listed once in `src/jobs.ts`.
 */
export type JobDefinition<P = unknown> = {
  readonly kind: string;
  readonly schema: z.ZodType<P>;
  readonly handler: (payload: P, ctx: JobContext) => Promise<void>;
};

/**
 * What enqueueing needs of a kind of job: its name and payload schema, not its handler. A module
 * whose handler is completed at the composition root (`src/jobs.ts`) enqueues with this.
 */
export type JobKind<P = unknown> = Pick<JobDefinition<P>, 'kind' | 'schema'>;

/** Any job definition, whatever its payload: what the runner's list holds. */
export type AnyJobDefinition = {
  readonly kind: string;
  readonly schema: z.ZodType;
  readonly handler: (payload: never, ctx: JobContext) => Promise<void>;
};

/** Defines a kind of job; the handler's payload is typed by the schema. */
export function defineJob<S extends z.ZodType>(
  kind: string,
  schema: S,
  handler: (payload: z.output<S>, ctx: JobContext) => Promise<void>,
): JobDefinition<z.output<S>> {
  return { kind, schema: schema as z.ZodType<z.output<S>>, handler };
}

/** A payload that does not match its job's schema: a bug in the caller, never queued. */
export class InvalidJobPayload extends Error {
  constructor(kind: string, error: z.ZodError) {
    const issues = error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
    super(`invalid payload for job ${kind}: ${issues}`);
    this.name = 'InvalidJobPayload';
  }
}

function checked<P>(job: JobKind<P>, payload: P): Record<string, unknown> {
  const parsed = job.schema.safeParse(payload);
  if (!parsed.success) throw new InvalidJobPayload(job.kind, parsed.error);
  return parsed.data as Record<string, unknown>;
}

const LOCK_TIMEOUT_SECONDS = 300;

type EnqueueOptions = { runAt?: Date; maxAttempts?: number };

/** Enqueues a job; call it with the transaction of the change that caused it. */
export async function enqueue<P>(
  db: Db,
  job: JobKind<P>,
  payload: P,
  opts: EnqueueOptions = {},
): Promise<number> {
  const [row] = await db
    .insert(jobs)
    .values({
      kind: job.kind,
      payload: checked(job, payload),
      runAt: opts.runAt ?? new Date(),
      maxAttempts: opts.maxAttempts ?? 8,
    })
    .returning({ id: jobs.id });
  return row.id;
}

/**
 * Enqueues a job unless one with the same idempotency key is still waiting (queued, not yet tried),
 * which then does the work for both: a burst of edits shares one redraw. Returns the new job's id,
 * or undefined when one was waiting. The key is unique among waiting jobs only (a partial unique
 * index), so a job that has started or finished never blocks the next one. Race-free: two writers
 * at once queue one job between them.
 */
export async function enqueueOnce<P>(
  db: Db,
  job: JobKind<P>,
  payload: P,
  key: string,
  opts: EnqueueOptions = {},
): Promise<number | undefined> {
  const body = JSON.stringify(checked(job, payload));
  const runAt = opts.runAt ?? new Date();
  const rows = await queryRows<{ id: number }>(
    db,
    sql`insert into jobs (kind, payload, run_at, max_attempts, idempotency_key)
      values (${job.kind}, ${body}::jsonb, ${runAt}, ${opts.maxAttempts ?? 8}, ${`${job.kind}:${key}`})
      on conflict (idempotency_key) where status = 'queued' and attempts = 0 do nothing
      returning id`,
  );
  return rows[0] ? Number(rows[0].id) : undefined;
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
  private definitions = new Map<string, AnyJobDefinition>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  readonly workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    private db: Db,
    definitions: readonly AnyJobDefinition[],
    private config: Config,
    private log: (msg: string) => void = () => {},
  ) {
    for (const job of definitions) {
      if (this.definitions.has(job.kind)) throw new Error(`job kind ${job.kind} is defined twice`);
      this.definitions.set(job.kind, job);
    }
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
    const definition = this.definitions.get(job.kind);
    // A payload its schema refuses does not get better by retrying: failed for good. An unknown kind
    // is retried as any failure, since a newer worker that knows it may be running beside this one.
    let final = false;
    try {
      if (!definition) throw new Error(`no handler for job kind ${job.kind}`);
      const parsed = definition.schema.safeParse(job.payload);
      if (!parsed.success) {
        final = true;
        throw new InvalidJobPayload(job.kind, parsed.error);
      }
      // The schema just accepted it: the payload is the handler's type.
      await definition.handler(parsed.data as never, {
        db: this.db,
        jobId: job.id,
        attempt: job.attempts,
        maxAttempts: job.maxAttempts,
        config: this.config,
      });
      await this.db
        .update(jobs)
        .set({ status: 'done', finishedAt: new Date(), lockedAt: null, lockedBy: null, lastError: null })
        .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, this.workerId)));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const failed = final || job.attempts >= job.maxAttempts;
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
