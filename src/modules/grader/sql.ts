/**
 * Reads SQL with PostgreSQL's own parser (libpg-query, WebAssembly) before anything runs: splits
 * the statements, classifies their kinds against a question's allowed kinds, refuses transaction
 * control and utility statements, and finds a query's top-level ORDER BY.
 */
import { loadModule, parseSync } from 'libpg-query';
import type { SqlStatementKind } from '../questions/types.ts';
import { functionAllowed } from './functions.ts';
import type { Diagnostic } from './types.ts';

type Node = Record<string, unknown>;

export type Statement = {
  /** The statement's own text, without the separating semicolon. */
  text: string;
  kinds: SqlStatementKind[];
  /** A SELECT that changes nothing (no data-modifying WITH, no INTO): it can run as a cursor. */
  plainSelect: boolean;
  /** The parse tree's statement node, e.g. { SelectStmt: {...} }. */
  node: Node;
};

export type StatementCheck = { ok: true; statements: Statement[] } | { ok: false; diagnostic: Diagnostic };

let loaded: Promise<void> | null = null;
/** Loads the parser's WebAssembly once per thread. */
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

const DDL = new Set([
  'CreateStmt',
  'AlterTableStmt',
  'DropStmt',
  'IndexStmt',
  'ViewStmt',
  'CreateTableAsStmt',
  'RefreshMatViewStmt',
  'RenameStmt',
  'CommentStmt',
  'CreateSeqStmt',
  'AlterSeqStmt',
  'CreateEnumStmt',
  'AlterEnumStmt',
  'CompositeTypeStmt',
  'CreateDomainStmt',
  'AlterDomainStmt',
  'CreateSchemaStmt',
  'AlterObjectSchemaStmt',
  'TruncateStmt',
  'CreateFunctionStmt',
  'AlterFunctionStmt',
  'CreateTrigStmt',
  'RuleStmt',
  'CreateStatsStmt',
]);

/** How a refused utility statement is named to the candidate. */
const UTILITY_NAMES: Record<string, string> = {
  VariableSetStmt: 'SET',
  VariableShowStmt: 'SHOW',
  CopyStmt: 'COPY',
  DoStmt: 'DO',
  CallStmt: 'CALL',
  ExplainStmt: 'EXPLAIN',
  LockStmt: 'LOCK',
  VacuumStmt: 'VACUUM',
  DeclareCursorStmt: 'DECLARE',
  FetchStmt: 'FETCH',
  ClosePortalStmt: 'CLOSE',
  PrepareStmt: 'PREPARE',
  ExecuteStmt: 'EXECUTE',
  DeallocateStmt: 'DEALLOCATE',
  ListenStmt: 'LISTEN',
  NotifyStmt: 'NOTIFY',
  LoadStmt: 'LOAD',
  CreateExtensionStmt: 'CREATE EXTENSION',
  GrantStmt: 'GRANT',
  CreateRoleStmt: 'CREATE ROLE',
  CreatedbStmt: 'CREATE DATABASE',
  CheckPointStmt: 'CHECKPOINT',
  DiscardStmt: 'DISCARD',
};

const MERGE_KINDS: Record<string, SqlStatementKind> = {
  CMD_INSERT: 'insert',
  CMD_UPDATE: 'update',
  CMD_DELETE: 'delete',
};

/** Walks a parse tree, calling `visit` with every node's type name and body. */
function walk(value: unknown, visit: (type: string, body: Node) => void) {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, visit);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Node)) {
    if (/^[A-Z]/.test(key) && child && typeof child === 'object' && !Array.isArray(child))
      visit(key, child as Node);
    walk(child, visit);
  }
}

/** A name node list (funcname, defnames) as its parts, schema first. */
function nameParts(names: unknown): string[] {
  return ((names as Node[] | undefined) ?? []).map((n) => String((n.String as Node | undefined)?.sval ?? ''));
}

/** The first function call in a tree that is not on the allow-list (functions.ts), if any. */
function refusedCall(tree: unknown, functions: ReadonlySet<string>): Diagnostic | null {
  let refused: Diagnostic | null = null;
  walk(tree, (t, b) => {
    if (refused || t !== 'FuncCall') return;
    const parts = nameParts(b.funcname);
    if (!functionAllowed(parts, functions))
      refused = { code: 'grader.function_not_allowed', vars: { name: parts.join('.') } };
  });
  return refused;
}

/** A function's names as callers may write them: `f` and `public.f`, or `s.f` for another schema. */
function callableNames(parts: string[]): string[] {
  const name = parts.at(-1) ?? '';
  const schema = parts.length > 1 ? parts.at(-2) : 'public';
  return schema === 'public' ? [name, `public.${name}`] : [`${schema}.${name}`];
}

