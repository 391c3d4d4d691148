/** The host-rotation planner. Every string comes from the catalogue (messages.ts). */
import { useView } from '../../../ui/context.ts';
import { Field, Form, type FormState, Select, Submit } from '../../../ui/form.tsx';
import type { PlanResult, Reason } from '../planner.ts';
import type { OrgRef, Series } from '../queries.ts';
import { orgName, seriesTitle } from './shared.tsx';

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
