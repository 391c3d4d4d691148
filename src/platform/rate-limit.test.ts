import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/harness.ts';
import { AppError } from './errors.ts';
import { enforce, enforceHot, hit, reset } from './rate-limit.ts';

const t = useTestApp();
const limit = { bucket: 'test', max: 3, windowSeconds: 600 };

describe('rate limits kept in the database', () => {
  it('counts per key, refuses past the limit, and resets', async () => {
    for (let i = 1; i <= 3; i++) await enforce(t.db, limit, 'a');
    await expect(enforce(t.db, limit, 'a')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      vars: { minutes: 10 },
    });
    await enforce(t.db, limit, 'b'); // another key is independent
    await reset(t.db, limit, 'a');
    expect((await hit(t.db, limit, 'a')).count).toBe(1);
  });

  it('starts a new window once the old one has passed', async () => {
    const short = { bucket: 'short', max: 1, windowSeconds: 1 };
    await enforce(t.db, short, 'k');
    await expect(enforce(t.db, short, 'k')).rejects.toBeInstanceOf(AppError);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await hit(t.db, short, 'k')).count).toBe(1);
  });

  it('counts concurrent hits exactly (no lost updates)', async () => {
    const wide = { bucket: 'wide', max: 1000, windowSeconds: 600 };
    await Promise.all(Array.from({ length: 25 }, () => hit(t.db, wide, 'same')));
    expect((await hit(t.db, wide, 'same')).count).toBe(26);
  });
});

describe('hot rate limits', () => {
  it('with an embedded database, count in memory: same limit, no table row', async () => {
    for (let i = 1; i <= 3; i++) await enforceHot(t.db, true, limit, 'mem');
    await expect(enforceHot(t.db, true, limit, 'mem')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      vars: { minutes: 10 },
    });
    await enforceHot(t.db, true, limit, 'other'); // another key is independent
    expect((await hit(t.db, limit, 'mem')).count).toBe(1); // nothing was written for it
  });

  it('with a shared database, count in the table', async () => {
    for (let i = 1; i <= 3; i++) await enforceHot(t.db, false, limit, 'db');
    await expect(enforceHot(t.db, false, limit, 'db')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect((await hit(t.db, limit, 'db')).count).toBe(5);
  });
});
