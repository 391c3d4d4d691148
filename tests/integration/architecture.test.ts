// The import rule from docs/architecture.md, enforced: platform/ and ui/ know no module; a module
// uses another module's services, never its tables; inside a module, schema → services → routes.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !e.name.includes('.test.') ? [full] : [];
  });
}

/** [file relative to src, imported file relative to src] for every relative import. */
function edges(): Array<[string, string]> {
  return sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)].map(
      (m) =>
        [path.relative(SRC, file), path.relative(SRC, path.resolve(path.dirname(file), m[1]))] as [
          string,
          string,
        ],
    );
  });
}

const moduleOf = (p: string) => (p.startsWith('modules/') ? p.split('/')[1] : undefined);
const ENTRY = new Set(['app.tsx', 'main.ts', 'server.ts', 'api.ts', 'system-routes.ts']);

describe('import direction', () => {
  const all = edges();

  it('sees the imports it checks', () => {
    expect(all).toContainEqual(['modules/identity/accounts.ts', 'platform/audit.ts']);
  });

  it('platform/, ui/, i18n/ and db/ (but db/schema.ts and db/testing.ts) import no module and no entry point', () => {
    const bad = all.filter(
      ([from, to]) =>
        /^(platform|ui|i18n|db)\//.test(from) && from !== 'db/schema.ts' && (moduleOf(to) || ENTRY.has(to)),
    );
    expect(bad).toEqual([]);
  });

  it('no module imports an entry point, the seed or the test harness', () => {
    const bad = all.filter(([from, to]) => moduleOf(from) && (ENTRY.has(to) || /^(seed|testing)\//.test(to)));
    expect(bad).toEqual([]);
  });

  it("a module never reads another module's tables", () => {
    const bad = all.filter(([from, to]) => {
      const a = moduleOf(from);
      const b = moduleOf(to);
      return a && b && a !== b && /\/schema\.ts$/.test(to);
    });
    expect(bad).toEqual([]);
  });

  it('schema files import only schema and type files, services import no route or view', () => {
    const isRoute = (p: string) => /routes\.tsx?$|\/views?[/.]/.test(p);
    const bad = all.filter(
      ([from, to]) =>
        (/\/schema\.ts$/.test(from) && moduleOf(to) && !/\/(schema|types)\.ts$/.test(to)) ||
        (!isRoute(from) && moduleOf(from) && isRoute(to)),
    );
    expect(bad).toEqual([]);
  });
});

describe('views and the content security policy', () => {
  it('no view sets a style attribute (style-src is self only, so the browser would ignore it)', () => {
    // The embed snippet is text for another site's page, and the WeChat article is inline-styled
    // HTML made to be pasted into WeChat's editor: neither is rendered by our pages.
    const offenders = sourceFiles(SRC)
      .filter((f) => f.endsWith('.tsx'))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${path.relative(SRC, file)}:${i + 1}` }))
          .filter(
            ({ line }) =>
              /<[a-z][\w-]*\b[^`]*\sstyle=["{]/.test(line) && !line.includes('<iframe id="gongjin-wall"'),
          ),
      )
      .map((o) => o.at);
    expect(offenders).toEqual([]);
  });
});
