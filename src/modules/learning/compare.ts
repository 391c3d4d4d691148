/**
 * Instant feedback on the visible data: a student's result against the reference query's rows.
 * The same rules as the lab page's browser island (src/ui/static/lab.js): columns by position,
 * rows as a multiset unless the reference orders them, NULL distinct from '', numbers within the
 * lab's tolerance. Credit is never decided here: the grader re-grades with the hidden variants.
 */
import type { MessageKey } from '../../i18n/index.ts';
import type { ExpectedResult } from './schema.ts';

export type Comparison = { match: boolean; messageKey: MessageKey; vars?: Record<string, string | number> };

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** A cell as a comparable key; numbers are rounded to the tolerance's grid. */
function cellKey(v: unknown, tolerance: number): string {
  if (v === null || v === undefined) return '\u0000null';
  if (v instanceof Date) return `d:${v.toISOString()}`;
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (typeof v === 'number' || typeof v === 'bigint' || NUMERIC.test(s)) {
    const n = Number(s);
    const step = tolerance > 0 ? tolerance : 1e-9;
    return `n:${Math.round(n / step)}`;
  }
  return `s:${s}`;
}

const rowKey = (row: unknown[], tolerance: number) => row.map((v) => cellKey(v, tolerance)).join('\u0001');

export function compareResult(
  expected: ExpectedResult,
  actual: { columns: string[]; rows: unknown[][] },
  tolerance = 0,
): Comparison {
  if (actual.columns.length !== expected.columns.length)
    return {
      match: false,
      messageKey: 'learning.compare.columns',
      vars: { expected: expected.columns.length, actual: actual.columns.length },
    };
  if (actual.rows.length !== expected.rows.length)
    return {
      match: false,
      messageKey: 'learning.compare.rows',
      vars: { expected: expected.rows.length, actual: actual.rows.length },
    };
  const want = expected.rows.map((r) => rowKey(r, tolerance));
  const got = actual.rows.map((r) => rowKey(r, tolerance));
  const counts = new Map<string, number>();
  for (const k of want) counts.set(k, (counts.get(k) ?? 0) + 1);
  let differing = 0;
  for (const k of got) {
    const n = counts.get(k) ?? 0;
    if (n > 0) counts.set(k, n - 1);
    else differing++;
  }
  if (differing > 0) return { match: false, messageKey: 'learning.compare.values', vars: { n: differing } };
  if (expected.ordered && want.some((k, i) => k !== got[i]))
    return { match: false, messageKey: 'learning.compare.order' };
  return { match: true, messageKey: 'learning.compare.match' };
}
