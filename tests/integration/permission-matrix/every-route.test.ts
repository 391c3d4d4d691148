// Every registered route has exactly one row in the permission matrix, over the platform's rows and
// every module's (its manifest's `matrix`) together: a route added without a row, a row whose route
// no longer exists, or a route with rows in two areas fails here. Nothing ships without a
// permission decision.
import { describe, expect, it } from 'vitest';
import '../../../src/modules/index.ts';
import { installedModules } from '../../../src/platform/module.ts';
import { useTestApp } from '../../../src/testing/harness.ts';
import { matrixAreas } from '../../../src/testing/permission-matrix.ts';

const t = useTestApp();

describe('permission matrix', () => {
  it('has exactly one row per registered route, over all areas', async () => {
    const registered = [
      ...new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`)),
    ].sort();
    const areas = await matrixAreas();
    const rows = Object.entries(areas).flatMap(([area, rows]) =>
      Object.keys(rows).map((route) => `${route} (${area})`),
    );
    const routes = rows.map((r) => r.replace(/ \(\w+\)$/, ''));
    const twice = rows.filter((r) => routes.filter((x) => x === r.replace(/ \(\w+\)$/, '')).length > 1);
    expect(twice, 'routes with a row in more than one area').toEqual([]);
    expect([...routes].sort()).toEqual(registered);
  });

  it('every module that mounts routes names its rows', () => {
    const without = installedModules()
      .filter((m) => m.routes && !m.matrix)
      .map((m) => m.name);
    expect(without).toEqual([]);
  });
});
