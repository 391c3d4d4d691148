import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queueMail } from '../../platform/mail.ts';
import { auditLog, jobs, mailOutbox } from '../../platform/schema.ts';
import { lastMailTo, makeOrg, makeUser, type TestClient, useTestApp } from '../../testing/harness.ts';
import { userRoles, users } from '../identity/schema.ts';

// TRUST_PROXY lets a test choose the client IP with X-Forwarded-For; requests without it are 127.0.0.1.
const t = useTestApp({ env: { TRUST_PROXY: 'true' } });

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** The body rows of `<table id=…>`: each row's data-id and its cells as plain text. */
function tableRows(html: string, id: string): Array<{ id: string; cells: string[] }> {
  const table = html.match(new RegExp(`<table id="${id}">([\\s\\S]*?)</table>`));
  if (!table) return [];
  const body = table[1].match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? '';
  return [...body.matchAll(/<tr data-id="([^"]*)"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => ({
    id: m[1],
    cells: [...m[2].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) =>
      decode(c[1].replace(/<br\s*\/?>/g, ' | ').replace(/<[^>]+>/g, ''))
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  }));
}

const ids = (html: string, table: string) => tableRows(html, table).map((r) => r.id);

/** The href of the pager link with the given rel, decoded. */
function pagerLink(html: string, rel: 'prev' | 'next'): string | undefined {
  const m = html.match(new RegExp(`<a href="([^"]*)" rel="${rel}"`));
  return m ? decode(m[1]) : undefined;
}

/** Independent of the code under test: UTC+8, `YYYY-MM-DD HH:MM:SS`. */
const shanghai = (d: Date) =>
  new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

async function adminClient(): Promise<{ browser: TestClient; id: string; email: string }> {
  const admin = await makeUser(t.db, {
    roles: ['platform_admin'],
    email: 'admin@gongjin.test',
    name: '管理员',
  });
  const browser = t.client();
  await browser.logIn(admin.email);
  return { browser, id: admin.id, email: admin.email };
}

async function get(browser: TestClient, path: string, status = 200): Promise<string> {
  const res = await browser.get(path);
  const html = await res.text();
  expect(res.status, html).toBe(status);
  return html;
}

describe('GET /admin', () => {
  it('shows counts of people, organisations, queued and failed mails and failed jobs', async () => {
    const { browser, id } = await adminClient();
    const teacher = await makeUser(t.db, { roles: ['teacher'] });
    await makeOrg(t.db, teacher.id);
    await makeOrg(t.db, id);
    await queueMail(t.db, { to: 'a@example.cn', subject: 'A', text: 'a', template: 'test.a' });
    await queueMail(t.db, { to: 'b@example.cn', subject: 'B', text: 'b', template: 'test.b' });
    await t.db.update(mailOutbox).set({ status: 'failed' }).where(eq(mailOutbox.to, 'b@example.cn'));
    await t.db.insert(jobs).values([
      { kind: 'x', status: 'failed' },
      { kind: 'x', status: 'failed' },
      { kind: 'x', status: 'done' },
    ]);

    const html = await get(browser, '/admin');
    const count = (name: string) => html.match(new RegExp(`data-testid="count-${name}">(\\d+)<`))?.[1];
    expect({
      people: count('people'),
      organizations: count('organizations'),
      mailsQueued: count('mails-queued'),
      mailsFailed: count('mails-failed'),
      jobsFailed: count('jobs-failed'),
    }).toEqual({ people: '2', organizations: '2', mailsQueued: '1', mailsFailed: '1', jobsFailed: '2' });
    expect(html).toContain('<a href="/admin/audit">审计日志</a>');
    expect(html).toContain('<a href="/admin/outbox?status=failed">发送失败的邮件</a>');
    expect(html).toContain('<a href="/admin/users">成员与角色</a>');
  });

  it('speaks English when asked', async () => {
    const { browser } = await adminClient();
    const res = await browser.get('/admin/audit', { 'accept-language': 'en' });
    // The admin has no saved locale, so the header decides.
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Audit log</h1>');
    expect(html).toContain('<th scope="col">Time (Beijing, UTC+8)</th>');
  });
});

