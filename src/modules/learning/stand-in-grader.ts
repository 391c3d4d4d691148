/**
 * A LabGrader on one in-process PGlite, for tests and for a development server without the
 * grader pool. Each run is setup + query inside a transaction that is rolled back, so every run
 * sees fresh data. It has NO isolation: a runaway query blocks the process, so production uses
 * the worker-thread grader pool (src/modules/grader) instead.
 */
import { PGlite } from '@electric-sql/pglite';
import type { SqlSpec } from '../questions/types.ts';
import { compareResult } from './compare.ts';
import { hasTopLevelOrderBy, type LabGrader, type RunResult } from './grading.ts';

export function standInGrader(): LabGrader & { close(): Promise<void> } {
  let pg: PGlite | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const run = (setupSql: string, sql: string): Promise<RunResult> =>
    serial(async () => {
      pg ??= new PGlite();
      await pg.exec('begin');
      try {
        await pg.exec(setupSql);
        const results = await pg.exec(sql, { rowMode: 'array' });
        const last = results.at(-1);
        return {
          ok: true as const,
          columns: last?.fields.map((f) => f.name) ?? [],
          rows: (last?.rows ?? []) as unknown as unknown[][],
        };
      } catch (err) {
        return { ok: false as const, error: err instanceof Error ? err.message : String(err) };
      } finally {
        await pg.exec('rollback');
      }
    });
  return {
    run,
    async grade(spec: SqlSpec, candidateSql: string) {
      const datasets = ['', ...spec.variants];
      for (const [i, variant] of datasets.entries()) {
        const setup = variant ? `${spec.setupSql};\n${variant}` : spec.setupSql;
        const [want, got] = [await run(setup, spec.referenceSql), await run(setup, candidateSql)];
        if (!got.ok)
          return {
            passed: false,
            diagnostics: [{ code: 'learning.lab.sqlError', vars: { message: got.error } }],
          };
        if (!want.ok)
          return { passed: false, diagnostics: [{ code: 'learning.lab.referenceFailed', vars: {} }] };
        const c = compareResult(
          { columns: want.columns, rows: want.rows, ordered: hasTopLevelOrderBy(spec.referenceSql) },
          got,
          spec.tolerance,
        );
        if (!c.match) {
          const detail = { code: c.messageKey, vars: c.vars ?? {} };
          return {
            passed: false,
            diagnostics:
              i === 0
                ? [detail]
                : [
                    { code: 'learning.lab.hiddenFailed', vars: { variant: i, total: spec.variants.length } },
                    detail,
                  ],
          };
        }
      }
      return { passed: true, diagnostics: [] };
    },
    async close() {
      await pg?.close();
    },
  };
}
