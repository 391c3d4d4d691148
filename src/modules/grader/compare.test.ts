import { describe, expect, it } from 'vitest';
import { type CompareOptions, compareResults, shownRows } from './compare.ts';
import type { ResultSet } from './types.ts';

const INT = 23;
const TEXT = 25;
const NUMERIC = 1700;
const FLOAT8 = 701;
const INT8 = 20;
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;

const set = (columns: Array<[string, number]>, rows: unknown[][]): ResultSet => ({
  columns: columns.map(([name, typeId]) => ({ name, typeId })),
  rows,
});
const loose: CompareOptions = { ordered: false, compareColumnNames: false, tolerance: 0 };
const codes = (c: { diagnostics: Array<{ code: string }> }) => c.diagnostics.map((d) => d.code);

describe('compareResults', () => {
  const people = set(
    [
      ['name', TEXT],
      ['age', INT],
    ],
    [
      ['ann', 30],
      ['bob', 25],
      ['cy', 41],
    ],
  );

  it('ignores row order when the reference has no ORDER BY', () => {
    const shuffled = set(
      [
        ['name', TEXT],
        ['age', INT],
      ],
      [
        ['cy', 41],
        ['ann', 30],
        ['bob', 25],
      ],
    );
    expect(compareResults(people, shuffled, loose).equal).toBe(true);
  });

  it('requires the order when the reference has a top-level ORDER BY, and says where it breaks', () => {
    const reversed = set(
      [
        ['name', TEXT],
        ['age', INT],
      ],
      [...people.rows].reverse(),
    );
    const c = compareResults(people, reversed, { ...loose, ordered: true });
    expect(c.equal).toBe(false);
    expect(c.diagnostics).toEqual([{ code: 'grader.order', vars: { position: 1 } }]);
    expect(compareResults(people, people, { ...loose, ordered: true }).equal).toBe(true);
  });

  it('lets rows that tie on the ORDER BY columns come in any order', () => {
    const cols: Array<[string, number]> = [
      ['dept', TEXT],
      ['name', TEXT],
    ];
    const expected = set(cols, [
      ['a', 'x'],
      ['a', 'y'],
      ['b', 'z'],
    ]);
    const tiesSwapped = set(cols, [
      ['a', 'y'],
      ['a', 'x'],
      ['b', 'z'],
    ]);
    expect(compareResults(expected, tiesSwapped, { ...loose, ordered: true, orderKeys: [0] }).equal).toBe(
      true,
    );
    // Without known sort columns the whole row sequence must match.
    expect(compareResults(expected, tiesSwapped, { ...loose, ordered: true, orderKeys: null }).equal).toBe(
      false,
    );
    const wrongOrder = set(cols, [
      ['b', 'z'],
      ['a', 'x'],
      ['a', 'y'],
    ]);
    expect(codes(compareResults(expected, wrongOrder, { ...loose, ordered: true, orderKeys: [0] }))).toEqual([
      'grader.order',
    ]);
  });

  it('counts duplicates', () => {
    const cols: Array<[string, number]> = [['n', INT]];
    const twice = set(cols, [[1], [1], [2]]);
    const once = set(cols, [[1], [2], [2]]);
    const c = compareResults(twice, once, loose);
    expect(c.equal).toBe(false);
    expect(c.diagnostics).toEqual([{ code: 'grader.rows_differ', vars: { missing: 1, extra: 1 } }]);
    expect(c.sample).toEqual({ columns: ['n'], missing: [['1']], extra: [['2']] });
    const dropped = compareResults(twice, set(cols, [[1], [2]]), loose);
    expect(dropped.diagnostics[0]).toEqual({ code: 'grader.row_count', vars: { expected: 3, actual: 2 } });
  });

  it('tells NULL from the empty string', () => {
    const cols: Array<[string, number]> = [['note', TEXT]];
    const c = compareResults(set(cols, [[null]]), set(cols, [['']]), loose);
    expect(c.equal).toBe(false);
    expect(c.sample).toEqual({ columns: ['note'], missing: [[null]], extra: [['']] });
  });

  it('compares numbers across numeric types, within the tolerance', () => {
    const avg = set([['avg', NUMERIC]], [['2.5000000000000000'], ['3.3333333333333333']]);
    const asFloat = set([['avg', FLOAT8]], [[2.5], [3.33]]);
    expect(compareResults(avg, asFloat, loose).equal).toBe(false);
    expect(compareResults(avg, asFloat, { ...loose, tolerance: 0.01 }).equal).toBe(true);
    expect(compareResults(avg, asFloat, { ...loose, tolerance: 0.001 }).equal).toBe(false);
    // count(*) is int8 (text from PGlite), the reference may give int4: equal values are equal.
    expect(compareResults(set([['n', INT]], [[3]]), set([['n', INT8]], [['3']]), loose).equal).toBe(true);
    // Floating-point noise is not a wrong answer even with tolerance 0.
    expect(
      compareResults(set([['x', NUMERIC]], [['0.3']]), set([['x', FLOAT8]], [[0.1 + 0.2]]), loose).equal,
    ).toBe(true);
    // A number is not its text.
    expect(compareResults(set([['n', INT]], [[3]]), set([['n', TEXT]], [['3']]), loose).equal).toBe(false);
  });

  it('compares timestamps as UTC instants, from Dates or PostgreSQL text in any zone', () => {
    const at = set([['at', TIMESTAMPTZ]], [['2024-03-01 08:00:00+08']]);
    expect(compareResults(at, set([['at', TIMESTAMPTZ]], [['2024-03-01 00:00:00+00']]), loose).equal).toBe(
      true,
    );
    expect(
      compareResults(at, set([['at', TIMESTAMPTZ]], [[new Date('2024-03-01T00:00:00Z')]]), loose).equal,
    ).toBe(true);
    expect(compareResults(at, set([['at', TIMESTAMP]], [['2024-03-01 00:00:00']]), loose).equal).toBe(true);
    expect(compareResults(at, set([['at', TIMESTAMPTZ]], [['2024-03-01 08:00:00+00']]), loose).equal).toBe(
      false,
    );
    expect(shownRows(at)).toEqual([['2024-03-01T00:00:00.000Z']]);
  });

  it('compares columns by position, and names only when the question asks', () => {
    const renamed = set(
      [
        ['who', TEXT],
        ['years', INT],
      ],
      people.rows,
    );
    expect(compareResults(people, renamed, loose).equal).toBe(true);
    const c = compareResults(people, renamed, { ...loose, compareColumnNames: true });
    expect(c.equal).toBe(false);
    expect(c.diagnostics).toEqual([
      { code: 'grader.column_names', vars: { expected: 'name, age', actual: 'who, years' } },
    ]);
  });

  it('reports a wrong column count before anything else, without showing rows', () => {
    const c = compareResults(people, set([['name', TEXT]], [['ann'], ['bob'], ['cy']]), loose);
    expect(c).toEqual({
      equal: false,
      diagnostics: [{ code: 'grader.column_count', vars: { expected: 2, actual: 1 } }],
      sample: null,
    });
  });

  it('shows at most the sample size of missing and extra rows', () => {
    const cols: Array<[string, number]> = [['n', INT]];
    const many = set(
      cols,
      Array.from({ length: 20 }, (_, i) => [i]),
    );
    const c = compareResults(many, set(cols, []), { ...loose, sampleSize: 3 });
    expect(c.sample?.missing).toEqual([['0'], ['1'], ['2']]);
  });
});