describe('guards', () => {
  it('answers 401 to anonymous visitors and 403 to a teacher on every admin route, changing nothing', async () => {
    const teacher = await makeUser(t.db, { roles: ['teacher'] });
    const mailId = await queueMail(t.db, { to: 'x@example.cn', subject: 'S', text: 'secret', template: 't' });
    const auditBefore = await t.db.select().from(auditLog);
    const anonymous = t.client();
    const teacherBrowser = t.client();
    await teacherBrowser.logIn(teacher.email);
    const auditAfterLogin = await t.db.select().from(auditLog);
    expect(auditAfterLogin).toHaveLength(auditBefore.length + 1);

    const paths = ['/admin', '/admin/audit', '/admin/outbox', `/admin/outbox/${mailId}`, '/admin/users'];
    for (const path of paths) {
      const anon = await anonymous.get(path);
      expect(anon.status, path).toBe(401);
      expect(await anon.text()).toContain('请先登录。');
      const denied = await teacherBrowser.get(path);
      expect(denied.status, path).toBe(403);
      const body = await denied.text();
      expect(body).toContain('你没有权限执行此操作。');
      expect(body).not.toContain('secret');
    }
    const post = `/admin/users/${teacher.id}/roles`;
    expect((await anonymous.post(post, { role: 'platform_admin', granted: 'true' })).status).toBe(401);
    expect((await teacherBrowser.post(post, { role: 'platform_admin', granted: 'true' })).status).toBe(403);
    expect(
      (
        await t.db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, teacher.id))
      ).map((r) => r.role),
    ).toEqual(['teacher']);
    expect(await t.db.select().from(auditLog)).toEqual(auditAfterLogin);
  });
});

