/** The live page: streams, viewer and attention imports. Every string comes from the catalogue (messages.ts). */
import type { MessageKey } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import { Field, Form, type FormState, Submit } from '../../../ui/form.tsx';
import type { Lift, LineError } from '../live-data.ts';
import type { Salon, Stream } from '../queries.ts';

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
