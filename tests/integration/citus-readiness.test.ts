// Citus readiness (ADR 0042, issue 14 item 5). Citus cannot be installed here, so its rules are
// checked mechanically: the committed migrations are replayed with PostgreSQL's own parser
// (libpg-query) into the final keys and foreign keys, and each is judged under the plan the modules
// declare (`distribution` in their manifests, the platform's in platform/distribution.ts):
// - a distributed table's PRIMARY KEY and every UNIQUE constraint or index must include its
//   distribution column;
// - a foreign key between two distributed tables must join their distribution columns
//   (colocation); a distributed or local table may point at a reference table; a reference table
//   may point only at a reference table; nothing may point at a distributed table from a reference
//   or local table, nor at a local table from a distributed one.
// What the plan would make Citus refuse today is the list KNOWN below: a new refusal fails here, and
// so does fixing one without taking it off the list.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/db/migrate.ts';
import '../../src/modules/index.ts';
import { type Distribution, PLATFORM_DISTRIBUTION } from '../../src/platform/distribution.ts';
import { installedModules } from '../../src/platform/module.ts';

type Key = { table: string; name: string; columns: string[]; kind: 'primary key' | 'unique' };
type ForeignKey = { table: string; name: string; columns: string[]; to: string; toColumns: string[] };
type Schema = { tables: Map<string, Set<string>>; keys: Key[]; foreignKeys: ForeignKey[] };

// biome-ignore lint/suspicious/noExplicitAny: libpg-query's JSON tree
type Node = any;
const names = (list: Node[] | undefined): string[] => (list ?? []).map((n: Node) => n.String.sval);

/** The final tables, keys and foreign keys after every committed migration, in journal order. */
function replay(): Schema {
  const schema: Schema = { tables: new Map(), keys: [], foreignKeys: [] };
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const constraint = (table: string, c: Node, column?: string) => {
    const name = c.conname ?? `${table}_${column ?? names(c.keys).join('_')}_${c.contype}`;
    if (c.contype === 'CONSTR_PRIMARY' || c.contype === 'CONSTR_UNIQUE') {
      const columns = column ? [column] : names(c.keys);
      schema.keys.push({
        table,
        name,
        columns,
        kind: c.contype === 'CONSTR_PRIMARY' ? 'primary key' : 'unique',
      });
    } else if (c.contype === 'CONSTR_FOREIGN') {
      schema.foreignKeys.push({
        table,
        name,
        columns: column ? [column] : names(c.fk_attrs),
        to: c.pktable.relname,
        toColumns: names(c.pk_attrs),
      });
    }
  };
  for (const file of files) {
    const text = readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8').replaceAll(
      '--> statement-breakpoint',
      '',
    );
    for (const { stmt } of parseSync(text).stmts as Node[]) {
      if (stmt.CreateStmt) {
        const table = stmt.CreateStmt.relation.relname;
        schema.tables.set(table, new Set());
        for (const el of stmt.CreateStmt.tableElts ?? []) {
          if (el.ColumnDef) {
            schema.tables.get(table)?.add(el.ColumnDef.colname);
            for (const c of el.ColumnDef.constraints ?? [])
              constraint(table, c.Constraint, el.ColumnDef.colname);
          } else if (el.Constraint) constraint(table, el.Constraint);
        }
      } else if (stmt.AlterTableStmt) {
        const table = stmt.AlterTableStmt.relation.relname;
        for (const { AlterTableCmd: cmd } of stmt.AlterTableStmt.cmds) {
          if (cmd.subtype === 'AT_AddConstraint') constraint(table, cmd.def.Constraint);
          else if (cmd.subtype === 'AT_DropConstraint') {
            schema.keys = schema.keys.filter((k) => !(k.table === table && k.name === cmd.name));
            schema.foreignKeys = schema.foreignKeys.filter(
              (k) => !(k.table === table && k.name === cmd.name),
            );
          } else if (cmd.subtype === 'AT_AddColumn') {
            schema.tables.get(table)?.add(cmd.def.ColumnDef.colname);
            for (const c of cmd.def.ColumnDef.constraints ?? [])
              constraint(table, c.Constraint, cmd.def.ColumnDef.colname);
          } else if (cmd.subtype === 'AT_DropColumn') schema.tables.get(table)?.delete(cmd.name);
        }
      } else if (stmt.IndexStmt?.unique) {
        const i = stmt.IndexStmt;
        schema.keys.push({
          table: i.relation.relname,
          name: i.idxname,
          columns: i.indexParams.map((p: Node) => p.IndexElem.name ?? '(expression)'),
          kind: 'unique',
        });
      } else if (stmt.DropStmt?.removeType === 'OBJECT_TABLE') {
        for (const obj of stmt.DropStmt.objects) schema.tables.delete(names(obj.List.items).at(-1) ?? '');
      } else if (stmt.DropStmt?.removeType === 'OBJECT_INDEX') {
        const dropped = new Set(stmt.DropStmt.objects.map((o: Node) => names(o.List.items).at(-1)));
        schema.keys = schema.keys.filter((k) => !dropped.has(k.name));
      }
    }
  }
  return schema;
}

