/**
 * The demo alliance: a believable, entirely fictional 数据库产业联盟 loaded on first start so a
 * newcomer sees a living platform. Every name, company and address below is invented.
 */

import { count } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { createAchievement, createIssuer, issueCredential } from '../modules/credentials/service.ts';
import { createExam } from '../modules/exams/service.ts';
import { DEFAULT_REVIEW } from '../modules/exams/types.ts';
import { createConfirmedUser } from '../modules/identity/accounts.ts';
import { confirmCertificateName } from '../modules/identity/certificate-name.ts';
import {
  createOrganization,
  inviteMember,
  type OrgInput,
  recordAllianceMembership,
  saveAllianceTier,
} from '../modules/identity/organizations.ts';
import { memberships, organizations } from '../modules/identity/schema.ts';
import '../modules/index.ts';
import { seedLearningDemo } from '../modules/learning/demo.ts';
import type { ProductInput } from '../modules/members/forms.ts';
import { createProduct, seedTaxonomy } from '../modules/members/service.ts';
import { seedDemoQuestionBank } from '../modules/questions/seed.ts';
import type { SalonStatus } from '../modules/salons/schema.ts';
import {
  type AgendaInput,
  addAgendaItem,
  changeSalonStatus,
  createSalon,
  createSeries,
  NEXT_STATUS,
} from '../modules/salons/service.ts';
import { installedModules } from '../platform/module.ts';
import { zonedToInstant } from '../platform/time.ts';
import { labVerdicts, type Student, seedCourseProgress, seedExamAttempts, seedStudents } from './cohort.ts';
import { backdate, liveStage, type SalonLife, seedCrowd, seededRandom } from './salon-life.ts';

export const DEMO_ADMIN = { email: 'admin@demo.gongjin.dev', password: 'gongjin-demo-2026' };
export const DEMO_PASSWORD = 'gongjin-demo-2026';

const TIERS = [
  { slug: 'council', nameZh: '理事单位', nameEn: 'Council member', rank: 1 },
  { slug: 'member', nameZh: '会员单位', nameEn: 'Member', rank: 2 },
  { slug: 'partner', nameZh: '合作伙伴', nameEn: 'Partner', rank: 3 },
];

type DemoOrg = OrgInput & { tier?: string; joinedOn?: string };

