/**
 * The permission matrix: every registered route × every role → the expected status. Each module
 * keeps its rows in `<module>/permission-matrix.rows.ts` (named by its manifest's `matrix`) and
 * runs them from `<module>/permission-matrix.test.ts`, so Vitest runs the modules in parallel;
 * tests/integration/permission-matrix/every-route.test.ts checks that all rows together have
 * exactly one row per registered route. To add a route: add its row to its module's rows file.
 */
import { describe, expect, it } from 'vitest';
import { verifyLink } from '../modules/credentials/routes.tsx';
import { createAchievement, createIssuer, issueCredential } from '../modules/credentials/service.ts';
import { createExam } from '../modules/exams/service.ts';
import { DEFAULT_REVIEW } from '../modules/exams/types.ts';
import { inviteMember } from '../modules/identity/organizations.ts';
import { memberships } from '../modules/identity/schema.ts';
import { seedLearningDemo } from '../modules/learning/demo.ts';
import { recordLabAttempt } from '../modules/learning/service.ts';
import { createProduct, seedTaxonomy, setOrganizationLogo } from '../modules/members/service.ts';
import { createQuestion } from '../modules/questions/service.ts';
import {
  addAgendaItem,
  changeSalonStatus,
  createSalon,
  createSeries,
  inviteSpeaker,
  register,
} from '../modules/salons/service.ts';
import { storeImage } from '../platform/files.ts';
import { queueMail } from '../platform/mail.ts';
import type { PlatformRole } from '../platform/permissions.ts';
import { makeOrg, makeUser, TEST_PUBLIC_URL, type TestApp, type TestClient, useTestApp } from './harness.ts';

export const ROLES = [
  'anonymous',
  'unconfirmed',
  'user',
  'student',
  'teacher',
  // A teacher of another organisation than the one owning the fixture's exam and questions (ADR 0024).
  'other_teacher',
  'judge',
  'speaker',
  'org_member',
  'org_admin',
  'platform_admin',
] as const;
export type Role = (typeof ROLES)[number];
export type Expect = Record<Role, number>;

/** Expected statuses: `base` for everyone, with exceptions. */
export const by = (base: number, except: Partial<Expect> = {}): Expect =>
  Object.fromEntries(ROLES.map((r) => [r, except[r] ?? base])) as Expect;
export const everyone = (status: number) => by(status);
/** Signed-in only: anonymous → 401. */
export const signedIn = (status: number, except: Partial<Expect> = {}) =>
  by(status, { anonymous: 401, ...except });
/**
 * Teachers and platform admins, for what is not one organisation's: the bank's and exams' index
 * and create pages and forms, and authoring courses (the matrix teacher authors the course).
 * `otherTeacher` is what the teacher of another organisation gets (by default the same).
 */
export const teachers = (status: number, otherTeacher = status) =>
  by(403, { anonymous: 401, teacher: status, other_teacher: otherTeacher, platform_admin: status });
/**
 * One organisation's exams and questions (ADR 0024): its teachers and platform admins; to the
 * teacher of another organisation they do not exist (404).
 */
export const owners = (status: number) => teachers(status, 404);
/** Enrolled students (the matrix student) and the course's teachers. */
export const learners = (status: number) =>
  by(403, { anonymous: 401, student: status, teacher: status, platform_admin: status });
export const adminOnly = (status: number) => by(403, { anonymous: 401, platform_admin: status });
export const orgAdmins = (status: number) =>
  by(403, { anonymous: 401, org_admin: status, platform_admin: status });
export const orgMembers = (status: number) =>
  by(403, { anonymous: 401, org_member: status, org_admin: status, platform_admin: status });

export type Fixture = Record<string, string>;
export type Row = { expect: Expect; path?: (f: Fixture) => string; form?: Record<string, string> };
/** One area's rows, in the order they are requested (a row may rely on the rows before it). */
export type Rows = Record<string, Row>;

