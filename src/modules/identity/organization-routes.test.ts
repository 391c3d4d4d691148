import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, mailOutbox } from '../../platform/schema.ts';
import { lastMailTo, linkIn, makeOrg, makeUser, TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { saveAllianceTier } from './organizations.ts';
import { allianceMemberships, invitations, memberships, organizations } from './schema.ts';

const t = useTestApp();

const info = { publicUrl: TEST_PUBLIC_URL, ip: null, actorId: null };

async function signedIn(user: { email: string }) {
  const browser = t.client();
  await browser.logIn(user.email);
  return browser;
}

async function membersOf(orgId: string) {
  return t.db
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.role), asc(memberships.userId));
}

async function invitationsOf(orgId: string) {
  return t.db.select().from(invitations).where(eq(invitations.orgId, orgId));
}

async function allMail() {
  return t.db.select({ to: mailOutbox.to, subject: mailOutbox.subject }).from(mailOutbox);
}

/** The slugs listed on a directory page, in order. */
function listedSlugs(html: string): string[] {
  return [...html.matchAll(/data-slug="([^"]+)"/g)].map((m) => m[1]);
}

/** An org admin, a plain member, and an outsider with a confirmed account. */
async function orgWithPeople(overrides: Parameters<typeof makeOrg>[2] = {}) {
  const admin = await makeUser(t.db, { name: '林悦', email: 'lin.yue@example.cn' });
  const member = await makeUser(t.db, { name: '周成', email: 'zhou.cheng@example.cn' });
  const outsider = await makeUser(t.db, { name: '外人', email: 'outsider@example.cn' });
  const org = await makeOrg(t.db, admin.id, { slug: 'yunhai-db', nameZh: '云海数据库', ...overrides });
  await t.db.insert(memberships).values({ orgId: org.id, userId: member.id, role: 'member' });
  return { admin, member, outsider, org };
}

const validOrg = {
  nameZh: '云海数据库',
  nameEn: 'Yunhai DB',
  slug: 'yunhai-db',
  type: 'vendor',
  city: '杭州',
  website: 'https://yunhai.example.cn',
  description: '分布式数据库厂商。',
};

