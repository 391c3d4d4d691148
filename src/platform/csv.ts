/**
 * The one CSV writer and reader, on csv-stringify and csv-parse, behind one formula guard. Every
 * export goes through `toCsv` (so no export can forget the guard) and every paste or upload through
 * `parseCsv` (so quoted commas, quotes and line breaks inside a cell mean the same everywhere).
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * A cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
 * return: OWASP's list) gets a leading apostrophe, which Excel and WPS show as text.
 */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Rows to CSV as Excel opens it: a BOM (so Chinese stays readable), CRLF between records, quotes
 * where a cell holds a comma, a quote or any line break, and every cell defused.
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return stringify(
    rows.map((r) => r.map(defuseFormula)),
    // Without quoted_match a lone \n inside a cell would go out unquoted (the record delimiter is \r\n).
    { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ },
  );
}

/** One record, with the line its first cell starts on (a quoted cell may span lines). */
export type CsvRecord = { line: number; cells: string[] };
export type CsvParsed = { ok: true; records: CsvRecord[] } | { ok: false; line: number };

/**
 * Parses pasted or uploaded CSV (a BOM, blank lines and spaces around cells are ignored; records
 * may have different lengths, the caller checks them). Broken quoting answers the line it is on.
 * `delimiters` defaults to the comma; a paste from a spreadsheet is tab-separated.
 */
export function parseCsv(text: string, delimiters: string[] = [',']): CsvParsed {
  try {
    const rows = parse(text, {
      bom: true,
      delimiter: delimiters,
      info: true,
      relax_column_count: true,
      // A stray quote inside a cell (5" screen) is kept as text, as spreadsheets do.
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    const records = rows.map(({ record, info }) => ({
      // info.lines is where the record ends; a cell's own line breaks moved it down.
      line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
      cells: record,
    }));
    return { ok: true, records };
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    if (typeof line === 'number') return { ok: false, line };
    throw e;
  }
}