const ORGS: DemoOrg[] = [
  {
    slug: 'yunhai-db',
    nameZh: '云海数据',
    nameEn: 'Yunhai Data',
    type: 'vendor',
    city: '杭州',
    website: 'https://yunhai-db.example.cn',
    description: '分布式 HTAP 数据库厂商，兼容 PostgreSQL 协议，开源社区版。',
    descriptionEn:
      'Distributed HTAP database vendor, PostgreSQL-compatible, with an open-source community edition.',
    tier: 'council',
    joinedOn: '2024-01-15',
  },
  {
    slug: 'beichen-tsdb',
    nameZh: '北辰时序',
    nameEn: 'Beichen TSDB',
    type: 'vendor',
    city: '北京',
    website: 'https://beichen-tsdb.example.cn',
    description: '面向工业物联网的时序数据库。',
    descriptionEn: 'Time-series database for the industrial internet of things.',
    tier: 'council',
    joinedOn: '2024-02-20',
  },
  {
    slug: 'qingliu-graph',
    nameZh: '青流图数据库',
    nameEn: 'Qingliu Graph',
    type: 'vendor',
    city: '深圳',
    website: 'https://qingliu.example.cn',
    description: '国产图数据库与图计算平台。',
    descriptionEn: 'Chinese graph database and graph computing platform.',
    tier: 'member',
    joinedOn: '2024-04-08',
  },
  {
    slug: 'xinqiao-migrate',
    nameZh: '新桥迁移',
    nameEn: 'Xinqiao Migration',
    type: 'ecosystem',
    city: '上海',
    website: 'https://xinqiao.example.cn',
    description: '异构数据库迁移与数据同步工具。',
    descriptionEn: 'Migration and data synchronisation between heterogeneous databases.',
    tier: 'member',
    joinedOn: '2024-03-12',
  },
  {
    slug: 'guance-ops',
    nameZh: '观澜运维',
    nameEn: 'Guanlan Ops',
    type: 'ecosystem',
    city: '成都',
    website: 'https://guanlan-ops.example.cn',
    description: '数据库监控、诊断与自治运维服务。',
    descriptionEn: 'Database monitoring, diagnosis and autonomous operations.',
    tier: 'member',
    joinedOn: '2024-05-30',
  },
  {
    slug: 'hengtong-bank',
    nameZh: '恒通银行科技',
    nameEn: 'Hengtong Bank Tech',
    type: 'user_company',
    city: '上海',
    website: 'https://hengtong.example.cn',
    description: '城商行科技子公司，核心系统国产数据库替换实践者。',
    descriptionEn: "A city commercial bank's technology arm, moving core systems to Chinese databases.",
    tier: 'council',
    joinedOn: '2024-01-15',
  },
  {
    slug: 'jiayi-logistics',
    nameZh: '嘉亿物流',
    nameEn: 'Jiayi Logistics',
    type: 'user_company',
    city: '武汉',
    website: 'https://jiayi.example.cn',
    description: '全国性物流企业，运营数百个 PostgreSQL 实例。',
    descriptionEn: 'Nationwide logistics company running hundreds of PostgreSQL instances.',
    tier: 'member',
    joinedOn: '2024-06-18',
  },
  {
    slug: 'shujuku-shequ',
    nameZh: '数据库开发者社区',
    nameEn: 'DB Developer Community',
    type: 'community_media',
    city: '北京',
    website: 'https://dbdev.example.cn',
    description: '国产数据库技术社区与公众号矩阵。',
    descriptionEn: 'Community and official accounts about Chinese databases.',
    tier: 'partner',
    joinedOn: '2024-02-01',
  },
  {
    slug: 'jishu-zhoukan',
    nameZh: '技术周刊',
    nameEn: 'Tech Weekly',
    type: 'community_media',
    city: '广州',
    website: 'https://techweekly.example.cn',
    description: '关注基础软件的科技媒体与直播平台。',
    descriptionEn: 'Tech media and live-streaming platform covering infrastructure software.',
    tier: 'partner',
    joinedOn: '2024-07-09',
  },
  {
    slug: 'donghu-univ',
    nameZh: '东湖大学计算机学院',
    nameEn: 'Donghu University School of CS',
    type: 'school',
    city: '武汉',
    website: 'https://cs.donghu-univ.example.edu.cn',
    description: '设有开源数据库工作室，开设数据库内核公开课。',
    descriptionEn: 'Runs an open-source database studio and public courses on database internals.',
    tier: 'member',
    joinedOn: '2024-03-01',
  },
  {
    slug: 'huadong-normal',
    nameZh: '华东师范技术大学数据学院',
    nameEn: 'East China Tech Normal University, School of Data',
    type: 'school',
    city: '上海',
    website: 'https://data.hdtnu.example.edu.cn',
    description: '数据库与 AI 结合的教学科研，学生开源贡献活跃。',
    descriptionEn: 'Teaching and research on databases and AI; students contribute to open source.',
    tier: 'member',
    joinedOn: '2024-04-20',
  },
  {
    slug: 'xinchuang-cert',
    nameZh: '信创人才评价中心',
    nameEn: 'Xinchuang Talent Assessment Center',
    type: 'issuing_body',
    city: '北京',
    website: 'https://cert.xinchuang.example.org.cn',
    description: '数据库人才能力评价与证书联合颁发机构。',
    descriptionEn: 'Assesses database skills and co-issues certificates.',
    tier: 'partner',
    joinedOn: '2024-05-10',
  },
];

type DemoProduct = Partial<ProductInput> &
  Pick<ProductInput, 'name' | 'subcategorySlug' | 'license' | 'descriptionZh' | 'descriptionEn'> & {
    org: string;
  };

