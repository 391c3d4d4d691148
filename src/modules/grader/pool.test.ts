// The grader pool end to end: real workers, each with its own PGlite (no test database harness).
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../i18n/index.ts';
import type { SqlSpec } from '../questions/types.ts';
import { compareResults } from './compare.ts';
import { createGraderPool, type GraderPool, templatePath } from './pool.ts';
import { GRADER_CODES, type GradeResult } from './types.ts';

// Worker start-up (PGlite, and initdb the first time on a machine) is slow on a busy machine.
const START = 240_000;
const SLOW = 120_000;

const staff: SqlSpec = {
  setupSql: `
    CREATE TABLE staff (id serial PRIMARY KEY, name text NOT NULL, dept text, salary numeric(10,2), hired timestamptz);
    INSERT INTO staff (name, dept, salary, hired) VALUES
      ('Ann', 'dev', 9000, '2024-01-02 09:00+08'),
      ('Bob', 'dev', 8000, '2024-02-01 09:00+08'),
      ('Cy', 'ops', 7000, '2024-03-01 09:00+08'),
      ('Di', 'ops', 7000, '2024-03-05 09:00+08'),
      ('Ed', 'sales', 5001, '2024-04-01 09:00+08');`,
  referenceSql: 'SELECT dept, count(*) AS people FROM staff GROUP BY dept ORDER BY dept',
  variants: [
    // A new department, and a person with none: the hidden data a hard-coded answer cannot know.
    "INSERT INTO staff (name, dept, salary) VALUES ('HIDDEN-PERSON', 'hidden-dept', 1), ('Fay', NULL, 6000)",
    "DELETE FROM staff WHERE dept = 'sales'",
  ],
  allowedKinds: ['select'],
  checkSql: '',
  compareColumnNames: false,
  tolerance: 0,
};

/** Nothing a candidate receives may quote the hidden variants or the reference query. */
function expectNothingHidden(result: GradeResult) {
  const text = JSON.stringify(result);
  expect(text).not.toMatch(/HIDDEN|hidden-dept|Fay|GROUP BY/);
}

let pool: GraderPool;
beforeAll(() => {
  pool = createGraderPool({ size: 1, deadlineMs: 3000, maxRows: 50, maxBytes: 20_000 });
}, START);
afterAll(() => pool?.close());

