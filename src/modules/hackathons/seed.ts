/**
 * The demo's hackathon: the alliance's 2026 database hackathon, organised by the community
 * (数据库社区), title-sponsored by 云海数据 with a vector-search problem, and 北辰时序 with a
 * time-series problem; registration is open on the seeding day, two 东湖大学 students have formed a
 * team and submitted, and a teacher of another school sits on the panel (no conflict). Only in the
 * full demo (`story`): other pages do not need it.
 */
import type { SeedContext } from '../../platform/module.ts';
import { listIssuers } from '../credentials/queries.ts';
import { organizationIdsBySlug, userIdByEmail } from '../identity/queries.ts';
import { inviteJudge } from './judging.ts';
import { findHackathon, type Hackathon, listTracks } from './queries.ts';
import { addSponsor, addTrack, createHackathon, setHackathonStatus } from './service.ts';
import { submitProject } from './submissions.ts';
import { createTeam, joinTeamByCode, registerParticipant } from './teams.ts';

const DAY = 86_400_000;

export async function seed(ctx: SeedContext): Promise<void> {
  if (!ctx.story) return;
  const { db } = ctx;
  const orgs = await organizationIdsBySlug(db);
  const org = (slug: string) => orgs.get(slug) as string;
  const info = { ip: null, actorId: null, publicUrl: ctx.publicUrl };
  const issuers = await listIssuers(db);
  const now = Date.now();
  const created = await createHackathon(
    db,
    {
      slug: 'guochan-db-hackathon-2026',
      title: '国产数据库创新黑客松 2026',
      theme: '用国产数据库解决真实业务问题：向量检索、时序分析、平滑迁移',
      rules:
        '- 作品须在比赛期间完成，可使用开源组件\n- 代码仓库须公开（GitHub / Gitee / GitCode）\n- 每队 2–4 人，每人只能参加一支队伍',
      city: '武汉',
      online: false,
      timezone: 'Asia/Shanghai',
      registrationOpensAt: new Date(now - 7 * DAY),
      registrationClosesAt: new Date(now + 14 * DAY),
      startsAt: new Date(now + 21 * DAY),
      endsAt: new Date(now + 23 * DAY),
      submissionDeadline: new Date(now + 23 * DAY - 4 * 3600_000),
      latePolicy: 'accept_marked',
      lateGraceMinutes: 30,
      minTeamSize: 2,
      maxTeamSize: 4,
      eligibility: 'open',
      eligibleOrgIds: [],
      organizerOrgId: org('shujuku-shequ'),
      criteria: [
        { key: 'c1', label: '创新性', weight: 3 },
        { key: 'c2', label: '技术实现', weight: 3 },
        { key: 'c3', label: '业务价值', weight: 2 },
        { key: 'c4', label: '完成度与演示', weight: 2 },
      ],
      issuerId: issuers[0]?.id ?? null,
      coIssuerId: issuers[1]?.id ?? null,
    },
    info,
  );
  await addSponsor(db, created.id, { orgId: org('yunhai-db'), kind: 'title', amountCny: 100_000 }, info);
  await addSponsor(db, created.id, { orgId: org('beichen-tsdb'), kind: 'prize', amountCny: 30_000 }, info);
  await addTrack(
    db,
    created.id,
    {
      title: '向量检索：让 RAG 跑在国产数据库上',
      description: '在云海数据库上实现一个检索增强问答应用，比较向量索引在十万级文档上的召回率与延迟。',
      resources: '云海数据库社区版镜像；5 万条中文技术文档数据集；每队 500 元云资源券',
      sponsorOrgId: org('yunhai-db'),
      prizeCny: 50_000,
      criteria: [],
    },
    info,
  );
  await addTrack(
    db,
    created.id,
    {
      title: '时序分析：工厂设备的异常检测',
      description: '用北辰时序数据库接入模拟产线的传感器数据，做实时异常检测与告警看板。',
      resources: '北辰时序 Docker 镜像；一个月的脱敏产线数据',
      sponsorOrgId: org('beichen-tsdb'),
      prizeCny: 20_000,
      criteria: [],
    },
    info,
  );
  await setHackathonStatus(db, created.id, 'published', info);
  const h = (await findHackathon(db, created.id)) as Hackathon;
  const liu = await userIdByEmail(db, 'liu.yang@stu.donghu-univ.example.edu.cn');
  const zhang = await userIdByEmail(db, 'zhang.xin@stu.donghu-univ.example.edu.cn');
  if (liu && zhang) {
    for (const u of [liu, zhang])
      await registerParticipant(
        db,
        h,
        u,
        { orgId: org('donghu-univ'), advisorEmail: '', skills: 'PostgreSQL、Python', lookingForTeam: false },
        info,
      );
    const team = await createTeam(db, h, liu, '东湖向量队', info);
    await joinTeamByCode(db, h, zhang, team.inviteCode, info);
    const [vector] = await listTracks(db, h.id);
    await submitProject(
      db,
      h,
      team.id,
      liu,
      {
        title: '文澜：校园知识库问答',
        repoUrl: 'https://gitee.com/donghu-db-studio/wenlan',
        videoUrl: '',
        description: '把学校的课程资料做成可检索的知识库，用向量检索 + 关键词检索混合召回。',
        trackIds: vector ? [vector.id] : [],
      },
      info,
    );
  }
  await inviteJudge(
    db,
    h,
    {
      email: 'prof.li@hdtnu.example.edu.cn',
      name: '李教授',
      orgIds: [org('huadong-normal')],
      expertise: ['数据库内核', '向量检索'],
      availability: '比赛两天全程',
      trackId: null,
    },
    { ...info, publicUrl: ctx.publicUrl, locale: 'zh-CN' },
  );
}