/** The objects every row may point at, and one signed-in client per role. */
export async function fixture(t: TestApp): Promise<{ fixture: Fixture; clients: Record<Role, TestClient> }> {
  const users: Partial<Record<Role, { id: string; email: string }>> = {};
  const platformRole: Partial<Record<Role, PlatformRole>> = {
    student: 'student',
    teacher: 'teacher',
    other_teacher: 'teacher',
    judge: 'judge',
    speaker: 'speaker',
    platform_admin: 'platform_admin',
  };
  for (const role of ROLES.filter((r) => r !== 'anonymous')) {
    const r = platformRole[role];
    users[role] = await makeUser(t.db, {
      roles: r ? [r] : [],
      verified: role !== 'unconfirmed',
      email: `${role}@matrix.test`,
    });
  }
  const org = await makeOrg(t.db, users.org_admin!.id, { slug: 'matrix-org' });
  await t.db.insert(memberships).values({ orgId: org.id, userId: users.org_member!.id, role: 'member' });
  const info = { publicUrl: TEST_PUBLIC_URL, ip: null, actorId: users.org_admin!.id };
  const invitation = await inviteMember(
    t.db,
    {
      orgId: org.id,
      email: 'invitee@matrix.test',
      role: 'member',
      inviterId: users.org_admin!.id,
      locale: 'zh-CN',
    },
    info,
  );
  const mailId = await queueMail(t.db, { to: 'x@matrix.test', subject: 's', text: 'b', template: 'test' });
  const fileSha = await storeImage(
    t.db,
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    ),
    1024,
  );
  const ctx = { db: t.db, secret: t.deps.config.GONGJIN_SECRET, publicUrl: TEST_PUBLIC_URL };
  const issuer = await createIssuer(ctx, { slug: 'matrix-issuer', nameZh: '联盟', nameEn: 'Alliance' }, info);
  const achievement = await createAchievement(
    ctx,
    {
      slug: 'matrix-badge',
      nameZh: '徽章',
      nameEn: 'Badge',
      descriptionZh: '描述',
      descriptionEn: 'Description',
      criteriaZh: '标准',
      criteriaEn: 'Criteria',
      issuerId: issuer.id,
    },
    info,
  );
  const credential = await issueCredential(ctx, achievement.id, { name: '矩阵' }, [], info);
  await seedTaxonomy(t.db, info);
  const product = await createProduct(
    t.db,
    org.id,
    {
      name: 'Matrix DB',
      subcategorySlug: 'relational-oltp',
      descriptionZh: '',
      descriptionEn: '',
      license: 'Apache-2.0',
      compatibility: [],
      deployment: [],
      homepageUrl: '',
      githubUrl: '',
      giteeUrl: '',
      gitcodeUrl: '',
      docsUrl: '',
    },
    info,
  );
  const otherOrg = await makeOrg(t.db, users.platform_admin!.id, { slug: 'matrix-other' });
  // The matrix teacher's school owns the fixture's exam and questions; the other teacher teaches elsewhere.
  const school = await makeOrg(t.db, users.platform_admin!.id, { slug: 'matrix-school', type: 'school' });
  await t.db.insert(memberships).values({ orgId: school.id, userId: users.teacher!.id, role: 'member' });
  const otherSchool = await makeOrg(t.db, users.platform_admin!.id, {
    slug: 'matrix-school-2',
    type: 'school',
  });
  await t.db
    .insert(memberships)
    .values({ orgId: otherSchool.id, userId: users.other_teacher!.id, role: 'member' });
  const schoolInfo = { ...info, actorId: users.teacher!.id, orgId: school.id };
  const logoSha = await setOrganizationLogo(
    t.db,
    otherOrg.id,
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'),
    info,
  );
  const series = await createSeries(
    t.db,
    { slug: 'matrix-series', titleZh: '矩阵系列', titleEn: '', description: '' },
    info,
  );
  const salon = await createSalon(
    t.db,
    {
      seriesId: series.id,
      title: '矩阵沙龙',
      description: '',
      city: '杭州',
      venue: '',
      address: '',
      mapUrl: '',
      startsAt: new Date('2030-03-01T06:00:00Z'),
      endsAt: new Date('2030-03-01T09:00:00Z'),
      timezone: 'Asia/Shanghai',
      hostOrgId: org.id,
      cohostOrgIds: [],
      capacity: 100,
      registrationDeadline: null,
      questions: [],
    },
    info,
  );
  await changeSalonStatus(t.db, salon.id, 'announced', info);
  await changeSalonStatus(t.db, salon.id, 'registration_open', info);
  const outsider = await makeUser(t.db, { email: 'attendee@matrix.test' });
  const ticket = await register(t.db, { salonId: salon.id, userId: outsider.id, answers: {} }, info, {
    publicUrl: TEST_PUBLIC_URL,
    secret: t.deps.config.GONGJIN_SECRET,
    locale: 'zh-CN',
  });
  const learning = await seedLearningDemo(t.db, {
    teacherId: users.teacher!.id,
    studentIds: [users.student!.id],
    info: { ip: null, actorId: users.teacher!.id },
  });
  // A lab submission, so deleting the lab is refused.
  await recordLabAttempt(t.db, learning.lab.id, users.student!.id, 'select 1', {
    passed: false,
    diagnostics: [],
  });
  const { question } = await createQuestion(
    t.db,
    {
      name: '矩阵题',
      text: 'PostgreSQL 是关系型数据库。',
      textFormat: 'plain',
      generalFeedback: '',
      explanation: '',
      defaultMark: 1,
      body: { type: 'true_false', correct: true, feedbackTrue: '', feedbackFalse: '' },
      category: ['矩阵'],
      tags: [],
      idNumber: null,
      difficulty: 3,
    },
    schoolInfo,
  );
  const exam = await createExam(
    t.db,
    {
      title: '矩阵考试',
      description: '',
      status: 'published',
      blueprint: {
        sections: [
          {
            title: '',
            draws: [{ count: 1, category: ['无此分类'], includeSubcategories: false, tags: [] }],
            fixed: [],
          },
        ],
      },
      timeLimitMinutes: 30,
      opensAt: null,
      closesAt: null,
      attemptsAllowed: 0,
      gradingMethod: 'highest',
      passPercent: 60,
      shuffleQuestions: true,
      shuffleOptions: true,
      review: DEFAULT_REVIEW,
      requiredCourseId: null,
      requiredLabs: 0,
      achievementId: null,
      staggerMinutes: 0,
    },
    schoolInfo,
  );
  // A talk whose speaker is the matrix's speaker, and an open invitation to claim it.
  const talk = await addAgendaItem(
    t.db,
    salon.id,
    {
      kind: 'mini_talk',
      subKind: null,
      title: '矩阵议题',
      abstract: '',
      speakerId: users.speaker!.id,
      durationMinutes: 20,
    },
    info,
  );
  const speakerInvite = await inviteSpeaker(t.db, salon.id, talk.id, 'guest@matrix.test', info, {
    publicUrl: TEST_PUBLIC_URL,
    secret: t.deps.config.GONGJIN_SECRET,
    locale: 'zh-CN',
  });
  const clients = {} as Record<Role, TestClient>;
  for (const role of ROLES) {
    clients[role] = t.client();
    if (role !== 'anonymous') await clients[role].logIn(users[role]!.email);
  }
  return {
    clients,
    fixture: {
      slug: org.slug,
      orgId: org.id,
      token: invitation.token,
      invitationId: invitation.id,
      userId: users.org_member!.id,
      memberId: users.org_member!.id,
      outsiderId: users.user!.id,
      mailId,
      fileSha,
      issuerSlug: issuer.slug,
      credentialId: credential.id,
      verifyPath:
        new URL(verifyLink(ctx, credential.id)).pathname + new URL(verifyLink(ctx, credential.id)).search,
      productSlug: product.slug,
      productId: product.id,
      logoSha,
      id: salon.id,
      itemId: '00000000-0000-4000-8000-000000000001',
      seriesSlug: series.slug,
      ticket: ticket.token,
      courseSlug: learning.course.slug,
      lessonId: learning.lessons[1].id,
      labId: learning.lab.id,
      questionId: question.id,
      categoryId: question.categoryId,
      examId: exam.id,
      aid: '00000000-0000-4000-8000-000000000009',
      slot: '1',
      talkItemId: talk.id,
      speakerInvite,
      speakerId: users.speaker!.id,
    },
  };
}

