/** Registration, the attendee's ticket and staff check-in. Every string comes from the catalogue (messages.ts). */
import type { MessageKey } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import { ActionButton, Field, Form, type FormState, Submit } from '../../../ui/form.tsx';
import type { Salon, SalonCounts, WalkIn } from '../queries.ts';
import type { RegistrationStatus } from '../schema.ts';
import { seriesTitle, When } from './shared.tsx';

export function Counts({ counts, capacity }: { counts: SalonCounts; capacity: number }) {
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
                {!q.required && <span class="optional">{t('form.optionalMark')}</span>}
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
