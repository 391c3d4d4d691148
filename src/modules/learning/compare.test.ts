import { describe, expect, it } from 'vitest';
import { compareResult } from './compare.ts';
import { hasTopLevelOrderBy } from './grading.ts';

const expected = {
  columns: ['name', 'salary'],
  rows: [
    ['王芳', '9000.00'],
    ['李雷', '7000.00'],
    ['李雷', '7000.00'],
  ],
  ordered: false,
};

describe('compareResult', () => {
  it('accepts the same rows in another order when the reference is unordered', () => {
    const r = compareResult(expected, {
      columns: ['n', 's'],
      rows: [
        ['李雷', 7000],
        ['王芳', 9000],
        ['李雷', '7000.00'],
      ],
    });
    expect(r).toEqual({ match: true, messageKey: 'learning.compare.match' });
  });

  it('counts duplicates (multiset), tells column and row counts', () => {
    expect(compareResult(expected, { columns: ['n'], rows: [] }).messageKey).toBe('learning.compare.columns');
    const r = compareResult(expected, {
      columns: ['n', 's'],
      rows: [
        ['王芳', 9000],
        ['李雷', 7000],
      ],
    });
    expect(r).toMatchObject({
      match: false,
      messageKey: 'learning.compare.rows',
      vars: { expected: 3, actual: 2 },
    });
    const dup = compareResult(expected, {
      columns: ['n', 's'],
      rows: [
        ['王芳', 9000],
        ['王芳', 9000],
        ['李雷', 7000],
      ],
    });
    expect(dup).toMatchObject({ match: false, messageKey: 'learning.compare.values', vars: { n: 1 } });
  });

  it('keeps NULL apart from the empty string', () => {
    const e = { columns: ['x'], rows: [[null]], ordered: false };
    expect(compareResult(e, { columns: ['x'], rows: [['']] }).match).toBe(false);
    expect(compareResult(e, { columns: ['x'], rows: [[null]] }).match).toBe(true);
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
    const swapped = {
      columns: ['n', 's'],
      rows: [
        ['李雷', 7000],
        ['王芳', 9000],
      ],
    };
    expect(compareResult(ordered, swapped).messageKey).toBe('learning.compare.order');
    expect(compareResult({ ...ordered, ordered: false }, swapped).match).toBe(true);
  });

  it('compares numbers within the tolerance', () => {
    const e = { columns: ['avg'], rows: [['7666.6667']], ordered: false };
    expect(compareResult(e, { columns: ['avg'], rows: [[7666.67]] }, 0.01).match).toBe(true);
    expect(compareResult(e, { columns: ['avg'], rows: [[7666.67]] }, 0).match).toBe(false);
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
