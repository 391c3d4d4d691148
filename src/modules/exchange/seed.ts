/**
 * The demo's supply–demand table (the alliance plan's 供需模型) as real posts: every demo
 * organisation and a few people post what their role supplies and needs, and a handful of
 * introductions stand at every step (waiting, accepted with outcomes, declined), so the board,
 * the suggestions, the introductions and the organisers' funnel all show believable data.
 */
import type { Db } from '../../db/client.ts';
import type { SeedContext } from '../../platform/module.ts';
import { actorById, organizationIdsBySlug, userIdByEmail } from '../identity/queries.ts';
import type { PostInput } from './forms.ts';
import { recordOutcome, requestIntroduction, respondToIntroduction } from './introductions.ts';
import { orgParty, userParty } from './parties.ts';
import { blockPair, createPost } from './posts.ts';
import type { Category } from './schema.ts';

type Who = { org: string; admin: string } | { person: string };
type DemoPost = {
  kind: 'offer' | 'need';
  category: Category;
  title: string;
  body?: string;
  tags: string[];
  purpose?: 'end' | 'means';
  metric?: 'north_star' | 'process';
};

const offer = (category: Category, title: string, tags: string[], body = ''): DemoPost => ({
  kind: 'offer',
  category,
  title,
  tags,
  body,
});
const need = (
  category: Category,
  title: string,
  tags: string[],
  purpose: 'end' | 'means',
  metric: 'north_star' | 'process',
  body = '',
): DemoPost => ({ kind: 'need', category, title, tags, purpose, metric, body });

