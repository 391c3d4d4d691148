import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/schema.ts';
import { DEMO_ADMIN, seedDemo } from '../../seed/demo.ts';
import { lastMailTo, makeOrg, makeUser, TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { findOrganizationBySlug } from '../identity/queries.ts';
import { organizations } from '../identity/schema.ts';
import { allianceApplications } from './schema.ts';

const t = useTestApp();

async function setup() {
  await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
  const applicant = await makeUser(t.db, { email: 'founder@newdb.example' });
  const org = await makeOrg(t.db, applicant.id, { slug: 'new-db', nameZh: '新库科技', nameEn: 'NewDB' });
  const client = t.client();
  await client.logIn(applicant.email);
  const admin = t.client();
  await admin.logIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
  return { applicant, org, client, admin };
}

describe('applying to join the alliance', () => {
  it('an org admin applies; a platform admin approves; the member appears on the wall; the applicant is emailed', async () => {
    const { applicant, org, client, admin } = await setup();
    const form = await (await client.get('/wall/apply')).text();
    expect(form).toContain('<option value="new-db">新库科技</option>');
    const res = await client.post('/wall/apply', {
      orgSlug: 'new-db',
      tierSlug: 'member',
      message: '我们做嵌入式数据库。',
    });
    expect(res.headers.get('location')).toBe('/wall/apply?done=1');
    const again = await client.post('/wall/apply', { orgSlug: 'new-db', tierSlug: 'member', message: '' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('该单位已有一份待审核的申请。');
    const [application] = await t.db.select().from(allianceApplications);
    const review = await (await admin.get('/wall/applications')).text();
    expect(review).toContain(`data-application="${application.id}"`);
    expect(review).toContain('我们做嵌入式数据库。');
    expect((await t.client().get('/wall?q=xkkj')).status).toBe(200);
    expect(await (await t.client().get('/wall?q=xkkj')).text()).not.toContain('data-slug="new-db"');
    const approve = await admin.post(`/wall/applications/${application.id}/approve`, {
      tierSlug: 'partner',
      reason: '欢迎！',
    });
    expect(approve.headers.get('location')).toBe('/wall/applications?done=1');
    const profile = await findOrganizationBySlug(t.db, 'new-db');
    expect(profile?.alliance).toEqual({
      tier: { slug: 'partner', nameZh: '合作伙伴', nameEn: 'Partner' },
      joinedOn: new Date().toISOString().slice(0, 10),
      status: 'active',
    });
    expect(await (await t.client().get('/wall?q=xkkj')).text()).toContain('data-slug="new-db"');
    const mail = await lastMailTo(t.db, applicant.email);
    expect(mail.subject).toBe('【共进】新库科技 的入盟申请已通过');
    expect(mail.text).toContain(`${TEST_PUBLIC_URL}/wall/members/new-db`);
    const actions = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.targetId, org.id))
      .orderBy(asc(auditLog.id));
    expect(actions.map((a) => a.action)).toEqual([
      'organization.created',
      'alliance.application_submitted',
      'alliance.membership_recorded',
      'alliance.application_approved',
    ]);
    // Once decided, it cannot be decided again.
    expect((await admin.post(`/wall/applications/${application.id}/reject`, { reason: 'x' })).status).toBe(
      404,
    );
    expect(
      (await client.post('/wall/apply', { orgSlug: 'new-db', tierSlug: 'member', message: '' })).status,
    ).toBe(409);
  });

  it('carries the organisation description in Chinese and English: checked, shown in the review, written on approval', async () => {
    // Task wall (ADR 0020).
    const { org, client, admin } = await setup();
    const form = await (await client.get('/wall/apply')).text();
    expect(form).toContain('name="descriptionZh"');
    expect(form).toContain('name="descriptionEn"');
    const tooLong = await client.post('/wall/apply', {
      orgSlug: 'new-db',
      tierSlug: 'member',
      message: '',
      descriptionZh: '嵌'.repeat(2001),
      descriptionEn: '',
    });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('id="f-descriptionZh-error"');
    expect(await t.db.select().from(allianceApplications)).toEqual([]);

    await client.post('/wall/apply', {
      orgSlug: 'new-db',
      tierSlug: 'member',
      message: '',
      descriptionZh: '嵌入式数据库厂商。',
      descriptionEn: 'An embedded database vendor.',
    });
    const [application] = await t.db.select().from(allianceApplications);
    const review = await (await admin.get('/wall/applications')).text();
    expect(review).toContain('<dd lang="zh-CN">嵌入式数据库厂商。</dd>');
    expect(review).toContain('<dd lang="en">An embedded database vendor.</dd>');
    // Not on the organisation before approval.
    expect((await findOrganizationBySlug(t.db, 'new-db'))?.description).toBe('');

    await admin.post(`/wall/applications/${application.id}/approve`, { tierSlug: 'member', reason: '' });
    const profile = await findOrganizationBySlug(t.db, 'new-db');
    expect([profile?.description, profile?.descriptionEn]).toEqual([
      '嵌入式数据库厂商。',
      'An embedded database vendor.',
    ]);
    const [updated] = await t.db
      .select({ data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.targetId, org.id), eq(auditLog.action, 'organization.updated')));
    expect(updated.data).toEqual({
      changed: ['description', 'descriptionEn'],
      via: 'alliance.application_approved',
    });
    const zh = await (await t.client().get('/wall/members/new-db')).text();
    expect(zh).toContain('<p data-testid="org-description">嵌入式数据库厂商。</p>');
    const en = await (await t.client().get('/wall/members/new-db', { 'accept-language': 'en' })).text();
    expect(en).toContain('<p data-testid="org-description">An embedded database vendor.</p>');
  });

  it('an application without a description keeps the organisation’s own on approval', async () => {
    const { client, admin } = await setup();
    await t.db.update(organizations).set({ description: '原有简介' }).where(eq(organizations.slug, 'new-db'));
    await client.post('/wall/apply', { orgSlug: 'new-db', tierSlug: 'member', message: '' });
    const [application] = await t.db.select().from(allianceApplications);
    expect(await (await admin.get('/wall/applications')).text()).not.toContain('application-description');
    await admin.post(`/wall/applications/${application.id}/approve`, { tierSlug: 'member', reason: '' });
    expect((await findOrganizationBySlug(t.db, 'new-db'))?.description).toBe('原有简介');
  });

  it('a rejection needs a reason, which the applicant receives', async () => {
    const { applicant, client, admin } = await setup();
    await client.post('/wall/apply', { orgSlug: 'new-db', tierSlug: 'council', message: '' });
    const [application] = await t.db.select().from(allianceApplications);
    const empty = await admin.post(`/wall/applications/${application.id}/reject`, { reason: ' ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('请写明不通过的原因。');
    expect(
      (await admin.post(`/wall/applications/${application.id}/reject`, { reason: '材料不全' })).status,
    ).toBe(303);
    const mail = await lastMailTo(t.db, applicant.email);
    expect(mail.subject).toBe('【共进】新库科技 的入盟申请未通过');
    expect(mail.text).toContain('原因：材料不全');
    expect((await findOrganizationBySlug(t.db, 'new-db'))?.alliance).toBeNull();
    expect(await (await client.get('/wall/apply')).text()).toContain('新库科技 · 未通过 · 材料不全');
  });

  it('refuses to apply for an organisation one does not administer', async () => {
    const { client } = await setup();
    expect(
      (await client.post('/wall/apply', { orgSlug: 'yunhai-db', tierSlug: 'member', message: '' })).status,
    ).toBe(403);
    expect(await t.db.select().from(allianceApplications)).toEqual([]);
  });
});

describe('admin links on the wall', () => {
  it('shows review and import links to platform admins only', async () => {
    const { client, admin } = await setup();
    expect(await (await admin.get('/wall')).text()).toContain(
      '<a href="/wall/applications">入盟申请审核</a>',
    );
    expect(await (await client.get('/wall')).text()).not.toContain('/wall/applications');
    expect(await (await t.client().get('/wall')).text()).not.toContain('/wall/applications');
  });
});
