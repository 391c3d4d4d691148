/**
 * Routes for hackathons: the public list and page (cached for anonymous visitors) with its .ics;
 * organising (create, status, sponsors, problems, judges, conflicts, assignment, awards, publish,
 * results export); the participant's team page (register, team, join, captain, submit); and the
 * judge's pages behind the magic link (assignments, scoring, pairwise comparison).
 */
import { eq, inArray } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { cacheForAnonymous } from '../../platform/anonymous-cache.ts';
import type { AppEnv } from '../../platform/context.ts';
import { toCsv } from '../../platform/csv.ts';
import { AppError } from '../../platform/errors.ts';
import { type FormValues, validate } from '../../platform/forms.ts';
import { requireActor } from '../../platform/permissions.ts';
import { isUuid, requestInfo } from '../../platform/request.ts';
import { xlsxWorkbook } from '../../platform/xlsx.ts';
import type { FormState } from '../../ui/form.tsx';
import { listIssuers } from '../credentials/queries.ts';
import { listOrganizations, organizationsOfPeople } from '../identity/queries.ts';
import { buildCalendar } from '../salons/ics.ts';
import { canDo, requireHackathon } from './access.ts';
import { addAward, publishResults } from './awards.ts';
import { conflictFacts, eligibilityMatrix, pairKey } from './conflicts.ts';
import {
  assignForm,
  assignOneForm,
  awardForm,
  captainForm,
  decideForm,
  hackathonForm,
  joinForm,
  joinRequestForm,
  judgeForm,
  overrideForm,
  pairwiseForm,
  registerForm,
  sponsorForm,
  statusForm,
  submissionForm,
  teamForm,
  trackForm,
} from './forms.ts';
import {
  assignJudge,
  assignJudges,
  assignmentsOf,
  bindJudgeAccount,
  describeReasons,
  inviteJudge,
  overrideConflict,
  rubricFor,
  rubricResults,
  scoreSubmission,
  seatByToken,
} from './judging.ts';
import type { HackathonMessageKey } from './messages.ts';
import { markFirstSeen, openSession, pairwiseRanking, pass, undoLastVote, vote } from './pairwise.ts';
import { key, problem } from './problems.ts';
import {
  findHackathonBySlug,
  findParticipant,
  type Hackathon,
  listAllHackathons,
  listAwards,
  listPublicHackathons,
  listSponsors,
  listSubmissions,
  listTracks,
  pendingJoinRequests,
  teamBoard,
  teamOf,
} from './queries.ts';
import { hackathonJudges, hackathonPanel, hackathonSubmissions } from './schema.ts';
import { addSponsor, addTrack, createHackathon, HACKATHON_PAGES_TAG, setHackathonStatus } from './service.ts';
import { submitProject } from './submissions.ts';
import {
  createTeam,
  decideJoinRequest,
  joinTeamByCode,
  registerParticipant,
  requestToJoin,
  transferCaptain,
} from './teams.ts';
import { JudgeHome, PairwisePage, ScorePage } from './views/judge.tsx';
import { type ConflictRow, ManagePage } from './views/manage.tsx';
import { HackathonPage, IndexPage, NewHackathonPage } from './views/public.tsx';
import type { States } from './views/shared.tsx';
import { TeamPage } from './views/team.tsx';

type C = Context<AppEnv>;
const title = (c: C, k: HackathonMessageKey, vars?: Record<string, string | number>) => ({
  title: c.get('t')(key(k), vars),
});

/** Parses a form whose fields may repeat (checkbox lists arrive as arrays). */
async function parse<S extends z.ZodType>(c: C, schema: S) {
  const body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
  return validate(schema, body);
}

/** An AppError as a form's state: its field errors and its message. */
function stateOf(err: unknown, values: FormValues): FormState {
  if (!(err instanceof AppError)) throw err;
  return { values, errors: err.fields ?? {}, message: err.messageKey, messageVars: err.vars };
}

async function hackathonOr404(c: C): Promise<Hackathon> {
  const h = await findHackathonBySlug(c.get('deps').db, c.req.param('slug') ?? '');
  if (!h) throw problem('NOT_FOUND', 'hackathons.notFound');
  return h;
}

const manages = (c: C, h: Hackathon) =>
  canDo(c.get('actor'), 'hackathons:manage', { orgId: h.organizerOrgId });

