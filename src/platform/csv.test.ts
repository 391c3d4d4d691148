import { describe, expect, it } from 'vitest';
import { defuseFormula, parseCsv, toCsv } from './csv.ts';

describe('CSV', () => {
  it('defuses every cell a spreadsheet would run as a formula, and nothing else', () => {
    for (const v of ['=1+1', '+1', '-2', '@SUM(A1)', '\t=1', '\r=1']) expect(defuseFormula(v)).toBe(`'${v}`);
    for (const v of ['1', 'a=b', '张三', '', "'=x"]) expect(defuseFormula(v)).toBe(v);
  });

  it('writes what Excel opens: a BOM, CRLF, quotes around commas, quotes and any line break', () => {
    expect(toCsv([['a,b', 'c"d', 'e\nf', '中文', '=HYPERLINK("x")']])).toBe(
      '\uFEFF"a,b","c""d","e\nf",中文,"\'=HYPERLINK(""x"")"\r\n',
    );
  });

  it('reads back what it wrote (formula cells keep their apostrophe)', () => {
    const rows = [
      ['名称', 'note'],
      ['a, b', 'line 1\nline 2'],
      ['"quoted"', '=1'],
    ];
    const parsed = parseCsv(toCsv(rows));
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ['名称', 'note'] },
        { line: 2, cells: ['a, b', 'line 1\nline 2'] },
        { line: 4, cells: ['"quoted"', "'=1"] },
      ],
    });
  });

  it('numbers records by the line they start on, skipping blank lines', () => {
    expect(parseCsv('a,1\n\n  b , 2 \n"c\nc",3')).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ['a', '1'] },
        { line: 3, cells: ['b', '2'] },
        { line: 4, cells: ['c\nc', '3'] },
      ],
    });
  });

  it('answers broken quoting with its line, not an exception', () => {
    expect(parseCsv('a,1\nb,"2\n')).toEqual({ ok: false, line: 2 });
  });
});
