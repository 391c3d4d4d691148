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
    // Tests and permission-matrix rows (test data a manifest loads lazily, for tests only) are not code.
    return /\.tsx?$/.test(e.name) && !e.name.includes('.test.') && !e.name.endsWith('.rows.ts') ? [full] : [];
  });
}

/**
 * The `#…` aliases Node's subpath imports would resolve. package.json declares none (ADR 0033: the
 * code uses relative imports only), but an alias in the code is still read as the edge it names.
 */
const ALIASES: Record<string, string> = {
  '#platform/': 'platform/',
  '#db/': 'db/',
  '#ui/': 'ui/',
  '#modules/': 'modules/',
};

// Static `import … from` / `export … from`, side-effect `import '…'`, and dynamic `import('…')`.
const SPECIFIER =
  /(?:^\s*(?:import|export)\s[^;]*?\bfrom\s+|^\s*import\s+|\bimport\s*\(\s*)['"]([^'"]+)['"]/gms;

/** A specifier as a path relative to src, or undefined for a package or a computed specifier. */
function resolve(file: string, spec: string): string | undefined {
  if (spec.startsWith('.')) return path.relative(SRC, path.resolve(path.dirname(file), spec));
  const alias = Object.keys(ALIASES).find((a) => spec.startsWith(a));
  return alias ? ALIASES[alias] + spec.slice(alias.length) : undefined;
}

/** [file relative to src, imported file relative to src] for every import of a file in src/. */
function edges(): Array<[string, string]> {
  return sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(SPECIFIER)].flatMap((m) => {
      const to = resolve(file, m[1]);
      return to === undefined ? [] : [[path.relative(SRC, file), to] as [string, string]];
    });
  });
}

/** The module a file belongs to; `modules/index.ts`, the list of modules, belongs to none. */
const moduleOf = (p: string) =>
  p.startsWith('modules/') && p.split('/').length > 2 ? p.split('/')[1] : undefined;
const ENTRY = new Set(['app.tsx', 'main.ts', 'server.ts', 'api.ts', 'system-routes.ts']);

describe('import direction', () => {
  const all = edges();

  it('sees the imports it checks', () => {
    expect(all).toContainEqual(['modules/identity/accounts.ts', 'platform/audit.ts']);
  });

  it('platform/, ui/, i18n/ and db/ import no module, not the module list and no entry point', () => {
    const bad = all.filter(
      ([from, to]) =>
        /^(platform|ui|i18n|db)\//.test(from) && (moduleOf(to) || to === 'modules/index.ts' || ENTRY.has(to)),
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
    // A module's manifest (its index.ts) mounts its routes: it is route-level.
    const isRoute = (p: string) => /routes\.tsx?$|\/views?[/.]|^modules\/[^/]+\/index\.ts$/.test(p);
    const bad = all.filter(
      ([from, to]) =>
        (/\/schema\.ts$/.test(from) && moduleOf(to) && !/\/(schema|types)\.ts$/.test(to)) ||
        (!isRoute(from) && moduleOf(from) && isRoute(to)),
    );
    expect(bad).toEqual([]);
  });
});

/** Module → the modules it imports (tests excluded), both sorted. */
function moduleGraph(all: Array<[string, string]>): Map<string, string[]> {
  const graph = new Map<string, Set<string>>();
  for (const [from, to] of all) {
    const a = moduleOf(from);
    const b = moduleOf(to);
    if (!a) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    if (b && b !== a) graph.get(a)?.add(b);
  }
  return new Map([...graph].sort(([x], [y]) => x.localeCompare(y)).map(([m, to]) => [m, [...to].sort()]));
}

/** Every cycle found by a depth-first walk, each as the path that closes it (`a → b → a`). */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const walk = (m: string, trail: string[]) => {
    const at = trail.indexOf(m);
    if (at >= 0) {
      found.push([...trail.slice(at), m].join(' → '));
      return;
    }
    if (done.has(m)) return;
    for (const next of graph.get(m) ?? []) walk(next, [...trail, m]);
    done.add(m);
  };
  for (const m of graph.keys()) walk(m, []);
  return found;
}

const printGraph = (graph: Map<string, string[]>) =>
  [...graph].map(([m, to]) => `  ${m} → ${to.join(', ') || '(none)'}`).join('\n');

describe('the module graph', () => {
  const all = edges();
  const graph = moduleGraph(all);

  it('reads static, aliased and dynamic imports', () => {
    expect(all).toContainEqual(['modules/salons/service.ts', 'platform/time.ts']);
    // main.ts loads these lazily, with import().
    expect(all).toContainEqual(['main.ts', 'modules/members/views/static-pages.tsx']);
    expect(resolve(path.join(SRC, 'modules/a/x.ts'), '#modules/b/y.ts')).toBe('modules/b/y.ts');
    expect(graph.get('members')).toContain('salons');
  });

  it('finds a cycle when there is one', () => {
    const withCycle = new Map([...graph, ['identity', [...(graph.get('identity') ?? []), 'members']]]);
    expect(cycles(withCycle)).not.toEqual([]);
  });

  it('has no cycle between modules (a module that needs a later one gets a function from src/wiring.ts)', () => {
    expect(cycles(graph), `module graph:\n${printGraph(graph)}`).toEqual([]);
  });

  it('keeps time formatting in platform/time.ts: no module builds its own Asia/Shanghai formatter', () => {
    const offenders = sourceFiles(path.join(SRC, 'modules')).filter((f) =>
      /timeZone:\s*['"]Asia\/Shanghai['"]|\$\{[^}`]+\}[^`]*\+08:00|8 \* 3600_?000/.test(
        readFileSync(f, 'utf8'),
      ),
    );
    expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
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
