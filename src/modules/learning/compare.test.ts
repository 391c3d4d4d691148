import { describe, expect, it } from 'vitest';
import { compareResult } from './compare.ts';
import { hasTopLevelOrderBy } from './grading.ts';

// name text (25), salary numeric (1700): PGlite gives numeric as text.
const expected = {
  columns: ['name', 'salary'],
  types: [25, 1700],
  rows: [
    ['王芳', '9000.00'],
    ['李雷', '7000.00'],
    ['李雷', '7000.00'],
  ],
  ordered: false,
};
// The student's query computed salary as an int8 (20) number.
const actualOf = (rows: unknown[][]) => ({ columns: ['n', 's'], types: [25, 20], rows });

describe('compareResult (the grader’s rules on the visible data)', () => {
  it('accepts the same rows in another order when the reference is unordered, numbers by value', () => {
    const r = compareResult(
      expected,
      actualOf([
        ['李雷', 7000],
        ['王芳', 9000],
        ['李雷', 7000],
      ]),
    );
    expect(r).toEqual({ match: true, diagnostics: [], sample: null });
  });

  it('tells column and row counts, and samples missing and extra rows', () => {
    expect(compareResult(expected, { columns: ['n'], rows: [] }).diagnostics[0].code).toBe(
      'grader.column_count',
    );
    const short = compareResult(
      expected,
      actualOf([
        ['王芳', 9000],
        ['李雷', 7000],
      ]),
    );
    expect(short.match).toBe(false);
    expect(short.diagnostics[0]).toEqual({ code: 'grader.row_count', vars: { expected: 3, actual: 2 } });
    const dup = compareResult(
      expected,
      actualOf([
        ['王芳', 9000],
        ['王芳', 9000],
        ['李雷', 7000],
      ]),
    );
    expect(dup.diagnostics.map((d) => d.code)).toEqual(['grader.rows_differ']);
    expect(dup.sample).toEqual({
      columns: ['n', 's'],
      missing: [['李雷', '7000']],
      extra: [['王芳', '9000']],
    });
  });

  it('keeps NULL apart from the empty string', () => {
    const e = { columns: ['x'], types: [25], rows: [[null]], ordered: false };
    expect(compareResult(e, { columns: ['x'], types: [25], rows: [['']] }).match).toBe(false);
    expect(compareResult(e, { columns: ['x'], types: [25], rows: [[null]] }).match).toBe(true);
  });

  it('checks order only when the reference orders', () => {
    const ordered = {
      ...expected,
      rows: [
        ['王芳', '9000'],
        ['李雷', '7000'],
      ],
      ordered: true,
    };
    const swapped = actualOf([
      ['李雷', 7000],
      ['王芳', 9000],
    ]);
    expect(compareResult(ordered, swapped).diagnostics[0].code).toBe('grader.order');
    expect(compareResult({ ...ordered, ordered: false }, swapped).match).toBe(true);
  });

  it('compares numbers within the tolerance', () => {
    const e = { columns: ['avg'], types: [1700], rows: [['7666.6667']], ordered: false };
    const a = { columns: ['avg'], types: [701], rows: [[7666.67]] };
    expect(compareResult(e, a, 0.01).match).toBe(true);
    expect(compareResult(e, a, 0).match).toBe(false);
  });
});

describe('hasTopLevelOrderBy', () => {
  it('sees only the outermost ORDER BY', () => {
    expect(hasTopLevelOrderBy('SELECT * FROM t ORDER BY 1')).toBe(true);
    expect(hasTopLevelOrderBy('select * from (select * from t order by 1) s')).toBe(false);
    expect(hasTopLevelOrderBy("select 'order by' from t")).toBe(false);
    expect(hasTopLevelOrderBy('select rank() over (order by x) from t -- order by\n')).toBe(false);
  });
});
