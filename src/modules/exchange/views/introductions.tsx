/** Introductions: my list (received and sent), one introduction with its log and actions, the organisers' funnel. */

import type { MessageKey } from '../../../i18n/index.ts';
import { formatShanghai } from '../../../platform/time.ts';
import { useView } from '../../../ui/context.ts';
import { ActionButton, Form, Select } from '../../../ui/form.tsx';
import type { Funnel, Introduction } from '../queries.ts';
import { OUTCOME_LEVELS } from '../schema.ts';
import { outcomeKey, percent, ReasonList, statusKey } from './shared.tsx';

function IntroRow(props: { intro: Introduction; names: Map<string, string> }) {
  const { t } = useView();
  const i = props.intro;
  return (
    <li class="card" data-testid="introduction">
      <a href={`/exchange/introductions/${i.id}`}>
        {t('exchange.intro.title', {
          from: props.names.get(i.fromParty) ?? '',
          to: props.names.get(i.toParty) ?? '',
        })}
      </a>
      <p class="muted">
        <span class="badge">{t(statusKey(i.status))}</span>{' '}
        {i.status === 'accepted' && t(outcomeKey(i.outcome))}
        {i.status === 'requested' && t('exchange.intro.respondBy', { deadline: formatShanghai(i.respondBy) })}
      </p>
    </li>
  );
}

export function IntroductionsPage(props: {
  incoming: Introduction[];
  outgoing: Introduction[];
  names: Map<string, string>;
}) {
  const { t } = useView();
  const list = (items: Introduction[]) =>
    items.length === 0 ? (
      <p class="muted">{t('exchange.intro.none')}</p>
    ) : (
      <ul class="list-plain stack">
        {items.map((i) => (
          <IntroRow intro={i} names={props.names} />
        ))}
      </ul>
    );
  return (
    <section class="stack">
      <h1>{t('exchange.intro.list')}</h1>
      <h2>{t('exchange.intro.incoming')}</h2>
      {list(props.incoming)}
      <h2>{t('exchange.intro.outgoing')}</h2>
      {list(props.outgoing)}
    </section>
  );
}

export function IntroductionPage(props: {
  intro: Introduction;
  events: Array<{ kind: string; at: Date; data: Record<string, unknown> }>;
  names: Map<string, string>;
  canAnswer: boolean;
  canWithdraw: boolean;
  canRecord: boolean;
  /** The other side's contacts, once both agreed. */
  contacts: Array<{ name: string; email: string }>;
  notice?: MessageKey;
}) {
  const { t } = useView();
  const i = props.intro;
  return (
    <section class="stack">
      {props.notice && (
        <p class="alert alert-success" role="status">
          {t(props.notice, { deadline: formatShanghai(i.respondBy) })}
        </p>
      )}
      <h1>
        {t('exchange.intro.title', {
          from: props.names.get(i.fromParty) ?? '',
          to: props.names.get(i.toParty) ?? '',
        })}
      </h1>
      <p>
        <span class="badge" data-testid="status">
          {t(statusKey(i.status))}
        </span>{' '}
        {i.status === 'requested' && t('exchange.intro.respondBy', { deadline: formatShanghai(i.respondBy) })}
      </p>
      {i.note && <p class="pre-wrap">{i.note}</p>}
      <p>{t('exchange.intro.score', { score: percent(i.score) })}</p>
      <h2>{t('exchange.intro.reasons')}</h2>
      <ReasonList reasons={i.reasons} />
      {props.canAnswer && (
        <p class="actions">
          <ActionButton
            action={`/exchange/introductions/${i.id}/accept`}
            label="exchange.intro.accept"
            variant="primary"
          />{' '}
          <ActionButton action={`/exchange/introductions/${i.id}/decline`} label="exchange.intro.decline" />
        </p>
      )}
      {props.canWithdraw && (
        <p class="actions">
          <ActionButton action={`/exchange/introductions/${i.id}/withdraw`} label="exchange.intro.withdraw" />
        </p>
      )}
      {props.contacts.length > 0 && (
        <>
          <h2>{t('exchange.intro.contacts')}</h2>
          <ul class="list-plain" data-testid="contacts">
            {props.contacts.map((c) => (
              <li>
                {c.name} · <a href={`mailto:${c.email}`}>{c.email}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      {i.status === 'accepted' && (
        <p data-testid="outcome">
          {t('exchange.field.outcome')}：{t(outcomeKey(i.outcome))}
        </p>
      )}
      {props.canRecord && (
        <Form action={`/exchange/introductions/${i.id}/outcome`} id="outcome-form">
          <Select
            name="level"
            label="exchange.intro.outcomeAsk"
            value={i.outcome === null ? '' : String(i.outcome)}
            options={OUTCOME_LEVELS.map((l) => ({ value: String(l), label: `${l} · ${t(outcomeKey(l))}` }))}
          />
          <button type="submit" class="button button-primary">
            {t('exchange.intro.outcomeSave')}
          </button>
        </Form>
      )}
      <h2>{t('exchange.intro.log')}</h2>
      <ol class="list-plain" data-testid="log">
        {props.events.map((e) => (
          <li>
            {formatShanghai(e.at)} ·{' '}
            {e.kind === 'outcome'
              ? t('exchange.event.outcome', { level: t(outcomeKey(Number(e.data.level))) })
              : t(`exchange.event.${e.kind}` as MessageKey)}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function FunnelPage(props: { funnel: Funnel; chart: string }) {
  const { t } = useView();
  const f = props.funnel;
  const requested = Object.values(f.byStatus).reduce((a, b) => a + b, 0);
  const rows: Array<[string, number]> = [
    [t('exchange.intro.request'), requested],
    [t('exchange.status.accepted'), f.byStatus.accepted],
    ...OUTCOME_LEVELS.map((l) => [t(outcomeKey(l)), f.byOutcome[l]] as [string, number]),
    [t('exchange.funnel.unanswered'), f.unanswered],
    [t('exchange.status.declined'), f.byStatus.declined],
    [t('exchange.status.expired'), f.byStatus.expired],
    [t('exchange.status.withdrawn'), f.byStatus.withdrawn],
    [t('exchange.status.requested'), f.byStatus.requested],
  ];
  return (
    <section class="stack">
      <h1>{t('exchange.funnel.title')}</h1>
      <p>{t('exchange.funnel.posts', f.posts)}</p>
      <figure class="chart">
        {/* An image, not inline SVG: the CSP allows no inline styles (platform/charts.ts). */}
        <img
          class="chart-image"
          src={`data:image/svg+xml;base64,${Buffer.from(props.chart).toString('base64')}`}
          alt={t('exchange.funnel.title')}
          width="640"
          height="320"
        />
      </figure>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('exchange.funnel.stage')}</th>
              <th>{t('exchange.funnel.count')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, n]) => (
              <tr>
                <td>{label}</td>
                <td>{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
