import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/harness.ts';
import { PageCache } from './cache.ts';

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
