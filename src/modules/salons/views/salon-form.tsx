/** Creating and editing a salon: details, agenda, status. Every string comes from the catalogue (messages.ts). */
import type { MessageKey } from '../../../i18n/index.ts';
import { instantToZoned, SHANGHAI } from '../../../platform/time.ts';
import { useView } from '../../../ui/context.ts';
import { ActionButton, Field, Form, type FormState, Select, Submit } from '../../../ui/form.tsx';
import { questionsText } from '../forms.ts';
import type { AgendaItem, OrgRef, Salon, SalonCounts, Series } from '../queries.ts';
import { AGENDA_KINDS, HOT_SUB_KINDS } from '../schema.ts';
import { NEXT_STATUS } from '../service.ts';
import { Counts } from './registration.tsx';
import { orgName, StatusBadge, seriesTitle } from './shared.tsx';

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
