/*
 * The SQL lab's browser island. It loads PGlite's browser build (served by the learning routes),
 * builds the lab's visible database from its setup SQL, and then answers "Run" in the browser:
 * the query runs inside a transaction that is rolled back (every run sees fresh data), the result
 * is drawn as a table, and it is compared with the expected rows the server computed from the
 * reference query. When PGlite cannot start (no WebAssembly, old browser), the page keeps its
 * server behaviour: htmx posts the query to /run. "Submit for credit" always goes to the server.
 *
 * The comparison follows src/modules/learning/compare.ts: columns by position, rows as a multiset
 * unless the reference orders them, NULL apart from '', numbers on the lab's tolerance grid.
 * Everything is drawn with textContent: nothing a query returns becomes markup.
 */
const island = document.getElementById('lab-island');
const form = document.getElementById('lab-form');

if (island && form) {
  const data = JSON.parse(island.dataset.lab || '{}');
  const msg = data.messages || {};
  const engine = document.getElementById('lab-engine');
  const fill = (text, vars) =>
    String(text).replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
  let pg = null;

  const setEngine = (state, text) => {
    island.dataset.state = state;
    if (engine) engine.textContent = text;
  };

  const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
  const cellKey = (v, tolerance) => {
    if (v === null || v === undefined) return '\u0000null';
    if (v instanceof Date) return `d:${v.toISOString()}`;
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (typeof v === 'number' || typeof v === 'bigint' || NUMERIC.test(s)) {
      const step = tolerance > 0 ? tolerance : 1e-9;
      return `n:${Math.round(Number(s) / step)}`;
    }
    return `s:${s}`;
  };
  const rowKey = (row, tolerance) => row.map((v) => cellKey(v, tolerance)).join('\u0001');

  const compare = (expected, actual, tolerance) => {
    if (actual.columns.length !== expected.columns.length)
      return {
        match: false,
        text: fill(msg.columns, { expected: expected.columns.length, actual: actual.columns.length }),
      };
    if (actual.rows.length !== expected.rows.length)
      return {
        match: false,
        text: fill(msg.rows, { expected: expected.rows.length, actual: actual.rows.length }),
      };
    const want = expected.rows.map((r) => rowKey(r, tolerance));
    const got = actual.rows.map((r) => rowKey(r, tolerance));
    const counts = new Map();
    for (const k of want) counts.set(k, (counts.get(k) || 0) + 1);
    let differing = 0;
    for (const k of got) {
      const n = counts.get(k) || 0;
      if (n > 0) counts.set(k, n - 1);
      else differing++;
    }
    if (differing > 0) return { match: false, text: fill(msg.values, { n: differing }) };
    if (expected.ordered && want.some((k, i) => k !== got[i])) return { match: false, text: msg.order };
    return { match: true, text: msg.match };
  };

  const el = (tag, attrs, text) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const show = (nodes) => {
    const output = el('div', {
      id: 'lab-output',
      'aria-live': 'polite',
      class: 'stack',
      'data-engine': 'browser',
    });
    for (const n of nodes) output.appendChild(n);
    document.getElementById('lab-output').replaceWith(output);
  };

  const table = (result) => {
    const wrap = el('div', { class: 'table-scroll' });
    const t = el('table', { class: 'result-table', 'data-testid': 'result-table' });
    const head = el('tr');
    for (const c of result.columns) head.appendChild(el('th', {}, c));
    t.appendChild(el('thead')).appendChild(head);
    const body = t.appendChild(el('tbody'));
    for (const row of result.rows) {
      const tr = body.appendChild(el('tr'));
      for (const v of row) {
        const td = tr.appendChild(el('td'));
        if (v === null || v === undefined) td.appendChild(el('em', { class: 'muted' }, 'NULL'));
        else
          td.textContent =
            v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
      }
    }
    wrap.appendChild(t);
    wrap.appendChild(el('p', { class: 'muted' }, fill(msg.rowCount, { n: result.rows.length })));
    return wrap;
  };

  const runInBrowser = async (sql) => {
    await pg.exec('begin');
    try {
      const results = await pg.exec(sql, { rowMode: 'array' });
      const last = results[results.length - 1];
      if (!last?.fields || last.fields.length === 0) {
        show([el('p', { class: 'muted' }, msg.noResult)]);
        return;
      }
      const result = { columns: last.fields.map((f) => f.name), rows: last.rows };
      const nodes = [];
      if (data.expected) {
        const c = compare(data.expected, result, data.tolerance || 0);
        nodes.push(
          el(
            'p',
            {
              class: c.match ? 'alert alert-success' : 'alert alert-error',
              'data-testid': 'lab-feedback',
              'data-match': String(c.match),
            },
            c.text,
          ),
        );
      }
      nodes.push(table(result));
      show(nodes);
    } catch (err) {
      show([
        el(
          'pre',
          { class: 'alert alert-error', 'data-testid': 'lab-error' },
          err?.message ? err.message : String(err),
        ),
      ]);
    } finally {
      await pg.exec('rollback');
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
      const sql = form.querySelector('textarea[name="sql"]').value;
      if (sql.trim()) runInBrowser(sql);
    },
    true,
  );

  (async () => {
    if (typeof WebAssembly !== 'object') return;
    setEngine('loading', msg.engineLoading);
    try {
      const { PGlite } = await import(island.dataset.pglite);
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
