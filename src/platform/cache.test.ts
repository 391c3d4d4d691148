import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Db, openPostgres, queryRows, transaction, wrapPglite } from '../db/client.ts';
import { useTestApp } from '../testing/harness.ts';
import { invalidateTags, PageCache } from './cache.ts';

const t = useTestApp();

describe('page cache', () => {
  it('serves the cached value until a tag is invalidated, here at once', async () => {
    const cache = new PageCache(t.db, 60_000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('k', ['orgs'], load)).toBe(1);
    expect(await cache.get('k', ['orgs'], load)).toBe(1);
    await cache.invalidate(t.db, 'orgs');
    expect(await cache.get('k', ['orgs'], load)).toBe(2);
    await cache.invalidate(t.db, 'people'); // another tag leaves it alone
    expect(await cache.get('k', ['orgs'], load)).toBe(2);
  });

  it("sees another process's invalidation through the database after maxAge", async () => {
    const here = new PageCache(t.db, 50);
    const elsewhere = new PageCache(t.db, 50);
    let loads = 0;
    expect(await here.get('k', ['orgs'], async () => ++loads)).toBe(1);
    await elsewhere.invalidate(t.db, 'orgs');
    await new Promise((r) => setTimeout(r, 80));
    expect(await here.get('k', ['orgs'], async () => ++loads)).toBe(2);
  });
});

/** A second handle on the same database, as another process has: no page cache of `t.db` hears of it. */
async function otherProcess(): Promise<{ db: Db; close(): Promise<void> }> {
  if (t.database.pglite) return { db: wrapPglite(t.database.pglite).db, close: async () => {} };
  return openPostgres(t.database.url as string, 1);
}

const versionOf = async (tag: string) =>
  (
    await queryRows<{ version: number }>(t.db, sql`select version from cache_versions where tag = ${tag}`)
  ).map((r) => Number(r.version));

describe('invalidateTags, as services call it', () => {
  it('bumps in the transaction and tells this process once it commits', async () => {
    const cache = new PageCache(t.db, 60_000);
    let loads = 0;
    const load = async () => ++loads;
    await cache.get('k', ['orgs'], load);
    await transaction(t.db, async (tx) => {
      await invalidateTags(tx, 'orgs');
      // Not committed: the page is still the one made from the committed data.
      expect(await cache.get('k', ['orgs'], load)).toBe(1);
    });
    expect(await cache.get('k', ['orgs'], load)).toBe(2);
    expect(await versionOf('orgs')).toEqual([1]);
  });

  it('publishes nothing, here or in the database, when the transaction rolls back', async () => {
    const cache = new PageCache(t.db, 0); // re-reads the versions on every read
    let loads = 0;
    const load = async () => ++loads;
    await cache.get('k', ['orgs'], load);
    await expect(
      transaction(t.db, async (tx) => {
        await invalidateTags(tx, 'orgs', 'people');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await cache.get('k', ['orgs'], load)).toBe(1);
    expect(await versionOf('orgs')).toEqual([]);
    expect(await versionOf('people')).toEqual([]);
  });

  it('is seen by a page cache in another process within its bound', async () => {
    const other = await otherProcess();
    try {
      // Two caches there: one that would re-read the versions only after a minute, one after 50 ms.
      const slow = new PageCache(other.db, 60_000);
      const elsewhere = new PageCache(other.db, 50);
      let loads = 0;
      const load = async () => ++loads;
      expect(await slow.get('k', ['orgs'], load)).toBe(1);
      expect(await elsewhere.get('k', ['orgs'], load)).toBe(2);
      await transaction(t.db, (tx) => invalidateTags(tx, 'orgs'));
      // This process's publication does not reach the other one: only the database does.
      expect(await slow.get('k', ['orgs'], load)).toBe(1);
      await new Promise((r) => setTimeout(r, 80));
      expect(await elsewhere.get('k', ['orgs'], load)).toBe(3);
    } finally {
      await other.close();
    }
  });
});
