import { describe, expect, it } from 'vitest';
import { checkStatements, queryOrder } from './sql.ts';

describe('checkStatements', () => {
  it('splits statements and keeps each one’s text, also after multi-byte characters', async () => {
    const c = await checkStatements("SELECT '共进' AS name; SELECT 2 -- done", ['select'], false);
    expect(c.ok && c.statements.map((s) => s.text)).toEqual(["SELECT '共进' AS name", 'SELECT 2 -- done']);
  });

  it('refuses transaction control, even where several statements are allowed', async () => {
    for (const sql of ['COMMIT', 'BEGIN; DELETE FROM t', 'DELETE FROM t; ROLLBACK', 'SAVEPOINT a']) {
      const c = await checkStatements(sql, ['select', 'delete'], false);
      expect(c.ok ? 'ok' : c.diagnostic.code).toBe('grader.transaction_control');
    }
  });

  it('refuses a second statement in a query question', async () => {
    const c = await checkStatements('SELECT 1; SELECT 2', ['select'], true);
    expect(c).toEqual({ ok: false, diagnostic: { code: 'grader.multiple_statements', vars: { count: 2 } } });
  });

  it('refuses kinds outside the allowed ones, including changes hidden in a WITH or SELECT INTO', async () => {
    const kind = async (sql: string) => {
      const c = await checkStatements(sql, ['select'], true);
      return c.ok ? 'ok' : c.diagnostic.vars.kind;
    };
    expect(await kind('SELECT * FROM t')).toBe('ok');
    expect(await kind('DELETE FROM t')).toBe('delete');
    expect(await kind('WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone')).toBe('delete');
    expect(await kind('SELECT * INTO copy FROM t')).toBe('ddl');
    expect(await kind('DROP TABLE t')).toBe('ddl');
    expect(await kind('UPDATE t SET a = 1')).toBe('update');
  });

  it('refuses utility statements and functions that reach outside the attempt', async () => {
    const refused = async (sql: string) => {
      const c = await checkStatements(sql, ['select', 'insert', 'update', 'delete', 'ddl'], false);
      return c.ok ? 'ok' : `${c.diagnostic.code} ${c.diagnostic.vars.statement}`;
    };
    expect(await refused("SET search_path = ''")).toBe('grader.statement_not_allowed SET');
    expect(await refused("COPY t TO '/tmp/x'")).toBe('grader.statement_not_allowed COPY');
    expect(await refused('DO $$ BEGIN END $$')).toBe('grader.statement_not_allowed DO');
    expect(await refused('SELECT pg_terminate_backend(pg_backend_pid())')).toBe(
      'grader.statement_not_allowed pg_terminate_backend',
    );
  });

  it('reports a syntax error with the parser’s message and where it is', async () => {
    const c = await checkStatements('SELECT name\nFORM people', ['select'], true);
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.diagnostic.code).toBe('grader.syntax_error');
    expect(c.diagnostic.vars.message).toMatch(/syntax error at or near "people"/);
    expect([c.diagnostic.vars.line, c.diagnostic.vars.column]).toEqual([2, 6]);
  });

  it('reports empty SQL', async () => {
    const c = await checkStatements('  -- nothing\n', ['select'], true);
    expect(c).toEqual({ ok: false, diagnostic: { code: 'grader.empty', vars: {} } });
  });
});

describe('queryOrder', () => {
  it('finds a top-level ORDER BY and the output columns it sorts on', async () => {
    expect(await queryOrder('SELECT name, age FROM people')).toEqual({ ordered: false, orderKeys: null });
    expect(await queryOrder('SELECT name, age FROM people ORDER BY age DESC, 1')).toEqual({
      ordered: true,
      orderKeys: [1, 0],
    });
    expect(await queryOrder('SELECT name, age * 2 AS double FROM people ORDER BY double')).toEqual({
      ordered: true,
      orderKeys: [1],
    });
    expect(await queryOrder('SELECT dept, count(*) FROM people GROUP BY dept ORDER BY count(*)')).toEqual({
      ordered: true,
      orderKeys: [1],
    });
  });

  it('does not count an ORDER BY inside a subquery or one branch of a UNION', async () => {
    expect((await queryOrder('SELECT * FROM (SELECT a FROM t ORDER BY a) s')).ordered).toBe(false);
    expect((await queryOrder('(SELECT a FROM t ORDER BY a) UNION ALL SELECT 2')).ordered).toBe(false);
    expect(await queryOrder('SELECT a FROM t UNION SELECT b FROM u ORDER BY a')).toEqual({
      ordered: true,
      orderKeys: [0],
    });
  });

  it('keeps the order but not the sort columns when it sorts on something not in the output', async () => {
    expect(await queryOrder('SELECT name FROM people ORDER BY age')).toEqual({
      ordered: true,
      orderKeys: null,
    });
  });
});
