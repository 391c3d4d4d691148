import { describe, expect, it } from 'vitest';
import { idleClosingPool } from './shared.ts';

describe('idleClosingPool', () => {
  it('starts workers on first use, stops them when idle, and starts again on the next job', async () => {
    const pool = idleClosingPool({ size: 1, deadlineMs: 5000 }, 50);
    try {
      expect(pool.stats().jobs).toBe(0);
      const first = await pool.run(
        'create table t(x int); insert into t values (1), (2);',
        'select sum(x) from t',
      );
      expect(first.ok && first.rows).toEqual([['3']]);
      expect(pool.stats().jobs).toBe(1);
      // After the idle period the pool is gone: its counters start again from zero.
      await expect.poll(() => pool.stats().jobs, { timeout: 10_000 }).toBe(0);
      const again = await pool.run('create table t(x int); insert into t values (5);', 'select x from t');
      expect(again.ok && again.rows).toEqual([[5]]);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
