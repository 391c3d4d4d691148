import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { xlsxWorkbook } from './xlsx.ts';

/** Reads the package back with fflate (which checks each entry's CRC): name → text. */
function unzip(buf: Buffer): Map<string, string> {
  const files = unzipSync(new Uint8Array(buf));
  return new Map(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

/** The compression method of every local file header (8 = deflate). */
function methods(buf: Buffer): number[] {
  const out: number[] = [];
  for (let at = 0; buf.readUInt32LE(at) === 0x04034b50; ) {
    out.push(buf.readUInt16LE(at + 8));
    const size = buf.readUInt32LE(at + 18);
    at += 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28) + size;
  }
  return out;
}

const cellsOf = (sheet: string, row: number) =>
  [...sheet.matchAll(new RegExp(`<row r="${row}">(.*?)</row>`, 'g'))][0]?.[1] ?? '';

describe('xlsxWorkbook', () => {
  it('writes a deflated package with one sheet, its styles, and text kept as text', () => {
    const buf = xlsxWorkbook('members', [
      ['slug', 'name_zh'],
      ['yunhai-db', '云海 <数据> & "联盟"'],
      ['x', '=1+1'],
    ]);
    expect(methods(buf)).toEqual([8, 8, 8, 8, 8, 8]);
    const files = unzip(buf);
    expect([...files.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    expect(cellsOf(sheet, 2)).toBe(
      '<c r="A2" t="inlineStr"><is><t xml:space="preserve">yunhai-db</t></is></c><c r="B2" t="inlineStr"><is><t xml:space="preserve">云海 &lt;数据&gt; &amp; &quot;联盟&quot;</t></is></c>',
    );
    // A formula-looking value stays text.
    expect(sheet).toContain('<c r="B3" t="inlineStr"><is><t xml:space="preserve">=1+1</t></is></c>');
    expect(files.get('xl/workbook.xml')).toContain('<sheet name="members" sheetId="1" r:id="rId1"/>');
  });

  it('is much smaller than the same cells stored, as a real export is', () => {
    const rows = [['slug', 'description']];
    for (let i = 0; i < 2000; i++)
      rows.push([`product-${i}`, '分布式数据库，兼容 PostgreSQL 协议，支持 HTAP。']);
    const buf = xlsxWorkbook('products', rows);
    const sheet = unzip(buf).get('xl/worksheets/sheet1.xml')!;
    expect(buf.length).toBeLessThan(Buffer.byteLength(sheet) / 10);
  });

  it('writes numbers and dates as typed cells in their columns, and leaves other values as text', () => {
    const files = unzip(
      xlsxWorkbook(
        'results',
        [
          ['candidate', 'attempt', 'score', 'joined', 'submitted'],
          ['张三', '1', '87.5', '2024-02-29', '2030-03-01T06:00:00.000Z'],
          ['李四', '2', '', 'n/a', ''],
          ['王五', '007', '1e5', '2024-02-30', 'soon'],
        ],
        { columns: ['text', 'number', 'number', 'date', 'date'], timeZone: 'Asia/Shanghai' },
      ),
    );
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    // 2024-02-29 is Excel day 45351; 14:00 in Shanghai is 14/24 of a day after 2030-03-01 (47543).
    expect(cellsOf(sheet, 2)).toBe(
      '<c r="A2" t="inlineStr"><is><t xml:space="preserve">张三</t></is></c><c r="B2"><v>1</v></c><c r="C2"><v>87.5</v></c><c r="D2" s="2"><v>45351</v></c><c r="E2" s="3"><v>47543.58333333333</v></c>',
    );
    // Empty, "n/a", a leading-zero code, an exponent, an impossible date: all stay text.
    expect(cellsOf(sheet, 3)).toContain('<c r="C3" t="inlineStr"><is><t xml:space="preserve"></t></is></c>');
    expect(cellsOf(sheet, 3)).toContain(
      '<c r="D3" t="inlineStr"><is><t xml:space="preserve">n/a</t></is></c>',
    );
    expect(cellsOf(sheet, 4)).toContain(
      '<c r="B4" t="inlineStr"><is><t xml:space="preserve">007</t></is></c>',
    );
    expect(cellsOf(sheet, 4)).toContain(
      '<c r="C4" t="inlineStr"><is><t xml:space="preserve">1e5</t></is></c>',
    );
    expect(cellsOf(sheet, 4)).toContain(
      '<c r="D4" t="inlineStr"><is><t xml:space="preserve">2024-02-30</t></is></c>',
    );
    // The header row is text in bold (style 1) even over a number column.
    expect(cellsOf(sheet, 1)).toContain(
      '<c r="B1" s="1" t="inlineStr"><is><t xml:space="preserve">attempt</t></is></c>',
    );
    const styles = files.get('xl/styles.xml')!;
    expect(styles).toContain('<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>');
    expect(styles).toContain('<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/>');
  });

  it('freezes the header row and sizes each column to its longest text (CJK counts double)', () => {
    const sheet = unzip(
      xlsxWorkbook('members', [
        ['slug', 'name_zh', 'website'],
        ['a', '云海数据库联盟', `https://example.com/${'x'.repeat(100)}`],
      ]),
    ).get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain(
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>',
    );
    expect(sheet).toContain(
      '<cols><col min="1" max="1" width="8" customWidth="1"/><col min="2" max="2" width="16" customWidth="1"/><col min="3" max="3" width="60" customWidth="1"/></cols>',
    );
  });

  it('times are UTC, and say so, when no zone is given', () => {
    const files = unzip(xlsxWorkbook('x', [['at'], ['2030-03-01T06:00:00Z']], { columns: ['date'] }));
    expect(cellsOf(files.get('xl/worksheets/sheet1.xml')!, 2)).toBe('<c r="A2" s="3"><v>47543.25</v></c>');
    expect(files.get('xl/styles.xml')).toContain('formatCode="yyyy-mm-dd hh:mm:ss &quot;UTC&quot;"');
  });
});