function plan(): Map<string, Distribution> {
  const all = new Map<string, Distribution>(Object.entries(PLATFORM_DISTRIBUTION));
  for (const m of installedModules())
    for (const [t, d] of Object.entries(m.distribution ?? {})) all.set(t, d);
  return all;
}

/** Every key and foreign key Citus would refuse under the plan, one line each. */
function refusals(schema: Schema, p: Map<string, Distribution>): string[] {
  const by = (t: string) => {
    const d = p.get(t);
    return d && typeof d === 'object' ? d.by : undefined;
  };
  const kind = (t: string) => (by(t) ? 'distributed' : (p.get(t) as string));
  const out: string[] = [];
  for (const k of schema.keys) {
    const col = by(k.table);
    if (col && !k.columns.includes(col))
      out.push(`${k.table}: ${k.kind} (${k.columns.join(', ')}) lacks ${col}`);
  }
  for (const f of schema.foreignKeys) {
    const [from, to] = [kind(f.table), kind(f.to)];
    const line = `${f.table} (${f.columns.join(', ')}) → ${f.to}: ${from} → ${to}`;
    if (from === 'distributed' && to === 'distributed') {
      const i = f.columns.indexOf(by(f.table) ?? '');
      if (i < 0 || f.toColumns[i] !== by(f.to)) out.push(`${line}, not on both distribution columns`);
    } else if (
      to === 'distributed' ||
      (from === 'distributed' && to === 'local') ||
      (from === 'reference' && to === 'local')
    ) {
      out.push(line);
    }
  }
  return out.sort();
}

/** What Citus would refuse under today's plan (ADR 0042 says how each would be fixed). */
const KNOWN = [
  'credentials: unique (status_index) lacks id',
  'exam_attempt_events: primary key (id) lacks attempt_id',
  'exam_attempts: unique (exam_id, user_id, number) lacks id',
  'exam_attempts: unique (user_id) lacks id',
  'lab_attempts: primary key (id) lacks user_id',
  'salon_registrations: primary key (id) lacks salon_id',
  'salon_reminders (registration_id) → salon_registrations: distributed → distributed, not on both distribution columns',
  'salon_walk_ins: primary key (id) lacks salon_id',
];

describe('Citus readiness of the committed migrations', () => {
  let schema: Schema;
  beforeAll(async () => {
    await loadModule();
    schema = replay();
  });

  it('reads the migrations it checks', () => {
    expect(schema.tables.has('exam_attempts')).toBe(true);
    expect(schema.keys).toContainEqual(
      expect.objectContaining({ table: 'exam_attempt_slots', kind: 'primary key' }),
    );
    expect(schema.foreignKeys).toContainEqual(
      expect.objectContaining({ table: 'exam_attempts', to: 'exams' }),
    );
  });

  it('has a plan for every table, naming only tables and columns that exist', () => {
    const p = plan();
    expect([...schema.tables.keys()].filter((t) => !p.has(t)).sort(), 'tables without a plan').toEqual([]);
    expect(
      [...p.keys()].filter((t) => !schema.tables.has(t)),
      'plans for no table',
    ).toEqual([]);
    const badColumns = [...p].filter(([t, d]) => typeof d === 'object' && !schema.tables.get(t)?.has(d.by));
    expect(badColumns).toEqual([]);
  });

  it('finds a refusal when there is one', () => {
    const p = new Map(plan());
    p.set('exams', { by: 'org_id' });
    expect(refusals(schema, p).some((r) => r.startsWith('exams: primary key (id) lacks org_id'))).toBe(true);
  });

  it('reports exactly the known refusals', () => {
    expect(refusals(schema, plan())).toEqual(KNOWN);
  });
});
