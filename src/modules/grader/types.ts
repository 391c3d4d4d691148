/**
 * The SQL grader's vocabulary, shared by the server (pool.ts), the worker and the browser
 * (compare.ts). Pure types and constants: no Node import, so a browser bundle can use it.
 */

/** A result column as PGlite and PostgreSQL report it: name and type OID. */
export type ResultColumn = { name: string; typeId: number };

/**
 * A query result with rows as arrays (PGlite `rowMode: 'array'`), so duplicate column names
 * survive. Values are whatever the driver gave: numbers, strings, booleans, Dates, null…
 */
export type ResultSet = { columns: ResultColumn[]; rows: unknown[][] };

/**
 * Every diagnostic the grader gives. The code is also the message catalogue key
 * (src/i18n/messages/grader.ts), and `vars` fill its `{placeholders}`; a tutor builds hints from
 * the codes. No diagnostic carries the reference query or data from a hidden variant.
 */
export const GRADER_CODES = [
  /** Every run (visible data and each hidden variant) gave the expected result. */
  'grader.correct',
  'grader.empty',
  /** vars: message, line, column (1-based). */
  'grader.syntax_error',
  /** vars: count. Query questions take exactly one statement. */
  'grader.multiple_statements',
  /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT…: the grader owns the transaction. */
  'grader.transaction_control',
  /** vars: kind (the statement's kind), allowed (comma-separated kinds). */
  'grader.kind_not_allowed',
  /** vars: statement (e.g. COPY, SET, DO): never allowed. */
  'grader.statement_not_allowed',
  /** vars: name. A function not on the allow-list (functions.ts), e.g. pg_ls_dir, query_to_xml. */
  'grader.function_not_allowed',
  /** vars: message, sqlstate. The query failed on the visible data. */
  'grader.sql_error',
  /**
   * vars: variant, total, sqlstate. No longer given (ADR 0027: a failure on hidden data is
   * `grader.hidden_variant_failed` whatever it was); kept so stored feedback still reads.
   */
  'grader.sql_error_hidden',
  /** vars: message. The check query failed after the answer's changes (e.g. a dropped table). */
  'grader.check_error',
  /** vars: ms. */
  'grader.timeout',
  /** vars: max. */
  'grader.too_many_rows',
  /** vars: max (bytes). */
  'grader.result_too_large',
  /** vars: expected, actual. */
  'grader.column_count',
  /** vars: expected, actual (comma-separated names). Only when the question compares names. */
  'grader.column_names',
  /** vars: expected, actual. */
  'grader.row_count',
  /** vars: missing, extra (row counts); see `GradeResult.sample`. */
  'grader.rows_differ',
  /** vars: position (1-based row where the order first differs). */
  'grader.order',
  /** The rows are right, but the question asks for an order and the query has no ORDER BY. */
  'grader.order_by_missing',
  /**
   * vars: variant, total. Right on the visible data, not on hidden data: a wrong result, an
   * error or an oversized result there all give this one message, so hidden data cannot be read
   * out through error text or SQLSTATEs.
   */
  'grader.hidden_variant_failed',
  /** vars: message. The question itself is broken (setup, variant, reference or check failed). */
  'grader.question_error',
  /** The worker died (out of memory, crash); the attempt can be retried. */
  'grader.internal',
] as const;
export type GraderCode = (typeof GRADER_CODES)[number];

export type Diagnostic = { code: GraderCode; vars: Record<string, string | number> };

/** A value shown to a candidate: text, or null for SQL NULL (never the string ''). */
export type ShownValue = string | null;

/** Rows missing from or extra in the candidate's result, on the visible data only. */
export type RowSample = { columns: string[]; missing: ShownValue[][]; extra: ShownValue[][] };

export type GradeStatus =
  /** Right on the visible data and on every hidden variant. */
  | 'correct'
  /** Ran, but a result differs. */
  | 'incorrect'
  /** Refused before running: empty, syntax error, a statement kind not allowed. */
  | 'rejected'
  /** The candidate's SQL failed with an error. */
  | 'error'
  | 'timeout'
  /** Result over the row or byte cap. */
  | 'too_large'
  /** The question is broken or the worker died: not the candidate's fault. */
  | 'internal';

export type GradeResult = {
  status: GradeStatus;
  /** 1 when every run passes, else 0. */
  score: 0 | 1;
  /** Runs that passed, out of `total` (the visible data plus each variant). */
  passed: number;
  total: number;
  /** The first diagnostic is the main one; later ones add detail. */
  diagnostics: Diagnostic[];
  /** A few missing/extra rows, only when the visible-data run differs. */
  sample: RowSample | null;
  /** Time spent in the worker, in milliseconds. */
  ms: number;
};

/**
 * What `pool.run()` returns: the rows or why there are none. Rows are JSON-safe (numeric, int8,
 * dates, timestamps and json come as PostgreSQL's text), ready to send to a browser and to pass
 * to `compareResults` as the expected side.
 */
export type RunResult =
  | { ok: true; columns: ResultColumn[]; rows: unknown[][]; ms: number }
  | { ok: false; status: GradeStatus; diagnostic: Diagnostic; ms: number };
