import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, mailOutbox } from '../../platform/schema.ts';
import { lastMailTo, makeOrg, makeUser, TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { credentials } from '../credentials/schema.ts';
import { createAchievement, createIssuer } from '../credentials/service.ts';
import { confirmCertificateName } from '../identity/certificate-name.ts';
import { memberships } from '../identity/schema.ts';
import {
  applicantsCsv,
  apply,
  completeInternship,
  linkInternshipAchievement,
  listApplicants,
  moveApplication,
  myApplications,
} from './applications.ts';
import {
  createPosting,
  filterFromQuery,
  listPostings,
  type PostingInput,
  setSchoolPolicy,
} from './postings.ts';
import { internshipApplications, internshipPostings } from './schema.ts';

const t = useTestApp();
const info = { actorId: null, ip: null };
const mail = { publicUrl: TEST_PUBLIC_URL, locale: 'zh-CN' };

async function company(nameZh = '星河数据') {
  const admin = await makeUser(t.db, { name: '王导师' });
  const org = await makeOrg(t.db, admin.id, { nameZh, nameEn: 'Xinghe Data', type: 'vendor' });
  return { admin, org };
}

const base = (orgId: string, mentorId: string): PostingInput => ({
  orgId,
  title: '数据库内核开发实习生',
  description: '参与存储引擎开发',
  skills: ['Rust', 'PostgreSQL'],
  city: '杭州',
  remote: false,
  durationWeeks: 12,
  stipendMin: 4000,
  stipendMax: 6000,
  slots: 2,
  mentorId,
  terms: ['summer'],
});

describe('postings', () => {
  it('lists open postings by city, remote, term and stipend, and finds them by Chinese, pinyin and initials', async () => {
    const { admin, org } = await company();
    const kernel = await createPosting(t.db, base(org.id, admin.id), info);
    const remote = await createPosting(
      t.db,
      {
        ...base(org.id, admin.id),
        title: '开源社区运营',
        skills: ['写作'],
        city: '北京',
        remote: true,
        stipendMin: 0,
        stipendMax: 2000,
        terms: ['winter'],
      },
      info,
    );
    const ids = async (q: Record<string, string>) =>
      (await listPostings(t.db, filterFromQuery(q))).map((p) => p.id);
    expect(await ids({})).toEqual([remote.id, kernel.id]);
    expect(await ids({ city: '杭州' })).toEqual([kernel.id]);
    expect(await ids({ remote: '1' })).toEqual([remote.id]);
    expect(await ids({ term: 'summer' })).toEqual([kernel.id]);
    expect(await ids({ minStipend: '3000' })).toEqual([kernel.id]);
    expect(await ids({ q: '内核' })).toEqual([kernel.id]);
    expect(await ids({ q: 'neihe' })).toEqual([kernel.id]);
    expect(await ids({ q: 'kysq' })).toEqual([remote.id]);
    expect(await ids({ q: 'xinghe' })).toEqual([remote.id, kernel.id]);
    expect(await ids({ q: 'rust' })).toEqual([kernel.id]);
    // A filter the URL gets wrong is left out, never an error.
    expect(await ids({ term: 'never', minStipend: '-5' })).toEqual([remote.id, kernel.id]);
  });

  it('refuses a mentor from outside the company and bad numbers, writing nothing', async () => {
    const { admin, org } = await company();
    const outsider = await makeUser(t.db);
    await expect(createPosting(t.db, base(org.id, outsider.id), info)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      messageKey: 'internships.error.mentor',
    });
    await expect(
      createPosting(t.db, { ...base(org.id, admin.id), stipendMin: 9000, stipendMax: 1000, slots: 0 }, info),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      fields: { stipendMax: 'internships.error.stipend', slots: 'internships.error.slots' },
    });
    expect(await t.db.select().from(internshipPostings)).toEqual([]);
  });
});

