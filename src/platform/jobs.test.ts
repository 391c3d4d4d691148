import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { openTestDatabase, type TestDatabase } from '../db/testing.ts';
import {
  type AnyJobDefinition,
  defineJob,
  enqueue,
  enqueueOnce,
  type JobContext,
  JobRunner,
} from './jobs.ts';
import { jobs } from './schema.ts';

const config = loadConfig({ NODE_ENV: 'test' });
const runnerOf = (db: TestDatabase['db'], ...definitions: AnyJobDefinition[]) =>
  new JobRunner(db, definitions, config);

/** The `count` job of these tests, with whatever handler a test gives it. */
const countSchema = z.object({ i: z.number().int().optional() });
const count = (
  handler: (payload: z.output<typeof countSchema>, ctx: JobContext) => Promise<void> = async () => {},
) => defineJob('count', countSchema, handler);
const boom = (handler: (payload: object, ctx: JobContext) => Promise<void>) =>
  defineJob('boom', z.object({}), handler);

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
beforeEach(async () => {
  await database.reset();
});
afterAll(async () => {
  await database?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function jobRow(id: number) {
  const [row] = await database.db.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

describe('JobRunner', () => {
  it('never runs a job twice when two runners drain the same queue at once', async () => {
    const db = database.db;
    for (let round = 0; round < 3; round++) {
      await database.reset();
      const enqueued: number[] = [];
      for (let i = 0; i < 20; i++) enqueued.push(await enqueue(db, count(), { i }));
      const ran: Array<{ runner: string; id: number; i: unknown }> = [];
      const handler = (runner: string) =>
        count(async (payload, ctx) => {
          ran.push({ runner, id: ctx.jobId, i: payload.i });
          await pause(2); // let the other runner claim in between
        });
      const a = runnerOf(db, handler('a'));
      const b = runnerOf(db, handler('b'));
      const [na, nb] = await Promise.all([a.drain(), b.drain()]);

      expect(na + nb).toBe(20);
      expect(ran.map((r) => r.id).sort((x, y) => x - y)).toEqual(enqueued);
      expect(new Set(ran.map((r) => r.id)).size).toBe(20);
      for (const r of ran) expect(r.i).toBe(enqueued.indexOf(r.id));
      const rows = await db
        .select({ status: jobs.status, attempts: jobs.attempts, lockedBy: jobs.lockedBy })
        .from(jobs);
      expect(rows).toEqual(
        Array.from({ length: 20 }, () => ({ status: 'done', attempts: 1, lockedBy: null })),
      );
    }
  });

  it('retries a failing job with exponential backoff, then marks it failed after maxAttempts', async () => {
    const db = database.db;
    let calls = 0;
    const seen: string[] = [];
    const job = boom(async (_payload, ctx) => {
      calls += 1;
      seen.push(`${ctx.attempt}/${ctx.maxAttempts}`);
      throw new Error(`kaput #${calls}`);
    });
    const runner = runnerOf(db, job);
    const id = await enqueue(db, job, {}, { maxAttempts: 3 });
    const makeDue = () =>
      db
        .update(jobs)
        .set({ runAt: new Date(Date.now() - 1000) })
        .where(eq(jobs.id, id));

    const expectations = [
      { attempts: 1, backoff: 10, status: 'queued' },
      { attempts: 2, backoff: 20, status: 'queued' },
      { attempts: 3, backoff: 40, status: 'failed' },
    ] as const;
    for (const e of expectations) {
      const before = Date.now();
      expect(await runner.drain()).toBe(1);
      const after = Date.now();
      const row = await jobRow(id);
      expect({
        status: row.status,
        attempts: row.attempts,
        lastError: row.lastError,
        lockedAt: row.lockedAt,
        lockedBy: row.lockedBy,
        finished: row.finishedAt !== null,
      }).toEqual({
        status: e.status,
        attempts: e.attempts,
        lastError: `kaput #${e.attempts}`,
        lockedAt: null,
        lockedBy: null,
        finished: e.status === 'failed',
      });
      expect(row.runAt.getTime()).toBeGreaterThanOrEqual(before + e.backoff * 1000);
      expect(row.runAt.getTime()).toBeLessThanOrEqual(after + e.backoff * 1000);
      // Not due yet: a second drain runs nothing.
      expect(await runner.drain()).toBe(0);
      await makeDue();
    }
    // Failed for good: even when due it is never claimed again.
    expect(await runner.drain()).toBe(0);
    expect(calls).toBe(3);
    expect(seen).toEqual(['1/3', '2/3', '3/3']);
  });

  it('takes over a job whose worker died (lock older than five minutes), but not a fresh lock', async () => {
    const db = database.db;
    const stale = await enqueue(db, count(), {});
    const fresh = await enqueue(db, count(), {});
    await db
      .update(jobs)
      .set({
        status: 'running',
        attempts: 1,
        lockedBy: 'dead-worker',
        lockedAt: sql`now() - interval '6 minutes'`,
      })
      .where(eq(jobs.id, stale));
    await db
      .update(jobs)
      .set({ status: 'running', attempts: 1, lockedBy: 'busy-worker', lockedAt: new Date() })
      .where(eq(jobs.id, fresh));
    const ran: number[] = [];
    const runner = runnerOf(
      db,
      count(async (_p, ctx) => {
        ran.push(ctx.jobId);
      }),
    );
    expect(await runner.drain()).toBe(1);
    expect(ran).toEqual([stale]);
    expect((await jobRow(stale)).status).toBe('done');
    expect((await jobRow(stale)).attempts).toBe(2);
    expect((await jobRow(fresh)).status).toBe('running');
    expect((await jobRow(fresh)).lockedBy).toBe('busy-worker');
  });

  it('fails a job of a kind nobody handles, with the reason', async () => {
    const db = database.db;
    const id = await enqueue(
      db,
      defineJob('mystery', z.object({}), async () => {}),
      {},
      { maxAttempts: 1 },
    );
    expect(await runnerOf(db, count()).drain()).toBe(1);
    const row = await jobRow(id);
    expect([row.status, row.lastError]).toEqual(['failed', 'no handler for job kind mystery']);
  });

  it('retries a job of a kind this runner does not know, for a newer worker beside it', async () => {
    const db = database.db;
    const id = await enqueue(
      db,
      defineJob('newer', z.object({}), async () => {}),
      {},
      { maxAttempts: 3 },
    );
    expect(await runnerOf(db, count()).drain()).toBe(1);
    const row = await jobRow(id);
    expect([row.status, row.attempts, row.lastError]).toEqual(['queued', 1, 'no handler for job kind newer']);
  });

  it('refuses a payload its schema does not accept when enqueuing, writing nothing', async () => {
    const db = database.db;
    await expect(enqueue(db, count(), { i: 'seven' } as never)).rejects.toThrow(
      'invalid payload for job count: i: Invalid input: expected number, received string',
    );
    await expect(enqueueOnce(db, count(), { i: 1.5 }, 'k')).rejects.toThrow('invalid payload for job count');
    expect(await db.select().from(jobs)).toEqual([]);
  });

  it('fails a job whose stored payload its schema refuses, at once and with the reason, and runs the rest', async () => {
    const db = database.db;
    const ran: unknown[] = [];
    const job = count(async (payload) => {
      ran.push(payload.i);
    });
    // Written by an older version, by hand, or by a bug: never handed to the handler.
    const [bad] = await db
      .insert(jobs)
      .values({ kind: 'count', payload: { i: 'seven' }, maxAttempts: 5 })
      .returning({ id: jobs.id });
    const good = await enqueue(db, job, { i: 7 });
    expect(await runnerOf(db, job).drain()).toBe(2);
    expect(ran).toEqual([7]);
    const row = await jobRow(bad.id);
    expect([row.status, row.attempts, row.lastError]).toEqual([
      'failed',
      1,
      'invalid payload for job count: i: Invalid input: expected number, received string',
    ]);
    expect((await jobRow(good)).status).toBe('done');
  });

  it('enqueueOnce queues one job per key while it waits, and a new one once that has run', async () => {
    const db = database.db;
    const ran: unknown[] = [];
    const job = count(async (payload) => {
      ran.push(payload.i);
    });
    // Two writers at once, and a third later: one waiting job between them.
    const [first, second] = await Promise.all([
      enqueueOnce(db, job, { i: 1 }, 'salon-a'),
      enqueueOnce(db, job, { i: 2 }, 'salon-a'),
    ]);
    expect([first, second].filter((id) => id !== undefined)).toHaveLength(1);
    expect(await enqueueOnce(db, job, { i: 3 }, 'salon-a')).toBeUndefined();
    // Another key is another job.
    const other = await enqueueOnce(db, job, { i: 4 }, 'salon-b');
    expect(other).toBeTypeOf('number');
    expect(await db.select({ key: jobs.idempotencyKey }).from(jobs).orderBy(jobs.id)).toEqual([
      { key: 'count:salon-a' },
      { key: 'count:salon-b' },
    ]);
    expect(await runnerOf(db, job).drain()).toBe(2);
    expect(ran).toHaveLength(2);
    // Done: the key no longer blocks the next change's job.
    const next = await enqueueOnce(db, job, { i: 5 }, 'salon-a');
    expect(next).toBeTypeOf('number');
    expect((await jobRow(next as number)).status).toBe('queued');
  });

  it('refuses a list that defines one kind twice', () => {
    expect(() => runnerOf(database.db, count(), count())).toThrow('job kind count is defined twice');
  });
});