/** Who posts what: the role table, row by row, in the demo's own words. */
export const DEMO_POSTS: Array<{ who: Who; posts: DemoPost[] }> = [
  {
    who: { org: 'yunhai-db', admin: 'lin.yue@yunhai-db.example.cn' },
    posts: [
      offer(
        'products',
        '云海 HTAP 社区版与企业版授权',
        ['postgresql', 'htap', '分布式'],
        '兼容 PostgreSQL 协议，提供代码兜底服务。',
      ),
      offer(
        'internships',
        '内核研发实习岗位（杭州，可远程）',
        ['postgresql', '内核', '实习'],
        '参与优化器与存储引擎开发，表现优秀可转正。',
      ),
      need(
        'cases',
        '寻找金融行业核心系统替换案例',
        ['金融', '国产化', '案例'],
        'end',
        'north_star',
        '希望与银行共建可公开的标杆案例。',
      ),
      need(
        'talent',
        '招募熟悉 PostgreSQL 源码的内核人才',
        ['postgresql', '内核'],
        'means',
        'process',
        '校招与实习都欢迎，看重开源贡献。',
      ),
    ],
  },
  {
    who: { org: 'beichen-tsdb', admin: 'zhao.ming@beichen-tsdb.example.cn' },
    posts: [
      offer(
        'solutions',
        '工业物联网时序数据解决方案',
        ['时序', '物联网'],
        '单机百万点每秒写入，支持边缘部署。',
      ),
      need('users', '寻找物流、能源行业的时序数据库试点用户', ['时序', '物流', '试点'], 'end', 'north_star'),
      need('influence', '在技术社区做时序数据库专题直播', ['直播', '时序'], 'means', 'process'),
    ],
  },
  {
    who: { org: 'qingliu-graph', admin: 'chen.jing@qingliu.example.cn' },
    posts: [
      offer('jobs', '图数据库研发与解决方案岗位', ['图数据库', '招聘'], '深圳，校招与社招。'),
      need(
        'partners',
        '寻找迁移工具伙伴，共同打包图数据库迁移方案',
        ['迁移', '图数据库'],
        'means',
        'process',
      ),
      need('talent', '招募图计算方向的应届生', ['图计算', '校招'], 'means', 'process'),
    ],
  },
  {
    who: { org: 'xinqiao-migrate', admin: 'wu.hao@xinqiao.example.cn' },
    posts: [
      offer(
        'solutions',
        'Oracle 到国产数据库的迁移评估与数据同步',
        ['迁移', 'oracle', '国产化'],
        '异构数据库结构与数据迁移，增量同步。',
      ),
      offer('partners', '与数据库厂商联合交付迁移项目', ['迁移', '伙伴']),
      need('customers', '寻找正在做国产化替换的用户企业', ['国产化', '迁移'], 'end', 'north_star'),
      need('lower_cost', '降低迁移项目的售前与测试成本', ['测试', '成本'], 'means', 'process'),
    ],
  },
  {
    who: { org: 'guance-ops', admin: 'he.lan@guanlan-ops.example.cn' },
    posts: [
      offer('products', '数据库监控诊断与自治运维平台', ['运维', '监控', 'postgresql']),
      need('cases', '需要大规模 PostgreSQL 运维案例', ['postgresql', '运维', '案例'], 'end', 'north_star'),
      need('talent', '招募数据库运维方向实习生', ['运维', '实习'], 'means', 'process'),
    ],
  },
  {
    who: { org: 'hengtong-bank', admin: 'sun.wei@hengtong.example.cn' },
    posts: [
      offer('cases', '核心系统国产数据库替换实践，可作为联合案例', ['金融', '国产化', '案例']),
      offer('venues', '上海陆家嘴可容纳 80 人的沙龙场地', ['场地', '上海', '沙龙']),
      need(
        'solutions',
        '核心账务系统的分布式数据库选型与迁移方案',
        ['分布式', '迁移', '金融'],
        'end',
        'north_star',
      ),
      need('lower_cost', '降低数据库授权与运维成本', ['成本', '运维'], 'means', 'process'),
    ],
  },
  {
    who: { org: 'jiayi-logistics', admin: 'gao.fei@jiayi.example.cn' },
    posts: [
      offer('cases', '数百个 PostgreSQL 实例的运维实践', ['postgresql', '运维', '物流']),
      offer('jobs', '数据平台工程师岗位（武汉）', ['招聘', '武汉']),
      need('solutions', '轨迹数据的时序存储方案', ['时序', '物流'], 'end', 'north_star'),
      need('talent', '招募 PostgreSQL DBA', ['postgresql', 'dba'], 'means', 'process'),
    ],
  },
  {
    who: { org: 'shujuku-shequ', admin: 'ma.li@dbdev.example.cn' },
    posts: [
      offer('traffic', '公众号矩阵与社群，免费转发干货沙龙', ['流量', '公众号', '直播']),
      need('expertise', '征集数据库内核与运维方向的技术文章', ['投稿', '内核', '运维'], 'means', 'process'),
    ],
  },
  {
    who: { org: 'jishu-zhoukan', admin: 'xu.tao@techweekly.example.cn' },
    posts: [
      offer('influence', '直播平台与科技媒体报道', ['直播', '媒体']),
      need('expertise', '寻找能做专题直播的数据库专家', ['直播', '专家'], 'means', 'process'),
    ],
  },
  {
    who: { org: 'donghu-univ', admin: 'prof.wang@donghu-univ.example.edu.cn' },
    posts: [
      offer('students', '开源数据库工作室的学生，可参与企业开源项目', ['学生', '开源', '内核']),
      offer('venues', '学院报告厅，可办校园行与公开课', ['场地', '武汉', '校园行']),
      need(
        'internships',
        '为工作室学员争取数据库企业实习',
        ['实习', '内核'],
        'end',
        'north_star',
        '学生就业率是学院的北极星指标。',
      ),
      need('projects', '寻找企业共建数据库实践课', ['实践课', '校企合作'], 'means', 'process'),
    ],
  },
  {
    who: { org: 'huadong-normal', admin: 'prof.li@hdtnu.example.edu.cn' },
    posts: [
      offer('students', '数据库与 AI 方向的研究生', ['学生', 'ai']),
      need('projects', '与企业合作编写数据库教材', ['写书', '校企合作'], 'means', 'process'),
      need('funds', '工作室项目经费与比赛赞助', ['经费', '比赛'], 'means', 'process'),
    ],
  },
  {
    who: { org: 'xinchuang-cert', admin: 'zhou.qing@cert.xinchuang.example.org.cn' },
    posts: [
      offer('certificates', '数据库人才能力评价证书联合颁发', ['证书', '认证']),
      need('partners', '寻找共建认证课程与题库的厂商', ['认证', '题库'], 'means', 'process'),
    ],
  },
  {
    who: { person: 'liu.yang@stu.donghu-univ.example.edu.cn' },
    posts: [
      offer(
        'talent',
        '读过 PostgreSQL 优化器源码的大三学生',
        ['postgresql', '内核'],
        '工作室成员，做过查询优化器课程项目。',
      ),
      need('internships', '寻找数据库内核实习', ['实习', '内核', 'postgresql'], 'end', 'north_star'),
    ],
  },
  {
    who: { person: 'huang.kai@stu.hdtnu.example.edu.cn' },
    posts: [
      offer('talent', '熟悉 Python 与图计算的研一学生', ['图计算', 'python']),
      need('internships', '图数据库方向实习', ['实习', '图数据库'], 'end', 'north_star'),
    ],
  },
  {
    who: { person: 'deng.yu@stu.hdtnu.example.edu.cn' },
    posts: [
      offer('talent', '考过数据库认证、会 SQL 调优的大四学生', ['sql', '运维']),
      need('career', '想从 DBA 做起，寻找运维方向的导师', ['运维', 'dba', '导师'], 'end', 'north_star'),
    ],
  },
];

