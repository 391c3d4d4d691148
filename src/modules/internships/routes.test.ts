import { describe, expect, it } from 'vitest';
import { lastMailTo, makeOrg, makeUser, useTestApp } from '../../testing/harness.ts';
import { registerProject } from './contributions.ts';
import { createPosting } from './postings.ts';
import {
  contributionEvents,
  contributorIdentities,
  internshipApplications,
  internshipPostings,
} from './schema.ts';

const t = useTestApp();
const info = { actorId: null, ip: null };

async function companyWithPosting() {
  const admin = await makeUser(t.db, { name: '王导师' });
  const org = await makeOrg(t.db, admin.id, { nameZh: '星河数据', nameEn: 'Xinghe Data' });
  const posting = await createPosting(
    t.db,
    {
      orgId: org.id,
      title: '数据库内核开发实习生',
      description: '参与存储引擎开发',
      skills: ['Rust'],
      city: '杭州',
      remote: false,
      durationWeeks: 12,
      stipendMin: 4000,
      stipendMax: 6000,
      slots: 2,
      mentorId: admin.id,
      terms: ['summer'],
    },
    info,
  );
  return { admin, org, posting };
}

describe('internship pages', () => {
  it('lists postings with the filters read from the URL, and finds them by pinyin', async () => {
    const { posting } = await companyWithPosting();
    const anon = t.client();
    const all = await (await anon.get('/internships')).text();
    expect(all).toContain(`href="/internships/postings/${posting.id}"`);
    const byPinyin = await (await anon.get('/internships?q=neihe&term=summer')).text();
    expect(byPinyin).toContain('数据库内核开发实习生');
    expect(byPinyin).toContain('value="neihe"');
    const none = await (await anon.get('/internships?city=%E5%8C%97%E4%BA%AC')).text();
    expect(none).toContain('没有符合条件的实习岗位。');
    expect(none).not.toContain('数据库内核开发实习生');
  });

  it('takes a student from apply to an accepted offer through the pages', async () => {
    const { admin, posting } = await companyWithPosting();
    const student = await makeUser(t.db, { roles: ['student'], name: '李同学' });
    const s = t.client();
    await s.logIn(student.email);
    const applied = await s.post(`/internships/postings/${posting.id}/apply`, { motivation: '热爱数据库' });
    expect(applied.status).toBe(303);
    expect(applied.headers.get('location')).toBe(`/internships/postings/${posting.id}?applied=1`);
    expect(await (await s.get(`/internships/postings/${posting.id}?applied=1`)).text()).toContain(
      '已提交申请。',
    );

    const company = t.client();
    await company.logIn(admin.email);
    const page = await (await company.get(`/internships/postings/${posting.id}/applicants`)).text();
    expect(page).toContain('李同学');
    const [app] = await t.db.select().from(internshipApplications);
    const offer = await company.post(`/internships/applications/${app.id}/move`, {
      to: 'offer',
      side: 'company',
      message: '欢迎！',
    });
    expect(offer.status).toBe(303);
    expect((await lastMailTo(t.db, student.email)).text).toContain('录用通知。\n欢迎！');
    const csv = await company.get(`/internships/postings/${posting.id}/applicants.csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\r\n')[1]).toMatch(/^李同学,.*,录用通知,/);

    // The student cannot move the application as the company, nor can the company accept for them.
    const forged = await s.post(`/internships/applications/${app.id}/move`, {
      to: 'rejected',
      side: 'company',
    });
    expect(forged.status).toBe(404);
    const mine = await (await s.get('/internships/mine')).text();
    expect(mine).toContain('接受录用');
    expect(
      (await s.post(`/internships/applications/${app.id}/move`, { to: 'accepted', side: 'student' })).status,
    ).toBe(303);
    const [after] = await t.db.select().from(internshipApplications);
    expect(after.status).toBe('accepted');
  });

  it('re-renders the posting form with the field’s message and writes nothing', async () => {
    const admin = await makeUser(t.db);
    const org = await makeOrg(t.db, admin.id);
    const c = t.client();
    await c.logIn(admin.email);
    const res = await c.post('/internships/postings', {
      orgId: org.id,
      title: '实习',
      durationWeeks: '99',
      slots: '1',
      mentor: admin.email,
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('时长须为 1–52 周。');
    expect(html).toContain('value="实习"');
    expect(await t.db.select().from(internshipPostings)).toEqual([]);
    const ok = await c.post('/internships/postings', {
      orgId: org.id,
      title: '实习',
      durationWeeks: '8',
      slots: '1',
      mentor: admin.email,
      term_summer: '1',
    });
    expect(ok.status).toBe(303);
    const [row] = await t.db.select().from(internshipPostings);
    expect(row.terms).toEqual(['summer']);
  });

  it('refuses to apply for anyone but a confirmed student, and hides applicants from other companies', async () => {
    const { posting } = await companyWithPosting();
    const anon = t.client();
    expect((await anon.post(`/internships/postings/${posting.id}/apply`, {})).status).toBe(401);
    const teacher = await makeUser(t.db, { roles: ['teacher'] });
    const c = t.client();
    await c.logIn(teacher.email);
    expect((await c.post(`/internships/postings/${posting.id}/apply`, {})).status).toBe(403);
    expect((await c.get(`/internships/postings/${posting.id}/applicants`)).status).toBe(403);
    expect(await t.db.select().from(internshipApplications)).toEqual([]);
  });

  it('lets a student confirm an account the platform proposed, and only their own', async () => {
    const { admin, org } = await companyWithPosting();
    const student = await makeUser(t.db, { roles: ['student'], email: 'lin@students.test' });
    const { project } = await registerProject(
      t.db,
      { orgId: org.id, url: 'https://github.com/acme/kv', mentorId: admin.id },
      info,
    );
    await t.db.insert(contributionEvents).values({
      projectId: project.id,
      kind: 'commit',
      externalId: 'abc',
      email: 'lin@students.test',
      title: 'Lin Xiao',
      occurredAt: new Date('2026-11-01T00:00:00Z'),
    });
    const s = t.client();
    await s.logIn(student.email);
    const page = await (await s.get('/internships/identities')).text();
    expect(page).toContain('lin@students.test');
    const [identity] = await t.db.select().from(contributorIdentities);
    const other = await makeUser(t.db, { roles: ['student'] });
    const o = t.client();
    await o.logIn(other.email);
    expect((await o.post(`/internships/identities/${identity.id}`, { decision: 'confirm' })).status).toBe(
      404,
    );
    expect((await s.post(`/internships/identities/${identity.id}`, { decision: 'confirm' })).status).toBe(
      303,
    );
    const [after] = await t.db.select().from(contributorIdentities);
    expect(after.status).toBe('confirmed');
  });
});
