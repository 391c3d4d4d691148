/**
 * The input fuzz (ADR 0025): every registered route of one permission-matrix area, as an anonymous
 * visitor and as a signed-in platform admin (with a valid CSRF token, so forms get past the CSRF
 * check to the guard and the handlers), with broken URLs, broken bodies and odd but valid text.
 * Any 5xx fails the area; each area prints how many requests it sent and how many 5xx it found.
 * The routes come from the app's registry, matched to the matrix rows for their fixture paths
 * (every-route.test.ts keeps the rows and the registry equal).
 */
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../modules/identity/session.ts';
import { translator } from '../platform/i18n.ts';
import { type TestClient, useTestApp } from './harness.ts';
import { concretePath, fixture, matrixAreas, type Row } from './permission-matrix.ts';

/** Replacements for path parameters: NUL, bad escapes, an escaped surrogate, truncated UTF-8, controls. */
const BAD_SEGMENTS = ['%00', '%ZZ', '%ED%A0%80', 'a%0Ab', '..%2F..%2Fetc%2Fpasswd'];

/**
 * Query strings, on the route's real path: every list filter and pager the app reads, broken. The
 * first four are refused by the guard; the others are valid and reach the handlers.
 */
const QUERIES = [
  'q=%00&page=99999999999999999999&action=%00&type=%01&next=%0D%0A%2Fx',
  'page=-1&q=%ED%A0%80',
  '%00=1',
  'q=%ZZ',
  `page=1e400&difficulty=NaN&category=not-a-uuid&tag=%F0%9F%98%80&q='%20OR%201%3D1--${'x'.repeat(3000)}&actor=%25&from=2024-13-45&to=0000-00-00&template=%5C&id=1&id=2`,
  'next=%2F%09%2Fevil.example&locale=en&q=%09tab%0D%0Aline&before=99999999999999999999&after=-5&page=99999999999999999999&page[]=3&q[]=a',
];

/** Field names the app's forms use, added to the row's own form fields. */
const COMMON_FIELDS = [
  'email',
  'password',
  'displayName',
  'name',
  'title',
  'description',
  'nameZh',
  'nameEn',
  'slug',
  'text',
  'city',
  'venue',
  'q',
  'next',
  'locale',
  'role',
  'status',
  'abstract',
  'answer',
  'sql',
  'percent',
  'comment',
  'reason',
  'achievementId',
  'passPercent',
  'website',
  'capacity',
];

type Variant = { label: string; body: BodyInit; type?: string; csrfHeader?: boolean };

const enc = (s: string) => encodeURIComponent(s);

/** Bodies for a state-changing route; `csrf` is the actor's token, `fields` its form's field names. */
function bodies(fields: string[], csrf: string, form: Record<string, string>): Variant[] {
  const urlencoded = (value: string, raw = false) =>
    [`_csrf=${enc(csrf)}`, ...fields.map((f) => `${enc(f)}=${raw ? value : enc(value)}`)].join('&');
  const multipart = (value: string, file?: string) => {
    const fd = new FormData();
    fd.set('_csrf', csrf);
    for (const f of fields) fd.set(f, value);
    if (file) fd.set('file', new File(['x'], file, { type: 'image/png' }));
    return fd;
  };
  const form_ = 'application/x-www-form-urlencoded';
  const nested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
  return [
    // Refused by the guard.
    {
      label: 'nul and c0',
      body: new URLSearchParams([
        ['_csrf', csrf],
        ...fields.map((f, i) => [f, ['a\u0000b', '\u0001', '\u001b'][i % 3]]),
      ]),
      type: form_,
    },
    { label: 'surrogate escape', body: urlencoded('%ED%A0%80', true), type: form_ },
    { label: 'bad escape', body: urlencoded('%ZZ', true), type: form_ },
    { label: 'invalid utf-8', body: Buffer.from(`_csrf=${enc(csrf)}&name=\xff\xfe`, 'latin1'), type: form_ },
    { label: 'multipart garbage', body: '--xyz\r\nbroken', type: 'multipart/form-data; boundary=xyz' },
    { label: 'multipart no boundary', body: 'name=a', type: 'multipart/form-data' },
    {
      label: 'multipart truncated',
      body: '--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\nabc',
      type: 'multipart/form-data; boundary=xyz',
    },
    { label: 'multipart nul', body: multipart('a\u0000b') },
    { label: 'multipart nul file name', body: multipart('ok', 'a\u0000.png') },
    { label: 'json truncated', body: '{', type: 'application/json', csrfHeader: true },
    { label: 'json deep', body: nested, type: 'application/json', csrfHeader: true },
    { label: 'json nul', body: '{"credential":{"a":"\\u0000"},"kind":"\\u0000"}', type: 'application/json' },
    {
      label: 'json lone surrogate as text',
      body: '{"answers":[{"slot":1,"seq":1,"response":"\\ud800"}]}',
      type: 'text/plain',
      csrfHeader: true,
    },
    { label: 'json empty', body: '', type: 'application/json', csrfHeader: true },
    {
      label: 'json shapes',
      body: '[null,1,"x",{"credential":[]}]',
      type: 'application/json',
      csrfHeader: true,
    },
    { label: 'json invalid utf-8', body: Buffer.from('{"a":"\xff"}', 'latin1'), type: 'application/json' },
    // Valid, odd text: past the guard to the handlers, which must refuse or accept it without a 5xx.
    { label: 'tab crlf emoji', body: urlencoded('line1\r\nline2\t😀 𠮷 﨑 ‮'), type: form_ },
    {
      label: 'numbers',
      body: new URLSearchParams([
        ['_csrf', csrf],
        ...fields.map((f, i) => [f, i % 2 ? '-1' : '99999999999999999999']),
      ]),
      type: form_,
    },
    { label: 'long', body: urlencoded('x'.repeat(3000)), type: form_ },
    {
      label: 'row form, crlf next',
      body: new URLSearchParams({ ...form, _csrf: csrf, next: '/\r\n/evil.example' }),
      type: form_,
    },
  ];
}

