/**
 * An Excel workbook (.xlsx, Office Open XML) of one sheet: deflate-compressed by fflate, numbers and
 * dates as typed cells (so sums and sorting work), the header row bold and frozen, each column as
 * wide as its longest text. Text cells are inline strings, never formulas, so a value such as
 * `=1+1` stays text.
 *
 * Rows are shared with the CSV exports (strings), so the type of a column comes from `columns`:
 * a 'number' column writes cells that read as a plain decimal number as numbers, a 'date' column
 * writes `YYYY-MM-DD` as a date and an ISO instant as a date-time in `timeZone`. Anything else in
 * such a column (an empty cell, a "n/a") stays text, so no value is lost to a guess.
 */
import { zipSync } from 'fflate';
import { offsetMinutes } from './time.ts';

export type XlsxCell = string | number | Date | null | undefined;
export type XlsxColumnType = 'text' | 'number' | 'date';
export type XlsxOptions = {
  /** Per column; missing columns are text. */
  columns?: XlsxColumnType[];
  /** Date-times are written as wall-clock time in this IANA zone (Excel cells have no zone). */
  timeZone?: string;
};

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 forbids.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the ones to drop
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

function column(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Style ids in styles.xml below: 0 text, 1 bold header, 2 date, 3 date-time. */
const STYLE = { header: 1, date: 2, dateTime: 3 } as const;
const DAY_MS = 86_400_000;
/** Days from Excel's 1900 epoch (with its leap-year quirk) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25_569;

const NUMBER = /^-?(0|[1-9]\d{0,14})(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

type Typed = { kind: 'text'; text: string } | { kind: 'number'; value: number; style?: number };

function typed(v: XlsxCell, type: XlsxColumnType, timeZone: string): Typed {
  const serial = (d: Date) => {
    const local = d.getTime() + offsetMinutes(d, timeZone) * 60_000;
    return local / DAY_MS + EXCEL_EPOCH_DAYS;
  };
  if (v === null || v === undefined) return { kind: 'text', text: '' };
  if (typeof v === 'number')
    return Number.isFinite(v) ? { kind: 'number', value: v } : { kind: 'text', text: '' };
  if (v instanceof Date) return { kind: 'number', value: serial(v), style: STYLE.dateTime };
  if (type === 'number' && NUMBER.test(v)) return { kind: 'number', value: Number(v) };
  if (type === 'date') {
    const d = DATE.exec(v);
    if (d) {
      const ms = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
      if (!Number.isNaN(ms) && new Date(ms).toISOString().startsWith(v))
        return { kind: 'number', value: ms / DAY_MS + EXCEL_EPOCH_DAYS, style: STYLE.date };
    }
    if (INSTANT.test(v) && !Number.isNaN(Date.parse(v)))
      return { kind: 'number', value: serial(new Date(v)), style: STYLE.dateTime };
  }
  return { kind: 'text', text: v };
}

/** Display width in Excel's character units: CJK and other wide characters count twice. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

function sheetXml(rows: XlsxCell[][], opts: Required<XlsxOptions>): string {
  const widths: number[] = [];
  const body = rows
    .map((row, r) => {
      const cells = row.map((v, c) => {
        const ref = `${column(c)}${r + 1}`;
        const cell =
          r === 0 ? typed(v, 'text', opts.timeZone) : typed(v, opts.columns[c] ?? 'text', opts.timeZone);
        const shown =
          cell.kind === 'text'
            ? cell.text
            : cell.style === STYLE.dateTime
              ? 'yyyy-mm-dd hh:mm:ss'
              : cell.style === STYLE.date
                ? 'yyyy-mm-dd'
                : String(cell.value);
        widths[c] = Math.max(widths[c] ?? 0, displayWidth(shown.split('\n')[0]));
        if (cell.kind === 'number')
          return `<c r="${ref}"${cell.style ? ` s="${cell.style}"` : ''}><v>${cell.value}</v></c>`;
        const style = r === 0 ? ` s="${STYLE.header}"` : '';
        return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${xml(cell.text)}</t></is></c>`;
      });
      return `<row r="${r + 1}">${cells.join('')}</row>`;
    })
    .join('');
  // Frozen header: the pane splits below row 1, so it stays in view while scrolling.
  const views =
    rows.length > 0
      ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
      : '';
  const cols = widths.length
    ? `<cols>${widths
        .map(
          (w, i) =>
            `<col min="${i + 1}" max="${i + 1}" width="${Math.min(60, Math.max(8, w + 2))}" customWidth="1"/>`,
        )
        .join('')}</cols>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${views}${cols}<sheetData>${body}</sheetData></worksheet>`;
}

/** Number formats 164 (date) and 165 (date-time); "UTC" is printed when the times are UTC. */
function stylesXml(timeZone: string): string {
  const dateTime = timeZone === 'UTC' ? 'yyyy-mm-dd hh:mm:ss "UTC"' : 'yyyy-mm-dd hh:mm:ss';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="${xml(dateTime)}"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;
}

/** A zip archive (fflate): stored by default (tests build exact sizes with it), or deflated. */
export function zip(files: Array<{ name: string; data: Buffer }>, opts: { deflate?: boolean } = {}): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const f of files) entries[f.name] = new Uint8Array(f.data);
  return Buffer.from(zipSync(entries, { level: opts.deflate ? 6 : 0 }));
}

/** One workbook with one sheet named `sheet`, the first row being the header. */
export function xlsxWorkbook(sheet: string, rows: XlsxCell[][], options: XlsxOptions = {}): Buffer {
  const opts = { columns: options.columns ?? [], timeZone: options.timeZone ?? 'UTC' };
  const file = (name: string, text: string) => ({ name, data: Buffer.from(text, 'utf8') });
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
  return zip(
    [
      file(
        '[Content_Types].xml',
        `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
      ),
      file(
        '_rels/.rels',
        `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
      file(
        'xl/workbook.xml',
        `${head}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${xml(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
      file(
        'xl/_rels/workbook.xml.rels',
        `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
      ),
      file('xl/styles.xml', stylesXml(opts.timeZone)),
      file('xl/worksheets/sheet1.xml', sheetXml(rows, opts)),
    ],
    { deflate: true },
  );
}
