/**
 * The real CNCF landscape, unmodified (issue 20, ADR 0039), when a local mirror of cncf/landscape
 * is there (LANDSCAPE_GIT, default /work/.mirror/cncf+landscape/repo). The files are read from the
 * mirror, never copied into Gongjin. Without a mirror this test is skipped — and says so loudly.
 * The full import, its time and memory, and the round trip are `bench/landscape-import.ts --real`.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../testing/harness.ts';
import { parseLandscape } from './landscape.ts';
import { planLandscapeImport } from './landscape-import.ts';
import { mirrorPath, readMirror } from './landscape-mirror.ts';

const mirror = mirrorPath();
if (!mirror)
  console.warn(
    '\n*** SKIPPED: landscape-real.test.ts — no cncf/landscape mirror (set LANDSCAPE_GIT to a git dir of github.com/cncf/landscape). The real CNCF files were NOT checked. ***\n',
  );

const t = useTestApp();

describe.skipIf(!mirror)('the real CNCF landscape.yml + hosted_logos/', () => {
  it('plans into an empty installation with no error, every item, and only logo skips', {
    timeout: 300_000,
  }, async () => {
    const real = readMirror(mirror as string);
    const plan = await planLandscapeImport(t.db, real.yaml, (f) => real.logos.get(f));
    expect(plan.errors).toEqual([]);
    const items = parseLandscape(real.yaml).categories.flatMap((c) =>
      c.subcategories.flatMap((s) => s.items),
    );
    expect(plan.planned.length).toBe(items.length);
    // Distinct names, distinct slugs; the same name twice, two products.
    const slugs = new Set(plan.planned.map((p) => p.slug));
    expect(slugs.size).toBe(plan.planned.length);
    // What is left out is logos only, each naming its real reason.
    const reasons = new Set(plan.skips.map((s) => s.key));
    for (const r of reasons)
      expect([
        'members.import.err.logoMissing',
        'members.import.err.logoTooLarge',
        'members.svg.cssImport',
        'members.svg.external',
      ]).toContain(r);
    expect(plan.skips.length).toBeLessThan(25); // ≥ 99 % of 2,413 items keep their logo
    expect(plan.newCategories.length).toBe(15);
  });
});