/** Fictional products of the demo members (every name and URL is invented). */
const PRODUCTS: DemoProduct[] = [
  {
    org: 'yunhai-db',
    name: '云海 HTAP',
    subcategorySlug: 'htap',
    license: 'MulanPSL-2.0',
    descriptionZh: '分布式 HTAP 数据库，行列混存，兼容 PostgreSQL 协议与生态。',
    descriptionEn: 'Distributed HTAP database with row and column storage, PostgreSQL compatible.',
    compatibility: ['postgresql'],
    deployment: ['on_prem', 'cloud'],
    homepageUrl: 'https://yunhai-db.example.cn/htap',
    giteeUrl: 'https://gitee.com/yunhai-db/yunhai',
    githubUrl: 'https://github.com/yunhai-db/yunhai',
    docsUrl: 'https://docs.yunhai-db.example.cn',
  },
  {
    org: 'yunhai-db',
    name: '云海向量',
    subcategorySlug: 'vector',
    license: 'Apache-2.0',
    descriptionZh: '云海 HTAP 的向量检索扩展，支持 HNSW 索引。',
    descriptionEn: 'Vector search extension for Yunhai HTAP with HNSW indexes.',
    compatibility: ['postgresql'],
    deployment: ['on_prem', 'cloud'],
    giteeUrl: 'https://gitee.com/yunhai-db/yunhai-vector',
  },
  {
    org: 'yunhai-db',
    name: '云海数据库云服务',
    subcategorySlug: 'cloud-service',
    license: 'commercial',
    descriptionZh: '全托管的云海 HTAP 云服务，按量计费。',
    descriptionEn: 'Fully managed Yunhai HTAP in the cloud, pay as you go.',
    compatibility: ['postgresql'],
    deployment: ['cloud'],
    homepageUrl: 'https://cloud.yunhai-db.example.cn',
  },
  {
    org: 'beichen-tsdb',
    name: '北辰 TSDB',
    subcategorySlug: 'time-series',
    license: 'Apache-2.0',
    descriptionZh: '面向工业物联网的高压缩比时序数据库。',
    descriptionEn: 'Time-series database for industrial IoT with high compression.',
    compatibility: ['other'],
    deployment: ['on_prem', 'cloud'],
    githubUrl: 'https://github.com/beichen-tsdb/beichen',
    docsUrl: 'https://docs.beichen-tsdb.example.cn',
  },
  {
    org: 'beichen-tsdb',
    name: '北辰边缘版',
    subcategorySlug: 'embedded',
    license: 'Apache-2.0',
    descriptionZh: '运行在网关和工控机上的嵌入式时序引擎。',
    descriptionEn: 'Embedded time-series engine for gateways and industrial PCs.',
    deployment: ['embedded'],
    gitcodeUrl: 'https://gitcode.com/beichen-tsdb/beichen-edge',
  },
  {
    org: 'qingliu-graph',
    name: '青流图数据库',
    subcategorySlug: 'graph',
    license: 'commercial',
    descriptionZh: '分布式原生图数据库，支持 openCypher 与 GQL。',
    descriptionEn: 'Distributed native graph database with openCypher and GQL.',
    compatibility: ['other'],
    deployment: ['on_prem', 'cloud'],
    homepageUrl: 'https://qingliu.example.cn/graph',
  },
  {
    org: 'xinqiao-migrate',
    name: '新桥迁移平台',
    subcategorySlug: 'migration',
    license: 'commercial',
    descriptionZh: '从 Oracle、MySQL 迁移到国产数据库的评估、结构转换与数据同步。',
    descriptionEn: 'Assessment, schema conversion and data sync from Oracle and MySQL to domestic databases.',
    compatibility: ['oracle', 'mysql', 'postgresql'],
    deployment: ['on_prem'],
    homepageUrl: 'https://xinqiao.example.cn/migrate',
  },
  {
    org: 'xinqiao-migrate',
    name: '新桥 CDC',
    subcategorySlug: 'streaming',
    license: 'Apache-2.0',
    descriptionZh: '基于日志的变更数据捕获，实时写入消息队列。',
    descriptionEn: 'Log-based change data capture into message queues in real time.',
    compatibility: ['mysql', 'postgresql'],
    deployment: ['on_prem', 'cloud'],
    githubUrl: 'https://github.com/xinqiao/xinqiao-cdc',
  },
  {
    org: 'guance-ops',
    name: '观澜数据库诊断',
    subcategorySlug: 'monitoring-ops',
    license: 'commercial',
    descriptionZh: '慢 SQL 分析、容量预测与自治巡检。',
    descriptionEn: 'Slow SQL analysis, capacity forecasting and autonomous inspections.',
    compatibility: ['postgresql', 'mysql', 'oracle'],
    deployment: ['on_prem', 'cloud'],
    homepageUrl: 'https://guanlan-ops.example.cn/doctor',
  },
  {
    org: 'guance-ops',
    name: '观澜备份',
    subcategorySlug: 'backup',
    license: 'GPL-3.0-only',
    descriptionZh: '支持时间点恢复的开源物理备份工具。',
    descriptionEn: 'Open-source physical backup tool with point-in-time recovery.',
    compatibility: ['postgresql'],
    deployment: ['on_prem'],
    giteeUrl: 'https://gitee.com/guanlan/guanlan-backup',
  },
  {
    org: 'donghu-univ',
    name: '东湖 MiniDB',
    subcategorySlug: 'relational-oltp',
    license: 'MIT',
    descriptionZh: '数据库内核课程使用的教学型关系数据库。',
    descriptionEn: 'A teaching relational database used in the database kernel course.',
    deployment: ['embedded'],
    gitcodeUrl: 'https://gitcode.com/donghu-univ/minidb',
  },
];

type DemoPerson = {
  email: string;
  name: string;
  roles: Array<'platform_admin' | 'teacher' | 'student' | 'judge' | 'speaker'>;
  org?: string;
  orgRole?: 'admin' | 'member';
  affiliation?: string;
  bio?: string;
};