describe('grading a query on the visible data and hidden variants', () => {
  it(
    'gives full marks to a right answer written another way',
    async () => {
      const r = await pool.grade(
        staff,
        'select s.dept, count(s.id) from staff s group by 1 order by s.dept asc nulls last',
      );
      expect(r).toMatchObject({ status: 'correct', score: 1, passed: 3, total: 3 });
      expect(r.diagnostics).toEqual([{ code: 'grader.correct', vars: {} }]);
    },
    START,
  );

  it(
    'fails a hard-coded answer on the hidden data without revealing it',
    async () => {
      for (const sql of [
        "VALUES ('dev', 2), ('ops', 2), ('sales', 1)",
        "SELECT 'dev', 2 UNION ALL SELECT 'ops', 2 UNION ALL SELECT 'sales', 1",
      ]) {
        const r = await pool.grade(staff, sql);
        expect(r).toMatchObject({ status: 'incorrect', score: 0, passed: 1, total: 3, sample: null });
        expect(r.diagnostics).toEqual([
          { code: 'grader.hidden_variant_failed', vars: { variant: 1, total: 2 } },
        ]);
        expectNothingHidden(r);
      }
      const count: SqlSpec = { ...staff, referenceSql: 'SELECT count(*) FROM staff' };
      const r = await pool.grade(count, 'SELECT 5');
      expect(r.diagnostics[0].code).toBe('grader.hidden_variant_failed');
      expect((await pool.grade(count, 'SELECT count(id) FROM staff')).status).toBe('correct');
    },
    SLOW,
  );

  it(
    'tells what is wrong on the visible data, with a sample of rows from it',
    async () => {
      const r = await pool.grade(
        staff,
        "SELECT dept, count(*) FROM staff WHERE dept <> 'sales' GROUP BY dept ORDER BY dept",
      );
      expect(r.status).toBe('incorrect');
      expect(r.diagnostics).toEqual([
        { code: 'grader.row_count', vars: { expected: 3, actual: 2 } },
        { code: 'grader.rows_differ', vars: { missing: 1, extra: 0 } },
      ]);
      expect(r.sample).toEqual({ columns: ['dept', 'count'], missing: [['sales', '1']], extra: [] });
      expectNothingHidden(r);

      const order = await pool.grade(
        staff,
        'SELECT dept, count(*) FROM staff GROUP BY dept ORDER BY dept DESC',
      );
      expect(order.diagnostics).toEqual([{ code: 'grader.order', vars: { position: 1 } }]);

      // The right rows in the right order, by chance: without ORDER BY that is not an answer.
      const unsorted = await pool.grade(
        { ...staff, referenceSql: 'SELECT id, name FROM staff ORDER BY id' },
        'SELECT id, name FROM staff',
      );
      expect(unsorted).toMatchObject({ status: 'incorrect', passed: 3 });
      expect(unsorted.diagnostics).toEqual([{ code: 'grader.order_by_missing', vars: {} }]);

      const columns = await pool.grade(staff, 'SELECT dept FROM staff GROUP BY dept ORDER BY dept');
      expect(columns.diagnostics).toEqual([
        { code: 'grader.column_count', vars: { expected: 2, actual: 1 } },
      ]);
    },
    SLOW,
  );

  it(
    'compares column names only when the question asks',
    async () => {
      const sql = 'SELECT dept, count(*) FROM staff GROUP BY dept ORDER BY dept';
      expect((await pool.grade(staff, sql)).status).toBe('correct');
      const named = await pool.grade({ ...staff, compareColumnNames: true }, sql);
      expect(named.diagnostics).toEqual([
        { code: 'grader.column_names', vars: { expected: 'dept, people', actual: 'dept, count' } },
      ]);
    },
    SLOW,
  );

  it(
    'answers one generic message for any failure on hidden data, never the database error',
    async () => {
      const perHead: SqlSpec = {
        ...staff,
        referenceSql: 'SELECT name, salary FROM staff WHERE salary > 6000',
        variants: ["UPDATE staff SET salary = 0 WHERE name = 'Ann'"],
      };
      // The probe's leak: a `1/0` that fires only when a hidden value is what the candidate guessed.
      const errors = await pool.grade(
        perHead,
        'SELECT name, salary FROM staff WHERE salary > 6000 OR (CASE WHEN salary = 0 THEN 1 / salary ELSE 0 END) = 1',
      );
      const wrong = await pool.grade(
        perHead,
        "SELECT name, salary FROM staff WHERE name = 'Ann' OR salary > 6000",
      );
      const generic = [{ code: 'grader.hidden_variant_failed', vars: { variant: 1, total: 1 } }];
      expect(errors).toMatchObject({ status: 'incorrect', score: 0, passed: 1, diagnostics: generic });
      expect(wrong).toMatchObject({ status: 'incorrect', score: 0, passed: 1, diagnostics: generic });
      expect(JSON.stringify(errors)).not.toMatch(/division|22012/);
    },
    SLOW,
  );

  it(
    'compares numbers with the tolerance and timestamps as UTC instants',
    async () => {
      const avg: SqlSpec = {
        ...staff,
        referenceSql: 'SELECT avg(salary) FROM staff',
        variants: [],
        tolerance: 0.01,
      };
      expect((await pool.grade(avg, 'SELECT round(avg(salary), 2) FROM staff')).status).toBe('correct');
      expect((await pool.grade(avg, 'SELECT sum(salary) / count(*)::float8 FROM staff')).status).toBe(
        'correct',
      );
      expect(
        (await pool.grade({ ...avg, tolerance: 0 }, 'SELECT round(avg(salary), 1) FROM staff')).status,
      ).toBe('correct');
      expect((await pool.grade(avg, 'SELECT round(avg(salary), -2) FROM staff')).status).toBe('incorrect');

      const hired: SqlSpec = { ...staff, referenceSql: 'SELECT name, hired FROM staff', variants: [] };
      expect((await pool.grade(hired, "SELECT name, hired AT TIME ZONE 'UTC' FROM staff")).status).toBe(
        'correct',
      );
      expect(
        (await pool.grade(hired, "SELECT name, hired AT TIME ZONE 'Asia/Shanghai' FROM staff")).status,
      ).toBe('incorrect');
    },
    SLOW,
  );
});

