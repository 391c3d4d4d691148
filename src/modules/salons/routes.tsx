/**
 * Routes for salons: the public index, series and salon pages (cached for anonymous visitors),
 * creating and editing salons with their agenda and status, registration with a waitlist, the
 * attendee's ticket page, the staff check-in page, and exports (.ics, Frab JSON, attendee CSV).
 */
import { type Context, Hono } from 'hono';
import type { Db } from '../../db/client.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { cacheForAnonymous } from '../../platform/anonymous-cache.ts';
import type { AppEnv } from '../../platform/context.ts';
import { toCsv } from '../../platform/csv.ts';
import { AppError } from '../../platform/errors.ts';
import { parseForm } from '../../platform/forms.ts';
import { type Actor, can, requireActor, requirePermission } from '../../platform/permissions.ts';
import { isUuid, requestInfo } from '../../platform/request.ts';
import type { FormState } from '../../ui/form.tsx';
import { titled } from '../../ui/respond.tsx';
import { listPeopleForPicker } from '../identity/queries.ts';
import {
  agendaForm,
  budgetForm,
  channelForm,
  checkInForm,
  csvImportForm,
  moveForm,
  planForm,
  planRow,
  planRowsForm,
  publishedForm,
  salonForm,
  seriesForm,
  speakerInviteForm,
  statusForm,
  streamForm,
  talkForm,
  walkInForm,
} from './forms.ts';
import { buildFrabSchedule } from './frab.ts';
import { buildCalendar, salonEvent } from './ics.ts';
import { parseAttentionCsv, parseViewerCsv } from './live-data.ts';
import { planRotation } from './planner.ts';
import { renderPosterPng } from './poster.ts';
import { type Announcement, announcementHtml, announcementText } from './press-kit.ts';
import {
  actualCost,
  attentionLifts,
  findAgendaItem,
  findPoster,
  findRegistration,
  findSalon,
  findSeriesById,
  findSeriesBySlug,
  findSpeakerInvite,
  hostOptions,
  listAgenda,
  listAttendees,
  listBudget,
  listChannels,
  listSalons,
  listSeries,
  listStreams,
  listWalkIns,
  type OrgRef,
  posterRenderedAt,
  recentCheckIns,
  registrationOf,
  registrationsPerDay,
  SALON_CACHE_TAGS,
  type Salon,
  salonCounts,
  seriesCostReport,
  waitlistPosition,
} from './queries.ts';
import { barChart, costs, cumulative, liftChart, registrationsChart } from './report.ts';
import {
  addAgendaItem,
  addPromotionChannel,
  addWalkIn,
  cancelRegistration,
  changeSalonStatus,
  checkIn,
  claimSpeakerInvite,
  confirmRotationPlan,
  createSalon,
  createSeries,
  importAttention,
  importViewers,
  inviteSpeaker,
  type MailContext,
  moveAgendaItem,
  type OrganizationLogos,
  type OrganizationLogoUrls,
  recordPublication,
  register,
  removeAgendaItem,
  salonPosterData,
  saveBudgetLine,
  saveStream,
  updateSalon,
  updateTalk,
} from './service.ts';
import { checkInUrl, qrSvg, signTicket, verifyTicket } from './tickets.ts';
import { formatRange } from './time.ts';
import {
  BudgetPage,
  type CheckInNotice,
  CheckInPage,
  type ImportProblem,
  LivePage,
  PlanPage,
  type PlanView,
  PressKitPage,
  PromotionPage,
  RegisterPage,
  SalonEditPage,
  SalonFormPage,
  SalonPage,
  SalonReportPage,
  SalonsIndexPage,
  SeriesFormPage,
  SeriesPage,
  SeriesReportPage,
  SpeakerInvitePage,
  TalkPage,
  TicketPage,
} from './views/salons.tsx';

type C = Context<AppEnv>;

const mailContext = (c: C): MailContext => ({
  publicUrl: c.get('deps').config.PUBLIC_URL,
  secret: c.get('deps').config.GONGJIN_SECRET,
  locale: c.get('locale'),
});

/** Organisations the actor may name as host: every one for platform admins, else those they administer. */
function adminOrgIds(actor: Actor): string[] | undefined {
  if (actor.roles.has('platform_admin')) return undefined;
  return [...actor.orgRoles].filter(([, r]) => r === 'admin').map(([id]) => id);
}

/** Co-hosts and gift sponsors come as checkboxes named `cohost_<orgId>` and `sponsor_<orgId>`. */
async function checkedOrgIds(c: C, prefix: 'cohost_' | 'sponsor_'): Promise<string[]> {
  const body = (await c.req.parseBody()) as Record<string, unknown>;
  return Object.keys(body)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length))
    .filter(isUuid);
}
const orgChoices = async (c: C) => ({
  cohostOrgIds: await checkedOrgIds(c, 'cohost_'),
  sponsorOrgIds: await checkedOrgIds(c, 'sponsor_'),
});

const icsEvent = (c: C, s: Salon) => salonEvent(s, s.series.titleZh, c.get('deps').config.PUBLIC_URL);

