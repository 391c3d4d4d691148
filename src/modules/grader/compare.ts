/**
 * Compares a candidate's result set with the expected one, the way the SQL grader judges it.
 * Pure: no Node import, so a lab page can bundle it to judge a student's rows (from PGlite in the
 * browser) against the expected rows the server computed with `pool.run()`.
 *
 * Rules: rows are a multiset (duplicates count); order matters only when the reference has a
 * top-level ORDER BY (`ordered`), and then only on the ORDER BY columns when they are known
 * (`orderKeys`), so rows that tie may come in any order; columns are matched by position, names
 * too when `compareColumnNames`; NULL is not ''; numbers of any numeric type are equal when within
 * `tolerance` (PGlite gives numeric and int8 as strings, int4 as numbers); timestamps are compared
 * as UTC instants to the millisecond, whether they come as Dates or as PostgreSQL text.
 */
import type { Diagnostic, ResultSet, RowSample, ShownValue } from './types.ts';

export type CompareOptions = {
  /** The reference has a top-level ORDER BY. */
  ordered: boolean;
  /** 0-based output columns the ORDER BY sorts on; null when unknown (then whole rows must be in order). */
  orderKeys?: number[] | null;
  compareColumnNames: boolean;
  /** Absolute tolerance for numeric values. */
  tolerance: number;
  /** How many missing and extra rows to show; default 5. */
  sampleSize?: number;
};

export type Comparison = { equal: boolean; diagnostics: Diagnostic[]; sample: RowSample | null };

// PostgreSQL type OIDs the comparison treats specially.
const NUMERIC_TYPES = new Set([20, 21, 23, 26, 700, 701, 1700]);
const BOOL = 16;
const BYTEA = 17;
const JSON_TYPES = new Set([114, 3802]);
const DATE = 1082;
const TIMESTAMPS = new Set([1114, 1184]);

/** A value reduced to what equality depends on: null, a number, or a type-tagged string. */
type Cell = null | { n: number; s: string } | string;

/** Relative slack for floating-point noise (0.1 + 0.2), even with tolerance 0. */
const FLOAT_SLACK = 1e-12;

/** '-007.50' → '-7.5'; exponent or special forms fall back to the number's own text. */
function decimalText(text: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === '' && !m[3])) {
    const n = Number(text);
    return Number.isNaN(n) ? text.trim() : numberText(n);
  }
  const int = m[2].replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return m[1] === '-' && body !== '0' ? `-${body}` : body;
}

function numberText(n: number): string {
  if (Object.is(n, -0)) return '0';
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant as 'YYYY-MM-DDTHH:MM:SS.mmmZ' (UTC, milliseconds). */
function utcText(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? 'invalid' : d.toISOString();
}

/**
 * PostgreSQL timestamp text ('2024-03-01 08:00:00.123456+08', or without zone) to UTC; a
 * timestamp without zone is read as UTC. Infinity and BC dates stay as they are.
 */
function timestampText(text: string): string {
  const m =
    /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(\.\d+)?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?|Z)?$/.exec(
      text.trim(),
    );
  if (!m) return text.trim();
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), Math.floor(Number(`0${m[7] ?? ''}`) * 1000));
  const offset = m[8] ? (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0)) * 1000 : 0;
  return utcText(d.getTime() - (m[8] === '-' ? -offset : offset));
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function jsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}