describe('GET /admin/audit', () => {
  it('shows a sign-up with the person, action, target, time, IP and data, newest first', async () => {
    const signup = await t
      .client()
      .post(
        '/signup',
        { email: 'Xiao.Ming@Example.cn', displayName: '小明', password: 'pa55word!' },
        { 'x-forwarded-for': '203.0.113.9' },
      );
    expect(signup.status).toBe(200);
    const { browser, id: adminId } = await adminClient();
    const [xiaoming] = await t.db.select().from(users).where(eq(users.email, 'Xiao.Ming@Example.cn'));
    const entries = await t.db.select().from(auditLog).orderBy(asc(auditLog.id));
    expect(entries.map((e) => e.action)).toEqual([
      'account.signed_up',
      'account.created_by_cli',
      'account.logged_in',
    ]);

    const html = await get(browser, '/admin/audit');
    expect(tableRows(html, 'audit-log')).toEqual([
      {
        id: String(entries[2].id),
        cells: [
          shanghai(entries[2].createdAt),
          '管理员 | admin@gongjin.test',
          'account.logged_in',
          `user ${adminId}`,
          '127.0.0.1',
          '',
        ],
      },
      {
        id: String(entries[1].id),
        cells: [
          shanghai(entries[1].createdAt),
          '系统',
          'account.created_by_cli',
          `user ${adminId}`,
          '—',
          '{"roles":["platform_admin"]}',
        ],
      },
      {
        id: String(entries[0].id),
        cells: [
          shanghai(entries[0].createdAt),
          '小明 | Xiao.Ming@Example.cn',
          'account.signed_up',
          `user ${xiaoming.id}`,
          '203.0.113.9',
          '',
        ],
      },
    ]);
    expect(html).toContain(`<time datetime="${entries[0].createdAt.toISOString()}">`);
    expect(pagerLink(html, 'next')).toBeUndefined();
    expect(pagerLink(html, 'prev')).toBeUndefined();
  });

  it('narrows by actor email, action (exact or prefix), target and Shanghai-time date range', async () => {
    const { browser } = await adminClient();
    const alice = await makeUser(t.db, { email: 'Alice@Example.cn', name: '爱丽丝' });
    const bob = await makeUser(t.db, { email: 'bob@example.cn', name: '鲍勃' });
    const [r1, r2, r3, r4] = await t.db
      .insert(auditLog)
      .values([
        // 2024-05-01 23:59:59 in Shanghai
        {
          actorId: alice.id,
          action: 'account.logged_in',
          targetType: 'user',
          targetId: alice.id,
          createdAt: new Date('2024-05-01T15:59:59Z'),
        },
        // 2024-05-02 00:00:00 in Shanghai
        {
          actorId: bob.id,
          action: 'account.logged_in',
          targetType: 'user',
          targetId: bob.id,
          createdAt: new Date('2024-05-01T16:00:00Z'),
        },
        {
          actorId: alice.id,
          action: 'organization.created',
          targetType: 'organization',
          targetId: 'org-1',
          data: { slug: 'org-1' },
          createdAt: new Date('2024-05-03T02:00:00Z'),
        },
        {
          action: 'account.login_failed',
          targetType: 'email',
          targetId: 'nobody@example.cn',
          ip: '198.51.100.4',
          createdAt: new Date('2024-05-02T10:00:00Z'),
        },
      ])
      .returning({ id: auditLog.id });
    const id = (r: { id: number }) => String(r.id);

    expect(ids(await get(browser, '/admin/audit?actor=ALICE%40example.cn'), 'audit-log')).toEqual([
      id(r3),
      id(r1),
    ]);
    expect(ids(await get(browser, '/admin/audit?action=account.&to=2024-12-31'), 'audit-log')).toEqual([
      id(r4),
      id(r2),
      id(r1),
    ]);
    expect(
      ids(
        await get(browser, '/admin/audit?action=account.logged_in&from=2024-05-02&to=2024-05-02'),
        'audit-log',
      ),
    ).toEqual([id(r2)]);
    expect(ids(await get(browser, '/admin/audit?from=2024-05-01&to=2024-05-01'), 'audit-log')).toEqual([
      id(r1),
    ]);
    expect(
      ids(await get(browser, '/admin/audit?targetType=organization&targetId=org-1'), 'audit-log'),
    ).toEqual([id(r3)]);
    const failed = tableRows(await get(browser, '/admin/audit?targetType=email'), 'audit-log');
    expect(failed).toEqual([
      {
        id: id(r4),
        cells: [
          '2024-05-02 18:00:00',
          '系统',
          'account.login_failed',
          'email nobody@example.cn',
          '198.51.100.4',
          '',
        ],
      },
    ]);
    // Without the trailing dot the action is matched exactly.
    const none = await get(browser, '/admin/audit?action=account');
    expect(ids(none, 'audit-log')).toEqual([]);
    expect(none).toContain('没有符合条件的记录。');
    // The filters are kept in the form.
    expect(await get(browser, '/admin/audit?action=account.&to=2024-12-31')).toContain(
      '<input id="f-action" name="action" aria-describedby="f-action-hint" type="text" value="account."/>',
    );
  });

  it('re-renders with a field error (400) for a bad date or an inverted range', async () => {
    const { browser } = await adminClient();
    const bad = await get(browser, '/admin/audit?from=2024-02-30&action=account.', 400);
    expect(bad).toContain('<p class="error" id="f-from-error">请输入有效日期（YYYY-MM-DD）。</p>');
    expect(bad).toContain('aria-invalid="true"');
    expect(bad).toContain('value="account."');
    expect(bad).not.toContain('<table id="audit-log">');

    const garbage = await get(browser, '/admin/audit?to=yesterday', 400);
    expect(garbage).toContain('<p class="error" id="f-to-error">请输入有效日期（YYYY-MM-DD）。</p>');

    const inverted = await get(browser, '/admin/audit?from=2024-05-02&to=2024-05-01', 400);
    expect(inverted).toContain('<p class="error" id="f-to-error">结束日期不能早于开始日期。</p>');

    const cursor = await get(browser, '/admin/audit?before=abc', 400);
    expect(cursor).toContain('请修改标出的字段后再提交。');
  });

  it('pages 50 at a time, newest first, and the next/previous links keep the filters', async () => {
    const { browser } = await adminClient();
    const rows = Array.from({ length: 120 }, (_, i) => ({
      action: i % 3 === 0 ? 'other.noise' : 'bulk.item',
      targetType: 'item',
      targetId: String(i),
    }));
    rows.push(
      ...Array.from({ length: 60 }, (_, i) => ({
        action: 'bulk.item',
        targetType: 'item',
        targetId: `x${i}`,
      })),
    );
    await t.db.insert(auditLog).values(rows);
    const bulk = (
      await t.db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'bulk.item'), eq(auditLog.targetType, 'item')))
    )
      .map((r) => String(r.id))
      .reverse();
    expect(bulk).toHaveLength(140);

    const page1 = await get(browser, '/admin/audit?action=bulk.&targetType=item');
    expect(ids(page1, 'audit-log')).toEqual(bulk.slice(0, 50));
    expect(pagerLink(page1, 'prev')).toBeUndefined();
    const next1 = pagerLink(page1, 'next')!;
    expect(next1).toBe(`/admin/audit?action=bulk.&targetType=item&before=${bulk[49]}`);

    const page2 = await get(browser, next1);
    expect(ids(page2, 'audit-log')).toEqual(bulk.slice(50, 100));
    const next2 = pagerLink(page2, 'next')!;
    expect(next2).toBe(`/admin/audit?action=bulk.&targetType=item&before=${bulk[99]}`);

    const page3 = await get(browser, next2);
    expect(ids(page3, 'audit-log')).toEqual(bulk.slice(100));
    expect(pagerLink(page3, 'next')).toBeUndefined();
    const prev3 = pagerLink(page3, 'prev')!;
    expect(prev3).toBe(`/admin/audit?action=bulk.&targetType=item&after=${bulk[100]}`);

    const back = await get(browser, prev3);
    expect(ids(back, 'audit-log')).toEqual(bulk.slice(50, 100));
    const prevBack = pagerLink(back, 'prev')!;
    expect(ids(await get(browser, prevBack), 'audit-log')).toEqual(bulk.slice(0, 50));
  });
});