/** `organizationLogos`: the hosts' logos for posters drawn on demand (members' reader, from `src/wiring.ts`). */
export function salonRoutes(opts: {
  organizationLogos: OrganizationLogos;
  organizationLogoUrls: OrganizationLogoUrls;
}) {
  /** The host logos a list of salons shows, by organisation id. */
  const hostLogos = (db: Db, salons: Salon[]) =>
    opts.organizationLogoUrls(
      db,
      salons.flatMap((s) => (s.host ? [s.host] : [])),
    );

  const app = new Hono<AppEnv>();

  const loadSalon = async (c: C): Promise<Salon> => {
    const id = c.req.param('id') ?? '';
    if (!isUuid(id)) throw new AppError('NOT_FOUND', { messageKey: 'salons.notFound' });
    const salon = await findSalon(c.get('deps').db, id);
    if (!salon) throw new AppError('NOT_FOUND', { messageKey: 'salons.notFound' });
    return salon;
  };
  /** A salon anyone may see: drafts only for those who run them. */
  const loadVisibleSalon = async (c: C): Promise<Salon> => {
    const salon = await loadSalon(c);
    if (salon.status === 'draft' && !can(c.get('actor'), 'salon:manage', { orgId: salon.hostOrgId }))
      throw new AppError('NOT_FOUND', { messageKey: 'salons.notFound' });
    return salon;
  };
  const manage = async (c: C) => {
    const salon = await loadSalon(c);
    const actor = requirePermission(c, 'salon:manage', { orgId: salon.hostOrgId });
    return { salon, actor };
  };
  const loadTicket = async (c: C) => {
    const id = verifyTicket(c.get('deps').config.GONGJIN_SECRET, c.req.param('token') ?? '');
    const reg = id ? await findRegistration(c.get('deps').db, id) : undefined;
    if (!reg) throw new AppError('NOT_FOUND', { messageKey: 'salons.ticket.invalid' });
    const salon = await findSalon(c.get('deps').db, reg.salonId);
    if (!salon) throw new AppError('NOT_FOUND', { messageKey: 'salons.ticket.invalid' });
    return { reg, salon };
  };

  // ---- Public pages ----------------------------------------------------------------------------

  app.get('/salons', async (c) => {
    const { db } = c.get('deps');
    const [series, salons] = await Promise.all([listSeries(db), listSalons(db)]);
    const logos = await hostLogos(db, salons);
    cacheForAnonymous(c, [SALON_CACHE_TAGS.all]);
    return c.render(
      <SalonsIndexPage series={series} salons={salons} logos={logos} />,
      titled(c, 'salons.index.title'),
    );
  });

  app.get('/salons/series/new', (c) => {
    requirePermission(c, 'salon:series');
    return c.render(<SeriesFormPage />, titled(c, 'salons.series.createTitle'));
  });

  app.post('/salons/series', async (c) => {
    requirePermission(c, 'salon:series');
    const form = await parseForm(c, seriesForm);
    let state: FormState | undefined = form.ok ? undefined : form;
    if (form.ok) {
      try {
        const series = await createSeries(c.get('deps').db, form.data, requestInfo(c));
        return c.redirect(`/salons/series/${series.slug}`, 303);
      } catch (err) {
        if (!(err instanceof AppError && err.fields)) throw err;
        state = { values: form.values, errors: err.fields };
      }
    }
    c.status(400);
    return c.render(<SeriesFormPage state={state} />, titled(c, 'salons.series.createTitle'));
  });

  app.get('/salons/series/:slug', async (c) => {
    const { db } = c.get('deps');
    const series = await findSeriesBySlug(db, c.req.param('slug'));
    if (!series) throw new AppError('NOT_FOUND', { messageKey: 'salons.series.notFound' });
    const salons = await listSalons(db, {
      seriesId: series.id,
      includeDrafts: can(c.get('actor'), 'salon:series'),
    });
    const logos = await hostLogos(db, salons);
    cacheForAnonymous(c, [SALON_CACHE_TAGS.all]);
    return c.render(<SeriesPage series={series} salons={salons} logos={logos} />, {
      title: series.titleZh,
      share: {
        description: series.description,
        image: salons[0] && `/salons/${salons[0].id}/posters/square.png`,
      },
    });
  });

  app.get('/salons/series/:slug/calendar.ics', async (c) => {
    const { db } = c.get('deps');
    const series = await findSeriesBySlug(db, c.req.param('slug'));
    if (!series) throw new AppError('NOT_FOUND', { messageKey: 'salons.series.notFound' });
    const salons = await listSalons(db, { seriesId: series.id });
    const body = buildCalendar({ name: series.titleZh, events: salons.map((s) => icsEvent(c, s)) });
    return c.body(body, 200, { 'Content-Type': 'text/calendar; charset=utf-8' });
  });

  app.get('/salons/series/:slug/report', async (c) => {
    requirePermission(c, 'salon:series');
    const { db } = c.get('deps');
    const series = await findSeriesBySlug(db, c.req.param('slug'));
    if (!series) throw new AppError('NOT_FOUND', { messageKey: 'salons.series.notFound' });
    const rows = await seriesCostReport(db, series.id);
    return c.render(<SeriesReportPage series={series} rows={rows} />, titled(c, 'salons.report.title'));
  });

  app.get('/salons/cities/:city/calendar.ics', async (c) => {
    const city = c.req.param('city');
    const salons = (await listSalons(c.get('deps').db)).filter((s) => s.city === city);
    const body = buildCalendar({
      name: c.get('t')('salons.cityFeed', { city }),
      events: salons.map((s) => icsEvent(c, s)),
    });
    return c.body(body, 200, { 'Content-Type': 'text/calendar; charset=utf-8' });
  });

  // ---- Host rotation planner (the organiser: platform admins) ------------------------------------

  const renderPlan = async (c: C, extra: { state?: FormState; result?: PlanView } = {}) => {
    const series = await listSeries(c.get('deps').db);
    const hosts = await hostOptions(c.get('deps').db);
    return c.render(<PlanPage series={series} hosts={hosts} {...extra} />, titled(c, 'salons.plan.title'));
  };

  app.get('/salons/plan', async (c) => {
    requirePermission(c, 'salon:series');
    return renderPlan(c);
  });

  app.post('/salons/plan', async (c) => {
    requirePermission(c, 'salon:series');
    const form = await parseForm(c, planForm);
    if (!form.ok) {
      c.status(400);
      return renderPlan(c, { state: form });
    }
    const orgs = new Map((await hostOptions(c.get('deps').db)).map((o) => [o.slug, o]));
    const unknown = form.data.hosts.find((h) => !orgs.has(h.slug) || h.cities.length === 0);
    if (unknown) {
      c.status(400);
      return renderPlan(c, {
        state: {
          values: form.values,
          errors: { hosts: 'salons.plan.hostsInvalid' },
          message: 'salons.plan.unknownHost',
          messageVars: { slug: unknown.slug },
        },
      });
    }
    const result = planRotation({
      startMonth: form.data.startMonth,
      months: form.data.months,
      perMonth: form.data.perMonth,
      cityRepeatWeeks: form.data.cityRepeatWeeks,
      hosts: form.data.hosts.map((h) => {
        const org = orgs.get(h.slug) as OrgRef;
        return { orgId: org.id, name: org.nameZh, availableMonths: h.months, cities: h.cities };
      }),
    });
    if (!result.ok) c.status(409);
    return renderPlan(c, { state: { values: form.values }, result: { plan: result, input: form.data } });
  });

  app.post('/salons/plan/confirm', async (c) => {
    requirePermission(c, 'salon:series');
    const form = await parseForm(c, planRowsForm);
    if (!form.ok) throw new AppError('INVALID_INPUT');
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const rows = [];
    for (let i = 0; i < form.data.rows; i++) {
      const row = planRow.safeParse({
        date: body[`row_${i}_date`],
        org: body[`row_${i}_org`],
        city: body[`row_${i}_city`],
      });
      if (!row.success) throw new AppError('INVALID_INPUT');
      rows.push({ date: row.data.date, hostOrgId: row.data.org, city: row.data.city });
    }
    const { db } = c.get('deps');
    const series = await findSeriesById(db, form.data.seriesId);
    if (!series) throw new AppError('NOT_FOUND', { messageKey: 'salons.series.notFound' });
    const t = c.get('t');
    await confirmRotationPlan(
      db,
      { ...form.data, rows, title: (city) => t('salons.plan.draftTitle', { city }) },
      requestInfo(c),
    );
    return c.redirect(`/salons/series/${series.slug}`, 303);
  });

  // ---- Creating and running a salon ------------------------------------------------------------

  const renderForm = async (c: C, actor: Actor, extra: { salon?: Salon; state?: FormState }) => {
    const { db } = c.get('deps');
    const [series, hosts, cohosts] = await Promise.all([
      listSeries(db),
      hostOptions(
        db,
        extra.salon && !actor.roles.has('platform_admin') ? [extra.salon.hostOrgId] : adminOrgIds(actor),
      ),
      hostOptions(db),
    ]);
    return c.render(
      <SalonFormPage series={series} hosts={hosts} cohosts={cohosts} {...extra} />,
      titled(c, extra.salon ? 'salons.edit.title' : 'salons.create.title'),
    );
  };

  app.get('/salons/new', async (c) => {
    const actor = requirePermission(c, 'salon:create');
    return renderForm(c, actor, { state: { values: { seriesId: c.req.query('series') ?? '' } } });
  });

  app.post('/salons', async (c) => {
    const actor = requirePermission(c, 'salon:create');
    const form = await parseForm(c, salonForm);
    if (!form.ok) {
      c.status(400);
      return renderForm(c, actor, { state: form });
    }
    requirePermission(c, 'salon:manage', { orgId: form.data.hostOrgId });
    const salon = await createSalon(
      c.get('deps').db,
      { ...form.data, ...(await orgChoices(c)) },
      requestInfo(c),
    );
    return c.redirect(`/salons/${salon.id}/edit`, 303);
  });

  app.get('/salons/:id', async (c) => {
    const salon = await loadVisibleSalon(c);
    const { db } = c.get('deps');
    const actor = c.get('actor');
    const [agenda, mine, streams, posterAt, logos] = await Promise.all([
      listAgenda(db, salon.id),
      actor ? registrationOf(db, salon.id, actor.userId) : undefined,
      listStreams(db, salon.id),
      posterRenderedAt(db, salon.id, 'square'),
      opts.organizationLogoUrls(db, [
        ...(salon.host ? [salon.host] : []),
        ...salon.cohosts,
        ...salon.sponsors,
      ]),
    ]);
    if (salon.status !== 'draft') cacheForAnonymous(c, [SALON_CACHE_TAGS.all]);
    const ticket =
      mine && mine.status !== 'cancelled'
        ? signTicket(c.get('deps').config.GONGJIN_SECRET, mine.id)
        : undefined;
    return c.render(
      <SalonPage
        salon={salon}
        agenda={agenda}
        mine={mine && ticket ? { status: mine.status, ticket } : undefined}
        canManage={can(actor, 'salon:manage', { orgId: salon.hostOrgId })}
        streams={streams}
        posterAt={posterAt}
        logos={logos}
      />,
      {
        title: salon.title,
        share: {
          description: salon.description,
          image: `/salons/${salon.id}/posters/square.png`,
          type: 'article',
        },
      },
    );
  });

  const renderEdit = async (
    c: C,
    salon: Salon,
    extra: {
      state?: FormState;
      agendaState?: FormState;
      inviteState?: { itemId: string; state: FormState };
      notice?: MessageKey;
    } = {},
  ) => {
    const { db } = c.get('deps');
    const [agenda, counts, people] = await Promise.all([
      listAgenda(db, salon.id),
      salonCounts(db, salon.id),
      listPeopleForPicker(db),
    ]);
    return c.render(
      <SalonEditPage salon={salon} agenda={agenda} counts={counts} people={people} {...extra} />,
      titled(c, 'salons.manage.title'),
    );
  };

  app.get('/salons/:id/edit', async (c) => {
    const { salon, actor } = await manage(c);
    if (c.req.query('details') === '1') return renderForm(c, actor, { salon });
    return renderEdit(c, salon, {
      notice: c.req.query('done') === 'invited' ? 'salons.speaker.invited' : undefined,
    });
  });

  app.post('/salons/:id/edit', async (c) => {
    const { salon, actor } = await manage(c);
    const form = await parseForm(c, salonForm);
    if (!form.ok) {
      c.status(400);
      return renderForm(c, actor, { salon, state: form });
    }
    // The host may only be handed to an organisation the actor also runs.
    requirePermission(c, 'salon:manage', { orgId: form.data.hostOrgId });
    const { seriesId: _ignored, ...input } = form.data;
    await updateSalon(
      c.get('deps').db,
      salon.id,
      { ...input, ...(await orgChoices(c)) },
      requestInfo(c),
      mailContext(c),
    );
    return c.redirect(`/salons/${salon.id}/edit`, 303);
  });

  app.post('/salons/:id/status', async (c) => {
    const { salon } = await manage(c);
    const form = await parseForm(c, statusForm);
    if (!form.ok) throw new AppError('INVALID_INPUT');
    await changeSalonStatus(c.get('deps').db, salon.id, form.data.status, requestInfo(c));
    return c.redirect(`/salons/${salon.id}/edit`, 303);
  });

  app.post('/salons/:id/agenda', async (c) => {
    const { salon } = await manage(c);
    const form = await parseForm(c, agendaForm);
    if (!form.ok) {
      c.status(400);
      return renderEdit(c, salon, { agendaState: form });
    }
    await addAgendaItem(c.get('deps').db, salon.id, form.data, requestInfo(c));
    return c.redirect(`/salons/${salon.id}/edit#agenda`, 303);
  });

  const itemParam = (c: C) => {
    const id = c.req.param('itemId') ?? '';
    if (!isUuid(id)) throw new AppError('NOT_FOUND');
    return id;
  };

  app.post('/salons/:id/agenda/:itemId/move', async (c) => {
    const { salon } = await manage(c);
    const itemId = itemParam(c);
    const form = await parseForm(c, moveForm);
    if (!form.ok) throw new AppError('INVALID_INPUT');
    await moveAgendaItem(c.get('deps').db, salon.id, itemId, form.data.direction, requestInfo(c));
    return c.redirect(`/salons/${salon.id}/edit#agenda`, 303);
  });

  app.post('/salons/:id/agenda/:itemId/delete', async (c) => {
    const { salon } = await manage(c);
    await removeAgendaItem(c.get('deps').db, salon.id, itemParam(c), requestInfo(c));
    return c.redirect(`/salons/${salon.id}/edit#agenda`, 303);
  });

  // ---- Speakers: invitations and their own talk ---------------------------------------------------

  app.post('/salons/:id/agenda/:itemId/invite', async (c) => {
    const { salon } = await manage(c);
    const itemId = itemParam(c);
    const form = await parseForm(c, speakerInviteForm);
    if (!form.ok) {
      // The error belongs to this item's invitation form, not to the form that adds agenda items.
      c.status(400);
      return renderEdit(c, salon, { inviteState: { itemId, state: form } });
    }
    await inviteSpeaker(c.get('deps').db, salon.id, itemId, form.data.email, requestInfo(c), mailContext(c));
    return c.redirect(`/salons/${salon.id}/edit?done=invited#agenda`, 303);
  });

  app.get('/salons/speaker-invites/:token', async (c) => {
    const found = await findSpeakerInvite(c.get('deps').db, c.req.param('token'));
    if (!found) throw new AppError('NOT_FOUND', { messageKey: 'salons.speaker.inviteInvalid' });
    const actor = c.get('actor');
    c.header('Cache-Control', 'private, no-store');
    return c.render(
      <SpeakerInvitePage
        token={c.req.param('token')}
        talk={found.item.title}
        salonTitle={found.salon.title}
        when={formatRange(found.salon.startsAt, found.salon.endsAt, found.salon.timezone, c.get('locale'))}
        signedIn={!!actor}
        claimedByOther={!!found.invite.claimedBy && found.invite.claimedBy !== actor?.userId}
      />,
      titled(c, 'salons.speaker.inviteTitle'),
    );
  });

  app.post('/salons/speaker-invites/:token/claim', async (c) => {
    const actor = requireActor(c);
    const { salonId, itemId } = await claimSpeakerInvite(
      c.get('deps').db,
      c.req.param('token'),
      actor.userId,
      requestInfo(c),
    );
    return c.redirect(`/salons/${salonId}/agenda/${itemId}/talk`, 303);
  });

  /** The talk's speaker, or whoever manages the salon. */
  const talkAccess = async (c: C) => {
    const actor = requireActor(c);
    const salon = await loadSalon(c);
    const item = await findAgendaItem(c.get('deps').db, salon.id, itemParam(c));
    if (!item) throw new AppError('NOT_FOUND');
    if (item.speakerId !== actor.userId && !can(actor, 'salon:manage', { orgId: salon.hostOrgId }))
      throw new AppError('FORBIDDEN');
    return { salon, item };
  };

  app.get('/salons/:id/agenda/:itemId/talk', async (c) => {
    const { salon, item } = await talkAccess(c);
    return c.render(
      <TalkPage salon={salon} item={item} saved={c.req.query('saved') === '1'} />,
      titled(c, 'salons.talk.title'),
    );
  });

  app.post('/salons/:id/agenda/:itemId/talk', async (c) => {
    const { salon, item } = await talkAccess(c);
    const form = await parseForm(c, talkForm);
    if (!form.ok) {
      c.status(400);
      return c.render(<TalkPage salon={salon} item={item} state={form} />, titled(c, 'salons.talk.title'));
    }
    await updateTalk(c.get('deps').db, salon.id, item.id, form.data, requestInfo(c));
    return c.redirect(`/salons/${salon.id}/agenda/${item.id}/talk?saved=1`, 303);
  });

  // ---- Live and after: streams, viewers, the attention index ---------------------------------------

  const renderLive = async (
    c: C,
    salon: Salon,
    extra: { streamState?: FormState; problem?: ImportProblem; notice?: MessageKey } = {},
  ) => {
    const { db } = c.get('deps');
    const [streams, lifts] = await Promise.all([listStreams(db, salon.id), attentionLifts(db, salon)]);
    c.header('Cache-Control', 'private, no-store');
    return c.render(
      <LivePage salon={salon} streams={streams} lifts={lifts} {...extra} />,
      titled(c, 'salons.live.title'),
    );
  };

  app.get('/salons/:id/live', async (c) => {
    const { salon } = await manage(c);
    const notice = c.req.query('done');
    return renderLive(c, salon, {
      notice:
        notice === 'imported' ? 'salons.live.imported' : notice === 'saved' ? 'salons.live.saved' : undefined,
    });
  });

  app.post('/salons/:id/live/streams', async (c) => {
    const { salon } = await manage(c);
    const form = await parseForm(c, streamForm);
    if (!form.ok) {
      c.status(400);
      return renderLive(c, salon, { streamState: form });
    }
    await saveStream(c.get('deps').db, salon.id, form.data, requestInfo(c));
    return c.redirect(`/salons/${salon.id}/live?done=saved`, 303);
  });

  app.post('/salons/:id/live/viewers', async (c) => {
    const { salon } = await manage(c);
    const form = await parseForm(c, csvImportForm);
    if (!form.ok) throw new AppError('INVALID_INPUT');
    const parsed = parseViewerCsv(form.data.csv);
    if (!parsed.ok) {
      c.status(400);
      return renderLive(c, salon, {
        problem: { form: 'viewers', errors: parsed.errors, csv: form.data.csv },
      });
    }
    await importViewers(c.get('deps').db, salon.id, parsed.rows, requestInfo(c));
    return c.redirect(`/salons/${salon.id}/live?done=imported`, 303);
  });

  app.post('/salons/:id/live/attention', async (c) => {
    const { salon } = await manage(c);
    const form = await parseForm(c, csvImportForm);
    if (!form.ok) throw new AppError('INVALID_INPUT');
    const parsed = parseAttentionCsv(form.data.csv);
    if (!parsed.ok) {
      c.status(400);
      return renderLive(c, salon, {
        problem: { form: 'attention', errors: parsed.errors, csv: form.data.csv },
      });
    }
    await importAttention(c.get('deps').db, salon.id, parsed.rows, requestInfo(c));
    return c.redirect(`/salons/${salon.id}/live?done=imported`, 303);
  });

  app.get('/salons/:id/report', async (c) => {
    const { salon } = await manage(c);
    const { db } = c.get('deps');
    const t = c.get('t');
    const [perDay, counts, streams, lifts, spent] = await Promise.all([
      registrationsPerDay(db, salon),
      salonCounts(db, salon.id),
      listStreams(db, salon.id),
      attentionLifts(db, salon),
      actualCost(db, salon.id),
    ]);
    const viewers = streams.reduce((n, s) => n + (s.viewers ?? 0), 0);
    const charts = {
      registrations: registrationsChart(cumulative(perDay)),
      attendance: barChart([
        { label: t('salons.counts.confirmed'), value: counts.confirmed },
        { label: t('salons.counts.waitlisted'), value: counts.waitlisted },
        { label: t('salons.counts.checkedIn'), value: counts.checkedIn },
        { label: t('salons.counts.walkIns'), value: counts.walkIns },
      ]),
      viewers: barChart(streams.map((s) => ({ label: s.platform, value: s.viewers ?? 0 }))),
      attention: liftChart(lifts, { before: t('salons.live.before'), after: t('salons.live.after') }),
    };
    c.header('Cache-Control', 'private, no-store');
    return c.render(
      <SalonReportPage
        salon={salon}
        charts={charts}
        costs={costs(spent, counts.checkedIn + counts.walkIns, viewers)}
      />,
      titled(c, 'salons.salonReport.title'),
    );
  });

  app.get('/salons/:id/posters/:file', async (c) => {
    const salon = await loadVisibleSalon(c);
    const format = ({ 'story.png': 'story', 'square.png': 'square' } as const)[c.req.param('file') ?? ''];
    if (!format) throw new AppError('NOT_FOUND');
    const { db, config } = c.get('deps');
    // Drawn by the salon.posters job; until it has run, drawn now.
    let png: Uint8Array | undefined = await findPoster(db, salon.id, format);
    if (!png) {
      const data = await salonPosterData(db, salon.id, config.PUBLIC_URL, opts.organizationLogos);
      if (!data) throw new AppError('NOT_FOUND');
      png = await renderPosterPng(data, format);
    }
    return c.body(Buffer.from(png), 200, {
      'Content-Type': 'image/png',
      'Cache-Control': salon.status === 'draft' ? 'private, no-store' : 'public, max-age=300',
      'Content-Disposition': `inline; filename="salon-${salon.series.slug}-${salon.number}-${format}.png"`,
    });
  });

  // ---- Budget and the series cost report ---------------------------------------------------------

  const renderBudget = async (c: C, salon: Salon, state?: FormState) => {
    const { db } = c.get('deps');
    const [lines, orgs] = await Promise.all([listBudget(db, salon.id), hostOptions(db)]);
    return c.render(
      <BudgetPage salon={salon} lines={lines} orgs={orgs} state={state} />,
      titled(c, 'salons.budget.title'),
    );
  };

  app.get('/salons/:id/budget', async (c) => {
    const { salon } = await manage(c);
    return renderBudget(c, salon);
  });

  const saveLine = async (c: C, lineId: string | null) => {
    const { salon } = await manage(c);
    const form = await parseForm(c, budgetForm);
    if (!form.ok) {
      c.status(400);
      return renderBudget(c, salon, form);
    }
    await saveBudgetLine(c.get('deps').db, salon.id, lineId, form.data, requestInfo(c));
    return c.redirect(`/salons/${salon.id}/budget`, 303);
  };

  app.post('/salons/:id/budget', (c) => saveLine(c, null));
  app.post('/salons/:id/budget/:lineId', (c) => {
    const lineId = c.req.param('lineId');
    if (!isUuid(lineId)) throw new AppError('NOT_FOUND');
    return saveLine(c, lineId);
  });

  // ---- Synchronized promotion ------------------------------------------------------------------

  /** The host's admins run the list; each channel owner's admins may see it and record their link. */
  const promotionAccess = async (c: C) => {
    const salon = await loadSalon(c);
    const actor = requireActor(c);
    const channels = await listChannels(c.get('deps').db, salon.id);
    const host = can(actor, 'salon:manage', { orgId: salon.hostOrgId });
    if (!host && !channels.some((ch) => can(actor, 'salon:manage', { orgId: ch.ownerOrgId })))
      throw new AppError('FORBIDDEN');
    return { salon, actor, channels, host };
  };

  const renderPromotion = async (c: C, state?: FormState) => {
    const { salon, actor, channels, host } = await promotionAccess(c);
    const orgs = host ? await hostOptions(c.get('deps').db) : [];
    return c.render(
      <PromotionPage
        salon={salon}
        channels={channels}
        orgs={orgs}
        canManage={host}
        canRecord={(ch) => host || can(actor, 'salon:manage', { orgId: ch.ownerOrgId })}
        state={state}
      />,
      titled(c, 'salons.promotion.title'),
    );
  };

  app.get('/salons/:id/promotion', (c) => renderPromotion(c));

  app.post('/salons/:id/promotion', async (c) => {
    const { salon } = await manage(c);
    const form = await parseForm(c, channelForm);
    if (!form.ok) {
      c.status(400);
      return renderPromotion(c, form);
    }
    await addPromotionChannel(c.get('deps').db, salon.id, form.data, requestInfo(c));
    return c.redirect(`/salons/${salon.id}/promotion`, 303);
  });

  app.post('/salons/:id/promotion/:channelId/published', async (c) => {
    const { salon, actor, channels, host } = await promotionAccess(c);
    const channel = channels.find((ch) => ch.id === c.req.param('channelId'));
    if (!channel) throw new AppError('NOT_FOUND');
    if (!host && !can(actor, 'salon:manage', { orgId: channel.ownerOrgId })) throw new AppError('FORBIDDEN');
    const form = await parseForm(c, publishedForm);
    if (!form.ok) {
      c.status(400);
      return renderPromotion(c, form);
    }
    await recordPublication(c.get('deps').db, salon.id, channel.id, form.data.url, requestInfo(c));
    return c.redirect(`/salons/${salon.id}/promotion`, 303);
  });

  app.get('/salons/:id/press-kit', async (c) => {
    const { salon } = await manage(c);
    const agenda = await listAgenda(c.get('deps').db, salon.id);
    const t = c.get('t');
    const locale = c.get('locale');
    const announcement: Announcement = {
      heading: t('salons.numbered', { series: salon.series.titleZh, number: salon.number }),
      title: salon.title,
      when: formatRange(salon.startsAt, salon.endsAt, salon.timezone, locale),
      where: [salon.city, salon.venue, salon.address].filter(Boolean).join(' · '),
      host: [salon.host, ...salon.cohosts]
        .filter((o): o is OrgRef => !!o)
        .map((o) => o.nameZh)
        .join('、'),
      description: salon.description,
      agenda: agenda.map((a) => ({
        title: a.title,
        kind: a.subKind ? t(`salons.subKind.${a.subKind}`) : t(`salons.kind.${a.kind}`),
        speaker: a.speakerName,
        minutes: a.durationMinutes,
      })),
      registerUrl: `${c.get('deps').config.PUBLIC_URL}/salons/${salon.id}`,
      labels: {
        when: t('salons.press.when'),
        where: t('salons.press.where'),
        host: t('salons.press.host'),
        agenda: t('salons.agenda.title'),
        register: t('salons.press.register'),
        minutes: t('salons.agenda.minutes'),
      },
    };
    return c.render(
      <PressKitPage
        salon={salon}
        text={announcementText(announcement)}
        html={announcementHtml(announcement)}
      />,
      titled(c, 'salons.press.title'),
    );
  });

  // ---- Registration and tickets ----------------------------------------------------------------

  const renderRegister = async (c: C, salon: Salon, state?: FormState) => {
    const actor = requireActor(c);
    const mine = await registrationOf(c.get('deps').db, salon.id, actor.userId);
    const ticket =
      mine && mine.status !== 'cancelled'
        ? signTicket(c.get('deps').config.GONGJIN_SECRET, mine.id)
        : undefined;
    return c.render(
      <RegisterPage salon={salon} ticket={ticket} state={state} />,
      titled(c, 'salons.register.title'),
    );
  };

  app.get('/salons/:id/register', async (c) => {
    requireActor(c);
    return renderRegister(c, await loadVisibleSalon(c));
  });

  app.post('/salons/:id/register', async (c) => {
    const actor = requireActor(c);
    const salon = await loadVisibleSalon(c);
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const answers: Record<string, string> = {};
    for (const q of salon.questions) {
      const v = body[`q_${q.id}`];
      answers[q.id] = typeof v === 'string' ? v : '';
    }
    try {
      const result = await register(
        c.get('deps').db,
        { salonId: salon.id, userId: actor.userId, answers },
        requestInfo(c),
        mailContext(c),
      );
      return c.redirect(`/salons/tickets/${result.token}`, 303);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'CONFLICT' || err.code === 'INVALID_INPUT')) {
        c.status(err.status);
        const values = Object.fromEntries(
          Object.entries(body).filter(([, v]) => typeof v === 'string'),
        ) as Record<string, string>;
        return renderRegister(c, salon, { values, errors: err.fields, message: err.messageKey });
      }
      throw err;
    }
  });

  app.get('/salons/tickets/:token', async (c) => {
    const { reg, salon } = await loadTicket(c);
    const { db, config } = c.get('deps');
    const token = c.req.param('token');
    const position = reg.status === 'waitlisted' ? await waitlistPosition(db, reg) : undefined;
    const qr =
      reg.status === 'confirmed' ? await qrSvg(checkInUrl(config.PUBLIC_URL, salon.id, token)) : undefined;
    c.header('Cache-Control', 'private, no-store');
    return c.render(
      <TicketPage
        salon={salon}
        token={token}
        status={reg.status}
        shortCode={reg.shortCode}
        checkedIn={!!reg.checkedInAt}
        position={position}
        qrDataUri={qr ? `data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}` : undefined}
        cancelled={c.req.query('cancelled') === '1'}
      />,
      titled(c, 'salons.ticket.title'),
    );
  });

  app.post('/salons/tickets/:token/cancel', async (c) => {
    const { reg } = await loadTicket(c);
    await cancelRegistration(c.get('deps').db, reg.id, requestInfo(c), mailContext(c));
    return c.redirect(`/salons/tickets/${c.req.param('token')}?cancelled=1`, 303);
  });

  // ---- Check-in --------------------------------------------------------------------------------

  const renderCheckIn = async (c: C, salon: Salon, notice?: CheckInNotice, walkInState?: FormState) => {
    const { db } = c.get('deps');
    const [counts, recent, walkIns] = await Promise.all([
      salonCounts(db, salon.id),
      recentCheckIns(db, salon.id),
      listWalkIns(db, salon.id, 10),
    ]);
    c.header('Cache-Control', 'private, no-store');
    return c.render(
      <CheckInPage
        salon={salon}
        counts={counts}
        recent={recent}
        notice={notice}
        ticket={c.req.query('ticket')}
        walkIns={walkIns}
        walkInState={walkInState}
      />,
      titled(c, 'salons.checkin.title'),
    );
  };

  app.get('/salons/:id/checkin', async (c) => {
    const { salon } = await manage(c);
    // Back from adding a walk-in (redirected, so reloading the page cannot add them twice).
    const added = c.req.query('walkIn');
    const walkIn = added
      ? (await listWalkIns(c.get('deps').db, salon.id, 10)).find((w) => w.id === added)
      : undefined;
    return renderCheckIn(
      c,
      salon,
      walkIn ? { kind: 'success', message: 'salons.walkIn.added', name: walkIn.name } : undefined,
    );
  });

  app.post('/salons/:id/checkin', async (c) => {
    const { salon } = await manage(c);
    const form = await parseForm(c, checkInForm);
    if (!form.ok) throw new AppError('INVALID_INPUT');
    const { db, config } = c.get('deps');
    let ticket: { code: string } | { registrationId: string } | undefined;
    if (form.data.ticket) {
      const id = verifyTicket(config.GONGJIN_SECRET, form.data.ticket);
      if (id) ticket = { registrationId: id };
    } else if (form.data.code) ticket = { code: form.data.code };
    const result = ticket
      ? await checkIn(db, salon.id, ticket, requestInfo(c))
      : ({ ok: false, reason: 'unknown' } as const);
    if (!result.ok) c.status(result.reason === 'unknown' ? 404 : 409);
    const attendee = result.ok
      ? (await listAttendees(db, salon.id)).find((a) => a.id === result.registrationId)
      : undefined;
    return renderCheckIn(
      c,
      salon,
      result.ok
        ? {
            kind: 'success',
            message: result.already ? 'salons.checkin.already' : 'salons.checkin.done',
            name: attendee?.displayName ?? '',
          }
        : {
            kind: 'error',
            message: result.reason === 'unknown' ? 'salons.checkin.unknown' : 'salons.checkin.notConfirmed',
            name: '',
          },
    );
  });

  app.post('/salons/:id/checkin/walk-ins', async (c) => {
    const { salon } = await manage(c);
    const form = await parseForm(c, walkInForm);
    if (!form.ok) {
      c.status(400);
      return renderCheckIn(c, salon, undefined, form);
    }
    const row = await addWalkIn(c.get('deps').db, salon.id, form.data, requestInfo(c));
    return c.redirect(`/salons/${salon.id}/checkin?walkIn=${row.id}`, 303);
  });

  // ---- Exports ---------------------------------------------------------------------------------

  app.get('/salons/:id/calendar.ics', async (c) => {
    const salon = await loadVisibleSalon(c);
    const body = buildCalendar({ name: salon.series.titleZh, events: [icsEvent(c, salon)] });
    return c.body(body, 200, {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="salon-${salon.series.slug}-${salon.number}.ics"`,
    });
  });

  app.get('/salons/:id/schedule.json', async (c) => {
    const salon = await loadVisibleSalon(c);
    const agenda = await listAgenda(c.get('deps').db, salon.id);
    const base = c.get('deps').config.PUBLIC_URL;
    const t = c.get('t');
    return c.json(
      buildFrabSchedule({
        baseUrl: `${base}/`,
        url: `${base}/salons/${salon.id}`,
        acronym: `${salon.series.slug}-${salon.number}`,
        title: `${salon.series.titleZh} #${salon.number} ${salon.title}`,
        version: salon.updatedAt.toISOString(),
        startsAt: salon.startsAt,
        endsAt: salon.endsAt,
        timezone: salon.timezone,
        room: salon.venue || salon.city,
        language: 'zh',
        items: agenda.map((a) => ({
          id: a.id,
          title: a.title,
          abstract: a.abstract,
          type: t(`salons.kind.${a.kind}`),
          track: a.subKind ? t(`salons.subKind.${a.subKind}`) : null,
          durationMinutes: a.durationMinutes,
          speaker: a.speakerId && a.speakerName ? { id: a.speakerId, name: a.speakerName } : null,
        })),
      }),
    );
  });

  app.get('/salons/:id/attendees.csv', async (c) => {
    const { salon } = await manage(c);
    const [attendees, walkIns] = await Promise.all([
      listAttendees(c.get('deps').db, salon.id),
      listWalkIns(c.get('deps').db, salon.id, 10_000),
    ]);
    const t = c.get('t');
    const header = [
      t('salons.csv.name'),
      t('salons.csv.email'),
      t('salons.csv.status'),
      t('salons.csv.code'),
      t('salons.csv.registeredAt'),
      t('salons.csv.checkedInAt'),
      ...salon.questions.map((q) => q.label),
    ];
    const rows = attendees.map((a) => [
      a.displayName,
      a.email,
      t(`salons.registration.${a.status}`),
      a.shortCode,
      a.registeredAt.toISOString(),
      a.checkedInAt?.toISOString() ?? '',
      ...salon.questions.map((q) => a.answers[q.id] ?? ''),
    ]);
    // Walk-ins after the registrations; their phone number goes where an email would.
    for (const w of [...walkIns].reverse())
      rows.push([
        w.name,
        w.phone,
        t('salons.registration.walkIn'),
        '',
        w.createdAt.toISOString(),
        w.createdAt.toISOString(),
        ...salon.questions.map(() => ''),
      ]);
    const csv = toCsv([header, ...rows]);
    c.header('Cache-Control', 'private, no-store');
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="attendees-${salon.series.slug}-${salon.number}.csv"`,
    });
  });

  return app;
}