function cellOf(value: unknown, typeId: number): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return { n: value, s: numberText(value) };
  if (typeof value === 'bigint') return { n: Number(value), s: value.toString() };
  if (typeof value === 'boolean') return value ? 'bt' : 'bf';
  if (value instanceof Date) {
    if (typeId === DATE) {
      return `d${pad(value.getUTCFullYear(), 4)}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    }
    return `T${utcText(value.getTime())}`;
  }
  if (value instanceof Uint8Array) return `x${hex(value)}`;
  if (typeof value === 'string') {
    if (NUMERIC_TYPES.has(typeId)) return { n: Number(value), s: decimalText(value) };
    if (TIMESTAMPS.has(typeId)) return `T${timestampText(value)}`;
    if (typeId === DATE) return `d${value}`;
    if (typeId === BOOL) return value === 't' || value === 'true' ? 'bt' : 'bf';
    if (typeId === BYTEA) return `x${value.replace(/^\\x/, '').toLowerCase()}`;
    if (JSON_TYPES.has(typeId)) {
      try {
        return `j${jsonText(JSON.parse(value))}`;
      } catch {
        return `j${value}`;
      }
    }
    return `s${value}`;
  }
  if (Array.isArray(value)) return `a${jsonText(value)}`;
  if (typeof value === 'object') return `j${jsonText(value)}`;
  return `s${String(value)}`;
}

function cellsOf(set: ResultSet): Cell[][] {
  const types = set.columns.map((c) => c.typeId);
  return set.rows.map((row) => row.map((v, i) => cellOf(v, types[i] ?? 0)));
}

const keyOf = (row: Cell[]) =>
  JSON.stringify(row.map((c) => (c === null || typeof c === 'string' ? c : `n${c.s}`)));

function cellsClose(a: Cell, b: Cell, tolerance: number): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a.s === b.s) return true;
  return Math.abs(a.n - b.n) <= tolerance + FLOAT_SLACK * Math.max(Math.abs(a.n), Math.abs(b.n));
}

const rowsClose = (a: Cell[], b: Cell[], tolerance: number) =>
  a.length === b.length && a.every((c, i) => cellsClose(c, b[i], tolerance));

/** A cell as a candidate sees it: text, or null for NULL. */
function shown(cell: Cell): ShownValue {
  if (cell === null) return null;
  if (typeof cell !== 'string') return cell.s;
  if (cell === 'bt') return 'true';
  if (cell === 'bf') return 'false';
  if (cell[0] === 'x') return `\\x${cell.slice(1)}`;
  return cell.slice(1);
}

/** Rows as a candidate sees them (for samples and for showing expected rows). */
export function shownRows(set: ResultSet): ShownValue[][] {
  return cellsOf(set).map((row) => row.map(shown));
}

/**
 * Matches the multisets: exact matches first (by key), then what is left within the tolerance.
 * Returns the indexes of expected rows with no partner (missing) and actual rows with none (extra).
 */
function unmatched(expected: Cell[][], actual: Cell[][], tolerance: number) {
  const pending = new Map<string, number[]>();
  expected.forEach((row, i) => {
    const k = keyOf(row);
    const list = pending.get(k);
    if (list) list.push(i);
    else pending.set(k, [i]);
  });
  let extra: number[] = [];
  actual.forEach((row, i) => {
    const list = pending.get(keyOf(row));
    if (list?.length) list.pop();
    else extra.push(i);
  });
  let missing = [...pending.values()].flat().sort((a, b) => a - b);
  if (missing.length && extra.length) {
    const left: number[] = [];
    for (const m of missing) {
      const at = extra.findIndex((x) => rowsClose(expected[m], actual[x], tolerance));
      if (at === -1) left.push(m);
      else extra = extra.filter((_, j) => j !== at);
    }
    missing = left;
  }
  return { missing, extra };
}

/** Compares `actual` (the candidate's) with `expected` (the reference's) on one database state. */
export function compareResults(expected: ResultSet, actual: ResultSet, options: CompareOptions): Comparison {
  const diagnostics: Diagnostic[] = [];
  const ec = expected.columns.length;
  const ac = actual.columns.length;
  if (ec !== ac) {
    return {
      equal: false,
      diagnostics: [{ code: 'grader.column_count', vars: { expected: ec, actual: ac } }],
      sample: null,
    };
  }
  if (options.compareColumnNames) {
    const en = expected.columns.map((c) => c.name);
    const an = actual.columns.map((c) => c.name);
    if (en.some((n, i) => n !== an[i])) {
      diagnostics.push({
        code: 'grader.column_names',
        vars: { expected: en.join(', '), actual: an.join(', ') },
      });
    }
  }
  const want = cellsOf(expected);
  const got = cellsOf(actual);
  const { missing, extra } = unmatched(want, got, options.tolerance);
  if (missing.length || extra.length) {
    if (want.length !== got.length) {
      diagnostics.push({ code: 'grader.row_count', vars: { expected: want.length, actual: got.length } });
    }
    diagnostics.push({ code: 'grader.rows_differ', vars: { missing: missing.length, extra: extra.length } });
    const size = options.sampleSize ?? 5;
    const sample: RowSample = {
      // The candidate's own column names: the expected ones may be part of the answer.
      columns: actual.columns.map((c) => c.name),
      missing: missing.slice(0, size).map((i) => want[i].map(shown)),
      extra: extra.slice(0, size).map((i) => got[i].map(shown)),
    };
    return { equal: false, diagnostics, sample };
  }
  if (options.ordered) {
    const keys =
      options.orderKeys?.length && options.orderKeys.every((k) => k < ec) ? options.orderKeys : null;
    const project = (row: Cell[]) => (keys ? keys.map((k) => row[k]) : row);
    // With equal multisets and equal sort-key sequences, rows that tie may differ only in order.
    const at = want.findIndex((row, i) => !rowsClose(project(row), project(got[i]), options.tolerance));
    if (at !== -1) diagnostics.push({ code: 'grader.order', vars: { position: at + 1 } });
  }
  return { equal: diagnostics.length === 0, diagnostics, sample: null };
}
