/**
 * Salon pages, phone first: the index, a series, a salon (public and cached for anonymous
 * visitors: it carries nothing per visitor, and registration is a link to its own page), the
 * create/edit forms with agenda and status, registration, the attendee's ticket and staff check-in.
 * Every string comes from the catalogue (messages/salons.ts).
 */

import { raw } from 'hono/html';
import type { Locale, MessageKey } from '../../../i18n/index.ts';
import { renderMarkdown } from '../../../platform/markdown.ts';
import { can } from '../../../platform/permissions.ts';
import { instantToZoned, SHANGHAI } from '../../../platform/time.ts';
import { useView } from '../../../ui/context.ts';
import { ActionButton, Field, Form, type FormState, Select, Submit } from '../../../ui/form.tsx';
import { questionsText } from '../forms.ts';
import type { Lift, LineError } from '../live-data.ts';
import type { PlanResult, Reason } from '../planner.ts';
import type {
  AgendaItem,
  AgendaItemRow,
  BudgetLine,
  Channel,
  OrgRef,
  RecentRecap,
  Salon,
  SalonCounts,
  Series,
  SeriesCostRow,
  Stream,
  WalkIn,
} from '../queries.ts';
import type { Costs } from '../report.ts';
import { AGENDA_KINDS, BUDGET_CATEGORIES, HOT_SUB_KINDS, type RegistrationStatus } from '../schema.ts';
import { NEXT_STATUS } from '../service.ts';
import { formatRange } from '../time.ts';

const orgName = (o: OrgRef, locale: Locale) => (locale === 'en' && o.nameEn ? o.nameEn : o.nameZh);
const seriesTitle = (s: Series, locale: Locale) => (locale === 'en' && s.titleEn ? s.titleEn : s.titleZh);

function When({ salon }: { salon: Salon }) {
  const { locale } = useView();
  return <>{formatRange(salon.startsAt, salon.endsAt, salon.timezone, locale)}</>;
}

function StatusBadge({ salon }: { salon: Salon }) {
  const { t } = useView();
  return (
    <span class="badge" data-status={salon.status}>
      {t(`salons.status.${salon.status}`)}
    </span>
  );
}

function SalonList({ salons }: { salons: Salon[] }) {
  const { t, locale } = useView();
  if (salons.length === 0) return <p class="muted">{t('salons.index.empty')}</p>;
  return (
    <ul class="grid" data-testid="salon-list">
      {salons.map((s) => (
        <li class="card stack" data-id={s.id}>
          <a href={`/salons/${s.id}`}>
            <strong>
              {t('salons.numbered', { series: seriesTitle(s.series, locale), number: s.number })}
            </strong>
          </a>
          <span>{s.title}</span>
          <span class="muted">
            <a
              href={`/salons/cities/${encodeURIComponent(s.city)}/calendar.ics`}
              title={t('salons.cityFeed', { city: s.city })}
            >
              {s.city}
            </a>{' '}
            · <When salon={s} />
          </span>
          {s.host && <span class="muted">{t('salons.hostedBy', { org: orgName(s.host, locale) })}</span>}
          <StatusBadge salon={s} />
        </li>
      ))}
    </ul>
  );
}

export function SalonsIndexPage({ series, salons }: { series: Series[]; salons: Salon[] }) {
  const { t, locale, actor } = useView();
  return (
    <section class="stack">
      <h1>{t('salons.index.title')}</h1>
      <p class="muted">{t('salons.index.lead')}</p>
      <p class="actions">
        {can(actor, 'salon:create') && (
          <a class="button button-primary" href="/salons/new">
            {t('salons.create.title')}
          </a>
        )}{' '}
        {can(actor, 'salon:series') && (
          <>
            <a class="button" href="/salons/series/new">
              {t('salons.series.createTitle')}
            </a>{' '}
            <a class="button" href="/salons/plan">
              {t('salons.plan.title')}
            </a>
          </>
        )}
      </p>
      <h2>{t('salons.index.series')}</h2>
      <ul>
        {series.map((s) => (
          <li>
            <a href={`/salons/series/${s.slug}`}>{seriesTitle(s, locale)}</a>
          </li>
        ))}
      </ul>
      <h2>{t('salons.index.salons')}</h2>
      <SalonList salons={salons} />
    </section>
  );
}

export function SeriesPage({ series, salons }: { series: Series; salons: Salon[] }) {
  const { t, locale, actor } = useView();
  return (
    <section class="stack">
      <h1>{seriesTitle(series, locale)}</h1>
      {series.description && <p>{series.description}</p>}
      <p>
        <a href={`/salons/series/${series.slug}/calendar.ics`}>{t('salons.series.calendar')}</a>
      </p>
      {can(actor, 'salon:series') && (
        <p>
          <a href={`/salons/series/${series.slug}/report`}>{t('salons.report.title')}</a>
        </p>
      )}
      <SalonList salons={salons} />
    </section>
  );
}

export function SeriesFormPage({ state }: { state?: FormState }) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('salons.series.createTitle')}</h1>
      <Form action="/salons/series" state={state}>
        <Field name="slug" label="salons.field.seriesSlug" hint="validation.slug" required state={state} />
        <Field name="titleZh" label="salons.field.titleZh" required state={state} />
        <Field name="titleEn" label="salons.field.titleEn" state={state} />
        <Field name="description" label="salons.field.description" multiline state={state} />
        <Submit label="salons.create.submit" />
      </Form>
    </section>
  );
}

