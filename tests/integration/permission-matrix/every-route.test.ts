// Every registered route has exactly one row in the permission matrix, over all areas together: a
// route added without a row, a row whose route no longer exists, or a route with rows in two areas
// fails here. Nothing ships without a permission decision.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../src/testing/harness.ts';
import { AREAS } from './all.ts';

const t = useTestApp();

describe('permission matrix', () => {
  it('has exactly one row per registered route, over all areas', () => {
    const registered = [
      ...new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`)),
    ].sort();
    const rows = Object.entries(AREAS).flatMap(([area, rows]) =>
      Object.keys(rows).map((route) => `${route} (${area})`),
    );
    const routes = rows.map((r) => r.replace(/ \(\w+\)$/, ''));
    const twice = rows.filter((r) => routes.filter((x) => x === r.replace(/ \(\w+\)$/, '')).length > 1);
    expect(twice, 'routes with a row in more than one area').toEqual([]);
    expect([...routes].sort()).toEqual(registered);
  });
});
