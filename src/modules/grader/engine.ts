/**
 * The grading itself, as it runs inside a worker on the worker's own PGlite. One seeded database
 * per worker: `setupSql` runs once and is committed; every run (a reference, a candidate's
 * attempt) happens inside BEGIN … ROLLBACK, with the hidden variant's SQL applied first inside
 * that transaction, so no attempt sees another's changes and hidden data is never committed.
 * Switching to another question's setup resets the database (drops every schema) and seeds again.
 *
 * Only this file and worker.ts run candidates' SQL; deadlines are the pool's job (pool.ts), told
 * through `arm`/`disarm` around the untrusted part of each run.
 */
import type { PGlite } from '@electric-sql/pglite';
import { SQL_STATEMENT_KINDS, type SqlSpec, type SqlStatementKind } from '../questions/types.ts';
import { compareResults, type PreparedResult, prepareResult } from './compare.ts';
import {
  checkStatements,
  loadParser,
  type QueryOrder,
  queryOrder,
  type Statement,
  setupFunctions,
} from './sql.ts';
import type { Diagnostic, GradeResult, GradeStatus, ResultSet, RunResult } from './types.ts';

export type EngineLimits = { maxRows: number; maxBytes: number };
export type DeadlineHooks = { arm(): void; disarm(): void };

/**
 * Types whose PostgreSQL text the grader keeps as is: exact numerics, int8 (beyond 2^53), dates
 * and timestamps (microseconds, zones) and json; compare.ts normalises them.
 */
const RAW_TEXT = (value: string) => value;
const PARSERS = Object.fromEntries([20, 1700, 1082, 1114, 1184, 114, 3802, 17].map((oid) => [oid, RAW_TEXT]));
const QUERY_OPTIONS = { rowMode: 'array' as const, parsers: PARSERS };

const CURSOR = 'gongjin_grader_cursor';

/** A failure while running SQL, sorted by whose fault it is. */
class RunFailure extends Error {
  constructor(
    readonly status: GradeStatus,
    readonly diagnostic: Diagnostic,
    readonly sqlstate = '',
  ) {
    super(diagnostic.code);
  }
}

type SqlError = Error & { code?: string };
/** A PostgreSQL error (a five-character SQLSTATE); anything else means the database broke. */
function isSqlError(error: unknown): error is SqlError {
  return (
    error instanceof Error &&
    typeof (error as SqlError).code === 'string' &&
    (error as SqlError).code?.length === 5
  );
}

function sizeOf(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'string') return value.length;
  if (typeof value === 'number' || typeof value === 'boolean') return 8;
  if (value instanceof Uint8Array) return value.length * 2;
  return JSON.stringify(value)?.length ?? 8;
}

/** A value a browser can receive as JSON and compare.ts reads the same way. */
function jsonSafe(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  return value;
}

/** The one message for any failure on hidden data (see `grade`). */
const hiddenFailed = (variant: number, total: number): Diagnostic => ({
  code: 'grader.hidden_variant_failed',
  vars: { variant, total },
});

export class GraderEngine {
  private seeded: string | null = null;
  /** SQL that puts every sequence back where seeding left it (setval is not rolled back). */
  private restoreSequences = '';
  /** Reference results on the current seed, by variant index + reference + check SQL. */
  private references = new Map<string, PreparedResult>();
  private orders = new Map<string, QueryOrder>();
  /** Functions each setup creates, which its candidates may call (sql.ts `setupFunctions`). */
  private created = new Map<string, Set<string>>();

  constructor(
    private readonly db: PGlite,
    private readonly limits: EngineLimits,
    private readonly deadline: DeadlineHooks,
  ) {}

