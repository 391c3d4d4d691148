/**
 * Instant feedback on the visible data: a student's result against the reference query's rows,
 * judged by the grader's own comparison (src/modules/grader/compare.ts: columns by position,
 * rows as a multiset unless the reference orders them, NULL apart from '', numbers within the
 * tolerance, timestamps as instants). The lab page's island bundles the same function, so the
 * browser and the server fallback say the same thing. Credit is never decided here: the grader
 * re-grades with the hidden variants.
 */
import { compareResults } from '../grader/compare.ts';
import type { Diagnostic, ResultSet, RowSample } from '../grader/types.ts';
import type { ExpectedResult } from './schema.ts';

export type Comparison = { match: boolean; diagnostics: Diagnostic[]; sample: RowSample | null };

/** An untyped column (type 0): values compare as the text or number they are. */
const asSet = (columns: string[], types: number[] | undefined, rows: unknown[][]): ResultSet => ({
  columns: columns.map((name, i) => ({ name, typeId: types?.[i] ?? 0 })),
  rows,
});

export function compareResult(
  expected: ExpectedResult,
  actual: { columns: string[]; types?: number[]; rows: unknown[][] },
  tolerance = 0,
): Comparison {
  const c = compareResults(
    asSet(expected.columns, expected.types, expected.rows),
    asSet(actual.columns, actual.types, actual.rows),
    {
      ordered: expected.ordered,
      orderKeys: expected.orderKeys ?? null,
      compareColumnNames: false,
      tolerance,
    },
  );
  return { match: c.equal, diagnostics: c.diagnostics, sample: c.sample };
}