describe('applications', () => {
  it('takes a student from applied to an accepted offer, with an event and a mail at every step', async () => {
    const { admin, org } = await company();
    const posting = await createPosting(t.db, base(org.id, admin.id), info);
    const student = await makeUser(t.db, { roles: ['student'], name: '李同学' });
    const app = await apply(
      t.db,
      { postingId: posting.id, studentId: student.id, motivation: '热爱数据库' },
      mail,
      info,
    );
    expect((await lastMailTo(t.db, admin.email)).subject).toBe('新的实习申请：数据库内核开发实习生');
    for (const to of ['screening', 'interview', 'offer'] as const) {
      await moveApplication(t.db, app.id, to, 'company', to === 'offer' ? '欢迎加入！' : '', mail, info);
    }
    const offerMail = await lastMailTo(t.db, student.email);
    expect(offerMail.subject).toBe('实习申请进展：数据库内核开发实习生');
    expect(offerMail.text).toContain('状态已更新为：录用通知。\n欢迎加入！');
    await moveApplication(t.db, app.id, 'accepted', 'student', '', mail, info);
    expect((await myApplications(t.db, student.id)).map((a) => [a.title, a.status, a.orgName])).toEqual([
      ['数据库内核开发实习生', 'accepted', '星河数据'],
    ]);
    const applicants = await listApplicants(t.db, posting.id);
    expect(applicants.map((a) => [a.name, a.status])).toEqual([['李同学', 'accepted']]);
    const csv = applicantsCsv(applicants, 'zh-CN');
    expect(csv.split('\r\n')[0]).toBe('\uFEFF姓名,邮箱,状态,申请时间（北京时间）,申请说明');
    expect(csv.split('\r\n')[1]).toMatch(new RegExp(`^李同学,${student.email},已接受,`));
  });

  it('refuses a move the pipeline does not allow, and a second application, changing nothing', async () => {
    const { admin, org } = await company();
    const posting = await createPosting(t.db, base(org.id, admin.id), info);
    const student = await makeUser(t.db, { roles: ['student'] });
    const app = await apply(
      t.db,
      { postingId: posting.id, studentId: student.id, motivation: '' },
      mail,
      info,
    );
    await expect(moveApplication(t.db, app.id, 'accepted', 'student', '', mail, info)).rejects.toMatchObject({
      code: 'CONFLICT',
      messageKey: 'internships.status.badMove',
    });
    await expect(moveApplication(t.db, app.id, 'accepted', 'company', '', mail, info)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      apply(t.db, { postingId: posting.id, studentId: student.id, motivation: '' }, mail, info),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      messageKey: 'internships.apply.twice',
    });
    const [row] = await t.db.select().from(internshipApplications);
    expect(row.status).toBe('applied');
    const moved = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'internships.application_moved'));
    expect(moved).toEqual([]);
  });

  it('keeps a restricted school’s students from companies it did not list', async () => {
    const { admin, org } = await company();
    const other = await company('云海科技');
    const posting = await createPosting(t.db, base(org.id, admin.id), info);
    const otherPosting = await createPosting(t.db, base(other.org.id, other.admin.id), info);
    const teacher = await makeUser(t.db, { roles: ['teacher'] });
    const school = await makeOrg(t.db, teacher.id, { type: 'school', nameZh: '浙江大学' });
    const student = await makeUser(t.db, { roles: ['student'] });
    await t.db.insert(memberships).values({ orgId: school.id, userId: student.id, role: 'member' });
    await setSchoolPolicy(t.db, school.id, { restricted: true, allowed: [other.org.id] }, info);
    await expect(
      apply(t.db, { postingId: posting.id, studentId: student.id, motivation: '' }, mail, info),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      messageKey: 'internships.apply.blocked',
    });
    await apply(t.db, { postingId: otherPosting.id, studentId: student.id, motivation: '' }, mail, info);
    expect((await t.db.select().from(internshipApplications)).map((a) => a.postingId)).toEqual([
      otherPosting.id,
    ]);
  });

  it('certifies a completed internship through the credentials service, once', async () => {
    const { admin, org } = await company();
    const posting = await createPosting(t.db, base(org.id, admin.id), info);
    const student = await makeUser(t.db, { roles: ['student'] });
    await confirmCertificateName(t.db, student.id, '李明', { ip: null });
    const app = await apply(
      t.db,
      { postingId: posting.id, studentId: student.id, motivation: '' },
      mail,
      info,
    );
    const ctx = { db: t.db, secret: 'test-secret-test-secret-test-secret-00', publicUrl: TEST_PUBLIC_URL };
    await expect(completeInternship(ctx, app.id, info)).rejects.toMatchObject({
      messageKey: 'internships.certificate.notAccepted',
    });
    await moveApplication(t.db, app.id, 'offer', 'company', '', mail, info);
    await moveApplication(t.db, app.id, 'accepted', 'student', '', mail, info);
    await expect(completeInternship(ctx, app.id, info)).rejects.toMatchObject({
      messageKey: 'internships.certificate.noAchievement',
    });
    const issuer = await createIssuer(
      ctx,
      { slug: 'alliance', nameZh: '数据库产业联盟', nameEn: 'Alliance' },
      info,
    );
    const achievement = await createAchievement(
      ctx,
      {
        slug: 'internship',
        nameZh: '实习证书',
        nameEn: 'Internship',
        descriptionZh: '',
        descriptionEn: '',
        criteriaZh: '完成实习',
        criteriaEn: '',
        issuerId: issuer.id,
      },
      info,
    );
    await linkInternshipAchievement(t.db, org.id, achievement.id, info);
    const credential = await completeInternship(ctx, app.id, info);
    const [stored] = await t.db.select().from(credentials).where(eq(credentials.id, credential.id));
    expect(stored.recipientUserId).toBe(student.id);
    expect(JSON.stringify(stored.document)).toContain(
      `${TEST_PUBLIC_URL}/internships/postings/${posting.id}`,
    );
    await expect(completeInternship(ctx, app.id, info)).rejects.toMatchObject({
      messageKey: 'internships.certificate.done',
    });
    expect(await t.db.select().from(credentials)).toHaveLength(1);
    expect((await t.db.select().from(mailOutbox)).length).toBeGreaterThan(0);
  });
});