  /** Grades a candidate's SQL on the visible data, then on each hidden variant. */
  async grade(spec: SqlSpec, candidateSql: string): Promise<GradeResult> {
    const started = performance.now();
    const total = 1 + spec.variants.length;
    const done = (
      status: GradeStatus,
      diagnostics: Diagnostic[],
      passed = 0,
      sample: GradeResult['sample'] = null,
    ): GradeResult => ({
      status,
      score: status === 'correct' ? 1 : 0,
      passed,
      total,
      diagnostics,
      sample,
      ms: Math.round(performance.now() - started),
    });

    const changes = spec.checkSql.trim() !== '';
    const check = await checkStatements(
      candidateSql,
      spec.allowedKinds,
      !changes,
      await this.functionsOf(spec.setupSql),
    );
    if (!check.ok) return done('rejected', [check.diagnostic]);

    try {
      await this.seed(spec.setupSql);
      const order = await this.orderOf(changes ? spec.checkSql : spec.referenceSql);
      let passed = 0;
      for (let i = 0; i < total; i++) {
        const variant = i === 0 ? '' : spec.variants[i - 1];
        const expected = await this.reference(spec, i, variant);
        let actual: ResultSet;
        try {
          actual = await this.attempt(variant, true, () =>
            this.runCandidate(check.statements, changes ? spec.checkSql : null),
          );
        } catch (error) {
          if (!(error instanceof RunFailure) || i === 0) throw error;
          // On hidden data an error, a too-large result and a wrong result all get one message:
          // error text, SQLSTATEs and caps would each tell a bit of the hidden rows (a `1/0` in
          // a CASE on a hidden value). A timeout stays one: its time shows anyway.
          if (error.status === 'error' || error.status === 'too_large')
            return done('incorrect', [hiddenFailed(i, spec.variants.length)], passed);
          return done(error.status, [error.diagnostic], passed);
        }
        const comparison = compareResults(expected, actual, {
          ...order,
          compareColumnNames: spec.compareColumnNames,
          tolerance: spec.tolerance,
        });
        if (!comparison.equal) {
          if (i === 0) return done('incorrect', comparison.diagnostics, passed, comparison.sample);
          return done('incorrect', [hiddenFailed(i, spec.variants.length)], passed);
        }
        passed++;
      }
      // Rows that come out in the right order without an ORDER BY do so by chance (a sequential
      // scan today, an index tomorrow): a query question whose reference sorts needs one too.
      const sorted = check.statements[0]?.node.SelectStmt as { sortClause?: unknown[] } | undefined;
      if (!changes && order.ordered && !sorted?.sortClause?.length && (await this.visibleRows(spec)) > 1) {
        return done('incorrect', [{ code: 'grader.order_by_missing', vars: {} }], passed);
      }
      return done('correct', [{ code: 'grader.correct', vars: {} }], passed);
    } catch (error) {
      if (error instanceof RunFailure) return done(error.status, [error.diagnostic]);
      throw error;
    }
  }

