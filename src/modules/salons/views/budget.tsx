/** A salon's budget and the series cost report. Every string comes from the catalogue (messages.ts). */
import type { Locale } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import { Form, type FormState, Submit } from '../../../ui/form.tsx';
import type { BudgetLine, OrgRef, Salon, Series, SeriesCostRow } from '../queries.ts';
import { BUDGET_CATEGORIES } from '../schema.ts';
import { orgName, seriesTitle } from './shared.tsx';

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
