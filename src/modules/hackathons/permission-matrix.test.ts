import { makeOrg, makeUser, TEST_PUBLIC_URL } from '../../testing/harness.ts';
import { checkRows, type ExtendFixture } from '../../testing/permission-matrix.ts';
import { hackathonInput, teamOf } from './fixtures.test.helpers.ts';
import { assignJudge, inviteJudge } from './judging.ts';
import { HACKATHONS } from './permission-matrix.rows.ts';
import { findHackathon, type Hackathon } from './queries.ts';
import { addSponsor, addTrack, createHackathon, setHackathonStatus } from './service.ts';
import { submitProject } from './submissions.ts';

/** A published hackathon run by the matrix organisation, a sponsor's problem, a submitted team, two judge links. */
const extend: ExtendFixture = async (t, f) => {
  const info = { ip: null, actorId: null, publicUrl: TEST_PUBLIC_URL };
  const created = await createHackathon(t.db, { ...hackathonInput(f.orgId), slug: 'matrix-hackathon' }, info);
  const sponsor = await makeOrg(t.db, (await makeUser(t.db)).id, { slug: 'matrix-sponsor' });
  await addSponsor(t.db, created.id, { orgId: sponsor.id, kind: 'title', amountCny: 10000 }, info);
  const track = await addTrack(
    t.db,
    created.id,
    {
      title: '矩阵赛题',
      description: '',
      resources: '',
      sponsorOrgId: sponsor.id,
      prizeCny: 0,
      criteria: [],
    },
    info,
  );
  await setHackathonStatus(t.db, created.id, 'published', info);
  const h = (await findHackathon(t.db, created.id)) as Hackathon;
  const { team, people } = await teamOf(t.db, h, '矩阵队', 2);
  const sub = await submitProject(
    t.db,
    h,
    team.id,
    people[0].id,
    {
      title: '矩阵作品',
      repoUrl: 'https://gitee.com/m/m',
      videoUrl: '',
      description: '',
      trackIds: [track.id],
    },
    info,
  );
  const mail = { ...info, locale: 'zh-CN' as const };
  const judgeToken = await inviteJudge(
    t.db,
    h,
    {
      email: 'judge-seat@matrix.test',
      name: '矩阵评委',
      orgIds: [],
      expertise: [],
      availability: '',
      trackId: null,
    },
    mail,
  );
  const bindToken = await inviteJudge(
    t.db,
    h,
    {
      email: 'bind-seat@matrix.test',
      name: '绑定评委',
      orgIds: [],
      expertise: [],
      availability: '',
      trackId: null,
    },
    mail,
  );
  const { seatByToken } = await import('./judging.ts');
  const seat = await seatByToken(t.db, judgeToken);
  await assignJudge(t.db, h.id, 1, seat?.judgeId as string, sub.id, info);
  return { hackathonSlug: h.slug, judgeToken, bindToken, submissionId: sub.id };
};

checkRows('hackathons', HACKATHONS, extend);
