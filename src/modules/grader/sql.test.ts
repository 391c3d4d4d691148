import { beforeAll, describe, expect, it } from 'vitest';
import { checkStatements, loadParser, queryOrder, setupFunctions } from './sql.ts';

describe('checkStatements', () => {
  beforeAll(() => loadParser());
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
  });

  it('calls only allow-listed functions, and names the one it refuses', async () => {
    const refused = async (sql: string) => {
      const c = await checkStatements(sql, ['select', 'insert', 'update', 'delete', 'ddl'], false);
      return c.ok ? 'ok' : `${c.diagnostic.code} ${c.diagnostic.vars.name ?? c.diagnostic.vars.statement}`;
    };
    // The probe's attacks: reading the file system through SQL run from a string, ending other
    // backends, reloading the configuration.
    const attacks: Array<[string, string]> = [
      ["SELECT query_to_xml('select pg_ls_dir(''/'')', true, true, '')", 'query_to_xml'],
      ["SELECT * FROM pg_ls_dir('/')", 'pg_ls_dir'],
      ["SELECT pg_read_file('/etc/passwd')", 'pg_read_file'],
      ['SELECT pg_terminate_backend(pg_backend_pid())', 'pg_terminate_backend'],
      ['SELECT pg_reload_conf()', 'pg_reload_conf'],
      ["SELECT set_config('search_path', '', false)", 'set_config'],
      ["SELECT current_setting('data_directory')", 'current_setting'],
      ["SELECT lo_import('/etc/passwd')", 'lo_import'],
      ["SELECT dblink('host=x', 'select 1')", 'dblink'],
      ["SELECT pg_catalog.pg_ls_dir('/')", 'pg_catalog.pg_ls_dir'],
      ['SELECT public.count(1)', 'public.count'],
      // Hidden where a block-list's walk of SELECT lists would not look.
      ["SELECT 1 WHERE EXISTS (SELECT 1 FROM pg_stat_file('/') f)", 'pg_stat_file'],
      ["CREATE TABLE t (a text DEFAULT pg_read_file('/etc/hosts'))", 'pg_read_file'],
      ["CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT pg_ls_dir('/') $$", 'pg_ls_dir'],
      [
        "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'select 1'; RETURN 1; END $$",
        'CREATE FUNCTION … LANGUAGE plpgsql',
      ],
    ];
    for (const [sql, name] of attacks) {
      const code = name.startsWith('CREATE') ? 'grader.statement_not_allowed' : 'grader.function_not_allowed';
      expect(await refused(sql), sql).toBe(`${code} ${name}`);
    }
    // Ordinary SQL stays allowed, as the parser spells its special forms (EXTRACT, SUBSTRING…).
    for (const sql of [
      "SELECT count(*), sum(a), avg(a), string_agg(b, ',' ORDER BY b), array_agg(DISTINCT b) FROM t",
      "SELECT upper(b), length(b), substring(b FROM 2 FOR 3), trim(both ' ' FROM b), position('x' IN b) FROM t",
      'SELECT round(a::numeric, 2), abs(a), coalesce(a, 0), nullif(a, 0), greatest(a, 1) FROM t',
      "SELECT extract(year FROM now()), date_trunc('month', now()), now() AT TIME ZONE 'UTC', age(now())",
      'SELECT row_number() OVER (ORDER BY a), rank() OVER w, lag(a) OVER w FROM t WINDOW w AS (ORDER BY a)',
      "SELECT jsonb_build_object('a', 1) -> 'a', to_jsonb(t) FROM t",
      'SELECT g FROM generate_series(1, 3) g',
      "SELECT CAST(a AS text), a::int, to_char(now(), 'YYYY') FROM t",
      "SELECT pg_catalog.upper('x'), pg_sleep(0.01)",
      'CREATE FUNCTION double(x int) RETURNS int LANGUAGE sql AS $$ SELECT x * 2 $$; SELECT double(2)',
    ]) {
      expect(await refused(sql), sql).toBe('ok');
    }
  });

  it('lets candidates call the functions the question’s setup creates', async () => {
    const setup = setupFunctions(
      'CREATE FUNCTION tax(x numeric) RETURNS numeric LANGUAGE sql AS $$ SELECT x * 0.2 $$; CREATE SCHEMA s; CREATE FUNCTION s.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
    );
    const c = await checkStatements('SELECT tax(10), public.tax(1), s.f()', ['select'], true, setup);
    expect(c.ok).toBe(true);
    const other = await checkStatements('SELECT f()', ['select'], true, setup);
    expect(other.ok ? 'ok' : other.diagnostic.vars.name).toBe('f');
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

describe('the allow-list against the shipped questions', () => {
  it('refuses none of the demo and seed labs’ or questions’ reference and check queries', async () => {
    const { DEMO_LAB_SPEC } = await import('../learning/demo.ts');
    const { DEMO_SQL_QUESTIONS } = await import('../questions/seed.ts');
    const { fixtureQuestions } = await import('../exams/fixtures.ts');
    const { samples } = await import('../questions/fixtures/samples.ts');
    const specs = [
      DEMO_LAB_SPEC,
      ...[...DEMO_SQL_QUESTIONS, ...fixtureQuestions(), ...samples].flatMap((q) =>
        q.body.type === 'sql' ? [q.body.sql] : [],
      ),
    ];
    expect(specs.length).toBeGreaterThan(3);
    for (const spec of specs) {
      const functions = setupFunctions(spec.setupSql);
      const changes = spec.checkSql.trim() !== '';
      for (const sql of [spec.referenceSql, ...(changes ? [spec.checkSql] : [])]) {
        const c = await checkStatements(
          sql,
          ['select', 'insert', 'update', 'delete', 'ddl'],
          !changes,
          functions,
        );
        expect(c.ok ? 'ok' : c.diagnostic, sql).toBe('ok');
      }
    }
  });
});