const PEOPLE: DemoPerson[] = [
  {
    email: DEMO_ADMIN.email,
    name: '联盟秘书处',
    roles: ['platform_admin'],
    bio: '共进联盟秘书处，负责沙龙排期与成员服务。',
  },
  {
    email: 'lin.yue@yunhai-db.example.cn',
    name: '林悦',
    roles: ['speaker', 'judge'],
    org: 'yunhai-db',
    orgRole: 'admin',
    affiliation: '云海数据',
    bio: '内核研发负责人，十年 PostgreSQL 经验。',
  },
  {
    email: 'zhao.ming@beichen-tsdb.example.cn',
    name: '赵明',
    roles: ['speaker'],
    org: 'beichen-tsdb',
    orgRole: 'admin',
    affiliation: '北辰时序',
  },
  {
    email: 'chen.jing@qingliu.example.cn',
    name: '陈静',
    roles: [],
    org: 'qingliu-graph',
    orgRole: 'admin',
    affiliation: '青流图数据库',
  },
  {
    email: 'wu.hao@xinqiao.example.cn',
    name: '吴昊',
    roles: ['judge'],
    org: 'xinqiao-migrate',
    orgRole: 'admin',
    affiliation: '新桥迁移',
  },
  {
    email: 'he.lan@guanlan-ops.example.cn',
    name: '何岚',
    roles: ['speaker'],
    org: 'guance-ops',
    orgRole: 'admin',
    affiliation: '观澜运维',
  },
  {
    email: 'sun.wei@hengtong.example.cn',
    name: '孙伟',
    roles: ['speaker'],
    org: 'hengtong-bank',
    orgRole: 'admin',
    affiliation: '恒通银行科技',
  },
  {
    email: 'gao.fei@jiayi.example.cn',
    name: '高飞',
    roles: [],
    org: 'jiayi-logistics',
    orgRole: 'admin',
    affiliation: '嘉亿物流',
  },
  {
    email: 'ma.li@dbdev.example.cn',
    name: '马丽',
    roles: [],
    org: 'shujuku-shequ',
    orgRole: 'admin',
    affiliation: '数据库开发者社区',
  },
  {
    email: 'xu.tao@techweekly.example.cn',
    name: '许涛',
    roles: [],
    org: 'jishu-zhoukan',
    orgRole: 'admin',
    affiliation: '技术周刊',
  },
  {
    email: 'prof.wang@donghu-univ.example.edu.cn',
    name: '王建国',
    roles: ['teacher', 'judge'],
    org: 'donghu-univ',
    orgRole: 'admin',
    affiliation: '东湖大学',
    bio: '数据库系统课程教师，开源数据库工作室指导老师。',
  },
  {
    email: 'prof.li@hdtnu.example.edu.cn',
    name: '李慧',
    roles: ['teacher'],
    org: 'huadong-normal',
    orgRole: 'admin',
    affiliation: '华东师范技术大学',
  },
  {
    email: 'zhou.qing@cert.xinchuang.example.org.cn',
    name: '周青',
    roles: [],
    org: 'xinchuang-cert',
    orgRole: 'admin',
    affiliation: '信创人才评价中心',
  },
  {
    email: 'liu.yang@stu.donghu-univ.example.edu.cn',
    name: '刘洋',
    roles: ['student'],
    org: 'donghu-univ',
    orgRole: 'member',
    affiliation: '东湖大学',
    bio: '大三，开源数据库工作室成员，喜欢读 PostgreSQL 源码。',
  },
  {
    email: 'zhang.xin@stu.donghu-univ.example.edu.cn',
    name: '张欣',
    roles: ['student'],
    org: 'donghu-univ',
    orgRole: 'member',
    affiliation: '东湖大学',
  },
  {
    email: 'huang.kai@stu.hdtnu.example.edu.cn',
    name: '黄凯',
    roles: ['student'],
    org: 'huadong-normal',
    orgRole: 'member',
    affiliation: '华东师范技术大学',
  },
  {
    email: 'deng.yu@stu.hdtnu.example.edu.cn',
    name: '邓雨',
    roles: ['student'],
    org: 'huadong-normal',
    orgRole: 'member',
    affiliation: '华东师范技术大学',
  },
];

/** True when the database has no organisations yet (a fresh install). */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(organizations);
  return Number(row.n) === 0;
}