/**
 * A candidate's CREATE FUNCTION: only LANGUAGE sql, whose body is checked like the rest of the
 * answer (a PL/pgSQL body could EXECUTE any text). Its name becomes callable in later statements.
 */
function checkCreatedFunction(body: Node, functions: Set<string>): Diagnostic | null {
  const options = ((body.options as Node[] | undefined) ?? []).map((o) => o.DefElem as Node);
  const language = options.find((o) => o.defname === 'language');
  const lang = String(((language?.arg as Node | undefined)?.String as Node | undefined)?.sval ?? 'sql');
  if (lang.toLowerCase() !== 'sql')
    return {
      code: 'grader.statement_not_allowed',
      vars: { statement: `CREATE FUNCTION … LANGUAGE ${lang}` },
    };
  const as = options.find((o) => o.defname === 'as');
  const texts =
    (((as?.arg as Node | undefined)?.List as Node | undefined)?.items as Node[] | undefined) ?? [];
  for (const names of callableNames(nameParts(body.funcname))) functions.add(names);
  for (const text of texts) {
    const source = String((text.String as Node | undefined)?.sval ?? '');
    let parsed: ReturnType<typeof parseStatements>;
    try {
      parsed = parseStatements(source);
    } catch {
      // PostgreSQL reports the body's syntax error itself when the statement runs.
      continue;
    }
    for (const p of parsed) {
      if (p.type === 'TransactionStmt') return { code: 'grader.transaction_control', vars: {} };
      const refused = refusedCall(p.node, functions);
      if (refused) return refused;
    }
  }
  return null;
}

/**
 * The functions a question's setup creates (trusted, the author's SQL): candidates may call them.
 * Unparseable setup gives none.
 */
export function setupFunctions(setupSql: string): Set<string> {
  const functions = new Set<string>();
  let parsed: ReturnType<typeof parseStatements>;
  try {
    parsed = parseStatements(setupSql);
  } catch {
    return functions;
  }
  for (const p of parsed) {
    walk(p.node, (t, b) => {
      if (t === 'CreateFunctionStmt') for (const n of callableNames(nameParts(b.funcname))) functions.add(n);
      // CREATE AGGREGATE and friends.
      if (t === 'DefineStmt' && b.kind === 'OBJECT_AGGREGATE')
        for (const n of callableNames(nameParts(b.defnames))) functions.add(n);
    });
  }
  return functions;
}

/** The kinds a statement needs, or a refusal naming what it is. */
function classify(
  type: string,
  body: Node,
  functions: Set<string>,
): { kinds: SqlStatementKind[] } | { refused: Diagnostic } {
  if (type === 'TransactionStmt') return { refused: { code: 'grader.transaction_control', vars: {} } };
  const kinds = new Set<SqlStatementKind>();
  if (type === 'SelectStmt') {
    kinds.add('select');
    if (body.intoClause) kinds.add('ddl');
  } else if (type === 'InsertStmt') kinds.add('insert');
  else if (type === 'UpdateStmt') kinds.add('update');
  else if (type === 'DeleteStmt') kinds.add('delete');
  else if (type === 'MergeStmt') {
    // Its kinds are those of its WHEN clauses, found below.
  } else if (DDL.has(type)) kinds.add('ddl');
  else {
    return {
      refused: {
        code: 'grader.statement_not_allowed',
        vars: { statement: UTILITY_NAMES[type] ?? type.replace(/Stmt$/, '') },
      },
    };
  }
  let refused: Diagnostic | null = null;
  walk(body, (t, b) => {
    if (t === 'InsertStmt') kinds.add('insert');
    else if (t === 'UpdateStmt') kinds.add('update');
    else if (t === 'DeleteStmt') kinds.add('delete');
    else if (t === 'MergeWhenClause') {
      const k = MERGE_KINDS[String(b.commandType)];
      if (k) kinds.add(k);
    } else if (t === 'TransactionStmt') refused = { code: 'grader.transaction_control', vars: {} };
  });
  if (refused) return { refused };
  if (type === 'CreateFunctionStmt') {
    const created = checkCreatedFunction(body, functions);
    if (created) return { refused: created };
  }
  const call = refusedCall(body, functions);
  if (call) return { refused: call };
  if (kinds.size === 0) kinds.add('update');
  return { kinds: [...kinds] };
}

type ParseError = Error & { sqlDetails?: { message: string; cursorPosition: number } };

function syntaxError(sql: string, error: ParseError): Diagnostic {
  const position = Math.max(0, Math.min(error.sqlDetails?.cursorPosition ?? 0, sql.length));
  const before = sql.slice(0, position).split('\n');
  return {
    code: 'grader.syntax_error',
    vars: {
      message: error.sqlDetails?.message ?? error.message,
      line: before.length,
      column: (before.at(-1)?.length ?? 0) + 1,
    },
  };
}

