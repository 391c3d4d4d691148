import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/harness.ts';
import { afterCommit, queryRows, transaction } from './client.ts';

const t = useTestApp();

/** What another connection sees of the jobs table (outside the transaction under test). */
const committedKinds = async () =>
  (await queryRows<{ kind: string }>(t.db, sql`select kind from jobs order by id`)).map((r) => r.kind);

const insertJob = (db: typeof t.db, kind: string) =>
  db.execute(sql`insert into jobs (kind, payload) values (${kind}, '{}'::jsonb)`);

describe('afterCommit on the transaction helper', () => {
  it('runs after the outermost transaction commits, when the write is visible, not before', async () => {
    const seen: string[][] = [];
    await transaction(t.db, async (tx) => {
      await insertJob(tx, 'a');
      await afterCommit(tx, async () => {
        seen.push(await committedKinds());
      });
      await transaction(tx, async (inner) => {
        await insertJob(inner, 'b');
        await afterCommit(inner, async () => {
          seen.push(await committedKinds());
        });
      });
      expect(seen).toEqual([]); // the savepoint released: still nothing ran
    });
    expect(seen).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('never runs when the transaction rolls back', async () => {
    let ran = 0;
    await expect(
      transaction(t.db, async (tx) => {
        await insertJob(tx, 'a');
        await afterCommit(tx, () => {
          ran += 1;
        });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(ran).toBe(0);
    expect(await committedKinds()).toEqual([]);
  });

  it('drops the work of a savepoint that rolled back, keeping the rest', async () => {
    const ran: string[] = [];
    await transaction(t.db, async (tx) => {
      await afterCommit(tx, () => void ran.push('outer'));
      await transaction(tx, async (inner) => {
        await insertJob(inner, 'b');
        await afterCommit(inner, () => void ran.push('inner'));
        throw new Error('inner refused');
      }).catch(() => {});
    });
    expect(ran).toEqual(['outer']);
    expect(await committedKinds()).toEqual([]);
  });

  it('runs at once outside a transaction, and runs every callback even when one throws', async () => {
    let ran = 0;
    await afterCommit(t.db, () => {
      ran += 1;
    });
    expect(ran).toBe(1);
    await expect(
      transaction(t.db, async (tx) => {
        await insertJob(tx, 'a');
        await afterCommit(tx, () => {
          throw new Error('first failed');
        });
        await afterCommit(tx, () => {
          ran += 1;
        });
      }),
    ).rejects.toThrow('first failed');
    expect(ran).toBe(2);
    expect(await committedKinds()).toEqual(['a']); // committed all the same
  });
});