/**
 * A module's own objects for its rows (a hackathon, a posting…), made after the shared fixture: it
 * gets the fixture's ids (`orgId` — the organisation whose admin is `org_admin@matrix.test` —,
 * `memberId`, …) and returns more, which its rows' :params and `path()`s read.
 */
export type ExtendFixture = (t: TestApp, f: Fixture) => Promise<Fixture>;

/** Fills :params from the fixture (":id" means the row's main object; rows override with `path`). */
export function concretePath(pattern: string, f: Fixture): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in f)) throw new Error(`no fixture value for :${name} in ${pattern}; give the row a path()`);
    return f[name];
  });
}

/**
 * Registers one test file's part of the matrix: a fresh app and database, the fixture, and every
 * row × every role compared with the expected statuses in one assertion. Whether every route has a
 * row is checked once over all areas together (every-route.test.ts).
 */
export function checkRows(area: string, rows: Rows, extend?: ExtendFixture) {
  const t = useTestApp();
  describe(`permission matrix: ${area}`, () => {
    it('answers every route for every role as expected', async () => {
      const base = await fixture(t);
      const clients = base.clients;
      const f = extend ? { ...base.fixture, ...(await extend(t, base.fixture)) } : base.fixture;
      const actual: Record<string, Partial<Expect>> = {};
      const expected: Record<string, Expect> = {};
      for (const [route, row] of Object.entries(rows)) {
        const [method, pattern] = route.split(' ');
        const path = row.path ? row.path(f) : concretePath(pattern, f);
        expected[route] = row.expect;
        actual[route] = {};
        for (const role of ROLES) {
          const res =
            method === 'GET' ? await clients[role].get(path) : await clients[role].post(path, row.form ?? {});
          actual[route][role] = res.status;
          // A POST must not have logged the role out for the rows after it.
          if (route === 'POST /logout' && role !== 'anonymous')
            await clients[role].logIn(`${role}@matrix.test`);
        }
      }
      expect(actual).toEqual(expected);
      // Many requests: on a shared 2-core machine this can exceed the default 30 s.
    }, 300_000);
  });
}

/**
 * Every area's rows: the platform's own routes and each module's (its manifest's `matrix`), for the
 * one-row-per-route check and the input fuzz.
 */
export async function matrixAreas(): Promise<Record<string, Rows>> {
  await import('../modules/index.ts');
  const { installedModules } = await import('../platform/module.ts');
  const { PLATFORM } = await import('./platform.rows.ts');
  const areas: Record<string, Rows> = { platform: PLATFORM };
  for (const m of installedModules()) {
    for (const [area, rows] of Object.entries(m.matrix ? await m.matrix() : {})) {
      if (area in areas) throw new Error(`permission-matrix area ${area} is named twice`);
      areas[area] = rows as Rows;
    }
  }
  return areas;
}