async function partyOf(db: Db, who: Who, orgIds: Map<string, string>) {
  const email = 'org' in who ? who.admin : who.person;
  const userId = await userIdByEmail(db, email);
  if (!userId) throw new Error(`demo person ${email} is missing`);
  const actor = await actorById(db, userId);
  if (!actor) throw new Error(`demo person ${email} has no account`);
  const party = 'org' in who ? orgParty(orgIds.get(who.org) ?? '') : userParty(userId);
  return { actor, party };
}

type Parties = Map<string, Awaited<ReturnType<typeof partyOf>>>;

/** Who each demo key (an organisation's slug or a person's email) posts as. */
async function demoParties(db: Db): Promise<Parties> {
  const orgIds = await organizationIdsBySlug(db);
  const parties: Parties = new Map();
  for (const { who } of DEMO_POSTS)
    parties.set('org' in who ? who.org : who.person, await partyOf(db, who, orgIds));
  return parties;
}

/** The quick seed (story: false, for wall and cache tests) adds nothing: no other page reads the board. */
export async function seed(ctx: SeedContext): Promise<void> {
  if (!ctx.story) return;
  await seedPosts(ctx);
  await seedIntroductions(ctx);
}

/** Every row of the role table as posts. */
export async function seedPosts(ctx: SeedContext): Promise<void> {
  const { db } = ctx;
  const info = { ip: null, publicUrl: ctx.publicUrl };
  const parties = await demoParties(db);
  for (const { who, posts } of DEMO_POSTS) {
    const p = parties.get('org' in who ? who.org : who.person)!;
    for (const post of posts) {
      const input: PostInput = {
        kind: post.kind,
        party: p.party,
        category: post.category,
        purpose: post.purpose ?? '',
        metricLevel: post.metric ?? '',
        title: post.title,
        body: post.body ?? '',
        tags: post.tags,
      };
      await createPost(db, p.actor, input, info);
    }
  }
}

/** The year's story: introductions at every step, and one competitor exclusion. */
export async function seedIntroductions(ctx: SeedContext): Promise<void> {
  const { db } = ctx;
  const info = { ip: null, publicUrl: ctx.publicUrl };
  const parties = await demoParties(db);
  const of = (key: string) => parties.get(key)!;
  const ask = (from: string, to: string, note: string) =>
    requestIntroduction(db, of(from).actor, { party: of(from).party, other: of(to).party, note }, info);
  // A student and a vendor: accepted, and by now an agreement (an internship).
  const internship = await ask(
    'liu.yang@stu.donghu-univ.example.edu.cn',
    'yunhai-db',
    '想参与优化器开发，暑期可全职。',
  );
  await respondToIntroduction(db, of('yunhai-db').actor, internship.id, 'accept', info);
  await recordOutcome(db, of('liu.yang@stu.donghu-univ.example.edu.cn').actor, internship.id, 4, info);
  // A bank and a migration company: accepted, now in a trial.
  const migration = await ask(
    'hengtong-bank',
    'xinqiao-migrate',
    '核心账务系统明年启动替换，想先做迁移评估。',
  );
  await respondToIntroduction(db, of('xinqiao-migrate').actor, migration.id, 'accept', info);
  await recordOutcome(db, of('hengtong-bank').actor, migration.id, 3, info);
  // A school and an ops company: accepted, no answer to the survey yet.
  const course = await ask('donghu-univ', 'guance-ops', '希望共建数据库运维实践课。');
  await respondToIntroduction(db, of('guance-ops').actor, course.id, 'accept', info);
  // Declined, and one still waiting for its answer.
  const graph = await ask('huang.kai@stu.hdtnu.example.edu.cn', 'qingliu-graph', '');
  await respondToIntroduction(db, of('qingliu-graph').actor, graph.id, 'decline', info);
  await ask('jiayi-logistics', 'beichen-tsdb', '轨迹数据量每天上亿点，想了解时序方案。');
  // Two vendors of overlapping products keep each other out of their suggestions.
  await blockPair(
    db,
    of('beichen-tsdb').actor,
    { party: of('beichen-tsdb').party, other: of('qingliu-graph').party, reason: 'competitor' },
    info,
  );
}