/** Loads the demo alliance through the same services users go through. Returns what it made. */
export async function seedDemo(
  db: Db,
  publicUrl: string,
  /** Signs the demo attendees' tickets, so the links in their mails work. */
  secret: string,
  /**
   * `story: false` leaves out the year's story: the salons' crowd and history (registrations,
   * check-ins, streams, budgets…) and the cohort of students (course progress, lab submissions,
   * exam attempts, credentials): for tests of the wall and other parts that do not read them,
   * since it is most of the seeding time. `npm start` always loads the whole story.
   */
  opts: { story?: boolean } = {},
): Promise<{ organizations: number; people: number }> {
  const info = { publicUrl, ip: null, actorId: null };
  const story = opts.story ?? true;
  for (const tier of TIERS) await saveAllianceTier(db, tier, info);
  await seedTaxonomy(db, info);
  const ids = new Map<string, string>();
  for (const p of PEOPLE) {
    ids.set(
      p.email,
      await createConfirmedUser(db, {
        email: p.email,
        password: DEMO_PASSWORD,
        displayName: p.name,
        roles: p.roles,
        locale: 'zh-CN',
        affiliation: p.affiliation,
        bio: p.bio,
      }),
    );
  }
  const adminId = ids.get(DEMO_ADMIN.email)!;
  const orgIds = new Map<string, string>();
  for (const o of ORGS) {
    const { tier, joinedOn, ...input } = o;
    const founder = PEOPLE.find((p) => p.org === o.slug && p.orgRole === 'admin');
    const org = await createOrganization(db, ids.get(founder?.email ?? DEMO_ADMIN.email)!, input, {
      ...info,
      actorId: adminId,
    });
    orgIds.set(o.slug, org.id);
    if (tier && joinedOn)
      await recordAllianceMembership(
        db,
        org.id,
        { tierSlug: tier, joinedOn, status: 'active' },
        { ...info, actorId: adminId },
      );
  }
  for (const p of PEOPLE.filter((x) => x.org && x.orgRole === 'member')) {
    await db
      .insert(memberships)
      .values({ orgId: orgIds.get(p.org!)!, userId: ids.get(p.email)!, role: 'member' })
      .onConflictDoNothing();
  }
  for (const { org, ...p } of PRODUCTS) {
    const orgId = orgIds.get(org)!;
    await createProduct(
      db,
      orgId,
      {
        compatibility: [],
        deployment: [],
        homepageUrl: '',
        githubUrl: '',
        giteeUrl: '',
        gitcodeUrl: '',
        docsUrl: '',
        ...p,
      },
      { ...info, actorId: adminId },
    );
  }
  // One pending invitation, so the outbox and the members page show the flow.
  await inviteMember(
    db,
    {
      orgId: orgIds.get('yunhai-db')!,
      email: 'new.engineer@yunhai-db.example.cn',
      role: 'member',
      inviterId: ids.get('lin.yue@yunhai-db.example.cn')!,
      locale: 'zh-CN',
    },
    info,
  );
  // Certification: the alliance co-issues with the (fictional) talent-evaluation centre.
  const ctx = { db, secret, publicUrl };
  const credInfo = { ip: null, actorId: adminId };
  const alliance = await createIssuer(
    ctx,
    { slug: 'alliance', nameZh: '国产数据库产业联盟', nameEn: 'Domestic Database Alliance' },
    credInfo,
  );
  const centre = await createIssuer(
    ctx,
    { slug: 'talent-centre', nameZh: '信创人才评价中心', nameEn: 'IT Talent Evaluation Centre' },
    credInfo,
  );
  const achievement = await createAchievement(
    ctx,
    {
      slug: 'pg-associate',
      nameZh: 'PostgreSQL 初级工程师认证',
      nameEn: 'PostgreSQL Associate Engineer',
      descriptionZh: '掌握 PostgreSQL 的安装、SQL、索引与备份恢复。',
      descriptionEn: 'Installs PostgreSQL, writes SQL, uses indexes, backs up and restores.',
      criteriaZh: '通过联盟初级认证考试（60 分及以上）。',
      criteriaEn: 'Passed the alliance associate exam (60 or more).',
      creditsAvailable: 2,
      issuerId: alliance.id,
      coIssuerId: centre.id,
    },
    credInfo,
  );
  // A holder's certificate carries the name they confirmed.
  await confirmCertificateName(db, ids.get('liu.yang@stu.donghu-univ.example.edu.cn')!, '刘洋', { ip: null });
  await issueCredential(
    ctx,
    achievement.id,
    { name: '刘洋', userId: ids.get('liu.yang@stu.donghu-univ.example.edu.cn') },
    [{ name: '初级认证考试 88 分' }],
    credInfo,
  );
  await seedSalons(db, { publicUrl, secret }, { ...info, actorId: adminId }, ids, orgIds, story);
  const learning = await seedLearningDemo(db, {
    teacherId: ids.get('prof.wang@donghu-univ.example.edu.cn')!,
    studentIds: ['liu.yang@stu.donghu-univ.example.edu.cn', 'zhang.xin@stu.donghu-univ.example.edu.cn'].map(
      (e) => ids.get(e)!,
    ),
    info: { ip: null, actorId: ids.get('prof.wang@donghu-univ.example.edu.cn')! },
  });
  // The bank and the exam belong to the demo teacher's university (ADR 0024): 王老师 sees the full
  // bank, other schools' teachers do not; the certification exam is linked by the admin, who holds
  // credentials:manage for the alliance's issuer.
  const teacherId = ids.get('prof.wang@donghu-univ.example.edu.cn')!;
  const university = orgIds.get('donghu-univ')!;
  await seedDemoQuestionBank(db, teacherId, university);
  const exam = await seedDemoExam(db, achievement.id, adminId, university);
  if (story) {
    // The cohort: the demo's students but 刘洋 (whose certificate is above), and a generated year of
    // both universities' students, each at their own point of the course and the exam.
    const random = seededRandom(2025);
    const verdicts = labVerdicts(learning.lab);
    const named = [
      'zhang.xin@stu.donghu-univ.example.edu.cn',
      'huang.kai@stu.hdtnu.example.edu.cn',
      'deng.yu@stu.hdtnu.example.edu.cn',
    ];
    const nameOf = (email: string) => PEOPLE.find((p) => p.email === email)!.name;
    for (const email of named) await confirmCertificateName(db, ids.get(email)!, nameOf(email), { ip: null });
    const students: Student[] = [
      ...named.map((email, i) => ({ id: ids.get(email)!, name: nameOf(email), skill: [0.9, 0.75, 0.55][i] })),
      ...(await seedStudents(
        db,
        {
          size: 17,
          password: DEMO_PASSWORD,
          schools: [
            { orgId: university, domain: 'stu.donghu-univ.example.edu.cn', name: '东湖大学' },
            {
              orgId: orgIds.get('huadong-normal')!,
              domain: 'stu.hdtnu.example.edu.cn',
              name: '华东师范技术大学',
            },
          ],
        },
        random,
      )),
    ];
    await seedCourseProgress(
      db,
      { id: learning.course.id, lessons: learning.lessons, lab: learning.lab },
      verdicts,
      students,
      teacherId,
      random,
    );
    await seedExamAttempts(
      db,
      { publicUrl, secret },
      { examId: exam.id, teacherId, adminId, essaysWaiting: 3 },
      // 张欣 has not sat it yet: her certificate is the one the credential flow issues by hand.
      students.slice(1),
      random,
    );
  }
  // Then each module's own demo, in the list's order (ADR 0034): they find the people and
  // organisations above by email and slug.
  for (const m of installedModules()) await m.seed?.({ db, publicUrl, secret, story });
  return { organizations: ORGS.length, people: PEOPLE.length };
}

