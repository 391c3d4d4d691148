/** The organiser's page for one hackathon: status, sponsors, problems, judges, conflicts, assignment, results, awards. */
import { ActionButton, Field, Form, Select, Submit } from '../../../ui/form.tsx';
import type { ProjectScore } from '../normalise.ts';
import type { RankedItem } from '../pairwise.ts';
import type { Hackathon, SponsorRow, Track } from '../queries.ts';
import type { Choice } from './public.tsx';
import { k, type States, useT } from './shared.tsx';

export type ConflictRow = {
  judgeId: string;
  judgeName: string;
  submissionId: string;
  title: string;
  reasons: string;
  note: string | null;
};

export type ManageProps = {
  h: Hackathon;
  sponsors: SponsorRow[];
  tracks: Track[];
  orgs: Choice[];
  sponsorChoices: Choice[];
  judges: Array<{ judgeId: string; name: string; email: string; track: string }>;
  submissions: Array<{
    id: string;
    title: string;
    teamName: string;
    version: number;
    late: boolean;
    hidden: boolean;
  }>;
  conflicts: ConflictRow[];
  rubric: ProjectScore[];
  pairwise: RankedItem[];
  awards: Array<{ title: string; project: string; track: string; published: boolean }>;
  canManage: boolean;
  states?: States;
  notice?: string;
};