describe('GET /admin/outbox', () => {
  it('lists every mail with filters and shows one message in full, escaped', async () => {
    await t
      .client()
      .post('/signup', { email: 'xiao.ming@example.cn', displayName: '小明', password: 'pa55word!' });
    const { browser } = await adminClient();
    expect(await t.runJobs()).toBe(1);
    const confirmation = await lastMailTo(t.db, 'xiao.ming@example.cn');
    expect(confirmation.status).toBe('stored');
    const otherId = await queueMail(t.db, {
      to: 'li.lei@example.cn',
      subject: '测试 <b>主题</b>',
      text: '第一行\n<script>alert("x")</script> & \'引号\'',
      template: 'test.note',
    });
    const other = (await t.db.select().from(mailOutbox).where(eq(mailOutbox.id, otherId)))[0];

    const html = await get(browser, '/admin/outbox');
    expect(tableRows(html, 'outbox')).toEqual([
      {
        id: otherId,
        cells: [
          'li.lei@example.cn',
          '测试 <b>主题</b>',
          'test.note',
          '待发送',
          shanghai(other.createdAt),
          '—',
          '',
        ],
      },
      {
        id: confirmation.id,
        cells: [
          'xiao.ming@example.cn',
          '请确认你的共进账号邮箱',
          // The kind in words, not its catalogue key (an unknown kind, test.note above, keeps its key).
          '邮箱确认',
          '已存档（未配置 SMTP）',
          shanghai(confirmation.createdAt),
          '—',
          '',
        ],
      },
    ]);
    expect(html).not.toContain('<b>主题</b>');

    expect(ids(await get(browser, '/admin/outbox?to=MING'), 'outbox')).toEqual([confirmation.id]);
    expect(ids(await get(browser, '/admin/outbox?template=test.note'), 'outbox')).toEqual([otherId]);
    expect(ids(await get(browser, '/admin/outbox?status=stored'), 'outbox')).toEqual([confirmation.id]);
    expect(ids(await get(browser, '/admin/outbox?status=queued&to=ming'), 'outbox')).toEqual([]);
    const badStatus = await get(browser, '/admin/outbox?status=lost', 400);
    expect(badStatus).toContain('<p class="error" id="f-status-error">格式不正确。</p>');

    const detail = await get(browser, `/admin/outbox/${confirmation.id}`);
    expect(detail).toContain(`<pre class="mail-text" id="mail-text">${escapeHtml(confirmation.text)}</pre>`);
    expect(confirmation.text).toContain('小明，你好！');
    expect(confirmation.text).toContain('http://gongjin.test/confirm-email?token=');

    const escaped = await get(browser, `/admin/outbox/${otherId}`);
    expect(escaped).toContain(
      '<pre class="mail-text" id="mail-text">第一行\n&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;引号&#39;</pre>',
    );
    expect(escaped).not.toContain('<script>alert');
  });

  it('answers 404 for an unknown id and for a string that is not a uuid', async () => {
    const { browser } = await adminClient();
    await queueMail(t.db, { to: 'a@example.cn', subject: 'A', text: 'a', template: 'test.a' });
    expect((await browser.get('/admin/outbox/5d6f7a1e-8c1b-4f0e-9a43-2b7d3c9e1f00')).status).toBe(404);
    const notUuid = await browser.get('/admin/outbox/not-a-uuid');
    expect(notUuid.status).toBe(404);
    expect(await notUuid.text()).toContain('找不到你要的页面或内容。');
  });

  it('pages 50 at a time and keeps the filters', async () => {
    const { browser } = await adminClient();
    for (let i = 0; i < 55; i++) {
      await queueMail(t.db, { to: `p${i}@example.cn`, subject: `S${i}`, text: 't', template: 'test.page' });
    }
    await queueMail(t.db, { to: 'other@example.cn', subject: 'O', text: 't', template: 'test.other' });
    const page1 = await get(browser, '/admin/outbox?template=test.page');
    expect(tableRows(page1, 'outbox')).toHaveLength(50);
    expect(pagerLink(page1, 'next')).toBe('/admin/outbox?template=test.page&page=2');
    const page2 = await get(browser, '/admin/outbox?template=test.page&page=2');
    expect(tableRows(page2, 'outbox')).toHaveLength(5);
    expect(pagerLink(page2, 'prev')).toBe('/admin/outbox?template=test.page&page=1');
    expect(pagerLink(page2, 'next')).toBeUndefined();
    const all = new Set([...ids(page1, 'outbox'), ...ids(page2, 'outbox')]);
    expect(all.size).toBe(55);
  });
});