function Agenda({ agenda }: { agenda: AgendaItem[] }) {
  const { t } = useView();
  if (agenda.length === 0) return <p class="muted">{t('salons.agenda.empty')}</p>;
  return (
    <ol class="stack" data-testid="agenda">
      {agenda.map((a) => (
        <li id={`agenda-${a.id}`}>
          <strong>{a.title}</strong>{' '}
          <span class="badge">
            {t(`salons.kind.${a.kind}`)}
            {a.subKind && <> · {t(`salons.subKind.${a.subKind}`)}</>}
          </span>
          <br />
          <span class="muted">
            {t('salons.agenda.minutes', { n: a.durationMinutes })}
            {a.speakerName && <> · {a.speakerName}</>}
          </span>
          {a.abstract && <p>{a.abstract}</p>}
          {(a.slidesUrl || a.replayUrl) && (
            <p>
              {a.slidesUrl && (
                <a href={a.slidesUrl} rel="noopener">
                  {t('salons.talk.slides')}
                </a>
              )}
              {a.slidesUrl && a.replayUrl && ' · '}
              {a.replayUrl && (
                <a href={a.replayUrl} rel="noopener" data-testid="replay">
                  {t('salons.talk.replay')}
                </a>
              )}
            </p>
          )}
          {a.recap && (
            <details open>
              <summary>{t('salons.talk.recap')}</summary>
              {/* Rendered with raw HTML disabled and sanitised (platform/markdown.ts). */}
              <div class="markdown" data-testid="recap">
                {raw(renderMarkdown(a.recap))}
              </div>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}

export function SalonPage(props: {
  salon: Salon;
  agenda: AgendaItem[];
  mine?: { status: RegistrationStatus; ticket: string };
  canManage: boolean;
  streams: Stream[];
  /** When the square poster was last drawn: its URL carries it, so a redraw is never hidden by a browser's copy. */
  posterAt?: Date;
}) {
  const { t, locale } = useView();
  const { salon, agenda, mine } = props;
  const live = props.streams.filter((s) => s.url);
  return (
    <article class="stack" data-testid="salon">
      <p class="muted">
        <a href={`/salons/series/${salon.series.slug}`}>
          {t('salons.numbered', { series: seriesTitle(salon.series, locale), number: salon.number })}
        </a>
      </p>
      <h1>{salon.title}</h1>
      <StatusBadge salon={salon} />
      <dl>
        <dt>{t('salons.field.when')}</dt>
        <dd>
          <When salon={salon} />
        </dd>
        <dt>{t('salons.field.where')}</dt>
        <dd>
          {salon.city}
          {salon.venue && <> · {salon.venue}</>}
          {salon.address && (
            <>
              <br />
              {salon.address}
            </>
          )}
          {salon.mapUrl && (
            <>
              <br />
              <a href={salon.mapUrl} rel="noopener noreferrer">
                {t('salons.map')}
              </a>
            </>
          )}
        </dd>
        {salon.host && (
          <>
            <dt>{t('salons.field.host')}</dt>
            <dd>
              <a href={`/orgs/${salon.host.slug}`}>{orgName(salon.host, locale)}</a>
            </dd>
          </>
        )}
        {salon.cohosts.length > 0 && (
          <>
            <dt>{t('salons.field.cohosts')}</dt>
            <dd>
              {salon.cohosts.map((o, i) => (
                <>
                  {i > 0 && ' · '}
                  <a href={`/orgs/${o.slug}`}>{orgName(o, locale)}</a>
                </>
              ))}
            </dd>
          </>
        )}
        {salon.sponsors.length > 0 && (
          <>
            <dt>{t('salons.field.sponsors')}</dt>
            <dd data-testid="sponsors">
              {salon.sponsors.map((o, i) => (
                <>
                  {i > 0 && ' · '}
                  <a href={`/orgs/${o.slug}`}>{orgName(o, locale)}</a>
                </>
              ))}
            </dd>
          </>
        )}
        <dt>{t('salons.field.capacity')}</dt>
        <dd>{t('salons.seats', { n: salon.capacity })}</dd>
      </dl>
      {props.posterAt && (
        <img
          data-testid="poster"
          src={`/salons/${salon.id}/posters/square.png?v=${props.posterAt.getTime()}`}
          alt={t('salons.poster.square')}
          width="360"
          height="360"
          loading="lazy"
        />
      )}
      <p class="actions">
        {mine ? (
          <a class="button button-primary" href={`/salons/tickets/${mine.ticket}`}>
            {t(mine.status === 'confirmed' ? 'salons.mine.confirmed' : 'salons.mine.waitlisted')}
          </a>
        ) : (
          salon.status === 'registration_open' && (
            <a
              class="button button-primary"
              href={`/salons/${salon.id}/register`}
              data-testid="register-link"
            >
              {t('salons.register.cta')}
            </a>
          )
        )}{' '}
        <a class="button" href={`/salons/${salon.id}/calendar.ics`}>
          {t('salons.addToCalendar')}
        </a>
        {props.canManage && (
          <>
            {' '}
            <a class="button" href={`/salons/${salon.id}/edit`}>
              {t('salons.manage.title')}
            </a>
          </>
        )}
      </p>
      {salon.description && <p>{salon.description}</p>}
      {live.length > 0 && (
        <>
          <h2>{t('salons.live.watch')}</h2>
          <ul data-testid="streams">
            {live.map((s) => (
              <li>
                <a href={s.url} rel="noopener">
                  {s.platform}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('salons.agenda.title')}</h2>
      <Agenda agenda={agenda} />
    </article>
  );
}

export function SalonFormPage(props: {
  salon?: Salon;
  series: Series[];
  hosts: OrgRef[];
  cohosts: OrgRef[];
  state?: FormState;
}) {
  const { t, locale } = useView();
  const { salon, state } = props;
  const tz = salon?.timezone ?? SHANGHAI;
  const chosen = new Set(salon?.cohosts.map((o) => o.id) ?? []);
  const sponsors = new Set(salon?.sponsors.map((o) => o.id) ?? []);
  return (
    <section class="stack">
      <h1>{t(salon ? 'salons.edit.title' : 'salons.create.title')}</h1>
      <Form action={salon ? `/salons/${salon.id}/edit` : '/salons'} state={state}>
        {salon ? (
          <input type="hidden" name="seriesId" value={salon.seriesId} />
        ) : (
          <Select
            name="seriesId"
            label="salons.field.series"
            required
            state={state}
            options={props.series.map((s) => ({ value: s.id, label: seriesTitle(s, locale) }))}
          />
        )}
        <Field name="title" label="salons.field.title" required state={state} value={salon?.title} />
        <Field name="city" label="salons.field.city" required state={state} value={salon?.city} />
        <Field name="venue" label="salons.field.venue" state={state} value={salon?.venue} />
        <Field name="address" label="salons.field.address" state={state} value={salon?.address} />
        <Field name="mapUrl" label="salons.field.mapUrl" type="url" state={state} value={salon?.mapUrl} />
        <Field
          name="timezone"
          label="salons.field.timezone"
          hint="salons.field.timezoneHint"
          state={state}
          value={tz}
        />
        <Field
          name="startsAt"
          label="salons.field.startsAt"
          type="datetime-local"
          required
          state={state}
          value={salon ? instantToZoned(salon.startsAt, tz) : undefined}
        />
        <Field
          name="endsAt"
          label="salons.field.endsAt"
          type="datetime-local"
          required
          state={state}
          value={salon ? instantToZoned(salon.endsAt, tz) : undefined}
        />
        <Select
          name="hostOrgId"
          label="salons.field.host"
          required
          state={state}
          value={salon?.hostOrgId}
          options={props.hosts.map((o) => ({ value: o.id, label: orgName(o, locale) }))}
        />
        <fieldset class="field">
          <legend>{t('salons.field.cohosts')}</legend>
          {props.cohosts.map((o) => (
            <label class="check">
              <input type="checkbox" name={`cohost_${o.id}`} checked={chosen.has(o.id)} />{' '}
              {orgName(o, locale)}
            </label>
          ))}
        </fieldset>
        <fieldset class="field">
          <legend>{t('salons.field.sponsors')}</legend>
          {props.cohosts.map((o) => (
            <label class="check">
              <input type="checkbox" name={`sponsor_${o.id}`} checked={sponsors.has(o.id)} />{' '}
              {orgName(o, locale)}
            </label>
          ))}
        </fieldset>
        <Field
          name="capacity"
          label="salons.field.capacity"
          type="number"
          inputmode="numeric"
          required
          state={state}
          value={String(salon?.capacity ?? 100)}
        />
        <Field
          name="registrationDeadline"
          label="salons.field.deadline"
          type="datetime-local"
          state={state}
          value={salon?.registrationDeadline ? instantToZoned(salon.registrationDeadline, tz) : undefined}
        />
        <Field
          name="questions"
          label="salons.field.questions"
          hint="salons.field.questionsHint"
          multiline
          state={state}
          value={salon ? questionsText(salon.questions) : undefined}
        />
        <Field
          name="description"
          label="salons.field.description"
          multiline
          state={state}
          value={salon?.description}
        />
        <Submit label={salon ? 'salons.edit.submit' : 'salons.create.submit'} />
      </Form>
    </section>
  );
}

export function SalonEditPage(props: {
  salon: Salon;
  agenda: AgendaItem[];
  counts: SalonCounts;
  people: Array<{ id: string; displayName: string; affiliation: string }>;
  agendaState?: FormState;
  /** A refused speaker invitation: which agenda item's form shows the error. */
  inviteState?: { itemId: string; state: FormState };
  notice?: MessageKey;
}) {
  const { t, locale } = useView();
  const { salon, agenda, counts, agendaState } = props;
  const inviteState = (itemId: string) =>
    props.inviteState?.itemId === itemId ? props.inviteState.state : undefined;
  const next = NEXT_STATUS[salon.status];
  const prev = (Object.entries(NEXT_STATUS).find(([, n]) => n === salon.status)?.[0] ?? undefined) as
    | keyof typeof NEXT_STATUS
    | undefined;
  return (
    <section class="stack">
      <p class="muted">
        <a href={`/salons/${salon.id}`}>
          {t('salons.numbered', { series: seriesTitle(salon.series, locale), number: salon.number })}
        </a>
      </p>
      <h1>{salon.title}</h1>
      {props.notice && (
        <p class="alert alert-success" role="status">
          {t(props.notice)}
        </p>
      )}
      <p>
        <StatusBadge salon={salon} />
      </p>
      <p class="actions">
        {next && (
          <ActionButton
            action={`/salons/${salon.id}/status`}
            label={`salons.action.${next}` as MessageKey}
            fields={{ status: next }}
            variant="primary"
          />
        )}
        {prev && (
          <ActionButton
            action={`/salons/${salon.id}/status`}
            label="salons.action.back"
            fields={{ status: prev }}
          />
        )}
      </p>
      <p class="actions">
        <a class="button" href={`/salons/${salon.id}/edit?details=1`}>
          {t('salons.edit.title')}
        </a>{' '}
        <a class="button" href={`/salons/${salon.id}/checkin`}>
          {t('salons.checkin.title')}
        </a>{' '}
        <a class="button" href={`/salons/${salon.id}/press-kit`}>
          {t('salons.press.title')}
        </a>{' '}
        <a class="button" href={`/salons/${salon.id}/promotion`}>
          {t('salons.promotion.title')}
        </a>{' '}
        <a class="button" href={`/salons/${salon.id}/budget`}>
          {t('salons.budget.title')}
        </a>{' '}
        <a class="button" href={`/salons/${salon.id}/live`}>
          {t('salons.live.title')}
        </a>{' '}
        <a class="button" href={`/salons/${salon.id}/report`}>
          {t('salons.salonReport.title')}
        </a>{' '}
        <a class="button" href={`/salons/${salon.id}/attendees.csv`}>
          {t('salons.attendees.csv')}
        </a>{' '}
        <a class="button" href={`/salons/${salon.id}/schedule.json`}>
          {t('salons.agenda.frab')}
        </a>
      </p>
      <Counts counts={counts} capacity={salon.capacity} />
      <h2 id="agenda">{t('salons.agenda.title')}</h2>
      {agenda.length === 0 && <p class="muted">{t('salons.agenda.empty')}</p>}
      <ol class="stack" data-testid="agenda-admin">
        {agenda.map((a, i) => (
          <li data-id={a.id}>
            <strong>{a.title}</strong>{' '}
            <span class="muted">
              {t(`salons.kind.${a.kind}`)}
              {a.subKind && <> · {t(`salons.subKind.${a.subKind}`)}</>} ·{' '}
              {t('salons.agenda.minutes', { n: a.durationMinutes })}
              {a.speakerName && <> · {a.speakerName}</>}
            </span>
            <br />
            {i > 0 && (
              <ActionButton
                action={`/salons/${salon.id}/agenda/${a.id}/move`}
                label="salons.agenda.up"
                fields={{ direction: 'up' }}
              />
            )}
            {i < agenda.length - 1 && (
              <ActionButton
                action={`/salons/${salon.id}/agenda/${a.id}/move`}
                label="salons.agenda.down"
                fields={{ direction: 'down' }}
              />
            )}
            <ActionButton
              action={`/salons/${salon.id}/agenda/${a.id}/delete`}
              label="salons.agenda.remove"
              variant="danger"
            />{' '}
            <a href={`/salons/${salon.id}/agenda/${a.id}/talk`}>{t('salons.talk.edit')}</a>
            <Form action={`/salons/${salon.id}/agenda/${a.id}/invite`} state={inviteState(a.id)}>
              <Field
                name="email"
                label="salons.speaker.inviteEmail"
                type="email"
                inputmode="email"
                required
                state={inviteState(a.id)}
              />
              <Submit label="salons.speaker.invite" />
            </Form>
          </li>
        ))}
      </ol>
      <h3>{t('salons.agenda.add')}</h3>
      <Form action={`/salons/${salon.id}/agenda`} state={agendaState}>
        <Field name="title" label="salons.field.title" required state={agendaState} />
        <Select
          name="kind"
          label="salons.field.kind"
          state={agendaState}
          options={AGENDA_KINDS.map((k) => ({ value: k, label: t(`salons.kind.${k}`) }))}
        />
        <Select
          name="subKind"
          label="salons.field.subKind"
          state={agendaState}
          options={[
            { value: '', label: t('salons.subKind.none') },
            ...HOT_SUB_KINDS.map((k) => ({ value: k, label: t(`salons.subKind.${k}`) })),
          ]}
        />
        <Select
          name="speakerId"
          label="salons.field.speaker"
          state={agendaState}
          options={[
            { value: '', label: t('salons.speaker.none') },
            ...props.people.map((p) => ({
              value: p.id,
              label: p.affiliation ? `${p.displayName} (${p.affiliation})` : p.displayName,
            })),
          ]}
        />
        <Field
          name="durationMinutes"
          label="salons.field.duration"
          type="number"
          inputmode="numeric"
          required
          state={agendaState}
          value="30"
        />
        <Field name="abstract" label="salons.field.abstract" multiline state={agendaState} />
        <Submit label="salons.agenda.add" />
      </Form>
    </section>
  );
}

function Counts({ counts, capacity }: { counts: SalonCounts; capacity: number }) {
  const { t } = useView();
  return (
    <dl class="counts" data-testid="counts">
      <dt>{t('salons.counts.confirmed')}</dt>
      <dd data-count="confirmed">{t('salons.counts.ofCapacity', { n: counts.confirmed, capacity })}</dd>
      <dt>{t('salons.counts.waitlisted')}</dt>
      <dd data-count="waitlisted">{counts.waitlisted}</dd>
      <dt>{t('salons.counts.checkedIn')}</dt>
      <dd data-count="checkedIn">{counts.checkedIn}</dd>
      <dt>{t('salons.counts.walkIns')}</dt>
      <dd data-count="walkIns">{counts.walkIns}</dd>
    </dl>
  );
}

export function RegisterPage({ salon, ticket, state }: { salon: Salon; ticket?: string; state?: FormState }) {
  const { t, locale } = useView();
  return (
    <section class="stack">
      <h1>{t('salons.register.title')}</h1>
      <p>
        <strong>
          {t('salons.numbered', { series: seriesTitle(salon.series, locale), number: salon.number })}
        </strong>
        <br />
        {salon.title}
        <br />
        <span class="muted">
          <When salon={salon} />
        </span>
      </p>
      {ticket ? (
        <p>
          <a class="button button-primary" href={`/salons/tickets/${ticket}`}>
            {t('salons.register.seeTicket')}
          </a>
        </p>
      ) : salon.status !== 'registration_open' ? (
        <p class="alert alert-error">{t('salons.register.closed')}</p>
      ) : (
        <Form action={`/salons/${salon.id}/register`} state={state}>
          {salon.questions.map((q) => (
            <div class={state?.errors?.[`q_${q.id}`] ? 'field field-error' : 'field'}>
              <label for={`f-q_${q.id}`}>
                {q.label}
                {!q.required && <span class="optional"> ({t('form.optional')})</span>}
              </label>
              <input
                id={`f-q_${q.id}`}
                name={`q_${q.id}`}
                required={q.required}
                value={state?.values?.[`q_${q.id}`] ?? ''}
              />
            </div>
          ))}
          <Submit label="salons.register.submit" />
        </Form>
      )}
    </section>
  );
}

export function TicketPage(props: {
  salon: Salon;
  token: string;
  status: RegistrationStatus;
  shortCode: string;
  checkedIn: boolean;
  position?: number;
  qrDataUri?: string;
  cancelled: boolean;
}) {
  const { t, locale } = useView();
  const { salon, status } = props;
  return (
    <section class="stack" data-testid="ticket" data-status={status}>
      <h1>{t('salons.ticket.title')}</h1>
      {props.cancelled && <p class="alert alert-success">{t('salons.ticket.cancelledNotice')}</p>}
      <p>
        <a href={`/salons/${salon.id}`}>
          {t('salons.numbered', { series: seriesTitle(salon.series, locale), number: salon.number })}
        </a>
        <br />
        {salon.title}
        <br />
        <span class="muted">
          <When salon={salon} />
        </span>
      </p>
      <p>
        <span class="badge">{t(`salons.registration.${status}`)}</span>
        {props.checkedIn && <span class="badge">{t('salons.ticket.checkedIn')}</span>}
      </p>
      {status === 'waitlisted' && <p>{t('salons.ticket.position', { n: props.position ?? 0 })}</p>}
      {status === 'confirmed' && props.qrDataUri && (
        <div class="stack">
          <img
            src={props.qrDataUri}
            width="240"
            height="240"
            alt={t('salons.ticket.qrAlt')}
            data-testid="ticket-qr"
          />
          <p>
            {t('salons.ticket.code')} <strong data-testid="short-code">{props.shortCode}</strong>
          </p>
        </div>
      )}
      <p>
        <a class="button" href={`/salons/${salon.id}/calendar.ics`}>
          {t('salons.addToCalendar')}
        </a>
      </p>
      {status !== 'cancelled' && !props.checkedIn && (
        <ActionButton
          action={`/salons/tickets/${props.token}/cancel`}
          label="salons.ticket.cancel"
          variant="danger"
        />
      )}
    </section>
  );
}

export type CheckInNotice = { kind: 'success' | 'error'; message: MessageKey; name: string };

export function CheckInPage(props: {
  salon: Salon;
  counts: SalonCounts;
  recent: Array<{ name: string; code: string; at: Date }>;
  notice?: CheckInNotice;
  ticket?: string;
  walkIns: WalkIn[];
  walkInState?: FormState;
}) {
  const { t } = useView();
  const { salon, notice } = props;
  return (
    <section class="stack" data-testid="checkin">
      <h1>{t('salons.checkin.title')}</h1>
      <p class="muted">{salon.title}</p>
      {notice && (
        <p class={`alert alert-${notice.kind}`} role="status" data-testid="checkin-notice">
          {t(notice.message, { name: notice.name })}
        </p>
      )}
      <div
        id="checkin-counts"
        hx-get={`/salons/${salon.id}/checkin`}
        hx-trigger="every 10s"
        hx-select="#checkin-counts"
        hx-swap="outerHTML"
      >
        <Counts counts={props.counts} capacity={salon.capacity} />
      </div>
      {props.ticket && (
        <Form action={`/salons/${salon.id}/checkin`}>
          <input type="hidden" name="ticket" value={props.ticket} />
          <Submit label="salons.checkin.confirmTicket" />
        </Form>
      )}
      <Form action={`/salons/${salon.id}/checkin`}>
        <Field name="code" label="salons.checkin.code" required maxlength={12} />
        <Submit label="salons.checkin.submit" />
      </Form>
      <h2>{t('salons.walkIn.title')}</h2>
      <Form action={`/salons/${salon.id}/checkin/walk-ins`} state={props.walkInState}>
        <Field name="name" label="salons.walkIn.name" required maxlength={100} state={props.walkInState} />
        <Field
          name="phone"
          label="salons.walkIn.phone"
          type="tel"
          inputmode="tel"
          maxlength={30}
          state={props.walkInState}
        />
        <Submit label="salons.walkIn.submit" />
      </Form>
      <h2>{t('salons.checkin.recent')}</h2>
      <ul>
        {props.recent.map((r) => (
          <li>
            {r.name} · {r.code}
          </li>
        ))}
      </ul>
      {props.walkIns.length > 0 && (
        <>
          <h2>{t('salons.walkIn.recent')}</h2>
          <ul data-testid="walk-ins">
            {props.walkIns.map((w) => (
              <li>
                {w.name}
                {w.phone && ` · ${w.phone}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export type PlanView = {
  plan: PlanResult;
  input: { seriesId: string; startTime: string; endTime: string; capacity: number };
};

function reasonText(t: ReturnType<typeof useView>['t'], r: Reason): string {
  switch (r.code) {
    case 'available':
      return t('salons.plan.reason.available', { month: r.month });
    case 'anyMonth':
      return t('salons.plan.reason.anyMonth');
    case 'firstTurn':
      return t('salons.plan.reason.firstTurn');
    case 'fewestTurns':
      return t('salons.plan.reason.fewestTurns', { turns: r.turns });
    case 'waitedLongest':
      return t('salons.plan.reason.waitedLongest', { since: r.since });
    case 'preferredCity':
      return t('salons.plan.reason.preferredCity', { city: r.city, rank: r.rank });
    case 'cityRested':
      return t('salons.plan.reason.cityRested', { city: r.city, weeks: r.weeks });
  }
}

/** The organiser's planner: cadence and hosts in, a proposal out (editable, then confirmed as drafts). */
export function PlanPage(props: { series: Series[]; hosts: OrgRef[]; state?: FormState; result?: PlanView }) {
  const { t, locale } = useView();
  const { state, result } = props;
  return (
    <section class="stack">
      <h1>{t('salons.plan.title')}</h1>
      <p class="muted">{t('salons.plan.lead')}</p>
      <Form action="/salons/plan" state={state}>
        <Select
          name="seriesId"
          label="salons.field.series"
          required
          state={state}
          options={props.series.map((s) => ({ value: s.id, label: seriesTitle(s, locale) }))}
        />
        <Field name="startMonth" label="salons.plan.startMonth" type="month" required state={state} />
        <Field
          name="months"
          label="salons.plan.months"
          type="number"
          inputmode="numeric"
          required
          state={state}
          value="12"
        />
        <Field
          name="perMonth"
          label="salons.plan.perMonth"
          type="number"
          inputmode="numeric"
          required
          state={state}
          value="2"
        />
        <Field
          name="cityRepeatWeeks"
          label="salons.plan.cityRepeatWeeks"
          type="number"
          inputmode="numeric"
          required
          state={state}
          value="8"
        />
        <Field
          name="startTime"
          label="salons.plan.startTime"
          type="time"
          required
          state={state}
          value="14:00"
        />
        <Field name="endTime" label="salons.plan.endTime" type="time" required state={state} value="17:30" />
        <Field
          name="capacity"
          label="salons.field.capacity"
          type="number"
          inputmode="numeric"
          required
          state={state}
          value="100"
        />
        <Field
          name="hosts"
          label="salons.plan.hosts"
          hint="salons.plan.hostsHint"
          multiline
          required
          state={state}
        />
        <Submit label="salons.plan.propose" />
      </Form>
      {result && !result.plan.ok && (
        <div
          class="alert alert-error"
          role="alert"
          data-testid="plan-failure"
          data-constraint={result.plan.constraint}
        >
          <p>{t(`salons.plan.fail.${result.plan.constraint}`, { date: result.plan.date })}</p>
          <ul>
            {result.plan.blocked.map((b) => (
              <li>
                {b.name} · {t(`salons.plan.blocked.${b.constraint}`)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {result?.plan.ok && (
        <Form action="/salons/plan/confirm" id="plan-confirm">
          <h2>{t('salons.plan.proposal')}</h2>
          <input type="hidden" name="seriesId" value={result.input.seriesId} />
          <input type="hidden" name="startTime" value={result.input.startTime} />
          <input type="hidden" name="endTime" value={result.input.endTime} />
          <input type="hidden" name="capacity" value={String(result.input.capacity)} />
          <input type="hidden" name="rows" value={String(result.plan.assignments.length)} />
          <ol class="stack" data-testid="plan">
            {result.plan.assignments.map((a, i) => (
              <li class="card stack" data-org={a.orgId}>
                <label>
                  {t('salons.plan.date')} <input type="date" name={`row_${i}_date`} value={a.date} />
                </label>
                <label>
                  {t('salons.field.host')}{' '}
                  <select name={`row_${i}_org`}>
                    {props.hosts.map((o) => (
                      <option value={o.id} selected={o.id === a.orgId}>
                        {orgName(o, locale)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t('salons.field.city')} <input name={`row_${i}_city`} value={a.city} />
                </label>
                <ul class="muted">
                  {a.reasons.map((r) => (
                    <li>{reasonText(t, r)}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
          <Submit label="salons.plan.confirm" />
        </Form>
      )}
    </section>
  );
}

const cny = (n: number, locale: Locale) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', maximumFractionDigits: 0 }).format(n);

function BudgetFields(props: { line?: BudgetLine; orgs: OrgRef[] }) {
  const { t, locale } = useView();
  const { line } = props;
  return (
    <>
      <label>
        {t('salons.budget.category')}{' '}
        <select name="category">
          {BUDGET_CATEGORIES.map((k) => (
            <option value={k} selected={line?.category === k}>
              {t(`salons.budget.cat.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('salons.budget.note')} <input name="note" value={line?.note ?? ''} maxlength={200} />
      </label>
      <label>
        {t('salons.budget.planned')}{' '}
        <input name="plannedCny" type="number" inputmode="numeric" value={String(line?.plannedCny ?? 0)} />
      </label>
      <label>
        {t('salons.budget.actual')}{' '}
        <input
          name="actualCny"
          type="number"
          inputmode="numeric"
          value={line?.actualCny === null || !line ? '' : String(line.actualCny)}
        />
      </label>
      <label>
        {t('salons.budget.payer')}{' '}
        <select name="payerOrgId">
          <option value="">{t('salons.budget.noPayer')}</option>
          {props.orgs.map((o) => (
            <option value={o.id} selected={line?.payerOrgId === o.id}>
              {orgName(o, locale)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

export function BudgetPage(props: { salon: Salon; lines: BudgetLine[]; orgs: OrgRef[]; state?: FormState }) {
  const { t, locale } = useView();
  const { salon, lines } = props;
  const planned = lines.reduce((n, l) => n + l.plannedCny, 0);
  const actual = lines.reduce((n, l) => n + (l.actualCny ?? 0), 0);
  return (
    <section class="stack">
      <p class="muted">
        <a href={`/salons/${salon.id}/edit`}>{salon.title}</a>
      </p>
      <h1>{t('salons.budget.title')}</h1>
      <p data-testid="budget-total">
        {t('salons.budget.total', { planned: cny(planned, locale), actual: cny(actual, locale) })}
      </p>
      <ol class="stack">
        {lines.map((l) => (
          <li class="card" data-id={l.id}>
            <Form action={`/salons/${salon.id}/budget/${l.id}`}>
              <BudgetFields line={l} orgs={props.orgs} />
              <Submit label="salons.edit.submit" />
            </Form>
          </li>
        ))}
      </ol>
      <h2>{t('salons.budget.add')}</h2>
      <Form action={`/salons/${salon.id}/budget`} state={props.state}>
        <BudgetFields orgs={props.orgs} />
        <Submit label="salons.budget.add" />
      </Form>
    </section>
  );
}

export function SeriesReportPage({ series, rows }: { series: Series; rows: SeriesCostRow[] }) {
  const { t, locale } = useView();
  return (
    <section class="stack">
      <p class="muted">
        <a href={`/salons/series/${series.slug}`}>{seriesTitle(series, locale)}</a>
      </p>
      <h1>{t('salons.report.title')}</h1>
      <div class="table-wrap">
        <table data-testid="cost-report">
          <thead>
            <tr>
              <th>{t('salons.report.salon')}</th>
              <th>{t('salons.budget.planned')}</th>
              <th>{t('salons.budget.actual')}</th>
              <th>{t('salons.counts.confirmed')}</th>
              <th>{t('salons.counts.checkedIn')}</th>
              <th>{t('salons.report.perAttendee')}</th>
              <th>{t('salons.report.perThousandViewers')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={`/salons/${r.salon.id}/budget`}>
                    {r.salon.number} · {r.salon.city}
                  </a>
                </td>
                <td>{cny(r.plannedCny, locale)}</td>
                <td>{cny(r.actualCny, locale)}</td>
                <td>{r.confirmed}</td>
                <td>{r.checkedIn}</td>
                <td>{r.perAttendee === null ? t('salons.report.none') : cny(r.perAttendee, locale)}</td>
                <td>
                  {r.perThousandViewers === null
                    ? t('salons.report.none')
                    : cny(r.perThousandViewers, locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Who announces the salon where, in which window, and who has published (同步曝光). */
export function PromotionPage(props: {
  salon: Salon;
  channels: Channel[];
  orgs: OrgRef[];
  canManage: boolean;
  canRecord: (ch: Channel) => boolean;
  state?: FormState;
}) {
  const { t, locale } = useView();
  const { salon, channels, state } = props;
  const published = channels.filter((ch) => ch.publishedUrl).length;
  return (
    <section class="stack">
      <p class="muted">
        <a href={`/salons/${salon.id}`}>{salon.title}</a>
      </p>
      <h1>{t('salons.promotion.title')}</h1>
      <p data-testid="promotion-summary">
        {t('salons.promotion.summary', { published, total: channels.length })}
      </p>
      <ul class="stack" data-testid="channels">
        {channels.map((ch) => (
          <li class="card stack" data-id={ch.id} data-published={ch.publishedUrl ? 'yes' : 'no'}>
            <strong>{ch.name}</strong>
            <span class="muted">
              {ch.owner ? orgName(ch.owner, locale) : ''} ·{' '}
              {t('salons.promotion.window', { start: ch.windowStart, end: ch.windowEnd })}
            </span>
            {ch.publishedUrl ? (
              <a href={ch.publishedUrl} rel="noopener noreferrer">
                {t('salons.promotion.published')}
              </a>
            ) : (
              <span class="badge">{t('salons.promotion.notYet')}</span>
            )}
            {props.canRecord(ch) && (
              <Form action={`/salons/${salon.id}/promotion/${ch.id}/published`}>
                <Field
                  name="url"
                  label="salons.promotion.url"
                  type="url"
                  required
                  value={ch.publishedUrl ?? ''}
                />
                <Submit label="salons.promotion.record" />
              </Form>
            )}
          </li>
        ))}
      </ul>
      {props.canManage && (
        <>
          <h2>{t('salons.promotion.add')}</h2>
          <Form action={`/salons/${salon.id}/promotion`} state={state}>
            <Field name="name" label="salons.promotion.name" required state={state} />
            <Select
              name="ownerOrgId"
              label="salons.promotion.owner"
              required
              state={state}
              options={props.orgs.map((o) => ({ value: o.id, label: orgName(o, locale) }))}
            />
            <Field
              name="windowStart"
              label="salons.promotion.windowStart"
              type="date"
              required
              state={state}
            />
            <Field name="windowEnd" label="salons.promotion.windowEnd" type="date" required state={state} />
            <Submit label="salons.promotion.add" />
          </Form>
        </>
      )}
    </section>
  );
}

/** The announcement to paste: plain text, and HTML with inline styles for the WeChat editor. */
export function PressKitPage({ salon, text, html }: { salon: Salon; text: string; html: string }) {
  const { t } = useView();
  return (
    <section class="stack">
      <p class="muted">
        <a href={`/salons/${salon.id}/edit`}>{salon.title}</a>
      </p>
      <h1>{t('salons.press.title')}</h1>
      <h2>{t('salons.poster.title')}</h2>
      <p data-testid="posters">
        <a class="button" href={`/salons/${salon.id}/posters/story.png`} download>
          {t('salons.poster.story')}
        </a>{' '}
        <a class="button" href={`/salons/${salon.id}/posters/square.png`} download>
          {t('salons.poster.square')}
        </a>
      </p>
      <img
        src={`/salons/${salon.id}/posters/square.png`}
        alt={t('salons.poster.square')}
        width="360"
        height="360"
        loading="lazy"
      />
      <div class="field">
        <label for="press-text">{t('salons.press.text')}</label>
        <textarea id="press-text" readonly rows={14}>
          {text}
        </textarea>
      </div>
      <div class="field">
        <label for="press-html">{t('salons.press.html')}</label>
        <p class="hint">{t('salons.press.htmlHint')}</p>
        <textarea id="press-html" readonly rows={10}>
          {html}
        </textarea>
      </div>
    </section>
  );
}

export function SpeakerInvitePage(props: {
  token: string;
  talk: string;
  salonTitle: string;
  when: string;
  signedIn: boolean;
  claimedByOther: boolean;
}) {
  const { t } = useView();
  const here = `/salons/speaker-invites/${props.token}`;
  return (
    <section class="card stack" data-testid="speaker-invite">
      <h1>{t('salons.speaker.inviteTitle')}</h1>
      <p>{t('salons.speaker.inviteLead', { talk: props.talk, title: props.salonTitle })}</p>
      <p class="muted">{props.when}</p>
      {props.claimedByOther ? (
        <p class="alert alert-error" role="alert">
          {t('salons.speaker.inviteClaimed')}
        </p>
      ) : props.signedIn ? (
        <ActionButton action={`${here}/claim`} label="salons.speaker.claim" variant="primary" />
      ) : (
        <>
          <p>{t('salons.speaker.signInFirst')}</p>
          <p>
            <a class="button button-primary" href={`/login?next=${encodeURIComponent(here)}`}>
              {t('nav.login')}
            </a>{' '}
            <a class="button" href={`/signup?next=${encodeURIComponent(here)}`}>
              {t('nav.signup')}
            </a>
          </p>
        </>
      )}
    </section>
  );
}

export function TalkPage(props: { salon: Salon; item: AgendaItemRow; state?: FormState; saved?: boolean }) {
  const { t } = useView();
  const { salon, item, state } = props;
  return (
    <section class="stack" data-testid="talk">
      <h1>{t('salons.talk.title')}</h1>
      <p class="muted">
        <a href={`/salons/${salon.id}`}>{salon.title}</a>
      </p>
      {props.saved && (
        <p class="alert alert-success" role="status">
          {t('salons.talk.saved')}
        </p>
      )}
      <Form action={`/salons/${salon.id}/agenda/${item.id}/talk`} state={state}>
        <Field name="title" label="salons.field.title" required value={item.title} state={state} />
        <Field name="abstract" label="salons.field.abstract" multiline value={item.abstract} state={state} />
        <Field
          name="slidesUrl"
          label="salons.talk.slidesUrl"
          type="url"
          value={item.slidesUrl}
          state={state}
        />
        <Submit label="salons.talk.save" />
      </Form>
    </section>
  );
}

export type ImportProblem = { form: 'viewers' | 'attention'; errors: LineError[]; csv: string };

const percent = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} %`;

/** Live and after: stream links, viewers per platform, the attention index and its lift. */
export function LivePage(props: {
  salon: Salon;
  streams: Stream[];
  lifts: Lift[];
  streamState?: FormState;
  problem?: ImportProblem;
  notice?: MessageKey;
}) {
  const { t } = useView();
  const { salon, problem } = props;
  const total = props.streams.reduce((n, s) => n + (s.viewers ?? 0), 0);
  const errors = (form: ImportProblem['form']) =>
    problem?.form === form && (
      <div class="alert alert-error" role="alert" data-testid={`${form}-errors`}>
        <p>{t('salons.csv.rejected')}</p>
        <ul>
          {problem.errors.map((e) => (
            <li>{t('salons.csv.lineError', { line: e.line, problem: t(e.message) })}</li>
          ))}
        </ul>
      </div>
    );
  return (
    <section class="stack" data-testid="live">
      <h1>{t('salons.live.title')}</h1>
      <p class="muted">
        <a href={`/salons/${salon.id}/edit`}>{salon.title}</a>
      </p>
      {props.notice && (
        <p class="alert alert-success" role="status">
          {t(props.notice)}
        </p>
      )}
      <h2>{t('salons.live.streams')}</h2>
      <div class="table-wrap">
        <table data-testid="streams-table">
          <thead>
            <tr>
              <th>{t('salons.live.platform')}</th>
              <th>{t('salons.live.url')}</th>
              <th>{t('salons.live.viewers')}</th>
            </tr>
          </thead>
          <tbody>
            {props.streams.map((s) => (
              <tr>
                <td>{s.platform}</td>
                <td class="wrap-anywhere">{s.url && <a href={s.url}>{s.url}</a>}</td>
                <td data-viewers={s.platform}>{s.viewers ?? '—'}</td>
              </tr>
            ))}
            <tr>
              <th>{t('salons.live.total')}</th>
              <td />
              <td data-testid="viewers-total">{total}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <Form action={`/salons/${salon.id}/live/streams`} state={props.streamState}>
        <Field
          name="platform"
          label="salons.live.platform"
          required
          maxlength={100}
          state={props.streamState}
        />
        <Field name="url" label="salons.live.url" type="url" state={props.streamState} />
        <Field name="viewers" label="salons.live.viewers" inputmode="numeric" state={props.streamState} />
        <Submit label="salons.live.saveStream" />
      </Form>
      <h3>{t('salons.live.importViewers')}</h3>
      {errors('viewers')}
      <Form action={`/salons/${salon.id}/live/viewers`}>
        <Field
          name="csv"
          label="salons.live.csv"
          hint="salons.live.viewersHint"
          multiline
          value={problem?.form === 'viewers' ? problem.csv : ''}
        />
        <Submit label="salons.live.import" />
      </Form>
      <h2>{t('salons.live.attention')}</h2>
      {props.lifts.length > 0 && (
        <div class="table-wrap">
          <table data-testid="lifts">
            <thead>
              <tr>
                <th>{t('salons.live.keyword')}</th>
                <th>{t('salons.live.before')}</th>
                <th>{t('salons.live.after')}</th>
                <th>{t('salons.live.lift')}</th>
              </tr>
            </thead>
            <tbody>
              {props.lifts.map((l) => (
                <tr>
                  <td>{l.keyword}</td>
                  <td>{l.before === null ? '—' : l.before.toFixed(1)}</td>
                  <td>{l.after === null ? '—' : l.after.toFixed(1)}</td>
                  <td data-lift={l.keyword}>{l.lift === null ? '—' : percent(l.lift)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {errors('attention')}
      <Form action={`/salons/${salon.id}/live/attention`}>
        <Field
          name="csv"
          label="salons.live.csv"
          hint="salons.live.attentionHint"
          multiline
          value={problem?.form === 'attention' ? problem.csv : ''}
        />
        <Submit label="salons.live.import" />
      </Form>
    </section>
  );
}

/** The latest recaps and replays, for the home page. */
export function LatestRecaps({ recaps }: { recaps: RecentRecap[] }) {
  const { t } = useView();
  if (recaps.length === 0) return null;
  return (
    <section data-testid="latest-recaps">
      <h2>{t('salons.recaps.title')}</h2>
      <ul class="stack">
        {recaps.map((r) => (
          <li>
            <a href={`/salons/${r.salonId}#agenda-${r.itemId}`}>{r.title}</a>
            {r.speakerName && <> · {r.speakerName}</>} <span class="muted">{r.salonTitle}</span>
            {r.replayUrl && (
              <>
                {' '}
                <a href={r.replayUrl} rel="noopener">
                  {t('salons.talk.replay')}
                </a>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export type ReportCharts = { registrations: string; attendance: string; viewers: string; attention: string };

const svgImage = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

/** The salon report: four charts (SVG images rendered on the server) and the costs. */
export function SalonReportPage(props: { salon: Salon; charts: ReportCharts; costs: Costs }) {
  const { t } = useView();
  const { salon, charts, costs } = props;
  const yuan = (n: number | null) => (n === null ? '—' : `¥${n.toLocaleString('en-US')}`);
  const figure = (key: keyof ReportCharts, title: MessageKey) => (
    <figure class="card chart" data-chart={key}>
      <figcaption>
        <strong>{t(title)}</strong>
      </figcaption>
      <img class="chart-image" src={svgImage(charts[key])} alt={t(title)} width="640" height="320" />
    </figure>
  );
  return (
    <section class="stack" data-testid="salon-report">
      <h1>{t('salons.salonReport.title')}</h1>
      <p class="muted">
        <a href={`/salons/${salon.id}/edit`}>{salon.title}</a>
      </p>
      <dl class="counts" data-testid="costs">
        <dt>{t('salons.salonReport.actualCost')}</dt>
        <dd data-cost="actual">{yuan(costs.actualCny)}</dd>
        <dt>{t('salons.salonReport.attendees')}</dt>
        <dd data-cost="attendees">{costs.attendees}</dd>
        <dt>{t('salons.salonReport.perAttendee')}</dt>
        <dd data-cost="perAttendee">{yuan(costs.perAttendee)}</dd>
        <dt>{t('salons.salonReport.viewers')}</dt>
        <dd data-cost="viewers">{costs.viewers}</dd>
        <dt>{t('salons.salonReport.perThousandViewers')}</dt>
        <dd data-cost="perThousandViewers">{yuan(costs.perThousandViewers)}</dd>
      </dl>
      {figure('registrations', 'salons.salonReport.registrations')}
      {figure('attendance', 'salons.salonReport.attendance')}
      {figure('viewers', 'salons.salonReport.viewersChart')}
      {figure('attention', 'salons.salonReport.attention')}
    </section>
  );
}