describe('creating an organisation', () => {
  it('lets a confirmed user create one and makes them its admin', async () => {
    const u = await makeUser(t.db, { name: '林悦' });
    const browser = await signedIn(u);
    expect((await browser.get('/orgs/new')).status).toBe(200);

    const res = await browser.post('/orgs', validOrg);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/orgs/yunhai-db');

    const [org] = await t.db.select().from(organizations);
    expect({
      slug: org.slug,
      nameZh: org.nameZh,
      nameEn: org.nameEn,
      type: org.type,
      city: org.city,
      website: org.website,
      description: org.description,
      createdBy: org.createdBy,
    }).toEqual({ ...validOrg, createdBy: u.id });
    expect(await membersOf(org.id)).toEqual([{ userId: u.id, role: 'admin' }]);
    const actions = await t.db
      .select({ action: auditLog.action, targetId: auditLog.targetId })
      .from(auditLog)
      .where(eq(auditLog.action, 'organization.created'));
    expect(actions).toEqual([{ action: 'organization.created', targetId: org.id }]);

    const page = await browser.get('/orgs/yunhai-db');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>云海数据库</h1>');
    expect(html).toContain('href="/orgs/yunhai-db/members"');
    expect(html).toContain('href="/orgs/yunhai-db/edit"');
    expect(html).toContain('<li>林悦 <span class="badge">管理员</span></li>');
  });

  it('re-renders the form with field errors for malformed input, and creates nothing', async () => {
    const browser = await signedIn(await makeUser(t.db));
    const res = await browser.post('/orgs', {
      ...validOrg,
      nameZh: '  ',
      slug: 'Bad Slug',
      type: 'bank',
      website: 'ftp://x.cn',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('请修改标出的字段后再提交。');
    expect(html).toContain('<p class="error" id="f-nameZh-error">必填。</p>');
    expect(html).toContain(
      '<p class="error" id="f-slug-error">只能包含小写字母、数字和连字符，3–40 个字符。</p>',
    );
    expect(html).toContain('<p class="error" id="f-type-error">格式不正确。</p>');
    expect(html).toContain(
      '<p class="error" id="f-website-error">请输入以 http:// 或 https:// 开头的网址。</p>',
    );
    expect(html).toContain('value="Bad Slug"');

    const reserved = await browser.post('/orgs', { ...validOrg, slug: 'new' });
    expect(reserved.status).toBe(400);
    expect(await reserved.text()).toContain(
      '<p class="error" id="f-slug-error">该短名称为系统保留，请换一个。</p>',
    );
    expect(await t.db.select().from(organizations)).toEqual([]);
  });

  it('refuses a slug that is taken (409) and leaves the existing organisation alone', async () => {
    const first = await makeUser(t.db);
    await makeOrg(t.db, first.id, { slug: 'yunhai-db', nameZh: '原来的单位' });
    const second = await makeUser(t.db);
    const res = await (await signedIn(second)).post('/orgs', validOrg);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('<p class="error" id="f-slug-error">该短名称已被占用，请换一个。</p>');
    expect(html).toContain('aria-invalid="true"');
    const rows = await t.db
      .select({ nameZh: organizations.nameZh, createdBy: organizations.createdBy })
      .from(organizations);
    expect(rows).toEqual([{ nameZh: '原来的单位', createdBy: first.id }]);
    expect(await t.db.select().from(memberships).where(eq(memberships.userId, second.id))).toEqual([]);
  });

  it('needs a confirmed email (403) and a session (401)', async () => {
    const unconfirmed = await makeUser(t.db, { verified: false });
    const browser = await signedIn(unconfirmed);
    expect((await browser.get('/orgs/new')).status).toBe(403);
    const forbidden = await browser.post('/orgs', validOrg);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain('你没有权限执行此操作。');
    // The directory explains instead of offering a link that would fail.
    const directory = await (await browser.get('/orgs')).text();
    expect(directory).not.toContain('href="/orgs/new"');
    expect(directory).toContain('确认邮箱后即可创建单位');

    const anonymous = t.client();
    expect((await anonymous.get('/orgs/new')).status).toBe(401);
    const unauth = await anonymous.post('/orgs', validOrg);
    expect(unauth.status).toBe(401);
    expect(await unauth.text()).toContain('href="/login?next=%2Forgs"');
    expect(await t.db.select().from(organizations)).toEqual([]);
  });
});

describe('directory and public profile', () => {
  it('lists organisations with type, city and active tier, filtered by type in the URL', async () => {
    const u = await makeUser(t.db);
    await saveAllianceTier(
      t.db,
      { slug: 'council', nameZh: '理事单位', nameEn: 'Council member', rank: 1 },
      info,
    );
    const vendor = await makeOrg(t.db, u.id, { slug: 'b-vendor', nameZh: '乙厂商', nameEn: 'B Vendor' });
    await makeOrg(t.db, u.id, {
      slug: 'a-school',
      nameZh: '甲大学',
      nameEn: '',
      type: 'school',
      city: '上海',
    });
    const suspended = await makeOrg(t.db, u.id, { slug: 'c-vendor', nameZh: '丙厂商', nameEn: 'C Vendor' });
    await t.db.insert(allianceMemberships).values([
      { orgId: vendor.id, tierSlug: 'council', joinedOn: '2024-03-01', status: 'active' },
      { orgId: suspended.id, tierSlug: 'council', joinedOn: '2023-01-01', status: 'suspended' },
    ]);

    const anonymous = t.client();
    const all = await anonymous.get('/orgs');
    expect(all.status).toBe(200);
    const html = await all.text();
    // Active alliance members first, then the rest by slug.
    expect(listedSlugs(html)).toEqual(['b-vendor', 'a-school', 'c-vendor']);
    expect(html).toContain(
      '<li class="card" data-slug="b-vendor"><a href="/orgs/b-vendor"><strong>乙厂商</strong></a><br/><span class="muted">数据库厂商</span><br/><span class="muted">杭州</span><br/><span class="badge">理事单位</span></li>',
    );
    expect(html).toContain(
      '<li class="card" data-slug="c-vendor"><a href="/orgs/c-vendor"><strong>丙厂商</strong></a><br/><span class="muted">数据库厂商</span><br/><span class="muted">杭州</span></li>',
    );
    expect(html).not.toContain('href="/orgs/new"');

    const schools = await (await anonymous.get('/orgs?type=school')).text();
    expect(listedSlugs(schools)).toEqual(['a-school']);
    expect(schools).toContain(
      '<a href="/orgs?type=school" hx-get="/orgs?type=school" hx-target="#org-results" hx-swap="outerHTML" hx-push-url="true" aria-current="page" class="badge">高校</a>',
    );

    const none = await (await anonymous.get('/orgs?type=issuing_body')).text();
    expect(listedSlugs(none)).toEqual([]);
    expect(none).toContain('这一类型下还没有单位。');

    // An unknown type is no filter at all.
    expect(listedSlugs(await (await anonymous.get('/orgs?type=bank')).text())).toEqual([
      'b-vendor',
      'a-school',
      'c-vendor',
    ]);

    const english = await (await anonymous.get('/orgs', { 'accept-language': 'en' })).text();
    expect(english).toContain('<strong>B Vendor</strong>');
    expect(english).toContain('<strong>甲大学</strong>'); // no English name: the Chinese one
    expect(english).toContain('<span class="badge">Council member</span>');
    expect(english).toContain('<span class="muted">University</span>');

    const signedInHtml = await (await (await signedIn(u)).get('/orgs')).text();
    expect(signedInHtml).toContain('<a class="button button-primary" href="/orgs/new">创建单位</a>');
  });

  it('shows the public profile with escaped text, a nofollow website and the alliance record', async () => {
    const { org } = await orgWithPeople({
      nameEn: 'Yunhai DB',
      website: 'https://yunhai.example.cn',
      description: '第一段<script>alert(1)</script>\n第二行\n\n新段落',
    });
    await saveAllianceTier(t.db, { slug: 'member', nameZh: '会员单位', nameEn: 'Member', rank: 2 }, info);
    await t.db
      .insert(allianceMemberships)
      .values({ orgId: org.id, tierSlug: 'member', joinedOn: '2024-05-20', status: 'suspended' });

    const res = await t.client().get('/orgs/yunhai-db');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>云海数据库 · 共进</title>');
    expect(html).toContain('<p class="muted" lang="en">Yunhai DB</p>');
    expect(html).toContain(
      '<a href="https://yunhai.example.cn" rel="noopener nofollow">https://yunhai.example.cn</a>',
    );
    expect(html).toContain('<p>第一段&lt;script&gt;alert(1)&lt;/script&gt;<br/>第二行</p><p>新段落</p>');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain(
      '<dl><dt>会员级别</dt><dd>会员单位</dd><dt>入盟日期</dt><dd>2024-05-20</dd><dt>状态</dt><dd>暂停</dd></dl>',
    );

    const en = await (await t.client().get('/orgs/yunhai-db', { 'accept-language': 'en' })).text();
    expect(en).toContain('<h1>Yunhai DB</h1>');
    expect(en).toContain('<dd>Member</dd>');
    expect(en).toContain('<dd>Suspended</dd>');
  });

  it('shows the member list on the profile only to members and platform admins', async () => {
    const { member, outsider } = await orgWithPeople();
    const platformAdmin = await makeUser(t.db, { roles: ['platform_admin'] });
    const list =
      '<ul data-testid="member-list"><li>林悦 <span class="badge">管理员</span></li><li>周成 <span class="badge">成员</span></li></ul>';

    for (const browser of [t.client(), await signedIn(outsider)]) {
      const html = await (await browser.get('/orgs/yunhai-db')).text();
      expect(html).not.toContain('member-list');
      expect(html).not.toContain('林悦');
      expect(html).not.toContain('周成');
    }
    for (const who of [member, platformAdmin]) {
      const html = await (await (await signedIn(who)).get('/orgs/yunhai-db')).text();
      expect(html).toContain(list);
    }
  });

  it('answers 404 for an unknown slug', async () => {
    const res = await t.client().get('/orgs/no-such-org');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<p>该单位不存在。</p>');
  });
});

describe('editing an organisation', () => {
  it('lets its admin edit the profile (not the slug); others get 403 and nothing changes', async () => {
    const { admin, member, org } = await orgWithPeople();
    const edit = { ...validOrg, nameZh: '云海数据库（新）', city: '北京', slug: 'other-slug' };

    const memberBrowser = await signedIn(member);
    expect((await memberBrowser.get('/orgs/yunhai-db/edit')).status).toBe(403);
    expect((await memberBrowser.post('/orgs/yunhai-db/edit', edit)).status).toBe(403);
    expect((await t.client().post('/orgs/yunhai-db/edit', edit)).status).toBe(401);
    const [unchanged] = await t.db.select().from(organizations);
    expect(unchanged.nameZh).toBe('云海数据库');

    const browser = await signedIn(admin);
    const form = await browser.get('/orgs/yunhai-db/edit');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('value="云海数据库"');

    const bad = await browser.post('/orgs/yunhai-db/edit', { ...edit, website: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(
      '<p class="error" id="f-website-error">请输入以 http:// 或 https:// 开头的网址。</p>',
    );

    const res = await browser.post('/orgs/yunhai-db/edit', edit);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/orgs/yunhai-db?saved=1');
    const [row] = await t.db.select().from(organizations).where(eq(organizations.id, org.id));
    expect({ slug: row.slug, nameZh: row.nameZh, city: row.city, website: row.website }).toEqual({
      slug: 'yunhai-db',
      nameZh: '云海数据库（新）',
      city: '北京',
      website: 'https://yunhai.example.cn',
    });
    expect((await t.client().get('/orgs/yunhai-db')).status).toBe(200);
    expect(await (await t.client().get('/orgs')).text()).toContain('<strong>云海数据库（新）</strong>');
  });

  it('edits the Chinese and English descriptions (field errors, audit of what changed); the profile shows the reader’s language', async () => {
    // Task wall (ADR 0020): organisations are described in Chinese and English.
    const { admin, org } = await orgWithPeople({ description: '分布式数据库厂商。' });
    const browser = await signedIn(admin);
    const form = await (await browser.get('/orgs/yunhai-db/edit')).text();
    expect(form).toContain('name="descriptionEn"');
    expect(form).toContain('英文简介');

    const tooLong = await browser.post('/orgs/yunhai-db/edit', {
      ...validOrg,
      descriptionEn: 'x'.repeat(2001),
    });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('id="f-descriptionEn-error"');
    const [unchanged] = await t.db.select().from(organizations).where(eq(organizations.id, org.id));
    expect(unchanged.descriptionEn).toBe('');

    const res = await browser.post('/orgs/yunhai-db/edit', {
      ...validOrg,
      descriptionEn: 'A distributed database vendor.',
    });
    expect(res.status).toBe(303);
    const [row] = await t.db.select().from(organizations).where(eq(organizations.id, org.id));
    expect([row.description, row.descriptionEn]).toEqual([
      '分布式数据库厂商。',
      'A distributed database vendor.',
    ]);
    const [entry] = await t.db
      .select({ data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'organization.updated'), eq(auditLog.targetId, org.id)));
    expect(entry.data).toEqual({ changed: ['nameEn', 'website', 'descriptionEn'] });

    expect(await (await t.client().get('/orgs/yunhai-db')).text()).toContain('<p>分布式数据库厂商。</p>');
    const en = await (await t.client().get('/orgs/yunhai-db', { 'accept-language': 'en' })).text();
    expect(en).toContain('<p>A distributed database vendor.</p>');
    expect(en).not.toContain('分布式数据库厂商。');

    // An empty description in the reader's language falls back to the other one.
    await browser.post('/orgs/yunhai-db/edit', {
      ...validOrg,
      description: '',
      descriptionEn: 'Only English.',
    });
    expect(await (await t.client().get('/orgs/yunhai-db')).text()).toContain('<p>Only English.</p>');
  });

  it('keeps official accounts and channels as links, and refuses a non-web link', async () => {
    const { admin, org } = await orgWithPeople();
    const browser = await signedIn(admin);
    const bad = await browser.post('/orgs/yunhai-db/edit', {
      ...validOrg,
      links: '微信公众号 javascript:alert(1)',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(
      '<p class="error" id="f-links-error">请输入以 http:// 或 https:// 开头的网址。</p>',
    );
    const links = 'B站 https://space.bilibili.example/yunhai\nhttps://gitee.example/yunhai';
    expect((await browser.post('/orgs/yunhai-db/edit', { ...validOrg, links })).status).toBe(303);
    const [row] = await t.db.select().from(organizations).where(eq(organizations.id, org.id));
    expect(row.links).toEqual([
      { label: 'B站', url: 'https://space.bilibili.example/yunhai' },
      { label: 'gitee.example', url: 'https://gitee.example/yunhai' },
    ]);
    const page = await (await t.client().get('/orgs/yunhai-db')).text();
    expect(page).toContain('<a href="https://space.bilibili.example/yunhai" rel="noopener nofollow">B站</a>');
    expect((await browser.get('/orgs/yunhai-db/edit')).status).toBe(200);
    expect(await (await browser.get('/orgs/yunhai-db/edit')).text()).toContain(
      'B站 https://space.bilibili.example/yunhai\ngitee.example https://gitee.example/yunhai</textarea>',
    );
  });
});

describe('members page', () => {
  it('is visible to members (names, no emails), with management for admins; 403/401 for others', async () => {
    const { admin, member, outsider, org } = await orgWithPeople();
    await t.db.insert(invitations).values({
      orgId: org.id,
      email: 'pending@example.cn',
      role: 'member',
      tokenHash: 'x'.repeat(64),
      invitedBy: admin.id,
      expiresAt: new Date('2999-01-01T00:00:00Z'),
    });

    const forbidden = await (await signedIn(outsider)).get('/orgs/yunhai-db/members');
    expect(forbidden.status).toBe(403);
    const forbiddenHtml = await forbidden.text();
    expect(forbiddenHtml).not.toContain('周成');
    expect(forbiddenHtml).not.toContain('pending@example.cn');
    expect((await t.client().get('/orgs/yunhai-db/members')).status).toBe(401);

    const asMember = await (await signedIn(member)).get('/orgs/yunhai-db/members');
    expect(asMember.status).toBe(200);
    const memberHtml = await asMember.text();
    expect(memberHtml).toContain(`<tr data-user="${admin.id}"><td>林悦</td><td>管理员</td></tr>`);
    expect(memberHtml).toContain(
      `<tr data-user="${member.id}"><td>周成<span class="muted"> （你）</span></td><td>成员</td></tr>`,
    );
    expect(memberHtml).toContain('pending@example.cn');
    expect(memberHtml).not.toContain('lin.yue@example.cn');
    expect(memberHtml).not.toContain('action="/orgs/yunhai-db/invitations"');
    expect(memberHtml).not.toContain('/remove');

    const asAdmin = await (await signedIn(admin)).get('/orgs/yunhai-db/members');
    expect(asAdmin.status).toBe(200);
    const adminHtml = await asAdmin.text();
    expect(adminHtml).toContain('<td>zhou.cheng@example.cn</td>');
    expect(adminHtml).toContain('action="/orgs/yunhai-db/invitations"');
    expect(adminHtml).toContain(`action="/orgs/yunhai-db/members/${member.id}/remove"`);
    expect(adminHtml).toContain('name="_csrf"');
  });
});

describe('invitations', () => {
  it('invites by email, mails a link in the inviter’s language, and the invited person accepts it', async () => {
    const { admin, org } = await orgWithPeople();
    const adminBrowser = await signedIn(admin);
    const res = await adminBrowser.post('/orgs/yunhai-db/invitations', {
      email: ' New.Person@Example.cn ',
      role: 'admin',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/orgs/yunhai-db/members?done=invited');
    const page = await (await adminBrowser.get('/orgs/yunhai-db/members?done=invited')).text();
    expect(page).toContain('<p class="alert alert-success" role="status">邀请已发送。</p>');
    expect(page).toContain('new.person@example.cn <span class="badge">管理员</span>');

    const [inv] = await invitationsOf(org.id);
    expect({
      email: inv.email,
      role: inv.role,
      invitedBy: inv.invitedBy,
      acceptedAt: inv.acceptedAt,
    }).toEqual({
      email: 'new.person@example.cn',
      role: 'admin',
      invitedBy: admin.id,
      acceptedAt: null,
    });
    const mail = await lastMailTo(t.db, 'new.person@example.cn');
    expect(mail.subject).toBe('邀请你加入「云海数据库」');
    expect(mail.text).toContain('你被邀请以「管理员」身份加入「云海数据库」');
    const link = linkIn(mail.text);
    expect(link).toMatch(/^\/invitations\/[A-Za-z0-9_-]{43}$/);

    // Not signed in: the page explains and links to log-in with a way back.
    const anonymous = await t.client().get(link);
    expect(anonymous.status).toBe(200);
    const anonHtml = await anonymous.text();
    expect(anonHtml).toContain('你被邀请以「管理员」身份加入「云海数据库」。');
    expect(anonHtml).toContain(`href="/login?next=${encodeURIComponent(link)}"`);
    expect(anonHtml).toContain(`href="/signup?next=${encodeURIComponent(link)}"`);
    expect(anonHtml).not.toContain(`action="${link}"`);
    expect((await t.client().post(link)).status).toBe(401);

    const invited = await makeUser(t.db, { email: 'New.Person@example.cn', name: '新人' });
    const browser = await signedIn(invited);
    const show = await browser.get(link);
    expect(show.status).toBe(200);
    expect(await show.text()).toContain(`<form action="${link}" method="post" class="inline-form">`);
    const accept = await browser.post(link);
    expect(accept.status).toBe(303);
    expect(accept.headers.get('location')).toBe('/orgs/yunhai-db');
    expect(await membersOf(org.id)).toContainEqual({ userId: invited.id, role: 'admin' });
    const [done] = await invitationsOf(org.id);
    expect(done.acceptedBy).toBe(invited.id);
    expect(done.acceptedAt).toBeInstanceOf(Date);
    // The new admin can manage at once.
    expect((await browser.get('/orgs/yunhai-db/edit')).status).toBe(200);

    // The link works once.
    const again = await browser.get(link);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('该邀请链接无效、已过期、已被撤销或已被使用。');
    expect((await browser.post(link)).status).toBe(410);
  });

  it('writes the mail in English, with the English name, when the inviter reads English', async () => {
    const { admin } = await orgWithPeople({ nameEn: 'Yunhai DB' });
    const browser = await signedIn(admin);
    const res = await browser.post(
      '/orgs/yunhai-db/invitations',
      { email: 'eve@example.com', role: 'member' },
      { 'accept-language': 'en' },
    );
    expect(res.status).toBe(303);
    const mail = await lastMailTo(t.db, 'eve@example.com');
    expect(mail.subject).toBe('You are invited to join Yunhai DB');
    expect(mail.text).toContain('You are invited to join Yunhai DB as Member.');
  });

  it('refuses acceptance by another account (403) and changes nothing', async () => {
    const { admin, outsider, org } = await orgWithPeople();
    await (await signedIn(admin)).post('/orgs/yunhai-db/invitations', {
      email: 'invited@example.cn',
      role: 'member',
    });
    const link = linkIn((await lastMailTo(t.db, 'invited@example.cn')).text);

    const browser = await signedIn(outsider);
    const show = await browser.get(link);
    expect(show.status).toBe(200);
    const showHtml = await show.text();
    expect(showHtml).toContain('这份邀请是发给 invited@example.cn 的，请用该邮箱的账号登录后再接受。');
    expect(showHtml).not.toContain(`action="${link}"`);

    const res = await browser.post(link);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(
      '这份邀请是发给 invited@example.cn 的，请用该邮箱的账号登录后再接受。',
    );
    expect(await t.db.select().from(memberships).where(eq(memberships.userId, outsider.id))).toEqual([]);
    const [inv] = await invitationsOf(org.id);
    expect({ acceptedAt: inv.acceptedAt, acceptedBy: inv.acceptedBy }).toEqual({
      acceptedAt: null,
      acceptedBy: null,
    });
  });

  it('answers 410 for revoked, expired and made-up links', async () => {
    const { admin, member, org } = await orgWithPeople();
    const adminBrowser = await signedIn(admin);
    await adminBrowser.post('/orgs/yunhai-db/invitations', { email: 'a@example.cn', role: 'member' });
    await adminBrowser.post('/orgs/yunhai-db/invitations', { email: 'b@example.cn', role: 'member' });
    const revokedLink = linkIn((await lastMailTo(t.db, 'a@example.cn')).text);
    const expiredLink = linkIn((await lastMailTo(t.db, 'b@example.cn')).text);
    const [a] = await t.db.select().from(invitations).where(eq(invitations.email, 'a@example.cn'));

    const revoke = await adminBrowser.post(`/orgs/yunhai-db/invitations/${a.id}/revoke`);
    expect(revoke.status).toBe(303);
    expect(revoke.headers.get('location')).toBe('/orgs/yunhai-db/members?done=revoked');
    const [revoked] = await t.db.select().from(invitations).where(eq(invitations.id, a.id));
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    // Revoking twice finds nothing left to revoke.
    expect((await adminBrowser.post(`/orgs/yunhai-db/invitations/${a.id}/revoke`)).status).toBe(404);

    await t.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(invitations.orgId, org.id), eq(invitations.email, 'b@example.cn')));

    const userA = await makeUser(t.db, { email: 'a@example.cn' });
    const userB = await makeUser(t.db, { email: 'b@example.cn' });
    for (const [user, link] of [
      [userA, revokedLink],
      [userB, expiredLink],
      [userA, '/invitations/made-up-token'],
    ] as const) {
      const browser = await signedIn(user);
      const page = await browser.get(link);
      expect(page.status).toBe(410);
      expect(await page.text()).toContain('<p>该邀请链接无效、已过期、已被撤销或已被使用。</p>');
      expect((await browser.post(link)).status).toBe(410);
    }
    expect(await membersOf(org.id)).toEqual([
      { userId: admin.id, role: 'admin' },
      { userId: member.id, role: 'member' },
    ]);
  });

  it('refuses an invitation when the organisation is full (409): no invitation, no mail', async () => {
    const { admin, org } = await orgWithPeople();
    await t.db.update(organizations).set({ memberLimit: 2 }).where(eq(organizations.id, org.id));
    const res = await (await signedIn(admin)).post('/orgs/yunhai-db/invitations', {
      email: 'late@example.cn',
      role: 'member',
    });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('本单位成员已满（上限 2 人，含待接受的邀请）。');
    expect(html).toContain('value="late@example.cn"');
    expect(await invitationsOf(org.id)).toEqual([]);
    expect(await allMail()).toEqual([]);
  });

  it('counts pending invitations against the limit', async () => {
    const { admin, org } = await orgWithPeople();
    await t.db.update(organizations).set({ memberLimit: 3 }).where(eq(organizations.id, org.id));
    const browser = await signedIn(admin);
    expect(
      (await browser.post('/orgs/yunhai-db/invitations', { email: 'one@example.cn', role: 'member' })).status,
    ).toBe(303);
    expect(
      (await browser.post('/orgs/yunhai-db/invitations', { email: 'two@example.cn', role: 'member' })).status,
    ).toBe(409);
    expect((await invitationsOf(org.id)).map((i) => i.email)).toEqual(['one@example.cn']);
    expect(await allMail()).toEqual([{ to: 'one@example.cn', subject: '邀请你加入「云海数据库」' }]);
  });

  it('refuses to invite someone who is already a member (409), with the message on the field', async () => {
    const { admin, org } = await orgWithPeople();
    const res = await (await signedIn(admin)).post('/orgs/yunhai-db/invitations', {
      email: 'ZHOU.CHENG@example.cn',
      role: 'admin',
    });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('<p class="error" id="f-email-error">此人已是本单位成员。</p>');
    expect(await invitationsOf(org.id)).toEqual([]);
    expect(await allMail()).toEqual([]);
  });

  it('re-renders the members page with field errors for a bad invitation form', async () => {
    const { admin, org } = await orgWithPeople();
    const res = await (await signedIn(admin)).post('/orgs/yunhai-db/invitations', {
      email: 'nope',
      role: 'owner',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<p class="error" id="f-email-error">请输入有效的邮箱地址。</p>');
    expect(html).toContain('<p class="error" id="f-role-error">格式不正确。</p>');
    expect(html).toContain('<h1>成员</h1>');
    expect(await invitationsOf(org.id)).toEqual([]);
  });

  it('lets only org admins invite (403 for a member), and answers 404 for a missing organisation', async () => {
    const { member, org } = await orgWithPeople();
    const res = await (await signedIn(member)).post('/orgs/yunhai-db/invitations', {
      email: 'friend@example.cn',
      role: 'member',
    });
    expect(res.status).toBe(403);
    expect(await invitationsOf(org.id)).toEqual([]);

    const platformAdmin = await makeUser(t.db, { roles: ['platform_admin'] });
    const missing = await (await signedIn(platformAdmin)).post('/orgs/no-such-org/invitations', {
      email: 'friend@example.cn',
      role: 'member',
    });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<p>该单位不存在。</p>');
    expect(await t.db.select().from(invitations)).toEqual([]);
    expect(await allMail()).toEqual([]);
  });

  it('never demotes an admin who accepts an older "member" invitation', async () => {
    const { admin, org } = await orgWithPeople();
    const adminBrowser = await signedIn(admin);
    await adminBrowser.post('/orgs/yunhai-db/invitations', { email: 'bob@example.cn', role: 'member' });
    const memberLink = linkIn((await lastMailTo(t.db, 'bob@example.cn')).text);
    await adminBrowser.post('/orgs/yunhai-db/invitations', { email: 'bob@example.cn', role: 'admin' });
    const adminLink = linkIn((await lastMailTo(t.db, 'bob@example.cn')).text);
    expect(adminLink).not.toBe(memberLink);

    const bob = await makeUser(t.db, { email: 'bob@example.cn' });
    const bobBrowser = await signedIn(bob);
    expect((await bobBrowser.post(adminLink)).status).toBe(303);
    // The founder leaves; bob is now the only admin.
    expect((await adminBrowser.post(`/orgs/yunhai-db/members/${admin.id}/remove`)).status).toBe(303);
    expect((await bobBrowser.post(memberLink)).status).toBe(303);
    expect((await membersOf(org.id)).filter((m) => m.role === 'admin')).toEqual([
      { userId: bob.id, role: 'admin' },
    ]);
  });
});

describe('member roles and removal', () => {
  it('changes a role, and keeps the last admin (409 with its message, nothing changes)', async () => {
    const { admin, member, org } = await orgWithPeople();
    const browser = await signedIn(admin);

    const lastAdmin = await browser.post(`/orgs/yunhai-db/members/${admin.id}/role`, { role: 'member' });
    expect(lastAdmin.status).toBe(409);
    expect(await lastAdmin.text()).toContain(
      '<p class="alert alert-error" role="alert">单位至少需要保留一名管理员。</p>',
    );
    const removeLast = await browser.post(`/orgs/yunhai-db/members/${admin.id}/remove`);
    expect(removeLast.status).toBe(409);
    expect(await removeLast.text()).toContain('单位至少需要保留一名管理员。');
    expect(await membersOf(org.id)).toEqual([
      { userId: admin.id, role: 'admin' },
      { userId: member.id, role: 'member' },
    ]);

    const promote = await browser.post(`/orgs/yunhai-db/members/${member.id}/role`, { role: 'admin' });
    expect(promote.status).toBe(303);
    expect(promote.headers.get('location')).toBe('/orgs/yunhai-db/members?done=role');
    // With a second admin the first may step down.
    expect((await browser.post(`/orgs/yunhai-db/members/${admin.id}/role`, { role: 'member' })).status).toBe(
      303,
    );
    expect(await membersOf(org.id)).toEqual([
      { userId: member.id, role: 'admin' },
      { userId: admin.id, role: 'member' },
    ]);
    // …and is then no longer allowed to manage.
    expect((await browser.post(`/orgs/yunhai-db/members/${member.id}/role`, { role: 'member' })).status).toBe(
      403,
    );

    const bad = await (await signedIn(member)).post(`/orgs/yunhai-db/members/${admin.id}/role`, {
      role: 'owner',
    });
    expect(bad.status).toBe(400);
    expect(
      (await (await signedIn(member)).post('/orgs/yunhai-db/members/not-a-uuid/role', { role: 'admin' }))
        .status,
    ).toBe(404);
  });

  it('removes a member, who then loses access to the members page', async () => {
    const { admin, member, outsider, org } = await orgWithPeople();
    const memberBrowser = await signedIn(member);
    expect((await memberBrowser.get('/orgs/yunhai-db/members')).status).toBe(200);
    expect((await memberBrowser.post(`/orgs/yunhai-db/members/${admin.id}/remove`)).status).toBe(403);

    const browser = await signedIn(admin);
    const res = await browser.post(`/orgs/yunhai-db/members/${member.id}/remove`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/orgs/yunhai-db/members?done=removed');
    expect(await membersOf(org.id)).toEqual([{ userId: admin.id, role: 'admin' }]);
    expect((await memberBrowser.get('/orgs/yunhai-db/members')).status).toBe(403);
    // Removing someone who is not a member is a 404.
    expect((await browser.post(`/orgs/yunhai-db/members/${outsider.id}/remove`)).status).toBe(404);
  });
});

describe('alliance membership', () => {
  it('is recorded by a platform admin (403 for the org admin), and shows on the home page at once', async () => {
    const { admin, org } = await orgWithPeople();
    await saveAllianceTier(
      t.db,
      { slug: 'council', nameZh: '理事单位', nameEn: 'Council member', rank: 1 },
      info,
    );
    await saveAllianceTier(t.db, { slug: 'member', nameZh: '会员单位', nameEn: 'Member', rank: 2 }, info);
    const entry = { tierSlug: 'council', joinedOn: '2024-03-01', status: 'active' };

    const anonymous = t.client();
    const before = await (await anonymous.get('/')).text();
    expect(before).toContain('还没有联盟成员。');
    expect(listedSlugs(await (await anonymous.get('/orgs')).text())).toEqual(['yunhai-db']);

    const orgAdmin = await signedIn(admin);
    expect((await orgAdmin.get('/orgs/yunhai-db/alliance')).status).toBe(403);
    expect((await orgAdmin.post('/orgs/yunhai-db/alliance', entry)).status).toBe(403);
    expect(await t.db.select().from(allianceMemberships)).toEqual([]);

    const platformAdmin = await makeUser(t.db, { roles: ['platform_admin'] });
    const browser = await signedIn(platformAdmin);
    const form = await browser.get('/orgs/yunhai-db/alliance');
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('<option value="council">理事单位</option>');
    expect(formHtml).toContain('<option value="member">会员单位</option>');

    const bad = await browser.post('/orgs/yunhai-db/alliance', {
      tierSlug: 'gold',
      joinedOn: '2024-13-45',
      status: 'x',
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('<p class="error" id="f-joinedOn-error">请输入有效日期（YYYY-MM-DD）。</p>');
    expect(badHtml).toContain('<p class="error" id="f-status-error">格式不正确。</p>');
    const unknownTier = await browser.post('/orgs/yunhai-db/alliance', { ...entry, tierSlug: 'gold' });
    expect(unknownTier.status).toBe(400);
    expect(await unknownTier.text()).toContain('<p class="error" id="f-tierSlug-error">格式不正确。</p>');
    expect(await t.db.select().from(allianceMemberships)).toEqual([]);

    const res = await browser.post('/orgs/yunhai-db/alliance', entry);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/orgs/yunhai-db?saved=1');
    const rows = await t.db
      .select({
        orgId: allianceMemberships.orgId,
        tierSlug: allianceMemberships.tierSlug,
        joinedOn: allianceMemberships.joinedOn,
        status: allianceMemberships.status,
        recordedBy: allianceMemberships.recordedBy,
      })
      .from(allianceMemberships);
    expect(rows).toEqual([{ orgId: org.id, ...entry, recordedBy: platformAdmin.id }]);

    const home = await (await anonymous.get('/')).text();
    expect(home).toContain(
      '<a href="/orgs/yunhai-db"><strong>云海数据库</strong></a><br/><span class="badge">理事单位</span>',
    );
    expect(await (await anonymous.get('/orgs')).text()).toContain('<span class="badge">理事单位</span>');

    // Changing the status to "ended" takes the organisation off the wall.
    expect((await browser.post('/orgs/yunhai-db/alliance', { ...entry, status: 'ended' })).status).toBe(303);
    expect(await (await anonymous.get('/')).text()).toContain('还没有联盟成员。');
    expect(await (await anonymous.get('/orgs/yunhai-db')).text()).toContain('<dd>已退出</dd>');
  });

  it('the home page counts a newly created organisation', async () => {
    const u = await makeUser(t.db);
    const anonymous = t.client();
    expect(await (await anonymous.get('/')).text()).toContain('<strong data-testid="stat-orgs">0</strong>');
    expect((await (await signedIn(u)).post('/orgs', validOrg)).status).toBe(303);
    expect(await (await anonymous.get('/')).text()).toContain('<strong data-testid="stat-orgs">1</strong>');
  });
});

describe('organisations API', () => {
  it('lists organisations and shows one, without any member data', async () => {
    const { org } = await orgWithPeople({
      nameEn: 'Yunhai DB',
      city: '杭州',
      website: 'https://yunhai.example.cn',
      description: '分布式数据库厂商。',
    });
    const u = await makeUser(t.db);
    const school = await makeOrg(t.db, u.id, {
      slug: 'hd-normal',
      nameZh: '华东师范',
      nameEn: '',
      type: 'school',
      city: '上海',
    });
    await saveAllianceTier(
      t.db,
      { slug: 'council', nameZh: '理事单位', nameEn: 'Council member', rank: 1 },
      info,
    );
    await t.db
      .insert(allianceMemberships)
      .values({ orgId: org.id, tierSlug: 'council', joinedOn: '2024-03-01', status: 'active' });
    const tier = { slug: 'council', nameZh: '理事单位', nameEn: 'Council member' };
    const yunhai = {
      id: org.id,
      slug: 'yunhai-db',
      nameZh: '云海数据库',
      nameEn: 'Yunhai DB',
      type: 'vendor',
      city: '杭州',
      website: 'https://yunhai.example.cn',
    };
    const hd = {
      id: school.id,
      slug: 'hd-normal',
      nameZh: '华东师范',
      nameEn: '',
      type: 'school',
      city: '上海',
      website: '',
      alliance: null,
    };

    const client = t.client();
    const list = await client.get('/api/v1/organizations');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({
      organizations: [{ ...yunhai, alliance: { tier, joinedOn: '2024-03-01' } }, hd],
    });
    expect(await (await client.get('/api/v1/organizations?type=school')).json()).toEqual({
      organizations: [hd],
    });

    const badType = await client.get('/api/v1/organizations?type=bank');
    expect(badType.status).toBe(400);
    expect(await badType.json()).toEqual({
      error: {
        code: 'INVALID_INPUT',
        message: '提交的内容有误，请检查后重试。',
        requestId: badType.headers.get('x-request-id'),
      },
    });

    const one = await client.get('/api/v1/organizations/yunhai-db');
    expect(one.status).toBe(200);
    const body = await one.json();
    expect(body).toEqual({
      ...yunhai,
      description: '分布式数据库厂商。',
      descriptionEn: '',
      createdAt: org.createdAt.toISOString(),
      alliance: { tier, joinedOn: '2024-03-01', status: 'active' },
    });
    expect(JSON.stringify(body)).not.toContain('@example.cn');

    const missing = await client.get('/api/v1/organizations/no-such-org', { 'accept-language': 'en' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'This organisation does not exist.',
        requestId: missing.headers.get('x-request-id'),
      },
    });

    const spec = await (await client.get('/api/openapi.json')).json();
    expect(Object.keys(spec.paths['/api/v1/organizations'])).toEqual(['get']);
    expect(Object.keys(spec.paths['/api/v1/organizations/{slug}'].get.responses)).toEqual(['200', '404']);
  });
});

describe('directory filter with htmx', () => {
  it('answers an htmx request with just the results block, and a plain request with the page', async () => {
    const admin = await makeUser(t.db);
    await makeOrg(t.db, admin.id, { slug: 'hx-school', nameZh: '华科数据学院', type: 'school' });
    await makeOrg(t.db, admin.id, { slug: 'hx-vendor', nameZh: '星河数据库', type: 'vendor' });
    const fragment = await t.client().get('/orgs?type=school', { 'hx-request': 'true' });
    expect(fragment.status).toBe(200);
    expect(fragment.headers.get('vary')).toContain('HX-Request');
    const html = await fragment.text();
    expect(html).toMatch(/^<div id="org-results" class="stack">/);
    expect(html).not.toContain('<html');
    expect(html).toContain('华科数据学院');
    expect(html).not.toContain('星河数据库');
    expect(html).toContain('hx-get="/orgs?type=vendor"');
    const page = await (await t.client().get('/orgs?type=school')).text();
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<div id="org-results" class="stack">');
  });
});