  /**
   * Runs SQL on a fresh copy of `setupSql`'s database and returns the last statement's rows:
   * the expected rows a lab shows, or a query the server runs for someone.
   */
  async run(
    setupSql: string,
    sql: string,
    allowedKinds: readonly SqlStatementKind[] = SQL_STATEMENT_KINDS,
  ): Promise<RunResult> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    const check = await checkStatements(sql, allowedKinds, false, await this.functionsOf(setupSql));
    if (!check.ok) return { ok: false, status: 'rejected', diagnostic: check.diagnostic, ms: ms() };
    try {
      await this.seed(setupSql);
      const result = await this.attempt('', true, () => this.runCandidate(check.statements, null));
      return { ok: true, columns: result.columns, rows: result.rows.map((r) => r.map(jsonSafe)), ms: ms() };
    } catch (error) {
      if (error instanceof RunFailure)
        return { ok: false, status: error.status, diagnostic: error.diagnostic, ms: ms() };
      throw error;
    }
  }

  /** How many rows the reference gives on the visible data (cached). */
  private async visibleRows(spec: SqlSpec): Promise<number> {
    return (await this.reference(spec, 0, '')).cells.length;
  }

  /** Seeds the database with `setupSql` unless it already holds exactly that. */
  private async seed(setupSql: string) {
    if (this.seeded === setupSql) return;
    this.references.clear();
    if (this.seeded !== null) await this.reset();
    this.seeded = null;
    try {
      if (setupSql.trim()) await this.db.exec(setupSql);
    } catch (error) {
      if (!isSqlError(error)) throw error;
      await this.reset();
      throw new RunFailure('internal', {
        code: 'grader.question_error',
        vars: { message: `setup: ${error.message}` },
      });
    }
    const { rows } = await this.db.query<{ sql: string | null }>(
      `SELECT string_agg(format('setval(%L, %s, %s)', quote_ident(schemaname) || '.' || quote_ident(sequencename),
         coalesce(last_value, start_value), (last_value IS NOT NULL)::text), ', ') AS sql FROM pg_sequences`,
    );
    this.restoreSequences = rows[0]?.sql ? `SELECT ${rows[0].sql}` : '';
    this.seeded = setupSql;
  }

  /** Back to an empty database: every schema the setup made goes, and session settings too. */
  private async reset() {
    await this.db.exec(`
      RESET ALL;
      DO $$ DECLARE s text; BEGIN
        FOR s IN SELECT nspname FROM pg_namespace
          WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%' LOOP
          EXECUTE format('DROP SCHEMA %I CASCADE', s);
        END LOOP;
        CREATE SCHEMA public;
      END $$;`);
    this.seeded = null;
  }

  private async functionsOf(setupSql: string): Promise<Set<string>> {
    let functions = this.created.get(setupSql);
    if (!functions) {
      await loadParser();
      functions = setupFunctions(setupSql);
      if (this.created.size > 100) this.created.clear();
      this.created.set(setupSql, functions);
    }
    return functions;
  }

  private async orderOf(sql: string): Promise<QueryOrder> {
    let order = this.orders.get(sql);
    if (!order) {
      order = await queryOrder(sql);
      if (this.orders.size > 500) this.orders.clear();
      this.orders.set(sql, order);
    }
    return order;
  }

  /** The reference's result on one variant, computed once per seed. */
  private async reference(spec: SqlSpec, index: number, variant: string): Promise<PreparedResult> {
    const key = JSON.stringify([index, variant, spec.referenceSql, spec.checkSql]);
    const cached = this.references.get(key);
    if (cached) return cached;
    const changes = spec.checkSql.trim() !== '';
    const check = await checkStatements(
      spec.referenceSql,
      SQL_STATEMENT_KINDS,
      !changes,
      await this.functionsOf(spec.setupSql),
    );
    if (!check.ok) {
      throw new RunFailure('internal', {
        code: 'grader.question_error',
        vars: { message: `reference: ${check.diagnostic.code}` },
      });
    }
    let result: ResultSet;
    try {
      result = await this.attempt(variant, false, () =>
        this.runCandidate(check.statements, changes ? spec.checkSql : null),
      );
    } catch (error) {
      if (!(error instanceof RunFailure)) throw error;
      const message = String(error.diagnostic.vars.message ?? error.diagnostic.code);
      throw new RunFailure('internal', {
        code: 'grader.question_error',
        vars: { message: `reference: ${message}` },
      });
    }
    const ready = prepareResult(result);
    this.references.set(key, ready);
    return ready;
  }

  /**
   * Runs `body` in a transaction that is always rolled back, after putting the sequences back and
   * applying the variant. `untrusted` arms the pool's deadline around the body.
   */
  private async attempt<T>(variant: string, untrusted: boolean, body: () => Promise<T>): Promise<T> {
    // One round trip into PGlite to start: each costs more than the SQL it carries here.
    const start = ['BEGIN', this.restoreSequences, variant.trim()].filter(Boolean).join(';\n');
    try {
      try {
        await this.db.exec(start);
      } catch (error) {
        if (!isSqlError(error)) throw error;
        throw new RunFailure('internal', {
          code: 'grader.question_error',
          vars: { message: `variant: ${error.message}` },
        });
      }
      if (!untrusted) return await body();
      this.deadline.arm();
      try {
        return await body();
      } finally {
        this.deadline.disarm();
      }
    } finally {
      // A failed ROLLBACK leaves the database in an unknown state: the error escapes and the pool
      // replaces this worker.
      await this.db.exec('ROLLBACK');
    }
  }

  /**
   * Runs statements and returns the rows of the last one, capped; with `checkSql`, runs the
   * statements for their changes and returns the check query's rows instead.
   */
  private async runCandidate(statements: Statement[], checkSql: string | null): Promise<ResultSet> {
    const last = checkSql === null ? statements.at(-1) : undefined;
    try {
      for (const s of statements) {
        if (s !== last) await this.db.exec(s.text);
      }
    } catch (error) {
      if (!isSqlError(error)) throw error;
      throw new RunFailure(
        'error',
        { code: 'grader.sql_error', vars: { message: error.message, sqlstate: error.code ?? '' } },
        error.code,
      );
    }
    if (checkSql !== null) {
      try {
        return await this.fetchCapped(checkSql, true);
      } catch (error) {
        if (!isSqlError(error)) throw error;
        throw new RunFailure(
          'error',
          { code: 'grader.check_error', vars: { message: error.message } },
          error.code,
        );
      }
    }
    if (!last) return { columns: [], rows: [] };
    try {
      return await this.fetchCapped(last.text, last.plainSelect);
    } catch (error) {
      if (!isSqlError(error)) throw error;
      throw new RunFailure(
        'error',
        { code: 'grader.sql_error', vars: { message: error.message, sqlstate: error.code ?? '' } },
        error.code,
      );
    }
  }

  /**
   * Runs one statement and returns at most `maxRows` rows and `maxBytes` of values. A plain
   * SELECT runs as a cursor, so a huge result is never built: one row past the cap is enough.
   */
  private async fetchCapped(sql: string, asCursor: boolean): Promise<ResultSet> {
    const { maxRows, maxBytes } = this.limits;
    let result: Awaited<ReturnType<PGlite['query']>>;
    if (asCursor) {
      await this.db.exec(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${sql}`);
      // The ROLLBACK that ends every attempt closes the cursor.
      result = await this.db.query(`FETCH FORWARD ${maxRows + 1} FROM ${CURSOR}`, [], QUERY_OPTIONS);
    } else {
      result = await this.db.query(sql, [], QUERY_OPTIONS);
    }
    const rows = result.rows as unknown[][];
    if (rows.length > maxRows) {
      throw new RunFailure('too_large', { code: 'grader.too_many_rows', vars: { max: maxRows } });
    }
    let bytes = 0;
    for (const row of rows) {
      for (const v of row) bytes += sizeOf(v);
      if (bytes > maxBytes)
        throw new RunFailure('too_large', { code: 'grader.result_too_large', vars: { max: maxBytes } });
    }
    return { columns: result.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })), rows };
  }
}