describe('grading changes through the check query', () => {
  const raise: SqlSpec = {
    setupSql: `
      CREATE TABLE accounts (id serial PRIMARY KEY, owner text, balance numeric(12,2));
      INSERT INTO accounts (owner, balance) VALUES ('ann', 50), ('bob', 150), ('cy', 1000);`,
    referenceSql: 'UPDATE accounts SET balance = balance * 1.1 WHERE balance > 100',
    variants: ["INSERT INTO accounts (owner, balance) VALUES ('HIDDEN-edge', 100.01), ('HIDDEN-null', NULL)"],
    allowedKinds: ['update'],
    checkSql: 'SELECT id, owner, balance FROM accounts ORDER BY id',
    compareColumnNames: false,
    tolerance: 0,
  };

  it(
    'gives full marks when the table ends up the same, and tells what differs when not',
    async () => {
      const right = await pool.grade(
        raise,
        'UPDATE accounts SET balance = round(balance + balance / 10, 2) WHERE NOT balance <= 100;',
      );
      expect(right).toMatchObject({ status: 'correct', passed: 2 });
      const all = await pool.grade(raise, 'UPDATE accounts SET balance = balance * 1.1');
      expect(all.status).toBe('incorrect');
      expect(all.diagnostics).toEqual([{ code: 'grader.rows_differ', vars: { missing: 1, extra: 1 } }]);
      expect(all.sample?.extra).toEqual([['1', 'ann', '55']]);
      // Hard-coding the visible rows' ids passes the visible data only.
      const ids = await pool.grade(raise, 'UPDATE accounts SET balance = balance * 1.1 WHERE id IN (2, 3)');
      expect(ids.diagnostics).toEqual([
        { code: 'grader.hidden_variant_failed', vars: { variant: 1, total: 1 } },
      ]);
      expectNothingHidden(ids);
      const deleted = await pool.grade(raise, 'DELETE FROM accounts');
      expect(deleted.diagnostics[0]).toEqual({
        code: 'grader.kind_not_allowed',
        vars: { kind: 'delete', allowed: 'update' },
      });
    },
    SLOW,
  );

  it(
    'never lets one attempt see another’s changes, sequences included',
    async () => {
      const add: SqlSpec = {
        ...raise,
        referenceSql: "INSERT INTO accounts (owner, balance) VALUES ('dee', 10)",
        variants: [],
        allowedKinds: ['insert', 'delete', 'ddl'],
      };
      for (let i = 0; i < 3; i++) {
        const r = await pool.grade(add, "INSERT INTO accounts (owner, balance) SELECT 'dee', 10");
        expect(r.status).toBe('correct');
      }
      expect((await pool.grade(add, 'DELETE FROM accounts; DROP TABLE accounts')).diagnostics[0].code).toBe(
        'grader.check_error',
      );
      const after = await pool.run(add.setupSql, 'SELECT owner FROM accounts ORDER BY id');
      expect(after.ok && after.rows).toEqual([['ann'], ['bob'], ['cy']]);
    },
    SLOW,
  );
});

describe('what the grader refuses before running', () => {
  it(
    'rejects transaction control, extra statements and kinds the question does not allow',
    async () => {
      const code = async (sql: string) => (await pool.grade(staff, sql)).diagnostics[0].code;
      expect(await code('COMMIT')).toBe('grader.transaction_control');
      expect(await code('SELECT 1; SELECT 2')).toBe('grader.multiple_statements');
      expect(await code("UPDATE staff SET dept = 'x'")).toBe('grader.kind_not_allowed');
      expect(await code('CREATE TABLE x (a int)')).toBe('grader.kind_not_allowed');
      expect(await code("SET statement_timeout = '1s'")).toBe('grader.statement_not_allowed');
      expect((await pool.grade(staff, 'COMMIT')).status).toBe('rejected');
    },
    SLOW,
  );

  it(
    'reports a syntax error with its message, and a runtime error with PostgreSQL’s',
    async () => {
      const syntax = await pool.grade(staff, 'SELEC dept FROM staff');
      expect(syntax.status).toBe('rejected');
      expect(syntax.diagnostics[0]).toMatchObject({
        code: 'grader.syntax_error',
        vars: { line: 1, column: 1 },
      });
      expect(String(syntax.diagnostics[0].vars.message)).toMatch(/syntax error at or near "SELEC"/);
      const runtime = await pool.grade(staff, 'SELECT nosuch FROM staff');
      expect(runtime.status).toBe('error');
      expect(runtime.diagnostics[0]).toEqual({
        code: 'grader.sql_error',
        vars: { message: 'column "nosuch" does not exist', sqlstate: '42703' },
      });
    },
    SLOW,
  );
});