async function seatOr404(c: C) {
  const seat = await seatByToken(c.get('deps').db, c.req.param('token') ?? '');
  if (!seat) throw problem('NOT_FOUND', 'hackathons.judge.linkUnknown');
  return seat;
}

export function hackathonRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/hackathons', async (c) => {
    const { db } = c.get('deps');
    const actor = c.get('actor');
    const isAdmin = actor?.roles.has('platform_admin');
    const list = isAdmin ? await listAllHackathons(db) : await listPublicHackathons(db);
    if (!actor) cacheForAnonymous(c, [HACKATHON_PAGES_TAG]);
    return c.render(
      <IndexPage hackathons={list} canCreate={canDo(actor, 'hackathons:create')} />,
      title(c, 'hackathons.index.title'),
    );
  });

  async function newPage(c: C, state?: FormState) {
    const actor = requireHackathon(c, 'hackathons:create');
    const { db } = c.get('deps');
    const orgs = await listOrganizations(db);
    const mine = orgs.filter(
      (o) => actor.roles.has('platform_admin') || actor.orgRoles.get(o.id) === 'admin',
    );
    const issuers = actor.roles.has('platform_admin') ? await listIssuers(db) : [];
    return c.render(
      <NewHackathonPage
        state={state}
        organisers={mine.map((o) => ({ value: o.id, label: o.nameZh }))}
        issuers={issuers.map((i) => ({ value: i.id, label: i.nameZh }))}
      />,
      title(c, 'hackathons.new.title'),
    );
  }

  app.get('/hackathons/new', (c) => newPage(c));

  app.post('/hackathons', async (c) => {
    const actor = requireHackathon(c, 'hackathons:create');
    const form = await parse(c, hackathonForm);
    if (!form.ok) {
      c.status(400);
      return newPage(c, form);
    }
    if (!canDo(actor, 'hackathons:manage', { orgId: form.data.organizerOrgId }))
      throw new AppError('FORBIDDEN');
    // Choosing who signs the awards is a platform admin's call (issuers are theirs).
    const issuing = actor.roles.has('platform_admin') ? {} : { issuerId: null, coIssuerId: null };
    try {
      const h = await createHackathon(c.get('deps').db, { ...form.data, ...issuing }, requestInfo(c));
      return c.redirect(`/hackathons/${h.slug}/manage`, 303);
    } catch (err) {
      const state = stateOf(err, form.values);
      c.status((err as AppError).status as 400);
      return newPage(c, state);
    }
  });

  // The judge's pages come before `/:slug` so "judge" is never read as a hackathon.
  app.get('/hackathons/judge/:token', async (c) => {
    const seat = await seatOr404(c);
    const list = await assignmentsOf(c.get('deps').db, seat, 1);
    const actor = c.get('actor');
    return c.render(
      <JudgeHome
        token={c.req.param('token')}
        name={seat.name}
        title={seat.hackathon.title}
        assignments={list.map((a) => ({ submissionId: a.submissionId, title: a.title, scored: !!a.scores }))}
        canBind={!!actor && !seat.userId}
      />,
      title(c, 'hackathons.judge.welcome', { name: seat.name }),
    );
  });

  app.post('/hackathons/judge/:token/bind', async (c) => {
    const actor = requireActor(c);
    const seat = await seatOr404(c);
    await bindJudgeAccount(c.get('deps').db, seat, actor.userId, requestInfo(c));
    return c.redirect(`/hackathons/judge/${c.req.param('token')}`, 303);
  });

  async function scorePage(c: C, states?: States) {
    const seat = await seatOr404(c);
    const { db } = c.get('deps');
    const id = c.req.param('submissionId') ?? '';
    if (!isUuid(id)) throw problem('NOT_FOUND', 'hackathons.score.notAssigned');
    const mine = (await assignmentsOf(db, seat, 1)).find((a) => a.submissionId === id);
    const [sub] = await db.select().from(hackathonSubmissions).where(eqId(id));
    if (!mine || !sub) throw problem('FORBIDDEN', 'hackathons.score.notAssigned');
    const criteria = await rubricFor(db, seat.hackathon, sub.trackIds);
    return c.render(
      <ScorePage
        token={c.req.param('token') ?? ''}
        project={sub}
        criteria={criteria}
        scores={mine.scores}
        states={states}
      />,
      title(c, 'hackathons.score.title', { title: sub.title }),
    );
  }

  app.get('/hackathons/judge/:token/score/:submissionId', (c) => scorePage(c));

  app.post('/hackathons/judge/:token/score/:submissionId', async (c) => {
    const seat = await seatOr404(c);
    const body = (await c.req.parseBody()) as Record<string, string>;
    const values: FormValues = {};
    const scores: Record<string, number> = {};
    for (const [k, v] of Object.entries(body))
      if (typeof v === 'string' && k !== '_csrf') {
        values[k] = v;
        if (/^\d$/.test(v)) scores[k] = Number(v);
      }
    try {
      await scoreSubmission(
        c.get('deps').db,
        seat,
        1,
        c.req.param('submissionId') ?? '',
        scores,
        requestInfo(c),
      );
      return c.redirect(`/hackathons/judge/${c.req.param('token')}`, 303);
    } catch (err) {
      const state = stateOf(err, values);
      c.status((err as AppError).status as 400);
      return scorePage(c, { score: state });
    }
  });

  async function pairwisePage(c: C, error?: string) {
    const seat = await seatOr404(c);
    const { db } = c.get('deps');
    const state = await openSession(db, seat, 1);
    const ids = [state.prevId, state.nextId].filter((x): x is string => !!x);
    const subs = ids.length ? await db.select().from(hackathonSubmissions).where(inIds(ids)) : [];
    const find = (id: string | null) => subs.find((s) => s.id === id) ?? null;
    return c.render(
      <PairwisePage
        token={c.req.param('token') ?? ''}
        prev={find(state.prevId)}
        next={find(state.nextId)}
        error={error}
      />,
      title(c, 'hackathons.pairwise.title'),
    );
  }

  app.get('/hackathons/judge/:token/pairwise', (c) => pairwisePage(c));

  app.post('/hackathons/judge/:token/pairwise', async (c) => {
    const seat = await seatOr404(c);
    const form = await parse(c, pairwiseForm);
    if (!form.ok) throw new AppError('INVALID_INPUT');
    const { db } = c.get('deps');
    const info = requestInfo(c);
    const { action, prevId = '', nextId = '' } = form.data;
    try {
      if (action === 'seen') await markFirstSeen(db, seat, 1, nextId);
      else if (action === 'prev' || action === 'next')
        await vote(db, seat, 1, { prevId, nextId, winner: action }, info);
      else if (action === 'skip' || action === 'absent') await pass(db, seat, 1, nextId, action, info);
      else await undoLastVote(db, seat, 1, info);
      return c.redirect(`/hackathons/judge/${c.req.param('token')}/pairwise`, 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      c.status(err.status as 409);
      return pairwisePage(c, c.get('t')(err.messageKey, err.vars));
    }
  });

  app.get('/hackathons/:slug', async (c) => {
    const h = await hackathonOr404(c);
    const { db } = c.get('deps');
    const actor = c.get('actor');
    if (h.status === 'draft' && !manages(c, h)) throw problem('NOT_FOUND', 'hackathons.notFound');
    if (!actor) cacheForAnonymous(c, [HACKATHON_PAGES_TAG]);
    const [sponsors, tracks] = [await listSponsors(db, h.id), await listTracks(db, h.id)];
    return c.render(<HackathonPage h={h} sponsors={sponsors} tracks={tracks} canManage={manages(c, h)} />, {
      title: h.title,
      share: { description: h.theme, type: 'website' },
    });
  });

  app.get('/hackathons/:slug/calendar.ics', async (c) => {
    const h = await hackathonOr404(c);
    if (h.status === 'draft') throw problem('NOT_FOUND', 'hackathons.notFound');
    const { config } = c.get('deps');
    const url = `${config.PUBLIC_URL}/hackathons/${h.slug}`;
    const ics = buildCalendar({
      name: h.title,
      events: [
        {
          uid: `hackathon-${h.id}@gongjin`,
          title: h.title,
          description: h.theme,
          location: h.online ? 'Online' : h.city,
          url,
          startsAt: h.startsAt,
          endsAt: h.endsAt,
          timezone: h.timezone,
          updatedAt: h.updatedAt,
        },
        {
          uid: `hackathon-${h.id}-deadline@gongjin`,
          title: `${h.title} · ${c.get('t')(key('hackathons.field.submissionDeadline'))}`,
          description: '',
          location: '',
          url,
          startsAt: h.submissionDeadline,
          endsAt: h.submissionDeadline,
          timezone: h.timezone,
          updatedAt: h.updatedAt,
        },
      ],
    });
    return c.body(ics, 200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="${h.slug}.ics"`,
    });
  });

  // ---- the participant's team page -------------------------------------------------------------

  async function teamPage(c: C, h: Hackathon, states?: States) {
    const actor = requireActor(c);
    const { db } = c.get('deps');
    const team = await teamOf(db, h.id, actor.userId);
    const orgIds = (await organizationsOfPeople(db, [actor.userId])).map((m) => m.orgId);
    const orgs = (await listOrganizations(db)).filter((o) => orgIds.includes(o.id));
    return c.render(
      <TeamPage
        h={h}
        registered={!!(await findParticipant(db, h.id, actor.userId))}
        myOrgs={orgs.map((o) => ({ value: o.id, label: o.nameZh }))}
        team={team}
        tracks={await listTracks(db, h.id)}
        board={await teamBoard(db, h)}
        requests={team && team.captainId === actor.userId ? await pendingJoinRequests(db, team.id) : []}
        me={actor.userId}
        states={states}
      />,
      { title: h.title },
    );
  }

  app.get('/hackathons/:slug/team', async (c) => {
    requireActor(c);
    const h = await hackathonOr404(c);
    if (h.status === 'draft') throw problem('NOT_FOUND', 'hackathons.notFound');
    return teamPage(c, h);
  });

  /** A participant's POST: parse, act, back to the team page (or the page with the form's errors). */
  function teamAction<S extends z.ZodType>(
    path: string,
    schema: S,
    form: string,
    act: (c: C, h: Hackathon, userId: string, data: z.output<S>) => Promise<unknown>,
  ) {
    app.post(`/hackathons/:slug${path}`, async (c) => {
      const actor = requireActor(c);
      const h = await hackathonOr404(c);
      if (h.status === 'draft') throw problem('NOT_FOUND', 'hackathons.notFound');
      const parsed = await parse(c, schema);
      if (!parsed.ok) {
        c.status(400);
        return teamPage(c, h, { [form]: parsed });
      }
      try {
        await act(c, h, actor.userId, parsed.data);
        return c.redirect(`/hackathons/${h.slug}/team`, 303);
      } catch (err) {
        const state = stateOf(err, parsed.values);
        c.status((err as AppError).status as 400);
        return teamPage(c, h, { [form]: state });
      }
    });
  }

  const db = (c: C) => c.get('deps').db;
  const myTeam = async (c: C, h: Hackathon, userId: string) => {
    const team = await teamOf(db(c), h.id, userId);
    if (!team) throw problem('CONFLICT', 'hackathons.team.notMember');
    return team;
  };
  teamAction('/register', registerForm, 'register', (c, h, userId, d) =>
    registerParticipant(db(c), h, userId, d, requestInfo(c)),
  );
  teamAction('/teams', teamForm, 'team', (c, h, userId, d) =>
    createTeam(db(c), h, userId, d.name, requestInfo(c)),
  );
  teamAction('/teams/join', joinForm, 'join', (c, h, userId, d) =>
    joinTeamByCode(db(c), h, userId, d.code, requestInfo(c)),
  );
  teamAction('/teams/requests/new', joinRequestForm, 'join', (c, h, userId, d) =>
    requestToJoin(db(c), h, d.teamId, userId, d.message, requestInfo(c)),
  );
  teamAction('/teams/requests', decideForm, 'team', (c, h, userId, d) =>
    decideJoinRequest(db(c), h, d.requestId, userId, d.accept === '1', requestInfo(c)),
  );
  teamAction('/teams/captain', captainForm, 'team', async (c, h, userId, d) =>
    transferCaptain(db(c), (await myTeam(c, h, userId)).id, userId, d.userId, requestInfo(c)),
  );
  teamAction('/submission', submissionForm, 'submission', async (c, h, userId, d) =>
    submitProject(db(c), h, (await myTeam(c, h, userId)).id, userId, d, requestInfo(c)),
  );

  // ---- organising -------------------------------------------------------------------------------

  async function managePage(c: C, h: Hackathon, states?: States) {
    const actor = requireActor(c);
    const full = manages(c, h);
    const { db } = c.get('deps');
    const sponsors = await listSponsors(db, h.id);
    // A sponsor's admin sees this page to set their company's problems, and nothing else.
    const sponsorOf = sponsors.filter((s) => full || canDo(actor, 'hackathons:sponsor', { orgId: s.orgId }));
    if (!full && sponsorOf.length === 0) throw new AppError('FORBIDDEN');
    const tracks = await listTracks(db, h.id);
    const subs = await listSubmissions(db, h.id);
    let extra: Pick<
      Parameters<typeof ManagePage>[0],
      'judges' | 'conflicts' | 'rubric' | 'pairwise' | 'awards' | 'orgs'
    > = {
      judges: [],
      conflicts: [],
      rubric: [],
      pairwise: [],
      awards: [],
      orgs: [],
    };
    if (full) {
      const panel = await db
        .select({
          judgeId: hackathonPanel.judgeId,
          trackId: hackathonPanel.trackId,
          name: hackathonJudges.name,
          email: hackathonJudges.email,
        })
        .from(hackathonPanel)
        .innerJoin(hackathonJudges, eqPanelJudge())
        .where(eqPanel(h.id));
      const matrix = eligibilityMatrix(await conflictFacts(db, h.id));
      const t = c.get('t') as (k: ReturnType<typeof key>, v?: Record<string, string>) => string;
      const conflicts: ConflictRow[] = [];
      for (const j of panel)
        for (const s of subs) {
          const e = matrix.get(pairKey(j.judgeId, s.submission.id));
          if (e?.reasons.length)
            conflicts.push({
              judgeId: j.judgeId,
              judgeName: j.name,
              submissionId: s.submission.id,
              title: s.submission.title,
              reasons: describeReasons(t, e.reasons),
              note: e.overriddenNote,
            });
        }
      const awards = await listAwards(db, h.id);
      extra = {
        judges: panel.map((j) => ({
          judgeId: j.judgeId,
          name: j.name,
          email: j.email,
          track:
            tracks.find((x) => x.id === j.trackId)?.title ?? c.get('t')(key('hackathons.judge.allTracks')),
        })),
        conflicts,
        rubric: await rubricResults(db, h, 1),
        pairwise: await pairwiseRanking(db, h.id, 1),
        awards: awards.map((a) => ({
          title: a.award.title,
          project: a.title,
          track:
            tracks.find((x) => x.id === a.award.trackId)?.title ??
            c.get('t')(key('hackathons.award.overall')),
          published: !!a.award.publishedAt,
        })),
        orgs: (await listOrganizations(db)).map((o) => ({ value: o.id, label: o.nameZh })),
      };
    }
    return c.render(
      <ManagePage
        h={h}
        sponsors={sponsors}
        tracks={tracks}
        sponsorChoices={[
          ...(full ? [{ value: '', label: '—' }] : []),
          ...sponsorOf.map((s) => ({ value: s.orgId, label: s.nameZh })),
        ]}
        submissions={subs.map((s) => ({
          id: s.submission.id,
          title: s.submission.title,
          teamName: s.teamName,
          version: s.submission.version,
          late: s.submission.late,
          hidden: s.submission.hidden,
        }))}
        canManage={full}
        states={states}
        {...extra}
      />,
      title(c, 'hackathons.manage'),
    );
  }

  app.get('/hackathons/:slug/manage', async (c) => {
    requireActor(c);
    return managePage(c, await hackathonOr404(c));
  });

  /** An organiser's POST on the manage page. */
  function manageAction<S extends z.ZodType>(
    path: string,
    schema: S,
    form: (d: FormValues) => string,
    act: (c: C, h: Hackathon, data: z.output<S>) => Promise<unknown>,
    guard: (c: C, h: Hackathon, data: z.output<S> | undefined) => void = (c, h) => {
      requireHackathon(c, 'hackathons:manage', { orgId: h.organizerOrgId });
    },
  ) {
    app.post(`/hackathons/:slug${path}`, async (c) => {
      requireActor(c);
      const h = await hackathonOr404(c);
      const parsed = await parse(c, schema);
      guard(c, h, parsed.ok ? parsed.data : undefined);
      if (!parsed.ok) {
        c.status(400);
        return managePage(c, h, { [form(parsed.values)]: parsed });
      }
      try {
        await act(c, h, parsed.data);
        return c.redirect(`/hackathons/${h.slug}/manage`, 303);
      } catch (err) {
        const state = stateOf(err, parsed.values);
        c.status((err as AppError).status as 400);
        return managePage(c, h, { [form(parsed.values)]: state });
      }
    });
  }

  manageAction(
    '/status',
    statusForm,
    () => 'status',
    (c, h, d) => setHackathonStatus(db(c), h.id, d.status, requestInfo(c)),
  );
  manageAction(
    '/sponsors',
    sponsorForm,
    () => 'sponsor',
    (c, h, d) => addSponsor(db(c), h.id, d, requestInfo(c)),
  );
  manageAction(
    '/tracks',
    trackForm,
    () => 'track',
    (c, h, d) => addTrack(db(c), h.id, d, requestInfo(c)),
    // The organiser sets any problem; a sponsor's admin only their own company's.
    (c, h, d) => {
      if (manages(c, h)) return;
      requireHackathon(c, 'hackathons:sponsor', { orgId: d?.sponsorOrgId ?? undefined });
    },
  );
  manageAction(
    '/judges',
    judgeForm,
    () => 'judge',
    (c, h, d) =>
      inviteJudge(db(c), h, d, {
        ...requestInfo(c),
        publicUrl: c.get('deps').config.PUBLIC_URL,
        locale: c.get('locale'),
      }),
  );
  manageAction(
    '/overrides',
    overrideForm,
    (v) => `override:${v.judgeId}:${v.submissionId}`,
    (c, h, d) => overrideConflict(db(c), h.id, d.judgeId, d.submissionId, d.note, requestInfo(c)),
  );
  manageAction(
    '/assign',
    assignForm,
    () => 'assign',
    (c, h, d) => assignJudges(db(c), h.id, 1, d.k, requestInfo(c)),
  );
  manageAction(
    '/assign/one',
    assignOneForm,
    () => 'assignOne',
    (c, h, d) => {
      const t = c.get('t') as (k: ReturnType<typeof key>, v?: Record<string, string>) => string;
      return assignJudge(db(c), h.id, 1, d.judgeId, d.submissionId, {
        ...requestInfo(c),
        describe: (r) => describeReasons(t, r),
      });
    },
  );
  manageAction(
    '/awards',
    awardForm,
    () => 'award',
    (c, h, d) => addAward(db(c), h.id, d, requestInfo(c)),
  );
  manageAction(
    '/publish-results',
    statusFormless(),
    () => 'publish',
    (c, h) => {
      const { dbKind, config } = c.get('deps');
      return publishResults(
        {
          db: db(c),
          secret: config.GONGJIN_SECRET,
          publicUrl: config.PUBLIC_URL,
          embedded: dbKind === 'pglite',
        },
        h.id,
        requestInfo(c),
      );
    },
  );

  async function resultRows(c: C, h: Hackathon): Promise<string[][]> {
    requireHackathon(c, 'hackathons:manage', { orgId: h.organizerOrgId });
    const rubric = new Map((await rubricResults(db(c), h, 1)).map((r) => [r.submissionId, r]));
    const pairwise = new Map((await pairwiseRanking(db(c), h.id, 1)).map((r) => [r.submissionId, r]));
    const subs = await listSubmissions(db(c), h.id);
    const t = c.get('t');
    return [
      [
        'project',
        'team',
        'repository',
        'late',
        t(key('hackathons.results.raw')),
        t(key('hackathons.results.normalised')),
        'mu',
        'sigma_sq',
        'copeland',
      ],
      ...subs.map(({ submission: s, teamName }) => {
        const r = rubric.get(s.id);
        const p = pairwise.get(s.id);
        return [
          s.title,
          teamName,
          s.repoUrl,
          s.late ? 'late' : '',
          r ? r.raw.toFixed(4) : '',
          r ? r.normalised.toFixed(4) : '',
          p ? p.mu.toFixed(6) : '',
          p ? p.sigmaSq.toFixed(6) : '',
          p ? String(p.copeland) : '',
        ];
      }),
    ];
  }

  app.get('/hackathons/:slug/results.csv', async (c) => {
    const h = await hackathonOr404(c);
    const rows = await resultRows(c, h);
    return c.body(toCsv(rows), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${h.slug}-results.csv"`,
    });
  });

  app.get('/hackathons/:slug/results.xlsx', async (c) => {
    const h = await hackathonOr404(c);
    const rows = await resultRows(c, h);
    return c.body(new Uint8Array(xlsxWorkbook('results', rows)), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${h.slug}-results.xlsx"`,
    });
  });

  return app;
}

const eqId = (id: string) => eq(hackathonSubmissions.id, id);
const inIds = (ids: string[]) => inArray(hackathonSubmissions.id, ids);
const eqPanelJudge = () => eq(hackathonJudges.id, hackathonPanel.judgeId);
const eqPanel = (id: string) => eq(hackathonPanel.hackathonId, id);
const statusFormless = () => z.object({});
