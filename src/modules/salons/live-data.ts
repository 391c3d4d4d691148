/**
 * Numbers from after the salon, as organisers paste them: viewer counts per live-stream platform
 * and an attention index (e.g. the WeChat index) per keyword and day, from CSV. Imports are
 * all-or-nothing: any bad line rejects the whole paste, with every bad line numbered, so a half
 * import never skews a report. The attention lift compares the 7 days after the salon with the 7
 * days before it.
 */
import { parseCsv } from '../../platform/csv.ts';

export type LineError = {
  line: number;
  message:
    | 'salons.csv.columns'
    | 'salons.csv.number'
    | 'salons.csv.date'
    | 'salons.csv.empty'
    | 'salons.csv.duplicate';
};

export type ViewerRow = { platform: string; viewers: number };
export type AttentionRow = { keyword: string; day: string; value: number };

export type Parsed<T> = { ok: true; rows: T[] } | { ok: false; errors: LineError[] };

/**
 * Non-empty records with their 1-based lines (RFC 4180 quotes; comma or full-width comma); a first
 * record that does not parse as data is a header. A paste with a tab came from a spreadsheet: then
 * only tabs separate, so `3,400` stays one number. Broken quoting is an error on its line.
 */
function dataLines(text: string, isHeader: (cells: string[]) => boolean) {
  const parsed = parseCsv(text, text.includes('\t') ? ['\t'] : [',', '，']);
  if (!parsed.ok)
    return { error: { line: parsed.line, message: 'salons.csv.columns' } as LineError, lines: [] };
  const lines = parsed.records;
  if (lines.length && isHeader(lines[0].cells)) lines.shift();
  return { error: undefined, lines };
}

const count = (s: string) => {
  const v = s.replace(/[,\s]/g, '');
  return /^\d+$/.test(v) ? Number(v) : undefined;
};
const decimal = (s: string) => {
  const v = s.replace(/[,\s]/g, '');
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
};

/** `platform,viewers` per line (a header line is skipped). */
export function parseViewerCsv(text: string): Parsed<ViewerRow> {
  const { error, lines } = dataLines(text, (c) => c.length >= 2 && count(c[1]) === undefined);
  const errors: LineError[] = error ? [error] : [];
  const rows: ViewerRow[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of lines) {
    if (cells.length !== 2 || !cells[0]) errors.push({ line, message: 'salons.csv.columns' });
    else if (count(cells[1]) === undefined) errors.push({ line, message: 'salons.csv.number' });
    else if (seen.has(cells[0])) errors.push({ line, message: 'salons.csv.duplicate' });
    else {
      seen.add(cells[0]);
      rows.push({ platform: cells[0].slice(0, 100), viewers: count(cells[1]) as number });
    }
  }
  if (!errors.length && !rows.length) errors.push({ line: 1, message: 'salons.csv.empty' });
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

const isDay = (s: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** `keyword,YYYY-MM-DD,value` per line (a header line is skipped). */
export function parseAttentionCsv(text: string): Parsed<AttentionRow> {
  const { error, lines } = dataLines(
    text,
    (c) => c.length >= 3 && !isDay(c[1].replace(/\//g, '-')) && decimal(c[2]) === undefined,
  );
  const errors: LineError[] = error ? [error] : [];
  const rows: AttentionRow[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of lines) {
    const day = (cells[1] ?? '').replace(/\//g, '-');
    if (cells.length !== 3 || !cells[0]) errors.push({ line, message: 'salons.csv.columns' });
    else if (!isDay(day)) errors.push({ line, message: 'salons.csv.date' });
    else if (decimal(cells[2]) === undefined) errors.push({ line, message: 'salons.csv.number' });
    else if (seen.has(`${cells[0]}|${day}`)) errors.push({ line, message: 'salons.csv.duplicate' });
    else {
      seen.add(`${cells[0]}|${day}`);
      rows.push({ keyword: cells[0].slice(0, 100), day, value: decimal(cells[2]) as number });
    }
  }
  if (!errors.length && !rows.length) errors.push({ line: 1, message: 'salons.csv.empty' });
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export type Lift = {
  keyword: string;
  /** Mean of the values on the 7 days before the salon's day (days without a value are left out). */
  before: number | null;
  /** Mean of the 7 days after it. */
  after: number | null;
  /** (after − before) / before; null without data on both sides or when before is 0. */
  lift: number | null;
};

/**
 * The attention lift for one keyword around the salon's (local) day: the day itself belongs to
 * neither side, so the salon's own spike does not count as "after".
 */
export function attentionLift(
  keyword: string,
  points: Array<{ day: string; value: number }>,
  salonDay: string,
): Lift {
  const mean = (from: number, to: number) => {
    const days = new Set(Array.from({ length: to - from + 1 }, (_, i) => addDays(salonDay, from + i)));
    const vals = points.filter((p) => days.has(p.day)).map((p) => p.value);
    return vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null;
  };
  const before = mean(-7, -1);
  const after = mean(1, 7);
  const lift = before !== null && after !== null && before > 0 ? (after - before) / before : null;
  return { keyword, before, after, lift };
}