describe('limits', () => {
  it(
    'kills a runaway query at the deadline and keeps grading afterwards',
    async () => {
      for (const runaway of ['SELECT pg_sleep(60)', 'SELECT count(*) FROM generate_series(1, 1e10)']) {
        const r = await pool.grade(staff, runaway);
        expect(r).toMatchObject({ status: 'timeout', score: 0 });
        expect(r.diagnostics).toEqual([{ code: 'grader.timeout', vars: { ms: 3000 } }]);
        const next = await pool.grade(staff, 'SELECT dept, count(*) FROM staff GROUP BY dept ORDER BY dept');
        expect(next.status).toBe('correct');
      }
      const run = await pool.run(staff.setupSql, 'SELECT pg_sleep(60)');
      expect(run).toMatchObject({ ok: false, status: 'timeout' });
      expect((await pool.run(staff.setupSql, 'SELECT count(*) FROM staff')).ok).toBe(true);
    },
    START,
  );

  it(
    'caps the result by rows and by size, with a clear diagnostic',
    async () => {
      const many = await pool.grade(staff, 'SELECT generate_series(1, 100000000)');
      expect(many).toMatchObject({ status: 'too_large' });
      expect(many.diagnostics).toEqual([{ code: 'grader.too_many_rows', vars: { max: 50 } }]);
      const wide = await pool.grade(staff, "SELECT repeat('x', 100000)");
      expect(wide.diagnostics).toEqual([{ code: 'grader.result_too_large', vars: { max: 20_000 } }]);
    },
    SLOW,
  );
});

describe('run', () => {
  it(
    'returns rows a browser can receive and refuses what grading refuses',
    async () => {
      const r = await pool.run(
        staff.setupSql,
        "SELECT name, salary, hired, NULL AS none, '' AS blank FROM staff WHERE id = 1",
      );
      expect(r).toMatchObject({
        ok: true,
        columns: [
          { name: 'name', typeId: 25 },
          { name: 'salary', typeId: 1700 },
          { name: 'hired', typeId: 1184 },
          { name: 'none', typeId: 25 },
          { name: 'blank', typeId: 25 },
        ],
        rows: [['Ann', '9000.00', '2024-01-02 01:00:00+00', null, '']],
      });
      expect(await pool.run(staff.setupSql, 'ROLLBACK')).toMatchObject({
        ok: false,
        status: 'rejected',
        diagnostic: { code: 'grader.transaction_control' },
      });
    },
    SLOW,
  );
});

describe('expected rows for the browser', () => {
  it(
    'compare equal to the same query run on a PGlite with its default parsers, as a lab page runs it',
    async () => {
      const sql = `SELECT dept, count(*) AS people, avg(salary) AS pay, min(hired) AS first, min(hired)::date AS day,
        NULL::text AS none FROM staff GROUP BY dept ORDER BY dept NULLS LAST`;
      const expected = await pool.run(staff.setupSql, sql);
      if (!expected.ok) throw new Error(expected.diagnostic.code);
      // Through JSON, as the page receives them.
      const sent = JSON.parse(JSON.stringify(expected)) as typeof expected;
      const local = new PGlite({ loadDataDir: new Blob([readFileSync(templatePath())]) });
      try {
        await local.exec(staff.setupSql);
        const mine = await local.query<unknown[]>(sql, [], { rowMode: 'array' });
        const actual = {
          columns: mine.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })),
          rows: mine.rows,
        };
        expect(actual.rows[0].some((v) => v instanceof Date)).toBe(true);
        const options = { ordered: true, compareColumnNames: true, tolerance: 0 };
        expect(compareResults(sent, actual, options)).toEqual({ equal: true, diagnostics: [], sample: null });
        const fewer = { ...actual, rows: actual.rows.slice(1) };
        expect(compareResults(sent, fewer, options).diagnostics[0].code).toBe('grader.row_count');
      } finally {
        await local.close();
      }
    },
    SLOW,
  );
});

describe('diagnostics', () => {
  it('are all in the message catalogue, in Chinese and English', () => {
    for (const code of GRADER_CODES) {
      expect(catalogue('zh-CN')[code], code).toBeTruthy();
      expect(catalogue('en')[code], code).toBeTruthy();
    }
  });
});
