// Issue 17, item 1, over HTTP: a teacher of one school cannot mint the alliance's certificate,
// cannot regrade, read or edit another school's exams, attempts and questions (404: they do not
// exist for them), auto-graded answers take no manual mark, overrides are audited, and a
// certificate carries the name its holder confirmed, only for a confirmed email.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/schema.ts';
import { makeTeacher, makeUser, type TestClient, useTestApp } from '../../testing/harness.ts';
import { credentials } from '../credentials/schema.ts';
import { createAchievement, createIssuer } from '../credentials/service.ts';
import { users } from '../identity/schema.ts';
import { createFixtureBank } from './fixtures.ts';
import { examAttemptEvents, examAttemptSlots, examAttempts, exams } from './schema.ts';
import { awardIfPassed, createExam, startAttempt, submitAttempt } from './service.ts';
import { DEFAULT_REVIEW } from './types.ts';

const t = useTestApp();

// Choice (1 mark), true/false (1) and an essay (2): no SQL, so no grader workers are needed.
const BLUEPRINT = '## 客观题\n= fx-choice\n= fx-tf\n## 问答\n= fx-essay';

const examForm = (over: Record<string, string> = {}) => ({
  title: '期末考试',
  description: '',
  status: 'published',
  blueprint: BLUEPRINT,
  timeLimitMinutes: '30',
  opensAt: '',
  closesAt: '',
  attemptsAllowed: '0',
  gradingMethod: 'highest',
  passPercent: '60',
  review_closed_marks: 'on',
  requiredCourseId: '',
  requiredLabs: '0',
  achievementId: '',
  staggerMinutes: '0',
  ...over,
});

async function client(email: string): Promise<TestClient> {
  const c = t.client();
  await c.logIn(email);
  return c;
}

async function world() {
  const ctx = { db: t.db, secret: t.deps.config.GONGJIN_SECRET, publicUrl: 'http://gongjin.test' };
  const admin = await makeUser(t.db, { roles: ['platform_admin'] });
  const issuer = await createIssuer(
    ctx,
    { slug: 'alliance', nameZh: '联盟', nameEn: 'Alliance' },
    { actorId: admin.id, ip: null },
  );
  const achievement = await createAchievement(
    ctx,
    {
      slug: 'pg-associate',
      nameZh: 'PostgreSQL 初级工程师认证',
      nameEn: 'PostgreSQL Associate',
      descriptionZh: 'd',
      descriptionEn: 'd',
      criteriaZh: 'c',
      criteriaEn: 'c',
      issuerId: issuer.id,
    },
    { actorId: admin.id, ip: null },
  );
  const home = await makeTeacher(t.db, { name: '本校老师' });
  const other = await makeTeacher(t.db, { name: '外校老师' });
  await createFixtureBank(t.db, home.orgId);
  await createFixtureBank(t.db, other.orgId);
  const student = await makeUser(t.db, { roles: ['student'], name: '随便改的显示名' });
  return {
    ctx,
    admin,
    achievement,
    home,
    other,
    student,
    hc: await client(home.email),
    oc: await client(other.email),
    ac: await client(admin.email),
    sc: await client(student.email),
  };
}

const examIdFrom = (res: Response) => res.headers.get('location')?.split('/')[2] ?? '';

function slotsByType(html: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of html.matchAll(/data-slot="(\d+)" data-type="([a-z_]+)"/g)) out[m[2]] = Number(m[1]);
  return out;
}

async function confirmName(sc: TestClient, name: string) {
  const review = await sc.post('/profile/certificate-name', { certificateName: name });
  expect(review.status).toBe(200);
  expect(await review.text()).toContain(name);
  const done = await sc.post('/profile/certificate-name', { certificateName: name, confirm: 'yes' });
  expect(done.status).toBe(303);
}

/** A submitted attempt of `examId` by the student, with everything left blank. */
async function blankAttempt(sc: TestClient, examId: string) {
  const started = await sc.post(`/exams/${examId}/start`);
  expect(started.status).toBe(303);
  const attemptId = started.headers.get('location')!.split('/')[3];
  const page = await sc.get(`/exams/attempts/${attemptId}`).then((r) => r.text());
  expect((await sc.post(`/exams/attempts/${attemptId}/submit`)).status).toBe(303);
  return { attemptId, slot: slotsByType(page) };
}

