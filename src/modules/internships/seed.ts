/**
 * The demo's internships: postings by the demo's member companies (each with its named mentor),
 * students' applications at different points of the pipeline, and a registered open-source
 * project. People and organisations are looked up by the emails and slugs of src/seed/demo.ts.
 */
import type { SeedContext } from '../../platform/module.ts';
import { organizationIdsBySlug, userIdByEmail } from '../identity/queries.ts';
import { apply, moveApplication } from './applications.ts';
import { registerProject } from './contributions.ts';
import { createPosting, type PostingInput } from './postings.ts';

const info = { actorId: null, ip: null };

type DemoPosting = Omit<PostingInput, 'orgId' | 'mentorId'> & { org: string; mentor: string };

const POSTINGS: DemoPosting[] = [
  {
    org: 'yunhai-db',
    mentor: 'lin.yue@yunhai-db.example.cn',
    title: '数据库内核开发实习生（存储引擎）',
    description: '参与云海数据存储引擎的 MVCC 与 WAL 模块开发，导师一对一带教，表现优秀可转正。',
    skills: ['C', 'PostgreSQL', '操作系统'],
    city: '杭州',
    remote: false,
    durationWeeks: 12,
    stipendMin: 5000,
    stipendMax: 8000,
    slots: 3,
    terms: ['summer'],
  },
  {
    org: 'beichen-tsdb',
    mentor: 'zhao.ming@beichen-tsdb.example.cn',
    title: '时序数据库查询优化实习生',
    description: '为北辰时序库的查询优化器实现新的下推规则，并补齐基准测试。',
    skills: ['Rust', 'SQL', '查询优化'],
    city: '北京',
    remote: true,
    durationWeeks: 16,
    stipendMin: 4000,
    stipendMax: 6000,
    slots: 2,
    terms: ['summer', 'autumn'],
  },
  {
    org: 'qingliu-graph',
    mentor: 'chen.jing@qingliu.example.cn',
    title: '图数据库开源社区运营实习生',
    description: '维护清流图数据库的中文文档与示例，组织线上答疑。',
    skills: ['写作', 'Cypher', 'GitHub'],
    city: '深圳',
    remote: true,
    durationWeeks: 8,
    stipendMin: 2000,
    stipendMax: 3000,
    slots: 2,
    terms: ['winter', 'summer'],
  },
];

export async function seed(ctx: SeedContext): Promise<void> {
  const { db, publicUrl } = ctx;
  const orgs = await organizationIdsBySlug(db);
  const mail = { publicUrl, locale: 'zh-CN' };
  const created = [];
  for (const p of POSTINGS) {
    const orgId = orgs.get(p.org);
    const mentorId = await userIdByEmail(db, p.mentor);
    if (!orgId || !mentorId) continue;
    const { org: _org, mentor: _mentor, ...rest } = p;
    created.push(await createPosting(db, { ...rest, orgId, mentorId }, info));
  }
  const yunhai = orgs.get('yunhai-db');
  const linYue = await userIdByEmail(db, 'lin.yue@yunhai-db.example.cn');
  if (yunhai && linYue) {
    await registerProject(
      db,
      { orgId: yunhai, url: 'https://gitee.com/yunhai-db/yunhai-storage', mentorId: linYue },
      info,
    );
  }
  if (!ctx.story || created.length === 0) return;
  const liu = await userIdByEmail(db, 'liu.yang@stu.donghu-univ.example.edu.cn');
  const huang = await userIdByEmail(db, 'huang.kai@stu.hdtnu.example.edu.cn');
  if (liu) {
    const a = await apply(
      db,
      {
        postingId: created[0].id,
        studentId: liu,
        motivation: '读过 PostgreSQL 的 WAL 代码，想在真实内核里实践。',
      },
      mail,
      info,
    );
    await moveApplication(db, a.id, 'interview', 'company', '请于下周二下午参加线上面试。', mail, info);
    await moveApplication(db, a.id, 'offer', 'company', '恭喜通过面试！', mail, info);
    await moveApplication(db, a.id, 'accepted', 'student', '', mail, info);
  }
  if (huang && created[1]) {
    const a = await apply(
      db,
      { postingId: created[1].id, studentId: huang, motivation: '用 Rust 写过一个小型 SQL 解析器。' },
      mail,
      info,
    );
    await moveApplication(db, a.id, 'screening', 'company', '', mail, info);
  }
}