/** Parses SQL into statements with their source text; throws the parser's error. */
export function parseStatements(sql: string): Array<{ type: string; body: Node; node: Node; text: string }> {
  const tree = parseSync(sql) as unknown as {
    stmts?: Array<{ stmt: Node; stmt_location?: number; stmt_len?: number }>;
  };
  // Locations are byte offsets into the UTF-8 text.
  const bytes = new TextEncoder().encode(sql);
  const decoder = new TextDecoder();
  return (tree.stmts ?? []).map((s) => {
    const start = s.stmt_location ?? 0;
    const end = s.stmt_len ? start + s.stmt_len : bytes.length;
    const [type, body] = Object.entries(s.stmt)[0] as [string, Node];
    return { type, body, node: s.stmt, text: decoder.decode(bytes.subarray(start, end)).trim() };
  });
}

/**
 * Checks a candidate's SQL before it runs. `single`: exactly one statement (a query question,
 * whose rows are compared); otherwise one or more (a DML/DDL question, judged by its check query).
 * `functions`: names callable besides the allow-list (those the question's setup creates).
 */
export async function checkStatements(
  sql: string,
  allowedKinds: readonly SqlStatementKind[],
  single: boolean,
  functions: ReadonlySet<string> = new Set(),
): Promise<StatementCheck> {
  await loadParser();
  let parsed: ReturnType<typeof parseStatements>;
  try {
    parsed = parseStatements(sql);
  } catch (error) {
    return { ok: false, diagnostic: syntaxError(sql, error as ParseError) };
  }
  if (parsed.length === 0) return { ok: false, diagnostic: { code: 'grader.empty', vars: {} } };
  if (single && parsed.length > 1) {
    return { ok: false, diagnostic: { code: 'grader.multiple_statements', vars: { count: parsed.length } } };
  }
  const statements: Statement[] = [];
  const callable = new Set(functions);
  for (const p of parsed) {
    const c = classify(p.type, p.body, callable);
    if ('refused' in c) return { ok: false, diagnostic: c.refused };
    const outside = c.kinds.find((k) => !allowedKinds.includes(k));
    if (outside) {
      return {
        ok: false,
        diagnostic: {
          code: 'grader.kind_not_allowed',
          vars: { kind: outside, allowed: allowedKinds.join(', ') },
        },
      };
    }
    statements.push({
      text: p.text,
      kinds: c.kinds,
      plainSelect: c.kinds.length === 1 && c.kinds[0] === 'select',
      node: p.node,
    });
  }
  return { ok: true, statements };
}

/** Drops parse locations so two expressions can be compared as trees. */
function shape(node: unknown): string {
  return JSON.stringify(node, (k, v) => (k === 'location' ? undefined : v));
}

export type QueryOrder = { ordered: boolean; orderKeys: number[] | null };

/**
 * Whether a query's result order is defined (a top-level ORDER BY) and, when every sort item
 * names an output column (by position, alias, or the same expression), which columns it sorts on.
 */
export async function queryOrder(sql: string): Promise<QueryOrder> {
  await loadParser();
  const [first] = parseStatements(sql);
  const select = first?.type === 'SelectStmt' ? first.body : null;
  const sort = (select?.sortClause as Node[] | undefined) ?? [];
  if (!select || sort.length === 0) return { ordered: false, orderKeys: null };
  // A set operation takes its column names from its leftmost query.
  let leftmost: Node = select;
  while (!leftmost.targetList && leftmost.larg) leftmost = leftmost.larg as Node;
  const targets = ((leftmost.targetList as Node[] | undefined) ?? []).map((t) => t.ResTarget as Node);
  const keys: number[] = [];
  for (const item of sort) {
    const by = (item.SortBy as Node).node as Node;
    const constant = by.A_Const as Node | undefined;
    if (constant) {
      const position = (constant.ival as Node | undefined)?.ival;
      if (typeof position !== 'number') return { ordered: true, orderKeys: null };
      keys.push(position - 1);
      continue;
    }
    const fields = (by.ColumnRef as Node | undefined)?.fields as Node[] | undefined;
    const name = fields?.length === 1 ? (fields[0].String as Node | undefined)?.sval : undefined;
    let at = name === undefined ? -1 : targets.findIndex((t) => t.name === name);
    if (at === -1) at = targets.findIndex((t) => shape(t.val) === shape(by));
    if (at === -1 || targets.some((t) => shape(t.val).includes('A_Star')))
      return { ordered: true, orderKeys: null };
    keys.push(at);
  }
  return { ordered: true, orderKeys: keys };
}