/**
 * The associate exam, open now for a year: five questions drawn from the demo bank's PostgreSQL /
 * 初级 categories, then one of the two hands-on SQL questions, so every candidate meets the SQL
 * grader; a pass earns the associate credential. The bank itself is seeded with the questions.
 */
async function seedDemoExam(db: Db, achievementId: string, adminId: string, orgId: string) {
  const now = Date.now();
  return createExam(
    db,
    {
      title: 'PostgreSQL 初级工程师认证考试',
      description: '闭卷，限时 30 分钟。答案会自动保存；断网或刷新后回到本页即可继续作答。',
      status: 'published',
      blueprint: {
        sections: [
          {
            title: '基础知识',
            draws: [
              { count: 2, category: ['PostgreSQL', '初级', '入门'], includeSubcategories: false, tags: [] },
              {
                count: 2,
                category: ['PostgreSQL', '初级', 'SQL 基础'],
                includeSubcategories: false,
                tags: [],
              },
              { count: 1, category: ['PostgreSQL', '初级', '索引'], includeSubcategories: false, tags: [] },
            ],
            fixed: [],
          },
          // Every candidate meets one hands-on question, graded by the SQL grader.
          {
            title: 'SQL 实操',
            draws: [
              {
                count: 1,
                category: ['PostgreSQL', '初级', 'SQL 实操'],
                includeSubcategories: false,
                tags: [],
              },
            ],
            fixed: [],
          },
        ],
      },
      timeLimitMinutes: 30,
      opensAt: new Date(now - 86400_000),
      closesAt: new Date(now + 365 * 86400_000),
      attemptsAllowed: 3,
      gradingMethod: 'highest',
      passPercent: 60,
      shuffleQuestions: true,
      shuffleOptions: true,
      review: DEFAULT_REVIEW,
      requiredCourseId: null,
      requiredLabs: 0,
      achievementId,
      staggerMinutes: 0,
    },
    { ip: null, actorId: adminId, orgId },
  );
}

type DemoSalon = {
  weeksFromNow: number;
  title: string;
  city: string;
  venue: string;
  address: string;
  host: string;
  cohosts: string[];
  status: SalonStatus;
  capacity: number;
  description: string;
  agenda: Array<Omit<AgendaInput, 'speakerId' | 'abstract'> & { speaker?: string; abstract?: string }>;
  /** Demo people registered by name (before the crowd). */
  attendees?: string[];
  life?: SalonLife;
};

