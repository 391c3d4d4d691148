// The exam attempt page's client (served as a hashed static asset; the CSP allows no inline script).
// Answers are kept in localStorage and sent to the server as changes only, on a jittered interval and
// whenever the page is hidden or left (fetch keepalive). Every answer carries a per-question sequence
// number; the server acknowledges the number it holds, and never lets an older save overwrite a newer
// one. The server owns the deadline: the timer here is only a display.
(() => {
  const root = document.getElementById('exam-attempt');
  if (!root) return;
  const attemptId = root.dataset.attempt;
  const storeKey = `gj-exam-${attemptId}`;
  const base = `/exams/attempts/${attemptId}`;
  let csrf = '';
  try {
    csrf = JSON.parse(document.body.getAttribute('hx-headers') || '{}')['X-CSRF-Token'] || '';
  } catch {}
  const deadline = Date.parse(root.dataset.deadline);
  const intervalMs = Number(root.dataset.interval || 15000);
  const statusEl = document.getElementById('exam-status');
  const timerEl = document.getElementById('exam-timer');
  const form = document.getElementById('exam-form');
  const questions = Array.from(document.querySelectorAll('.exam-q'));
  let skew = 0;
  let over = false;
  let inflight = null;

  const status = (key) => {
    if (statusEl) statusEl.textContent = root.dataset[key] || '';
    root.dataset.saveState = key;
  };

  function load() {
    try {
      return JSON.parse(localStorage.getItem(storeKey) || '{}') || {};
    } catch {
      return {};
    }
  }
  const state = load();
  const hadLocal = Object.keys(state).length > 0;
  const persist = () => {
    try {
      localStorage.setItem(storeKey, JSON.stringify(state));
    } catch {}
  };

  function read(q) {
    const type = q.dataset.type;
    const name = `q${q.dataset.slot}`;
    const inputs = Array.from(q.querySelectorAll(`[name^="${name}"]`));
    switch (type) {
      case 'single_choice': {
        // A missing-word gap holds a select instead of radio buttons.
        const select = inputs.find((i) => i.tagName === 'SELECT');
        if (select) return { type, choice: select.value || null };
        const c = inputs.find((i) => i.checked);
        return { type, choice: c ? c.value : null };
      }
      case 'multiple_choice':
        return { type, choices: inputs.filter((i) => i.checked).map((i) => i.value) };
      case 'true_false': {
        const c = inputs.find((i) => i.checked);
        return { type, value: c ? c.value === 'true' : null };
      }
      case 'short_answer':
      case 'numerical':
      case 'essay':
        return { type, text: inputs[0] ? inputs[0].value : '' };
      case 'sql':
        return { type, sql: inputs[0] ? inputs[0].value : '' };
      case 'matching': {
        const answers = {};
        for (const s of inputs) if (s.value) answers[s.dataset.pair] = s.value;
        return { type, answers };
      }
      default:
        return null;
    }
  }

  function write(q, r) {
    if (!r) return;
    const name = `q${q.dataset.slot}`;
    const inputs = Array.from(q.querySelectorAll(`[name^="${name}"]`));
    switch (r.type) {
      case 'single_choice':
        for (const i of inputs) {
          if (i.tagName === 'SELECT') i.value = r.choice || '';
          else i.checked = i.value === r.choice;
        }
        break;
      case 'multiple_choice':
        for (const i of inputs) i.checked = r.choices.includes(i.value);
        break;
      case 'true_false':
        for (const i of inputs) i.checked = r.value !== null && i.value === String(r.value);
        break;
      case 'short_answer':
      case 'numerical':
      case 'essay':
        if (inputs[0]) inputs[0].value = r.text;
        break;
      case 'sql':
        if (inputs[0]) inputs[0].value = r.sql;
        break;
      case 'matching':
        for (const s of inputs) s.value = r.answers[s.dataset.pair] || '';
        break;
    }
  }

  // Reconcile: the server's copy wins unless this device holds a newer, unacknowledged change.
  for (const q of questions) {
    const slot = q.dataset.slot;
    const serverSeq = Number(q.dataset.seq || 0);
    const local = state[slot];
    if (local && local.seq > serverSeq && local.response) {
      write(q, local.response);
      local.acked = Math.min(local.acked || 0, serverSeq);
    } else {
      state[slot] = { seq: serverSeq, acked: serverSeq, response: read(q) };
    }
  }
  persist();

  function changed(q) {
    const slot = q.dataset.slot;
    const r = read(q);
    const s = state[slot];
    if (s && JSON.stringify(s.response) === JSON.stringify(r)) return;
    const seq = Math.max(s ? s.seq : 0, s ? s.acked : 0) + 1;
    state[slot] = { seq, acked: s ? s.acked : 0, response: r };
    persist();
    status('msgSaving');
    soon();
  }
  // A change is also sent a few seconds after it is made (jittered), so that the interval is the
  // safety net rather than the only way an answer reaches the server.
  let soonTimer = null;
  function soon() {
    if (soonTimer) return;
    soonTimer = setTimeout(
      () => {
        soonTimer = null;
        flush(false);
      },
      2000 + Math.random() * 1000,
    );
  }
  form.addEventListener('input', (e) => {
    const q = e.target.closest('.exam-q');
    if (q) changed(q);
  });
  form.addEventListener('change', (e) => {
    const q = e.target.closest('.exam-q');
    if (q) changed(q);
  });

  const pending = () =>
    Object.entries(state)
      .filter(([, s]) => s.seq > s.acked && s.response)
      .map(([slot, s]) => ({ slot: Number(slot), seq: s.seq, response: s.response }));

  function finish() {
    over = true;
    status('msgOver');
    for (const el of form.querySelectorAll('input, textarea, select, button')) el.disabled = true;
    try {
      localStorage.removeItem(storeKey);
    } catch {}
    setTimeout(() => location.assign(`${base}/review`), 1500);
  }

  async function flush(keepalive) {
    if (over) return;
    if (inflight && !keepalive) return inflight;
    const answers = pending();
    if (answers.length === 0) {
      if (!inflight) status('msgSaved');
      return;
    }
    const run = (async () => {
      try {
        const res = await fetch(`${base}/answers`, {
          method: 'POST',
          keepalive: !!keepalive,
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ answers }),
        });
        if (res.status === 410 || res.status === 409) return finish();
        if (!res.ok) return status('msgOffline');
        const body = await res.json();
        if (body.serverTime) skew = body.serverTime - Date.now();
        for (const ack of body.acks || []) {
          const s = state[ack.slot];
          if (!s) continue;
          s.acked = Math.max(s.acked, ack.seq);
          // Another device saved something newer: continue numbering after it.
          if (ack.seq > s.seq) s.seq = ack.seq;
        }
        persist();
        status(pending().length ? 'msgSaving' : 'msgSaved');
      } catch {
        status('msgOffline');
      }
    })();
    if (!keepalive) {
      inflight = run;
      run.finally(() => {
        inflight = null;
      });
    }
    return run;
  }

  function event(kind) {
    fetch(`${base}/events`, {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ kind }),
    }).catch(() => {});
  }

  // A jittered interval (±30%) so that thousands of candidates who started together do not save in step.
  function schedule() {
    const delay = intervalMs * (0.7 + Math.random() * 0.6);
    setTimeout(() => {
      flush(false).finally(schedule);
    }, delay);
  }
  schedule();

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      flush(true);
      event('focus_lost');
    } else event('focus_back');
  });
  window.addEventListener('pagehide', () => flush(true));
  window.addEventListener('online', () => flush(false));

  form.addEventListener('submit', async (e) => {
    if (form.dataset.flushed) return;
    e.preventDefault();
    await flush(false);
    await flush(false);
    form.dataset.flushed = '1';
    try {
      localStorage.removeItem(storeKey);
    } catch {}
    form.submit();
  });

  const sessionKey = `gj-exam-open-${attemptId}`;
  if (hadLocal || sessionStorage.getItem(sessionKey)) event('resume');
  sessionStorage.setItem(sessionKey, '1');
  if (pending().length) flush(false);

  function tick() {
    const left = Math.max(0, deadline - (Date.now() + skew));
    const s = Math.floor(left / 1000);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s % 60;
    if (timerEl)
      timerEl.textContent = `${h ? `${h}:` : ''}${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
    if (left <= 0 && !over) {
      // The server submits by itself; send what is left, then let it show the review.
      flush(true).finally(() => setTimeout(() => location.assign(base), 1000));
      over = true;
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
})();
