/**
 * Copies every row of one Gongjin database into another, empty one: how an installation that began
 * on PGlite moves to a PostgreSQL server (`gongjin copy-db --to URL`). Both sides are migrated to the
 * same version first, so their tables match column for column.
 *
 * Rows travel as JSON text (`row_to_json` on the source, `json_populate_recordset` on the target),
 * which keeps every value exact: timestamps to the microsecond, numerics, bytea (logos, posters),
 * arrays and jsonb. Tables are filled parents first (foreign keys followed); a column that points
 * into its own table (a category's parent) is filled by an UPDATE once all its rows are there.
 * The whole copy is one transaction on the target: it lands completely or not at all.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Database, type Db, queryRows, transaction } from './client.ts';
import { migrate } from './migrate.ts';

export class CopyRefused extends Error {}

type Table = {
  name: string;
  /** Columns a row carries (generated columns are computed by the target itself). */
  columns: string[];
  primaryKey: string[];
  /** Columns referencing this same table. */
  selfRefs: string[];
  /** Tables this one references. */
  parents: string[];
  /** Identity or serial columns whose sequence must continue after the copied rows. */
  sequenced: string[];
};

const BATCH = 200;
const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);
const list = (names: string[]) =>
  sql.join(
    names.map((n) => ident(n)),
    sql`, `,
  );

/** The public tables of a migrated database, with what the copy needs to know about each. */
async function describeTables(db: Db): Promise<Table[]> {
  const cols = await queryRows<{ table: string; column: string; generated: string; sequenced: boolean }>(
    db,
    sql`select c.relname as table, a.attname as column, a.attgenerated::text as generated,
          (a.attidentity <> '' or pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null) as sequenced
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname = 'public' and c.relkind = 'r'
        order by c.relname, a.attnum`,
  );
  const keys = await queryRows<{ table: string; column: string }>(
    db,
    sql`select c.relname as table, a.attname as column
        from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
        where n.nspname = 'public' and i.indisprimary`,
  );
  const fks = await queryRows<{ table: string; parent: string; column: string }>(
    db,
    sql`select c.relname as table, p.relname as parent, a.attname as column
        from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum = any(k.conkey)
        where n.nspname = 'public' and k.contype = 'f'`,
  );
  const tables = new Map<string, Table>();
  for (const c of cols) {
    const t = tables.get(c.table) ?? {
      name: c.table,
      columns: [],
      primaryKey: [],
      selfRefs: [],
      parents: [],
      sequenced: [],
    };
    tables.set(c.table, t);
    if (c.generated) continue;
    t.columns.push(c.column);
    if (c.sequenced) t.sequenced.push(c.column);
  }
  for (const k of keys) tables.get(k.table)?.primaryKey.push(k.column);
  for (const f of fks) {
    const t = tables.get(f.table);
    if (!t) continue;
    if (f.parent === f.table) t.selfRefs.push(f.column);
    else if (!t.parents.includes(f.parent)) t.parents.push(f.parent);
  }
  return parentsFirst([...tables.values()]);
}

/** Orders tables so that every table comes after the tables it references. */
export function parentsFirst<T extends { name: string; parents: string[] }>(tables: T[]): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: T[] = [];
  const visit = (t: T) => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name)) throw new Error(`foreign keys form a cycle through ${t.name}`);
    visiting.add(t.name);
    for (const p of t.parents) {
      const parent = byName.get(p);
      if (parent) visit(parent);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t);
  return out;
}

async function rowCount(db: Db, table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${ident(table)}`);
  return Number(row.n);
}

export type CopyReport = { tables: { name: string; rows: number }[]; rows: number };

/**
 * Copies all rows from `from` into `to`. Migrates both first. Refuses (CopyRefused) when the target
 * already holds any row, so it can never mix two installations. Writes nothing on failure.
 */
export async function copyDatabase(
  from: Database,
  to: Database,
  progress: (table: string, rows: number) => void = () => {},
): Promise<CopyReport> {
  await migrate(from);
  await migrate(to);
  const tables = await describeTables(to.db);
  for (const t of tables)
    if ((await rowCount(to.db, t.name)) > 0)
      throw new CopyRefused(`The target database is not empty (table ${t.name} has rows).`);

  const report: CopyReport = { tables: [], rows: 0 };
  await transaction(to.db, async (tx) => {
    for (const t of tables) {
      const rows = await queryRows<{ row: string }>(
        from.db,
        sql`select row_to_json(r)::text as row from ${ident(t.name)} r`,
      );
      const insertCols = t.columns;
      const select = sql.join(
        insertCols.map((c) => (t.selfRefs.includes(c) ? sql`null` : sql`src.${ident(c)}`)),
        sql`, `,
      );
      const overriding: SQL = t.sequenced.length ? sql`overriding system value` : sql``;
      const batches: string[] = [];
      for (let i = 0; i < rows.length; i += BATCH)
        batches.push(
          `[${rows
            .slice(i, i + BATCH)
            .map((r) => r.row)
            .join(',')}]`,
        );
      for (const batch of batches)
        await tx.execute(
          sql`insert into ${ident(t.name)} (${list(insertCols)}) ${overriding}
              select ${select} from json_populate_recordset(null::${ident(t.name)}, ${batch}::json) src`,
        );
      // Links inside the table once all its rows exist, whatever order they came in.
      if (t.selfRefs.length && !t.primaryKey.length)
        throw new Error(`table ${t.name} points at itself but has no primary key`);
      if (t.selfRefs.length)
        for (const batch of batches)
          await tx.execute(
            sql`update ${ident(t.name)} dst set ${sql.join(
              t.selfRefs.map((c) => sql`${ident(c)} = src.${ident(c)}`),
              sql`, `,
            )}
                from json_populate_recordset(null::${ident(t.name)}, ${batch}::json) src
                where ${sql.join(
                  t.primaryKey.map((k) => sql`dst.${ident(k)} = src.${ident(k)}`),
                  sql` and `,
                )}`,
          );
      for (const c of t.sequenced)
        await tx.execute(
          sql`select setval(pg_get_serial_sequence(${t.name}, ${c}), coalesce(max(${ident(c)}), 0) + 1, false)
              from ${ident(t.name)}`,
        );
      const copied = await rowCount(tx, t.name);
      if (copied !== rows.length) throw new Error(`${t.name}: copied ${copied} of ${rows.length} rows`);
      report.tables.push({ name: t.name, rows: copied });
      report.rows += copied;
      progress(t.name, copied);
    }
  });
  return report;
}