/** The alliance's salon series: two past salons, one open for registration, one announced. */
const SALONS: DemoSalon[] = [
  {
    weeksFromNow: -22,
    title: '分布式数据库在金融核心系统的落地',
    city: '杭州',
    venue: '云海数据 西溪园区 3 号楼报告厅',
    address: '杭州市西湖区文二西路 1 号（虚构地址）',
    host: 'yunhai-db',
    cohosts: ['shujuku-shequ'],
    status: 'recap_published',
    capacity: 80,
    description: '联盟沙龙第一期：从金融核心系统的迁移实践聊起，厂商、用户与社区坐到一张桌子旁。',
    agenda: [
      {
        kind: 'public_class',
        subKind: null,
        title: '公开课：HTAP 架构的取舍',
        durationMinutes: 45,
        speaker: 'lin.yue@yunhai-db.example.cn',
      },
      {
        kind: 'mini_talk',
        subKind: null,
        title: '核心账务系统迁移的十个坑',
        durationMinutes: 20,
        speaker: 'sun.wei@hengtong.example.cn',
      },
      {
        kind: 'mini_talk',
        subKind: null,
        title: '从 Oracle 到国产数据库：SQL 兼容性实测',
        durationMinutes: 20,
        speaker: 'wu.hao@xinqiao.example.cn',
      },
      {
        kind: 'hot_segment',
        subKind: 'roundtable',
        title: '圆桌：国产数据库如何赢得核心系统',
        durationMinutes: 45,
      },
    ],
    life: {
      registrations: 96,
      cancellations: 7,
      checkIns: 66,
      walkIns: 9,
      openedDaysBefore: 30,
      actuals: { venue: 1200, tea: 460, poster: 280, dinner: 1850, gifts: 0 },
      sponsored: { category: 'gifts', note: '伴手礼：联盟定制帆布袋', cny: 600, payer: 'shujuku-shequ' },
      channels: [
        { name: '云海数据 公众号', owner: 'yunhai-db', lateDays: 0 },
        { name: '数据库开发者社区 公众号', owner: 'shujuku-shequ', lateDays: 0 },
        { name: '技术周刊 公众号', owner: 'jishu-zhoukan', lateDays: 2 },
        { name: '恒通银行科技 视频号', owner: 'hengtong-bank', lateDays: 0 },
      ],
      streams: [
        { platform: '微信视频号', url: 'https://channels.weixin.qq.com/demo/yunhai', viewers: 2340 },
        { platform: 'B站', url: 'https://live.bilibili.com/demo-yunhai', viewers: 1180 },
        { platform: 'CSDN 直播', url: 'https://live.csdn.net/demo-yunhai', viewers: 620 },
      ],
      attention: { keyword: '分布式数据库', before: 1200, after: 1580 },
      replays: true,
    },
  },
  {
    weeksFromNow: -9,
    title: '时序与物联网：工业现场的数据洪流',
    city: '北京',
    venue: '北辰时序 中关村办公室',
    address: '北京市海淀区中关村大街 100 号（虚构地址）',
    host: 'beichen-tsdb',
    cohosts: ['jishu-zhoukan'],
    status: 'finished',
    capacity: 60,
    description: '第二期走进北京：时序数据库、可观测性与工业物联网。',
    agenda: [
      {
        kind: 'mini_talk',
        subKind: null,
        title: '百万测点写入的压测实录',
        durationMinutes: 25,
        speaker: 'zhao.ming@beichen-tsdb.example.cn',
      },
      {
        kind: 'mini_talk',
        subKind: null,
        title: '数据库可观测性：指标之外',
        durationMinutes: 25,
        speaker: 'he.lan@guanlan-ops.example.cn',
      },
      {
        kind: 'hot_segment',
        subKind: 'live_practice',
        title: '现场实践：十分钟搭一套监控大盘',
        durationMinutes: 40,
      },
    ],
    life: {
      registrations: 72,
      cancellations: 5,
      checkIns: 47,
      walkIns: 6,
      openedDaysBefore: 24,
      actuals: { venue: 0, tea: 380, poster: 300, dinner: 1600, gifts: 0 },
      sponsored: { category: 'other', note: '直播设备租赁', cny: 800, payer: 'jishu-zhoukan' },
      channels: [
        { name: '北辰时序 公众号', owner: 'beichen-tsdb', lateDays: 0 },
        { name: '技术周刊 公众号', owner: 'jishu-zhoukan', lateDays: 0 },
        { name: '观澜运维 公众号', owner: 'guance-ops', lateDays: 3 },
        { name: '数据库开发者社区 公众号', owner: 'shujuku-shequ', lateDays: null },
      ],
      streams: [
        { platform: '微信视频号', url: 'https://channels.weixin.qq.com/demo/beichen', viewers: 1560 },
        { platform: '抖音', url: 'https://live.douyin.com/demo-beichen', viewers: 890 },
      ],
      attention: { keyword: '时序数据库', before: 640, after: 910 },
    },
  },
  {
    weeksFromNow: 3,
    title: '图数据库与知识图谱实战',
    city: '上海',
    venue: '清流图谱 徐汇滨江会议室',
    address: '上海市徐汇区龙腾大道 2000 号（虚构地址）',
    host: 'qingliu-graph',
    cohosts: ['huadong-normal', 'shujuku-shequ'],
    status: 'registration_open',
    capacity: 50,
    description: '第三期来到上海：图数据库的建模、查询与评测，欢迎高校同学参加。',
    agenda: [
      {
        kind: 'public_class',
        subKind: null,
        title: '公开课：图查询语言入门',
        durationMinutes: 40,
        speaker: 'prof.li@hdtnu.example.edu.cn',
      },
      {
        kind: 'mini_talk',
        subKind: null,
        title: '反欺诈图谱的建模套路',
        durationMinutes: 20,
        speaker: 'chen.jing@qingliu.example.cn',
      },
      { kind: 'hot_segment', subKind: 'competition', title: '比赛：现场图查询挑战', durationMinutes: 45 },
    ],
    attendees: [
      'liu.yang@stu.donghu-univ.example.edu.cn',
      'zhang.xin@stu.donghu-univ.example.edu.cn',
      'huang.kai@stu.hdtnu.example.edu.cn',
    ],
    life: {
      registrations: 28,
      cancellations: 2,
      checkIns: 0,
      walkIns: 0,
      openedDaysBefore: 10,
      channels: [
        { name: '清流图谱 公众号', owner: 'qingliu-graph', lateDays: null },
        { name: '华东师范技术大学数据学院 公众号', owner: 'huadong-normal', lateDays: null },
        { name: '数据库开发者社区 公众号', owner: 'shujuku-shequ', lateDays: null },
      ],
    },
  },
  {
    weeksFromNow: 8,
    title: '数据库迁移与信创适配',
    city: '深圳',
    venue: '待定',
    address: '',
    host: 'xinqiao-migrate',
    cohosts: [],
    status: 'announced',
    capacity: 80,
    description: '第四期：迁移工具、兼容性评测与信创适配认证。',
    agenda: [
      {
        kind: 'mini_talk',
        subKind: null,
        title: '异构迁移的一致性校验',
        durationMinutes: 25,
        speaker: 'wu.hao@xinqiao.example.cn',
      },
      { kind: 'hot_segment', subKind: 'pk', title: 'PK：三款迁移工具同场比拼', durationMinutes: 40 },
    ],
  },
];

