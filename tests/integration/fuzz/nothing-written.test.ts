// What the request guard (ADR 0025) promises on representative routes: a refused request writes
// nothing, says what is wrong in the reader's language, JSON endpoints answer the typed JSON error,
// and what a user legitimately types (TAB, CR, LF in a textarea) still goes through.
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { exams } from '../../../src/modules/exams/schema.ts';
import { users } from '../../../src/modules/identity/schema.ts';
import { mailOutbox } from '../../../src/platform/schema.ts';
import { makeUser, TEST_PASSWORD, useTestApp } from '../../../src/testing/harness.ts';

const t = useTestApp();

const rows = async (table: typeof users | typeof exams | typeof mailOutbox) =>
  (await t.db.select({ n: count() }).from(table))[0].n;

const deepJson = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;

describe('input guard', () => {
  it('refuses a NUL in a signup field with a localised 400 and creates no account and no mail', async () => {
    const before = { users: await rows(users), mail: await rows(mailOutbox) };
    const client = t.client();
    const zh = await client.post('/signup', {
      email: 'nul@example.test',
      displayName: 'a\u0000b',
      password: TEST_PASSWORD,
    });
    expect(zh.status).toBe(400);
    expect(await zh.text()).toContain('“displayName”中含有不允许的控制字符');
    const en = await client.post(
      '/signup',
      { email: 'nul@example.test', displayName: 'ok', password: `${TEST_PASSWORD}\u0001` },
      { 'accept-language': 'en' },
    );
    expect(en.status).toBe(400);
    expect(await en.text()).toContain('The field “password” contains a control character');
    expect({ users: await rows(users), mail: await rows(mailOutbox) }).toEqual(before);
  });

  it('refuses malformed and NUL-carrying multipart on the profile and leaves the profile as it was', async () => {
    const u = await makeUser(t.db, { name: '原名' });
    const client = t.client();
    await client.logIn(u.email);
    const garbage = await client.request('/profile', {
      method: 'POST',
      body: '--xyz\r\nbroken',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).toContain('表单数据格式有误');
    const form = new FormData();
    form.set('displayName', '新名');
    form.set('bio', 'x\u0000y');
    const nul = await client.postMultipart('/profile', form);
    expect(nul.status).toBe(400);
    const [row] = await t.db.select().from(users).where(eq(users.id, u.id));
    expect({ displayName: row.displayName, bio: row.bio }).toEqual({ displayName: '原名', bio: '' });
  });

  it('keeps TAB, CR and LF legal in form text', async () => {
    const u = await makeUser(t.db);
    const client = t.client();
    await client.logIn(u.email);
    const res = await client.post('/profile', {
      displayName: '新名',
      bio: '第一行\r\n\t第二行',
      affiliation: '',
      links: '',
    });
    expect(res.status).toBe(303);
    const [row] = await t.db.select().from(users).where(eq(users.id, u.id));
    expect(row.bio).toContain('\t第二行');
    expect(row.bio).toContain('\n');
  });

  it('refuses a NUL in an exam title and creates no exam', async () => {
    const teacher = await makeUser(t.db, { roles: ['teacher'] });
    const client = t.client();
    await client.logIn(teacher.email);
    const before = await rows(exams);
    const res = await client.post('/exams', { title: '考试\u0000', status: 'draft', passPercent: '60' });
    expect(res.status).toBe(400);
    expect(await rows(exams)).toBe(before);
  });

  it('answers broken JSON on the API and the exam autosave with the typed JSON error', async () => {
    const client = t.client();
    const post = (path: string, body: string, type = 'application/json') =>
      client.request(path, { method: 'POST', body, headers: { 'content-type': type } });
    for (const [path, body, type] of [
      ['/api/v1/verify', '{', undefined],
      ['/api/v1/verify', '', undefined],
      ['/api/v1/verify', deepJson, undefined],
      ['/api/v1/verify', '{"credential":{"name":"\\u0000"}}', undefined],
      // The autosave reads its body whatever the content type says.
      [
        '/exams/attempts/00000000-0000-4000-8000-000000000009/answers',
        '{"answers":[{"slot":1,"seq":1,"response":"\\ud800"}]}',
        'text/plain',
      ],
    ] as const) {
      const res = await post(path, body, type);
      expect(res.status, `${path} ${body.slice(0, 20)}`).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_INPUT');
    }
    const url = await client.get('/api/v1/organizations/%00', { 'accept-language': 'en' });
    expect(url.status).toBe(400);
    expect(await url.json()).toEqual({
      error: {
        code: 'INVALID_INPUT',
        message:
          'The request contains a control character (such as NUL) that is not allowed. Please remove it and try again.',
      },
    });
  });

  it('answers a NUL or a bad escape in a path or query with 400, and clamps an absurd page', async () => {
    const admin = await makeUser(t.db, { roles: ['platform_admin'] });
    const client = t.client();
    await client.logIn(admin.email);
    for (const path of [
      '/orgs/%00',
      '/files/%00',
      '/learn/courses/%ZZ',
      '/questions?q=%00',
      '/admin/audit?action=%00',
    ])
      expect((await client.get(path)).status, path).toBe(400);
    expect((await client.get('/questions?page=99999999999999999999')).status).toBe(200);
    expect((await client.get('/admin/users?page=99999999999999999999')).status).toBe(200);
  });

  it('signs in with CR/LF in `next` and lands on a page of the site, not on a 400 or 500', async () => {
    const u = await makeUser(t.db);
    const res = await t
      .client()
      .post('/login', { email: u.email, password: TEST_PASSWORD, next: '/\r\n/evil.example' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/[^/\\]/);
    expect(res.headers.get('location')).not.toContain('evil');
  });
});
