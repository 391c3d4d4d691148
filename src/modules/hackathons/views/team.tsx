/** A participant's page for one hackathon: register, form or join a team, the board, submit. */
import { ActionButton, Field, Form, Select, Submit } from '../../../ui/form.tsx';
import type { Hackathon, TeamView, Track } from '../queries.ts';
import type { Choice } from './public.tsx';
import { k, type States, useT, when } from './shared.tsx';

export type TeamPageProps = {
  h: Hackathon;
  registered: boolean;
  myOrgs: Choice[];
  team: TeamView | undefined;
  tracks: Track[];
  board: {
    teams: Array<{ id: string; name: string; size: number }>;
    people: Array<{ displayName: string; skills: string }>;
  };
  requests: Array<{ id: string; displayName: string; message: string }>;
  me: string;
  states?: States;
  notice?: string;
};

export function TeamPage(p: TeamPageProps) {
  const { tr, locale } = useT();
  const base = `/hackathons/${p.h.slug}`;
  const s = p.states ?? {};
  return (
    <div class="stack">
      <h1>
        <a href={base}>{p.h.title}</a>
      </h1>
      {p.notice && (
        <p class="alert alert-success" role="status">
          {p.notice}
        </p>
      )}
      {!p.registered && (
        <section class="card">
          <h2>{tr('hackathons.register')}</h2>
          <Form action={`${base}/register`} state={s.register}>
            <Select
              name="orgId"
              label={k('hackathons.register.org')}
              options={[{ value: '', label: tr('hackathons.register.none') }, ...p.myOrgs]}
              state={s.register}
            />
            <Field
              name="advisorEmail"
              type="email"
              label={k('hackathons.register.advisor')}
              state={s.register}
            />
            <Field name="skills" multiline label={k('hackathons.register.skills')} state={s.register} />
            <Field
              name="lookingForTeam"
              type="checkbox"
              label={k('hackathons.team.board')}
              state={s.register}
              value="on"
            />
            <Submit label={k('hackathons.register')} />
          </Form>
        </section>
      )}
      {p.registered && !p.team && (
        <section class="grid">
          <div class="card">
            <h2>{tr('hackathons.team.create')}</h2>
            <Form action={`${base}/teams`} state={s.team}>
              <Field name="name" label={k('hackathons.team.name')} state={s.team} required />
              <Submit label={k('hackathons.team.create')} />
            </Form>
          </div>
          <div class="card">
            <h2>{tr('hackathons.team.join')}</h2>
            <Form action={`${base}/teams/join`} state={s.join}>
              <Field name="code" label={k('hackathons.team.code')} state={s.join} required />
              <Submit label={k('hackathons.team.join')} />
            </Form>
          </div>
        </section>
      )}
      {p.team && (
        <section class="card">
          <h2>
            {tr('hackathons.team.mine')}：{p.team.name}
          </h2>
          <p>{tr('hackathons.team.inviteHint', { code: p.team.inviteCode })}</p>
          <h3>{tr('hackathons.team.members', { count: p.team.members.length, max: p.h.maxTeamSize })}</h3>
          <ul class="list-plain">
            {p.team.members.map((m) => (
              <li>
                {m.displayName}
                {m.userId === p.team?.captainId && <span class="badge">{tr('hackathons.team.captain')}</span>}
                {p.team?.captainId === p.me && m.userId !== p.me && (
                  <ActionButton
                    action={`${base}/teams/captain`}
                    label={k('hackathons.team.transfer')}
                    fields={{ userId: m.userId }}
                  />
                )}
              </li>
            ))}
          </ul>
          {p.requests.length > 0 && (
            <div>
              <h3>{tr('hackathons.team.requests')}</h3>
              {p.requests.map((r) => (
                <p>
                  {r.displayName} {r.message}
                  <ActionButton
                    action={`${base}/teams/requests`}
                    label={k('hackathons.team.accept')}
                    fields={{ requestId: r.id, accept: '1' }}
                    variant="primary"
                  />
                  <ActionButton
                    action={`${base}/teams/requests`}
                    label={k('hackathons.team.decline')}
                    fields={{ requestId: r.id, accept: '0' }}
                  />
                </p>
              ))}
            </div>
          )}
        </section>
      )}
      {p.team && (
        <section class="card">
          <h2>{tr('hackathons.submit')}</h2>
          <p>
            <strong>
              {tr('hackathons.timeline.deadline', { at: when(p.h.submissionDeadline, p.h.timezone, locale) })}
            </strong>
          </p>
          {p.team.submission ? (
            <p class="muted">
              {tr('hackathons.submit.version', {
                version: p.team.submission.version,
                at: when(p.team.submission.submittedAt, p.h.timezone, locale),
              })}
              {p.team.submission.late && <span class="badge">{tr('hackathons.submit.late')}</span>}
            </p>
          ) : (
            <p class="muted">{tr('hackathons.submit.none')}</p>
          )}
          <Form action={`${base}/submission`} state={s.submission}>
            <Field
              name="title"
              label={k('hackathons.submit.title')}
              state={s.submission}
              value={p.team.submission?.title}
              required
            />
            <Field
              name="repoUrl"
              type="url"
              inputmode="url"
              label={k('hackathons.submit.repoUrl')}
              state={s.submission}
              value={p.team.submission?.repoUrl}
              required
            />
            <Field
              name="videoUrl"
              type="url"
              inputmode="url"
              label={k('hackathons.submit.videoUrl')}
              state={s.submission}
              value={p.team.submission?.videoUrl}
            />
            <Field
              name="description"
              multiline
              label={k('hackathons.submit.description')}
              state={s.submission}
              value={p.team.submission?.description}
            />
            {p.tracks.length > 0 && (
              <fieldset class="field">
                <legend>{tr('hackathons.submit.tracks')}</legend>
                {p.tracks.map((t) => (
                  <label class="choice">
                    <input
                      type="checkbox"
                      name="trackIds"
                      value={t.id}
                      checked={p.team?.submission?.trackIds.includes(t.id)}
                    />{' '}
                    {t.title}
                  </label>
                ))}
              </fieldset>
            )}
            <Submit label={k('hackathons.submit')} />
          </Form>
        </section>
      )}
      <section>
        <h2>{tr('hackathons.team.board')}</h2>
        <ul class="list-plain">
          {p.board.teams.map((t) => (
            <li>
              {t.name}（{t.size}/{p.h.maxTeamSize}）
              {p.registered && !p.team && (
                <ActionButton
                  action={`${base}/teams/requests/new`}
                  label={k('hackathons.team.requestJoin')}
                  fields={{ teamId: t.id, message: '' }}
                />
              )}
            </li>
          ))}
        </ul>
        <h3>{tr('hackathons.team.lookingForTeam')}</h3>
        <ul class="list-plain">
          {p.board.people.map((x) => (
            <li>
              {x.displayName} <span class="muted">{x.skills}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
