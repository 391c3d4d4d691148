import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../db/testing.ts';
import { enqueue, JobRunner } from './jobs.ts';
import { jobs } from './schema.ts';

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
      for (let i = 0; i < 20; i++) enqueued.push(await enqueue(db, 'count', { i }));
      const ran: Array<{ runner: string; id: number; i: unknown }> = [];
      const handler =
        (runner: string) => async (payload: Record<string, unknown>, ctx: { jobId: number }) => {
          ran.push({ runner, id: ctx.jobId, i: payload.i });
          await pause(2); // let the other runner claim in between
        };
      const a = new JobRunner(db).register('count', handler('a'));
      const b = new JobRunner(db).register('count', handler('b'));
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
    const runner = new JobRunner(db).register('boom', async (_payload, ctx) => {
      calls += 1;
      seen.push(`${ctx.attempt}/${ctx.maxAttempts}`);
      throw new Error(`kaput #${calls}`);
    });
    const id = await enqueue(db, 'boom', {}, { maxAttempts: 3 });
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
    const stale = await enqueue(db, 'count', {});
    const fresh = await enqueue(db, 'count', {});
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
    const runner = new JobRunner(db).register('count', async (_p, ctx) => {
      ran.push(ctx.jobId);
    });
    expect(await runner.drain()).toBe(1);
    expect(ran).toEqual([stale]);
    expect((await jobRow(stale)).status).toBe('done');
    expect((await jobRow(stale)).attempts).toBe(2);
    expect((await jobRow(fresh)).status).toBe('running');
    expect((await jobRow(fresh)).lockedBy).toBe('busy-worker');
  });

  it('fails a job of a kind nobody handles, with the reason', async () => {
    const db = database.db;
    const id = await enqueue(db, 'mystery', {}, { maxAttempts: 1 });
    expect(await new JobRunner(db).drain()).toBe(1);
    const row = await jobRow(id);
    expect([row.status, row.lastError]).toEqual(['failed', 'no handler for job kind mystery']);
  });
});