/** Registers the fuzz of one area (a name from `matrixAreas()`: the platform's or a module's). */
export function fuzzArea(area: string) {
  const t = useTestApp();
  describe(`input fuzz: ${area}`, () => {
    it('answers no broken or odd input with a 5xx', async () => {
      const rows = (await matrixAreas())[area];
      if (!rows) throw new Error(`no permission-matrix area ${area}`);
      const { fixture: f, clients } = await fixture(t);
      const actors: Record<string, { client: TestClient; email?: string }> = {
        anonymous: { client: clients.anonymous },
        admin: { client: clients.platform_admin, email: 'platform_admin@matrix.test' },
      };
      const routes = [
        ...new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`)),
      ].filter((route) => route in rows);
      expect(routes.length, 'routes of this area in the registry').toBe(Object.keys(rows).length);
      let tried = 0;
      let graderless = 0;
      const noGrader = translator('zh-CN')('learning.lab.graderUnavailable');
      const found: string[] = [];
      for (const [actorName, actor] of Object.entries(actors)) {
        const send = async (label: string, method: string, path: string, init: RequestInit = {}) => {
          tried += 1;
          const res = await actor.client.request(path, { ...init, method });
          const text = await res.text();
          // The test app runs no SQL grader: lab runs answer its documented 503, counted apart.
          if (res.status === 503 && text.includes(noGrader)) graderless += 1;
          else if (res.status >= 500)
            found.push(
              `${actorName} ${method} ${path.slice(0, 120)} [${label}] → ${res.status} ${text.slice(0, 200)}`,
            );
          // A request may have signed the admin out (POST /logout, odd forms): sign in again.
          if (actor.email && !actor.client.cookies.has(SESSION_COOKIE)) await actor.client.logIn(actor.email);
        };
        for (const route of routes) {
          const [method, pattern] = route.split(' ');
          const row: Row = rows[route];
          const path = row.path ? row.path(f) : concretePath(pattern, f);
          const params = pattern.match(/:\w+/g) ?? [];
          for (const bad of params.length ? BAD_SEGMENTS : []) {
            await send(`segment ${bad}`, method, pattern.replace(/:\w+/g, bad));
          }
          if (method === 'GET') {
            for (const q of QUERIES) await send(`query ${q.slice(0, 40)}`, method, `${path}?${q}`);
            continue;
          }
          const fields = [...new Set([...Object.keys(row.form ?? {}), ...COMMON_FIELDS])];
          for (const v of bodies(fields, actor.client.csrfToken, row.form ?? {})) {
            const headers: Record<string, string> = {};
            if (v.type) headers['content-type'] = v.type;
            if (v.csrfHeader) headers['x-csrf-token'] = actor.client.csrfToken;
            await send(v.label, method, path, { body: v.body, headers });
          }
          // A query on a state-changing route too (filters and `next` are read there as well).
          await send('post query', method, `${path}?${QUERIES[0]}`, {
            body: new URLSearchParams({ _csrf: actor.client.csrfToken }),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          });
        }
      }
      console.log(
        `input fuzz ${area}: ${tried} requests, ${found.length} 5xx` +
          (graderless ? ` (${graderless} lab runs answered 503: no grader in the test app)` : ''),
      );
      expect(found).toEqual([]);
    }, 300_000);
  });
}