describe('issue 17: exams scoped to their organisation', () => {
  it('refuses the minting attack: no teacher links an achievement, and an unauthorised link never awards', async () => {
    const w = await world();
    await confirmName(w.sc, '李明');
    const before = await t.db.select().from(exams);
    // The attack: a published, pass-anything exam linked to the alliance's achievement.
    const res = await w.oc.post('/exams', examForm({ passPercent: '0', achievementId: w.achievement.id }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('只有这个证书颁发方的管理者才能把考试关联到它的证书成就');
    expect(await t.db.select().from(exams)).toHaveLength(before.length);

    // Even an exam that got the link some other way (written without the route's check) awards nothing.
    const sneaked = await createExam(
      t.db,
      {
        title: '偷偷关联的考试',
        description: '',
        status: 'published',
        blueprint: { sections: [{ title: '', draws: [], fixed: ['fx-choice'] }] },
        timeLimitMinutes: 30,
        opensAt: null,
        closesAt: null,
        attemptsAllowed: 0,
        gradingMethod: 'highest',
        passPercent: 0,
        shuffleQuestions: false,
        shuffleOptions: false,
        review: DEFAULT_REVIEW,
        requiredCourseId: null,
        requiredLabs: 0,
        achievementId: w.achievement.id,
        staggerMinutes: 0,
      },
      { actorId: w.other.id, ip: null, orgId: w.other.orgId },
    );
    await blankAttempt(w.sc, sneaked.id);
    expect(await awardIfPassed(w.ctx, sneaked.id, w.student.id)).toBeUndefined();
    expect(await t.db.select().from(credentials)).toHaveLength(0);

    // The same exam linked by the platform admin awards, in the confirmed name, not the display name,
    // and nothing to a candidate who never confirmed a certificate name.
    await t.db.update(exams).set({ achievementLinkedBy: w.admin.id }).where(eq(exams.id, sneaked.id));
    const nameless = await makeUser(t.db, { roles: ['student'], name: '没确认姓名' });
    const theirs = await startAttempt(t.db, sneaked.id, nameless.id, { ip: null });
    await submitAttempt(t.db, theirs.id, 'candidate');
    expect(await awardIfPassed(w.ctx, sneaked.id, nameless.id)).toBeUndefined();
    expect(await t.db.select().from(credentials)).toHaveLength(0);
    const id = await awardIfPassed(w.ctx, sneaked.id, w.student.id);
    expect(id).toBeDefined();
    const [credential] = await t.db.select().from(credentials);
    expect(JSON.stringify(credential)).toContain('李明');
    expect(JSON.stringify(credential)).not.toContain('随便改的显示名');
  });

  it('lets an admin link the achievement, and a teacher of the owning school cannot then change it', async () => {
    const w = await world();
    const created = await w.ac.post(
      '/exams',
      examForm({ achievementId: w.achievement.id, orgId: w.home.orgId }),
    );
    expect(created.status).toBe(303);
    const examId = examIdFrom(created);
    const [exam] = await t.db.select().from(exams).where(eq(exams.id, examId));
    expect(exam).toMatchObject({ orgId: w.home.orgId, achievementLinkedBy: w.admin.id });
    // The owning school's teacher may see it but not lower its pass mark while it awards a certificate.
    const edit = await w.hc.post(
      `/exams/${examId}/edit`,
      examForm({ passPercent: '0', achievementId: w.achievement.id }),
    );
    expect(edit.status).toBe(400);
    const [after] = await t.db.select().from(exams).where(eq(exams.id, examId));
    expect(after.passPercent).toBe(60);
  });

  it("answers 404 to another school's teacher on every page of an exam and its attempts, and changes nothing", async () => {
    const w = await world();
    const created = await w.hc.post('/exams', examForm({ status: 'draft' }));
    const examId = examIdFrom(created);
    const [exam] = await t.db.select().from(exams).where(eq(exams.id, examId));
    expect(exam.orgId).toBe(w.home.orgId);
    // A draft is invisible to the other school, in the list too.
    expect((await w.oc.get(`/exams/${examId}`)).status).toBe(404);
    expect(await w.oc.get('/exams').then((r) => r.text())).not.toContain(examId);
    expect(await w.hc.get('/exams').then((r) => r.text())).toContain(examId);
    await w.hc.post(`/exams/${examId}/edit`, examForm());
    await confirmName(w.sc, '李明');
    const { attemptId, slot } = await blankAttempt(w.sc, examId);

    for (const path of [
      `/exams/${examId}/edit`,
      `/exams/${examId}/results`,
      `/exams/${examId}/results.csv`,
      `/exams/${examId}/results.xlsx`,
      `/exams/${examId}/stats.csv`,
      `/exams/${examId}/stats.svg`,
      `/exams/${examId}/grading`,
      `/exams/${examId}/live`,
      `/exams/attempts/${attemptId}/review`,
      `/exams/attempts/${attemptId}/events`,
    ]) {
      expect((await w.oc.get(path)).status, path).toBe(404);
      expect((await w.hc.get(path)).status, path).toBe(200);
    }
    const slotsBefore = await t.db
      .select()
      .from(examAttemptSlots)
      .where(eq(examAttemptSlots.attemptId, attemptId));
    const [attemptBefore] = await t.db.select().from(examAttempts).where(eq(examAttempts.id, attemptId));
    // The cross-school regrade of the issue: every slot at 100%.
    for (const n of Object.values(slot)) {
      expect(
        (await w.oc.post(`/exams/attempts/${attemptId}/slots/${n}/grade`, { percent: '100' })).status,
      ).toBe(404);
      expect(
        (await w.oc.post(`/exams/attempts/${attemptId}/slots/${n}/override`, { percent: '100', reason: 'x' }))
          .status,
      ).toBe(404);
    }
    expect((await w.oc.post(`/exams/${examId}/edit`, examForm({ passPercent: '0' }))).status).toBe(404);
    expect((await w.oc.post(`/exams/${examId}/regrade`, {})).status).toBe(404);
    expect(
      await t.db.select().from(examAttemptSlots).where(eq(examAttemptSlots.attemptId, attemptId)),
    ).toEqual(slotsBefore);
    expect((await t.db.select().from(examAttempts).where(eq(examAttempts.id, attemptId)))[0]).toEqual(
      attemptBefore,
    );
    expect((await t.db.select().from(exams).where(eq(exams.id, examId)))[0].passPercent).toBe(60);
    // Platform admins see every school's exams.
    expect((await w.ac.get(`/exams/${examId}/results`)).status).toBe(200);
  });

  it('takes a manual mark only for essays; an override is the owner’s audited action with a reason, in the history', async () => {
    const w = await world();
    const examId = examIdFrom(await w.hc.post('/exams', examForm()));
    const { attemptId, slot } = await blankAttempt(w.sc, examId);
    const before = await t.db
      .select()
      .from(examAttemptSlots)
      .where(eq(examAttemptSlots.attemptId, attemptId));

    const refused = await w.hc.post(`/exams/attempts/${attemptId}/slots/${slot.single_choice}/grade`, {
      percent: '100',
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('这道题是自动评分的，不能手动打分');
    const noReason = await w.hc.post(`/exams/attempts/${attemptId}/slots/${slot.single_choice}/override`, {
      percent: '100',
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(
      await t.db.select().from(examAttemptSlots).where(eq(examAttemptSlots.attemptId, attemptId)),
    ).toEqual(before);
    expect(
      await t.db.select().from(auditLog).where(eq(auditLog.action, 'exams.grade_overridden')),
    ).toHaveLength(0);

    const override = await w.hc.post(`/exams/attempts/${attemptId}/slots/${slot.single_choice}/override`, {
      percent: '100',
      reason: '题目答案有误，第二项也对',
    });
    expect(override.status).toBe(303);
    const [changed] = await t.db
      .select()
      .from(examAttemptSlots)
      .where(and(eq(examAttemptSlots.attemptId, attemptId), eq(examAttemptSlots.slot, slot.single_choice)));
    expect(changed).toMatchObject({ fraction: 1, grading: 'override' });
    const [event] = await t.db
      .select()
      .from(examAttemptEvents)
      .where(and(eq(examAttemptEvents.attemptId, attemptId), eq(examAttemptEvents.kind, 'override')));
    expect(event.data).toMatchObject({ from: 0, to: 1, reason: '题目答案有误，第二项也对', by: w.home.id });
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'exams.grade_overridden'));
    expect(entry.actorId).toBe(w.home.id);
    const history = await w.hc.get(`/exams/attempts/${attemptId}/events`).then((r) => r.text());
    expect(history).toContain('评分更正');
    expect(history).toContain('题目答案有误，第二项也对');
    // The essay still takes its normal manual grade.
    expect(
      (await w.hc.post(`/exams/attempts/${attemptId}/slots/${slot.essay}/grade`, { percent: '50' })).status,
    ).toBe(303);
  });

  it("hides another school's questions and categories (404) and keeps each school's bank apart", async () => {
    const w = await world();
    const homeList = await w.hc.get('/questions').then((r) => r.text());
    const ids = [...homeList.matchAll(/href="\/questions\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect((await w.oc.get(`/questions/${id}`)).status).toBe(404);
      expect((await w.oc.get(`/questions/${id}/edit`)).status).toBe(404);
      expect((await w.oc.post(`/questions/${id}/status`, { status: 'retired' })).status).toBe(404);
    }
    // The other school has its own copy of the same category path and id numbers, and sees only it.
    const otherList = await w.oc.get('/questions').then((r) => r.text());
    for (const id of ids) expect(otherList).not.toContain(id);
  });

  it('sends a candidate without a confirmed name to set one, refuses an unconfirmed email, and keeps the name when the display name changes', async () => {
    const w = await world();
    const examId = examIdFrom(
      await w.ac.post(
        '/exams',
        examForm({ achievementId: w.achievement.id, orgId: w.home.orgId, passPercent: '0' }),
      ),
    );
    const unconfirmed = await makeUser(t.db, { roles: ['student'], verified: false });
    const uc = await client(unconfirmed.email);
    expect(await uc.get(`/exams/${examId}`).then((r) => r.text())).toContain('请先确认你的邮箱');
    const refused = await uc.post(`/exams/${examId}/start`);
    expect(refused.status).toBe(403);
    expect(
      await t.db.select().from(examAttempts).where(eq(examAttempts.userId, unconfirmed.id)),
    ).toHaveLength(0);

    const toName = await w.sc.post(`/exams/${examId}/start`);
    expect(toName.status).toBe(303);
    expect(toName.headers.get('location')).toBe(
      `/profile/certificate-name?next=${encodeURIComponent(`/exams/${examId}`)}`,
    );
    expect(await t.db.select().from(examAttempts).where(eq(examAttempts.userId, w.student.id))).toHaveLength(
      0,
    );
    const page = await w.sc.get(toName.headers.get('location')!).then((r) => r.text());
    expect(page).toContain('证书上的姓名');
    // A name is refused when blank; the first step only shows it back, nothing is saved.
    expect((await w.sc.post('/profile/certificate-name', { certificateName: '  ' })).status).toBe(400);
    await w.sc.post('/profile/certificate-name', { certificateName: '李明' });
    const [stillNone] = await t.db.select().from(users).where(eq(users.id, w.student.id));
    expect(stillNone.certificateNameConfirmedAt).toBeNull();
    const done = await w.sc.post('/profile/certificate-name', {
      certificateName: '李明',
      confirm: 'yes',
      next: `/exams/${examId}`,
    });
    expect(done.headers.get('location')).toBe(`/exams/${examId}`);

    // Editing the display name later leaves the certificate name alone.
    await t.db.update(users).set({ displayName: '改过的名字' }).where(eq(users.id, w.student.id));
    await blankAttempt(w.sc, examId);
    const [credential] = await t.db.select().from(credentials);
    expect(JSON.stringify(credential)).toContain('李明');
    expect(JSON.stringify(credential)).not.toContain('改过的名字');
    // Changing it needs confirming again and is audited with the old name.
    await confirmName(w.sc, '李小明');
    const changes = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'account.certificate_name_confirmed'));
    expect(changes.map((c) => c.data)).toEqual([
      { from: null, to: '李明' },
      { from: '李明', to: '李小明' },
    ]);
  });
});