/** The Saturday nearest to `weeks` weeks from now, as YYYY-MM-DD. */
function saturdayIn(weeks: number): string {
  const d = new Date(Date.now() + weeks * 7 * 86_400_000);
  d.setUTCDate(d.getUTCDate() + ((6 - d.getUTCDay() + 7) % 7));
  return d.toISOString().slice(0, 10);
}

async function seedSalons(
  db: Db,
  mail: { publicUrl: string; secret: string },
  info: { publicUrl: string; ip: null; actorId: string },
  people: Map<string, string>,
  orgIds: Map<string, string>,
  withLife: boolean,
) {
  const series = await createSeries(
    db,
    {
      slug: 'gonghua-weilai',
      titleZh: '国产数据库 共话未来趋势',
      titleEn: 'Chinese Databases: Talking About the Future',
      description: '联盟企业轮流主办的线下沙龙：公开课 + mini talk + 热点环节，高频次、低成本、覆盖全国。',
    },
    info,
  );
  // The regulars who register for salons; the same seed gives the same people everywhere.
  const random = seededRandom(2024);
  const crowd = withLife ? await seedCrowd(db, 100, DEMO_PASSWORD, random) : [];
  for (const s of SALONS) {
    const day = saturdayIn(s.weeksFromNow);
    const salon = await createSalon(
      db,
      {
        seriesId: series.id,
        title: s.title,
        description: s.description,
        city: s.city,
        venue: s.venue,
        address: s.address,
        mapUrl: '',
        startsAt: zonedToInstant(`${day}T14:00`, 'Asia/Shanghai') as Date,
        endsAt: zonedToInstant(`${day}T17:30`, 'Asia/Shanghai') as Date,
        timezone: 'Asia/Shanghai',
        hostOrgId: orgIds.get(s.host)!,
        cohostOrgIds: s.cohosts.map((c) => orgIds.get(c)!),
        capacity: s.capacity,
        registrationDeadline: null,
        questions: [{ id: 'q1', label: '所在单位或学校', required: true }],
      },
      info,
    );
    for (const item of s.agenda) {
      const { speaker, ...rest } = item;
      await addAgendaItem(
        db,
        salon.id,
        { ...rest, abstract: rest.abstract ?? '', speakerId: speaker ? (people.get(speaker) ?? null) : null },
        info,
      );
    }
    // Walk the status workflow as the host would, living each stage (ADR: seed/salon-life.ts).
    const life: SalonLife = (withLife && s.life) || {
      registrations: 0,
      cancellations: 0,
      checkIns: 0,
      walkIns: 0,
      openedDaysBefore: 7,
      channels: [],
    };
    const ctx = {
      db,
      salonId: salon.id,
      startsAt: salon.startsAt,
      life,
      crowd,
      named: (s.attendees ?? []).map((email) => people.get(email)!),
      orgIds,
      info,
      mail: { ...mail, locale: 'zh-CN' as const },
      random,
    };
    let status: SalonStatus = 'draft';
    while (status !== s.status) {
      const next = NEXT_STATUS[status] as SalonStatus;
      await changeSalonStatus(db, salon.id, next, info);
      status = next;
      await liveStage(ctx, status);
    }
    if (withLife && s.life) await backdate(ctx);
  }
}