export function ManagePage(p: ManageProps) {
  const { tr, locale } = useT();
  const base = `/hackathons/${p.h.slug}`;
  const s = p.states ?? {};
  const title = (id: string) => p.submissions.find((x) => x.id === id)?.title ?? id;
  const fmt = (n: number) => n.toFixed(3);
  const trackOptions = [
    { value: '', label: tr('hackathons.judge.allTracks') },
    ...p.tracks.map((t) => ({ value: t.id, label: t.title })),
  ];
  return (
    <div class="stack">
      <h1>
        <a href={base}>{p.h.title}</a> · {tr(`hackathons.status.${p.h.status}`)}
      </h1>
      {p.notice && (
        <p class="alert alert-success" role="status">
          {p.notice}
        </p>
      )}
      {p.canManage && p.h.status !== 'results_published' && (
        <p class="row-group">
          {p.h.status !== 'published' && (
            <ActionButton
              action={`${base}/status`}
              label={k('hackathons.publish')}
              fields={{ status: 'published' }}
              variant="primary"
            />
          )}
          {p.h.status === 'published' && (
            <ActionButton
              action={`${base}/status`}
              label={k('hackathons.status.judging')}
              fields={{ status: 'judging' }}
            />
          )}
        </p>
      )}
      <section class="card">
        <h2>{tr('hackathons.section.sponsors')}</h2>
        <ul class="list-plain">
          {p.sponsors.map((x) => (
            <li>
              {x.nameZh} ·{' '}
              {tr(x.kind === 'title' ? 'hackathons.sponsor.kind.title' : 'hackathons.sponsor.kind.prize')} ·{' '}
              {tr('hackathons.amountCny', { amount: x.amountCny.toLocaleString(locale) })}
            </li>
          ))}
        </ul>
        {p.canManage && (
          <Form action={`${base}/sponsors`} state={s.sponsor}>
            <Select name="orgId" label={k('hackathons.sponsor.org')} options={p.orgs} state={s.sponsor} />
            <Select
              name="kind"
              label={k('hackathons.sponsor.kind')}
              options={[
                { value: 'prize', label: tr('hackathons.sponsor.kind.prize') },
                { value: 'title', label: tr('hackathons.sponsor.kind.title') },
              ]}
              state={s.sponsor}
            />
            <Field
              name="amountCny"
              inputmode="numeric"
              label={k('hackathons.sponsor.amount')}
              state={s.sponsor}
              required
            />
            <Submit label={k('hackathons.sponsor.add')} />
          </Form>
        )}
      </section>
      <section class="card">
        <h2>{tr('hackathons.section.tracks')}</h2>
        <ul class="list-plain">
          {p.tracks.map((t) => (
            <li>{t.title}</li>
          ))}
        </ul>
        <Form action={`${base}/tracks`} state={s.track}>
          <Field name="title" label={k('hackathons.track.title')} state={s.track} required />
          <Field name="description" multiline label={k('hackathons.track.description')} state={s.track} />
          <Field name="resources" multiline label={k('hackathons.track.resources')} state={s.track} />
          <Select
            name="sponsorOrgId"
            label={k('hackathons.track.sponsor')}
            options={p.sponsorChoices}
            state={s.track}
          />
          <Field
            name="prizeCny"
            inputmode="numeric"
            label={k('hackathons.track.prize')}
            state={s.track}
            value="0"
            required
          />
          <Field name="criteria" multiline label={k('hackathons.track.criteria')} state={s.track} />
          <Submit label={k('hackathons.track.add')} />
        </Form>
      </section>
      {p.canManage && (
        <>
          <section class="card">
            <h2>{tr('hackathons.section.judges')}</h2>
            <ul class="list-plain">
              {p.judges.map((j) => (
                <li>
                  {j.name} &lt;{j.email}&gt; · {j.track}
                </li>
              ))}
            </ul>
            <Form action={`${base}/judges`} state={s.judge}>
              <Field name="email" type="email" label={k('hackathons.judge.email')} state={s.judge} required />
              <Field name="name" label={k('hackathons.judge.name')} state={s.judge} required />
              <fieldset class="field">
                <legend>{tr('hackathons.judge.orgs')}</legend>
                {p.orgs.map((o) => (
                  <label class="choice">
                    <input type="checkbox" name="orgIds" value={o.value} /> {o.label}
                  </label>
                ))}
              </fieldset>
              <Field name="expertise" label={k('hackathons.judge.expertise')} state={s.judge} />
              <Field name="availability" label={k('hackathons.judge.availability')} state={s.judge} />
              <Select
                name="trackId"
                label={k('hackathons.judge.track')}
                options={trackOptions}
                state={s.judge}
              />
              <Submit label={k('hackathons.judge.invite')} />
            </Form>
          </section>
          <section class="card">
            <h2>{tr('hackathons.coi.title')}</h2>
            <div class="table-wrap">
              <table>
                <tbody>
                  {p.conflicts.map((c) => (
                    <tr>
                      <td>{c.judgeName}</td>
                      <td>{c.title}</td>
                      <td>{c.reasons}</td>
                      <td>
                        {c.note ? (
                          tr('hackathons.coi.overridden', { note: c.note })
                        ) : (
                          <Form
                            action={`${base}/overrides`}
                            state={s[`override:${c.judgeId}:${c.submissionId}`]}
                          >
                            <input type="hidden" name="judgeId" value={c.judgeId} />
                            <input type="hidden" name="submissionId" value={c.submissionId} />
                            <Field
                              name="note"
                              label={k('hackathons.coi.note')}
                              state={s[`override:${c.judgeId}:${c.submissionId}`]}
                              required
                            />
                            <Submit label={k('hackathons.coi.override')} />
                          </Form>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Form action={`${base}/assign`} state={s.assign}>
              <Field
                name="k"
                inputmode="numeric"
                label={k('hackathons.assign.k')}
                state={s.assign}
                value="3"
                required
              />
              <Submit label={k('hackathons.assign.run')} />
            </Form>
            <Form action={`${base}/assign/one`} state={s.assignOne}>
              <Select
                name="judgeId"
                label={k('hackathons.judge.name')}
                options={p.judges.map((j) => ({ value: j.judgeId, label: j.name }))}
                state={s.assignOne}
              />
              <Select
                name="submissionId"
                label={k('hackathons.award.submission')}
                options={p.submissions.map((x) => ({ value: x.id, label: x.title }))}
                state={s.assignOne}
              />
              <Submit label={k('hackathons.assign.one')} />
            </Form>
          </section>
          <section class="card">
            <h2>{tr('hackathons.section.results')}</h2>
            <p class="row-group">
              <a href={`${base}/results.csv`}>{tr('hackathons.results.csv')}</a>
              <a href={`${base}/results.xlsx`}>{tr('hackathons.results.xlsx')}</a>
            </p>
            <h3>{tr('hackathons.results.rubric')}</h3>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{tr('hackathons.award.submission')}</th>
                    <th>{tr('hackathons.results.raw')}</th>
                    <th>{tr('hackathons.results.normalised')}</th>
                    <th>{tr('hackathons.results.judges')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.rubric.map((r) => (
                    <tr>
                      <td>{title(r.submissionId)}</td>
                      <td>{fmt(r.raw)}</td>
                      <td>{fmt(r.normalised)}</td>
                      <td>{r.judges}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <h3>{tr('hackathons.results.pairwise')}</h3>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{tr('hackathons.award.submission')}</th>
                    <th>{tr('hackathons.results.mu')}</th>
                    <th>{tr('hackathons.results.sigma')}</th>
                    <th>{tr('hackathons.results.copeland')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.pairwise.map((r) => (
                    <tr>
                      <td>{r.title}</td>
                      <td>{fmt(r.mu)}</td>
                      <td>{fmt(r.sigmaSq)}</td>
                      <td>{r.copeland}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section class="card">
            <h2>{tr('hackathons.section.awards')}</h2>
            {p.awards.length === 0 && <p class="muted">{tr('hackathons.award.none')}</p>}
            <ul class="list-plain">
              {p.awards.map((a) => (
                <li>
                  {a.track} · {a.title} · {a.project} {a.published ? '✓' : ''}
                </li>
              ))}
            </ul>
            {p.h.status !== 'results_published' && (
              <>
                <Form action={`${base}/awards`} state={s.award}>
                  <Select
                    name="submissionId"
                    label={k('hackathons.award.submission')}
                    options={p.submissions.map((x) => ({
                      value: x.id,
                      label: `${x.title}（${x.teamName}）`,
                    }))}
                    state={s.award}
                  />
                  <Select
                    name="trackId"
                    label={k('hackathons.award.track')}
                    options={[
                      { value: '', label: tr('hackathons.award.overall') },
                      ...p.tracks.map((t) => ({ value: t.id, label: t.title })),
                    ]}
                    state={s.award}
                  />
                  <Field name="title" label={k('hackathons.award.title')} state={s.award} required />
                  <Field
                    name="rank"
                    inputmode="numeric"
                    label={k('hackathons.award.rank')}
                    state={s.award}
                    value="1"
                    required
                  />
                  <Field
                    name="prizeCny"
                    inputmode="numeric"
                    label={k('hackathons.award.prize')}
                    state={s.award}
                    value="0"
                    required
                  />
                  <Field
                    name="creditHours"
                    inputmode="numeric"
                    label={k('hackathons.award.creditHours')}
                    state={s.award}
                    value="0"
                    required
                  />
                  <Submit label={k('hackathons.award.add')} />
                </Form>
                <Form action={`${base}/publish-results`} state={s.publish}>
                  <Submit label={k('hackathons.award.publish')} />
                </Form>
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}
