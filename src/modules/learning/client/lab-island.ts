/*
 * The SQL lab's browser island, bundled for the browser by ./bundle.ts (with the grader's pure
 * comparison). It loads PGlite's browser build (served by the learning routes), builds the lab's
 * visible database from its setup SQL, and then answers "Run" in the browser: the query runs
 * inside a transaction that is rolled back (every run sees fresh data), the result is drawn as a
 * table and compared with the expected rows the server computed from the reference query, by the
 * same rules the grader uses. When PGlite cannot start (no WebAssembly, old browser), the page
 * keeps its server behaviour: htmx posts the query to /run. "Submit for credit" always goes to
 * the server. Everything is drawn with textContent: nothing a query returns becomes markup.
 */
import type { Diagnostic } from '../../grader/types.ts';
import { compareResult } from '../compare.ts';
import type { ExpectedResult } from '../schema.ts';

type IslandData = {
  setupSql: string;
  expected: ExpectedResult | null;
  tolerance: number;
  messages: Record<string, string>;
};
type Field = { name: string; dataTypeID: number };
type Results = { rows: unknown[][]; fields: Field[] };
type PGliteLike = { exec(sql: string, options?: { rowMode: 'array' }): Promise<Results[]> };

const island = document.getElementById('lab-island');
const form = document.getElementById('lab-form') as HTMLFormElement | null;

if (island && form) {
  const data = JSON.parse(island.dataset.lab || '{}') as IslandData;
  const msg = data.messages || {};
  const engine = document.getElementById('lab-engine');
  const fill = (text: string | undefined, vars: Record<string, string | number>) =>
    String(text ?? '').replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : `{${k}}`));
  let pg: PGliteLike | null = null;

  const setEngine = (state: string, text: string | undefined) => {
    island.dataset.state = state;
    if (engine) engine.textContent = text ?? '';
  };

  const el = (tag: string, attrs: Record<string, string> = {}, text?: string) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const show = (nodes: Node[]) => {
    const output = el('div', {
      id: 'lab-output',
      'aria-live': 'polite',
      class: 'stack',
      'data-engine': 'browser',
    });
    for (const n of nodes) output.appendChild(n);
    document.getElementById('lab-output')?.replaceWith(output);
  };

  const cellText = (v: unknown) =>
    v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);

  const table = (columns: string[], rows: unknown[][]) => {
    const wrap = el('div', { class: 'table-scroll' });
    const t = el('table', { class: 'result-table', 'data-testid': 'result-table' });
    const head = el('tr');
    for (const c of columns) head.appendChild(el('th', {}, c));
    t.appendChild(el('thead')).appendChild(head);
    const body = t.appendChild(el('tbody'));
    for (const row of rows) {
      const tr = body.appendChild(el('tr'));
      for (const v of row) {
        const td = tr.appendChild(el('td'));
        if (v === null || v === undefined) td.appendChild(el('em', { class: 'muted' }, msg.null));
        else td.textContent = cellText(v);
      }
    }
    wrap.appendChild(t);
    wrap.appendChild(el('p', { class: 'muted' }, fill(msg.rowCount, { n: rows.length })));
    return wrap;
  };

  const diagnosticsList = (items: Diagnostic[]) => {
    const ul = el('ul', { 'data-testid': 'diagnostics' });
    for (const d of items) ul.appendChild(el('li', {}, fill(msg[d.code] ?? d.code, d.vars)));
    return ul;
  };

  const runInBrowser = async (db: PGliteLike, sql: string) => {
    await db.exec('begin');
    try {
      const results = await db.exec(sql, { rowMode: 'array' });
      const last = results[results.length - 1];
      if (!last?.fields || last.fields.length === 0) {
        show([el('p', { class: 'muted' }, msg.noResult)]);
        return;
      }
      const actual = {
        columns: last.fields.map((f) => f.name),
        types: last.fields.map((f) => f.dataTypeID),
        rows: last.rows,
      };
      const nodes: Node[] = [];
      if (data.expected) {
        const c = compareResult(data.expected, actual, data.tolerance || 0);
        const note = el('div', {
          class: c.match ? 'alert alert-success' : 'alert alert-error',
          'data-testid': 'lab-feedback',
          'data-match': String(c.match),
        });
        if (c.match) note.textContent = msg.match;
        else note.appendChild(diagnosticsList(c.diagnostics));
        nodes.push(note);
        if (c.sample?.missing.length) {
          nodes.push(el('p', {}, msg.missingRows), table(c.sample.columns, c.sample.missing));
        }
        if (c.sample?.extra.length)
          nodes.push(el('p', {}, msg.extraRows), table(c.sample.columns, c.sample.extra));
      }
      nodes.push(table(actual.columns, actual.rows));
      show(nodes);
    } catch (err) {
      show([
        el(
          'pre',
          { class: 'alert alert-error', 'data-testid': 'lab-error' },
          err instanceof Error ? err.message : String(err),
        ),
      ]);
    } finally {
      await db.exec('rollback');
    }
  };

  // Capture phase on the form: runs before htmx's listener on the button, which then never fires.
  form.addEventListener(
    'click',
    (event) => {
      const button = event.target instanceof Element ? event.target.closest('#lab-run') : null;
      if (!button || !pg) return;
      event.preventDefault();
      event.stopPropagation();
      const sql = (form.querySelector('textarea[name="sql"]') as HTMLTextAreaElement).value;
      if (sql.trim()) void runInBrowser(pg, sql);
    },
    true,
  );

  void (async () => {
    if (typeof WebAssembly !== 'object' || !island.dataset.pglite) return;
    setEngine('loading', msg.engineLoading);
    try {
      const { PGlite } = (await import(/* @vite-ignore */ island.dataset.pglite)) as {
        PGlite: { create(): Promise<PGliteLike> };
      };
      const db = await PGlite.create();
      await db.exec(data.setupSql);
      pg = db;
      setEngine('browser', msg.engineBrowser);
    } catch (err) {
      console.warn('PGlite unavailable, queries run on the server', err);
      setEngine('server', msg.engineServer);
    }
  })();
}
