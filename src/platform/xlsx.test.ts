import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { xlsxWorkbook } from './xlsx.ts';

/** Reads a stored zip back: name → content, checking each CRC. */
function unzip(buf: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  let at = 0;
  while (buf.readUInt32LE(at) === 0x04034b50) {
    const crc = buf.readUInt32LE(at + 14);
    const size = buf.readUInt32LE(at + 18);
    const nameLen = buf.readUInt16LE(at + 26);
    const name = buf.subarray(at + 30, at + 30 + nameLen).toString('utf8');
    const data = buf.subarray(at + 30 + nameLen, at + 30 + nameLen + size);
    expect(crc32(data)).toBe(crc);
    files.set(name, data.toString('utf8'));
    at += 30 + nameLen + size;
  }
  expect(buf.readUInt32LE(buf.length - 22)).toBe(0x06054b50);
  expect(buf.readUInt16LE(buf.length - 12)).toBe(files.size);
  return files;
}

describe('xlsxWorkbook', () => {
  it('writes a valid package with one sheet of text cells', () => {
    const files = unzip(
      xlsxWorkbook('members', [
        ['slug', 'name_zh'],
        ['yunhai-db', '云海 <数据> & "联盟"'],
        ['x', '=1+1'],
      ]),
    );
    expect([...files.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain(
      '<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve">yunhai-db</t></is></c><c r="B2" t="inlineStr"><is><t xml:space="preserve">云海 &lt;数据&gt; &amp; &quot;联盟&quot;</t></is></c></row>',
    );
    // A formula-looking value stays text.
    expect(sheet).toContain('<c r="B3" t="inlineStr"><is><t xml:space="preserve">=1+1</t></is></c>');
    expect(files.get('xl/workbook.xml')).toContain('<sheet name="members" sheetId="1" r:id="rId1"/>');
  });
});
