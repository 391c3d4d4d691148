/** The judge's pages, opened from the magic link: assignments, scoring, pairwise comparison. */
import { ActionButton, Form, Submit } from '../../../ui/form.tsx';
import type { Criterion } from '../schema.ts';
import { k, type States, useT } from './shared.tsx';

type Project = { id: string; title: string; repoUrl: string; videoUrl: string; description: string };

export function JudgeHome(p: {
  token: string;
  name: string;
  title: string;
  assignments: Array<{ submissionId: string; title: string; scored: boolean }>;
  canBind: boolean;
  notice?: string;
}) {
  const { tr } = useT();
  const base = `/hackathons/judge/${p.token}`;
  return (
    <div class="stack">
      <h1>{tr('hackathons.judge.welcome', { name: p.name })}</h1>
      <p class="muted">{p.title}</p>
      {p.notice && (
        <p class="alert alert-success" role="status">
          {p.notice}
        </p>
      )}
      <p>
        <a class="button button-primary" href={`${base}/pairwise`}>
          {tr('hackathons.pairwise.title')}
        </a>
      </p>
      <h2>{tr('hackathons.judge.assigned')}</h2>
      {p.assignments.length === 0 && <p class="muted">{tr('hackathons.judge.noneAssigned')}</p>}
      <ul class="list-plain">
        {p.assignments.map((a) => (
          <li>
            <a href={`${base}/score/${a.submissionId}`}>{a.title}</a> {a.scored ? '✓' : ''}
          </li>
        ))}
      </ul>
      {p.canBind && <ActionButton action={`${base}/bind`} label={k('hackathons.judge.bind')} />}
    </div>
  );
}

export function ScorePage(p: {
  token: string;
  project: Project;
  criteria: Criterion[];
  scores: Record<string, number> | null;
  states?: States;
}) {
  const { tr } = useT();
  const state = p.states?.score;
  return (
    <div class="stack">
      <h1>{tr('hackathons.score.title', { title: p.project.title })}</h1>
      <ProjectCard project={p.project} />
      <Form action={`/hackathons/judge/${p.token}/score/${p.project.id}`} state={state}>
        {p.criteria.map((c) => (
          <fieldset class={state?.errors?.[c.key] ? 'field field-error' : 'field'}>
            <legend>
              {c.label}（×{c.weight}）
            </legend>
            {[1, 2, 3, 4, 5].map((n) => (
              <label class="choice">
                <input
                  type="radio"
                  name={c.key}
                  value={String(n)}
                  checked={(state?.values?.[c.key] ?? String(p.scores?.[c.key] ?? '')) === String(n)}
                />{' '}
                {n}
              </label>
            ))}
          </fieldset>
        ))}
        <Submit label={k('hackathons.score.save')} />
      </Form>
    </div>
  );
}

function ProjectCard(p: { project: Project }) {
  return (
    <div class="card">
      <h2>{p.project.title}</h2>
      <p>
        <a href={p.project.repoUrl} rel="noopener noreferrer">
          {p.project.repoUrl}
        </a>
      </p>
      {p.project.videoUrl && (
        <p>
          <a href={p.project.videoUrl} rel="noopener noreferrer">
            {p.project.videoUrl}
          </a>
        </p>
      )}
      <p class="pre-wrap">{p.project.description}</p>
    </div>
  );
}

export function PairwisePage(p: {
  token: string;
  prev: Project | null;
  next: Project | null;
  notice?: string;
  error?: string;
}) {
  const { tr, csrfToken } = useT();
  const action = `/hackathons/judge/${p.token}/pairwise`;
  const button = (name: string, label: string, variant = 'plain') => (
    <form action={action} method="post" class="inline-form">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="action" value={name} />
      <input type="hidden" name="prevId" value={p.prev?.id ?? ''} />
      <input type="hidden" name="nextId" value={p.next?.id ?? ''} />
      <button type="submit" class={`button button-${variant}`}>
        {label}
      </button>
    </form>
  );
  return (
    <div class="stack">
      <h1>{tr('hackathons.pairwise.title')}</h1>
      {p.notice && (
        <p class="alert alert-success" role="status">
          {p.notice}
        </p>
      )}
      {p.error && (
        <p class="alert alert-error" role="alert">
          {p.error}
        </p>
      )}
      {!p.next && <p>{tr('hackathons.pairwise.done')}</p>}
      {p.next && !p.prev && (
        <>
          <p>{tr('hackathons.pairwise.begin')}</p>
          <ProjectCard project={p.next} />
          <p>{tr('hackathons.pairwise.started')}</p>
          <p class="row-group">
            {button('seen', tr('hackathons.pairwise.seen'), 'primary')}
            {button('skip', tr('hackathons.pairwise.skip'))}
            {button('absent', tr('hackathons.pairwise.absent'))}
          </p>
        </>
      )}
      {p.next && p.prev && (
        <>
          <p class="muted">{tr('hackathons.pairwise.prev', { title: p.prev.title })}</p>
          <ProjectCard project={p.next} />
          <h2>{tr('hackathons.pairwise.question')}</h2>
          <p class="row-group">
            {button('prev', tr('hackathons.pairwise.prevBetter'), 'primary')}
            {button('next', tr('hackathons.pairwise.nextBetter'), 'primary')}
          </p>
          <p class="row-group">
            {button('skip', tr('hackathons.pairwise.skip'))}
            {button('absent', tr('hackathons.pairwise.absent'))}
          </p>
        </>
      )}
      <p>
        {button('undo', tr('hackathons.pairwise.undo'))} <a href={`/hackathons/judge/${p.token}`}>←</a>
      </p>
    </div>
  );
}
