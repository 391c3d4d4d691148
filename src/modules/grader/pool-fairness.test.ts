// Fair, contained grading (ADR 0027): slow keys share what is left after the reserve, and a
// worker whose PGlite memory grew past the limit is replaced. Real workers, like pool.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlSpec } from '../questions/types.ts';
import { createGraderPool, type GraderPool } from './pool.ts';

const START = 240_000;
const SLOW = 180_000;

const setupSql = "CREATE TABLE t (id int, name text); INSERT INTO t VALUES (1, 'a'), (2, 'b')";

describe('slow keys', () => {
  let pool: GraderPool;
  beforeAll(async () => {
    pool = createGraderPool({ size: 2, deadlineMs: 1500 });
    // Both workers up before the race below.
    await Promise.all([pool.run(setupSql, 'SELECT 1'), pool.run(setupSql, 'SELECT 2')]);
  }, START);
  afterAll(() => pool?.close());

  it(
    'queue behind quick ones and hold at most one of two workers',
    async () => {
      // A student whose query finished quickly is "quick"; one whose sleep ran into the deadline
      // is "slow" from now on.
      expect((await pool.run(setupSql, 'SELECT 1', { key: 'quick' })).ok).toBe(true);
      expect(await pool.run(setupSql, 'SELECT pg_sleep(30)', { key: 'sleeper' })).toMatchObject({
        ok: false,
        status: 'timeout',
      });
      // The killed worker's replacement is up again (slow on a busy machine).
      while (pool.stats().ready < 2) await new Promise((r) => setTimeout(r, 50));
      const order: string[] = [];
      const sleeps = [1, 2, 3].map((i) =>
        pool.run(setupSql, 'SELECT pg_sleep(30)', { key: 'sleeper' }).then((r) => {
          order.push(`sleep${i}`);
          return r;
        }),
      );
      // Without the reserve, two sleeps would hold both workers and this would wait for a kill.
      const quick = pool.run(setupSql, 'SELECT name FROM t ORDER BY id', { key: 'quick' }).then((r) => {
        order.push('quick');
        return r;
      });
      expect(await quick).toMatchObject({ ok: true, rows: [['a'], ['b']] });
      expect(order).toEqual(['quick']);
      const slept = await Promise.all(sleeps);
      expect(slept.map((r) => r.ok || r.status)).toEqual(['timeout', 'timeout', 'timeout']);
      // One at a time: each waited for the previous one's kill, never two at once.
      expect(order).toEqual(['quick', 'sleep1', 'sleep2', 'sleep3']);
      // A new key (no history) is served too, on the worker slow keys share.
      const fresh = pool.run(setupSql, 'SELECT pg_sleep(30)', { key: 'sleeper' });
      const newcomer = await pool.run(setupSql, 'SELECT 2', { key: 'newcomer' });
      expect(newcomer.ok).toBe(true);
      expect((await fresh).ok).toBe(false);
      // Jobs without a key (exam grading has a pool of its own) are never held back.
      expect((await pool.run(setupSql, 'SELECT count(*) FROM t')).ok).toBe(true);
    },
    SLOW,
  );
});

describe('memory', () => {
  let pool: GraderPool;
  beforeAll(() => {
    // PGlite starts at about 200 MB of WebAssembly memory; the query below grows it past 300.
    pool = createGraderPool({ size: 1, maxMemoryBytes: 300 * 1024 * 1024, deadlineMs: 20_000 });
  }, START);
  afterAll(() => pool?.close());

  it(
    'recycles a worker that grew past the limit and keeps answering',
    async () => {
      const spec: SqlSpec = {
        setupSql,
        referenceSql: 'SELECT count(*) FROM t',
        variants: [],
        allowedKinds: ['select'],
        checkSql: '',
        compareColumnNames: false,
        tolerance: 0,
      };
      expect((await pool.grade(spec, 'SELECT count(name) FROM t')).status).toBe('correct');
      expect(pool.stats().recycles).toBe(0);
      const fat = await pool.run(
        setupSql,
        "SELECT length(string_agg(repeat('x', 1000000), ',')) FROM generate_series(1, 150)",
      );
      expect(fat).toMatchObject({ ok: true, rows: [[150 * 1_000_000 + 149]] });
      expect(pool.stats().recycles).toBe(1);
      expect(pool.stats().lastMemoryBytes).toBeGreaterThan(300 * 1024 * 1024);
      // The replacement starts small and grades as before.
      expect((await pool.grade(spec, 'SELECT count(*) FROM t')).status).toBe('correct');
      expect(pool.stats().recycles).toBe(1);
      expect(pool.stats().lastMemoryBytes).toBeLessThan(300 * 1024 * 1024);
    },
    SLOW,
  );
});