describe('GET /admin/users and POST /admin/users/:id/roles', () => {
  const rolesOf = async (userId: string) =>
    (await t.db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)))
      .map((r) => r.role)
      .sort();

  it('searches people by email or name and lists their roles and organisations', async () => {
    const { browser } = await adminClient();
    const wang = await makeUser(t.db, {
      email: 'wang.fang@example.cn',
      name: '王芳',
      roles: ['teacher', 'judge'],
    });
    await makeOrg(t.db, wang.id);
    await makeOrg(t.db, wang.id);
    await makeUser(t.db, { email: 'zhao.lei@example.cn', name: '赵磊', verified: false });
    const [wangRow] = await t.db.select().from(users).where(eq(users.id, wang.id));

    const byName = await get(browser, '/admin/users?q=%E7%8E%8B');
    expect(tableRows(byName, 'users').map((r) => ({ id: r.id, cells: r.cells.slice(0, 6) }))).toEqual([
      {
        id: wang.id,
        cells: ['王芳', 'wang.fang@example.cn', '是', '教师评委', '2', shanghai(wangRow.createdAt)],
      },
    ]);
    const byEmail = tableRows(await get(browser, '/admin/users?q=ZHAO'), 'users');
    expect(byEmail.map((r) => r.cells.slice(0, 5))).toEqual([
      ['赵磊', 'zhao.lei@example.cn', '否', '无', '0'],
    ]);
    expect(ids(await get(browser, '/admin/users'), 'users')).toHaveLength(3);
  });

  it('grants and revokes a role, audits both and redirects back keeping the query', async () => {
    const { browser, id: adminId } = await adminClient();
    const wang = await makeUser(t.db, { email: 'wang.fang@example.cn', name: '王芳' });
    const page = await get(browser, '/admin/users?q=wang');
    expect(page).toContain(`action="/admin/users/${wang.id}/roles?q=wang"`);

    const grant = await browser.post(`/admin/users/${wang.id}/roles?q=wang`, {
      role: 'teacher',
      granted: 'true',
    });
    expect(grant.status).toBe(303);
    expect(grant.headers.get('location')).toBe('/admin/users?q=wang');
    expect(await rolesOf(wang.id)).toEqual(['teacher']);
    expect(tableRows(await get(browser, '/admin/users?q=wang'), 'users')[0].cells[3]).toBe('教师');

    const revoke = await browser.post(`/admin/users/${wang.id}/roles?q=wang&page=2`, {
      role: 'teacher',
      granted: 'false',
    });
    expect(revoke.status).toBe(303);
    expect(revoke.headers.get('location')).toBe('/admin/users?q=wang&page=2');
    expect(await rolesOf(wang.id)).toEqual([]);

    const entries = await t.db
      .select({
        actorId: auditLog.actorId,
        action: auditLog.action,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        data: auditLog.data,
        ip: auditLog.ip,
      })
      .from(auditLog)
      .where(eq(auditLog.targetId, wang.id))
      .orderBy(asc(auditLog.id));
    expect(entries.slice(1)).toEqual([
      {
        actorId: adminId,
        action: 'account.role_granted',
        targetType: 'user',
        targetId: wang.id,
        data: { role: 'teacher' },
        ip: '127.0.0.1',
      },
      {
        actorId: adminId,
        action: 'account.role_revoked',
        targetType: 'user',
        targetId: wang.id,
        data: { role: 'teacher' },
        ip: '127.0.0.1',
      },
    ]);
    expect(entries[0].action).toBe('account.created_by_cli');
  });

  it('refuses to let an admin revoke their own platform_admin role', async () => {
    const { browser, id: adminId } = await adminClient();
    const before = await t.db.select().from(auditLog);
    const res = await browser.post(`/admin/users/${adminId}/roles?q=admin`, {
      role: 'platform_admin',
      granted: 'false',
    });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain(
      '<p class="alert alert-error" role="alert" id="role-message">不能撤销自己的平台管理员角色。</p>',
    );
    expect(ids(html, 'users')).toEqual([adminId]);
    expect(await rolesOf(adminId)).toEqual(['platform_admin']);
    expect(await t.db.select().from(auditLog)).toEqual(before);
  });

  it('rejects an unknown role or flag with 400 and changes nothing; unknown people are 404', async () => {
    const { browser } = await adminClient();
    const wang = await makeUser(t.db, { email: 'wang.fang@example.cn', name: '王芳', roles: ['student'] });
    const before = await t.db.select().from(auditLog);

    const badRole = await browser.post(`/admin/users/${wang.id}/roles`, {
      role: 'superuser',
      granted: 'true',
    });
    expect(badRole.status).toBe(400);
    expect(await badRole.text()).toContain(
      '<p class="alert alert-error" role="alert" id="role-message">未知的角色，未做任何更改。</p>',
    );

    const empty = await browser.post(`/admin/users/${wang.id}/roles`, {});
    expect(empty.status).toBe(400);

    const badFlag = await browser.post(`/admin/users/${wang.id}/roles`, {
      role: 'student',
      granted: 'maybe',
    });
    expect(badFlag.status).toBe(400);
    expect(await badFlag.text()).toContain('提交的内容有误，请检查后重试。');

    expect(await rolesOf(wang.id)).toEqual(['student']);
    expect(await t.db.select().from(auditLog)).toEqual(before);

    const unknown = '5d6f7a1e-8c1b-4f0e-9a43-2b7d3c9e1f00';
    expect(
      (await browser.post(`/admin/users/${unknown}/roles`, { role: 'teacher', granted: 'true' })).status,
    ).toBe(404);
    expect((await browser.post('/admin/users/nope/roles', { role: 'teacher', granted: 'true' })).status).toBe(
      404,
    );
    expect(await t.db.select().from(auditLog)).toEqual(before);
  });
});
