/**
 * Internship pages, phone first: the list with its filters (a GET form, so every filter is in the
 * URL and a link shares it), a posting with its apply form, the company's applicants with the
 * pipeline's next steps, a student's own applications, and the posting form. Strings come from
 * the module's messages (`say`), in the reader's language.
 */
import { useView } from '../../../ui/context.ts';
import type { Applicant, MyApplication } from '../applications.ts';
import { allowedMoves } from '../applications.ts';
import { type InternshipsKey, say } from '../messages.ts';
import type { Posting, PostingFilter, PostingListItem } from '../postings.ts';
import { type InternshipApplicationStatus, TERMS } from '../schema.ts';

function useSay() {
  const { locale, csrfToken } = useView();
  return {
    s: (key: InternshipsKey, vars?: Record<string, string | number>) => say(locale, key, vars),
    locale,
    csrfToken,
  };
}

const orgName = (o: { nameZh: string; nameEn: string }, locale: string) =>
  locale === 'en' && o.nameEn ? o.nameEn : o.nameZh;

function Stipend({ p }: { p: Pick<Posting, 'stipendMin' | 'stipendMax'> }) {
  const { s } = useSay();
  return (
    <>
      {p.stipendMax === 0
        ? s('internships.postings.unpaid')
        : s('internships.postings.stipend', { min: p.stipendMin, max: p.stipendMax })}
    </>
  );
}

function Facts({ p }: { p: Posting }) {
  const { s } = useSay();
  return (
    <p class="muted">
      {[
        p.city,
        p.remote ? s('internships.postings.remote') : '',
        s('internships.postings.weeks', { n: p.durationWeeks }),
        s('internships.postings.slots', { n: p.slots }),
      ]
        .filter(Boolean)
        .join(' · ')}{' '}
      · <Stipend p={p} />
      {p.terms.length > 0 && ` · ${p.terms.map((t) => s(`internships.term.${t}`)).join('、')}`}
    </p>
  );
}

export function PostingsPage(props: {
  postings: PostingListItem[];
  filter: PostingFilter;
  cities: string[];
  canPost: boolean;
}) {
  const { s, locale } = useSay();
  const f = props.filter;
  return (
    <section class="stack">
      <h1>{s('internships.title')}</h1>
      {props.canPost && (
        <p class="actions">
          <a class="button button-primary" href="/internships/postings/new">
            {s('internships.postings.new')}
          </a>
        </p>
      )}
      <form class="filters" method="get" action="/internships">
        <label class="field">
          <span class="visually-hidden">{s('internships.postings.search')}</span>
          <input
            type="search"
            name="q"
            value={f.q ?? ''}
            placeholder={s('internships.postings.search')}
            maxlength={100}
          />
        </label>
        <label class="field">
          {s('internships.postings.city')}
          <select name="city">
            <option value="">—</option>
            {props.cities.map((c) => (
              <option value={c} selected={c === f.city}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          {s('internships.postings.term')}
          <select name="term">
            <option value="">—</option>
            {TERMS.map((t) => (
              <option value={t} selected={t === f.term}>
                {s(`internships.term.${t}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          {s('internships.postings.minStipend')}
          <input
            type="number"
            name="minStipend"
            inputmode="numeric"
            min={0}
            value={f.minStipend ? String(f.minStipend) : ''}
          />
        </label>
        <label class="check">
          <input type="checkbox" name="remote" value="1" checked={!!f.remote} />{' '}
          {s('internships.postings.remote')}
        </label>
        <button class="button" type="submit">
          {s('internships.postings.filter')}
        </button>
      </form>
      {props.postings.length === 0 ? (
        <p class="muted">{s('internships.postings.empty')}</p>
      ) : (
        <ul class="list-plain stack">
          {props.postings.map((p) => (
            <li class="card">
              <h2>
                <a href={`/internships/postings/${p.id}`}>{p.title}</a>
              </h2>
              <p>{orgName(p.org, locale)}</p>
              <Facts p={p} />
              {p.skills.length > 0 && (
                <p>
                  {p.skills.map((k) => (
                    <span class="badge">{k}</span>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function PostingPage(props: {
  posting: Posting;
  org: { nameZh: string; nameEn: string; slug: string };
  mentorName: string;
  canApply: boolean;
  applied: InternshipApplicationStatus | null;
  canManage: boolean;
  notice?: InternshipsKey;
}) {
  const { s, locale, csrfToken } = useSay();
  const p = props.posting;
  return (
    <section class="stack">
      <h1>{p.title}</h1>
      <p>
        <a href={`/wall/${props.org.slug}`}>{orgName(props.org, locale)}</a>
      </p>
      {props.notice && (
        <div class="alert alert-success" role="status">
          {s(props.notice)}
        </div>
      )}
      <Facts p={p} />
      <p>{s('internships.postings.mentor', { name: props.mentorName })}</p>
      {p.description && <p class="pre-wrap">{p.description}</p>}
      {p.skills.length > 0 && (
        <p>
          {p.skills.map((k) => (
            <span class="badge">{k}</span>
          ))}
        </p>
      )}
      {p.status !== 'open' && <p class="alert">{s('internships.postings.closed')}</p>}
      {props.applied && <p class="badge">{s(`internships.status.${props.applied}`)}</p>}
      {p.status === 'open' && props.canApply && !props.applied && (
        <form class="form" method="post" action={`/internships/postings/${p.id}/apply`}>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <label class="field">
            {s('internships.apply.motivation')}
            <textarea name="motivation" maxlength={2000} rows={4} />
          </label>
          <button class="button button-primary" type="submit">
            {s('internships.apply')}
          </button>
        </form>
      )}
      {props.canManage && (
        <p>
          <a class="button" href={`/internships/postings/${p.id}/applicants`}>
            {s('internships.applicants.title', { title: '' }).replace(/[:：]\s*$/, '')}
          </a>
        </p>
      )}
    </section>
  );
}

function MoveForm(props: {
  id: string;
  to: InternshipApplicationStatus;
  side: 'company' | 'student';
  withMessage?: boolean;
}) {
  const { s, csrfToken } = useSay();
  const label: Record<string, InternshipsKey> =
    props.side === 'student'
      ? {
          accepted: 'internships.mine.accept',
          declined: 'internships.mine.decline',
          withdrawn: 'internships.mine.withdraw',
        }
      : {};
  return (
    <form class="inline-form" method="post" action={`/internships/applications/${props.id}/move`}>
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="to" value={props.to} />
      <input type="hidden" name="side" value={props.side} />
      {props.withMessage && (
        <label class="field">
          <span class="visually-hidden">{s('internships.status.message')}</span>
          <input type="text" name="message" maxlength={2000} placeholder={s('internships.status.message')} />
        </label>
      )}
      <button
        class={props.to === 'rejected' || props.to === 'withdrawn' ? 'button button-danger' : 'button'}
        type="submit"
      >
        {label[props.to] ? s(label[props.to]) : s(`internships.status.${props.to}`)}
      </button>
    </form>
  );
}

function CompleteForm(props: { id: string }) {
  const { s, csrfToken } = useSay();
  return (
    <form class="inline-form" method="post" action={`/internships/applications/${props.id}/complete`}>
      <input type="hidden" name="_csrf" value={csrfToken} />
      <button class="button button-primary" type="submit">
        {s('internships.complete')}
      </button>
    </form>
  );
}

export function ApplicantsPage(props: { posting: Posting; applicants: Applicant[] }) {
  const { s } = useSay();
  return (
    <section class="stack">
      <h1>{s('internships.applicants.title', { title: props.posting.title })}</h1>
      <p>
        <a class="button" href={`/internships/postings/${props.posting.id}/applicants.csv`}>
          {s('internships.applicants.export')}
        </a>
      </p>
      {props.applicants.length === 0 ? (
        <p class="muted">{s('internships.applicants.none')}</p>
      ) : (
        <ul class="list-plain stack">
          {props.applicants.map((a) => (
            <li class="card" id={`application-${a.id}`}>
              <h2>{a.name}</h2>
              <p class="muted">{a.email}</p>
              <p class="badge">{s(`internships.status.${a.status}`)}</p>
              {a.motivation && <p class="pre-wrap">{a.motivation}</p>}
              {allowedMoves(a.status, 'company').map((to) => (
                <MoveForm id={a.id} to={to} side="company" withMessage />
              ))}
              {a.status === 'accepted' && !a.credentialId && <CompleteForm id={a.id} />}
              {a.credentialId && <p class="badge">{s('internships.complete.done')}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function MinePage(props: { applications: MyApplication[] }) {
  const { s, locale } = useSay();
  return (
    <section class="stack">
      <h1>{s('internships.mine.title')}</h1>
      {props.applications.length === 0 ? (
        <p class="muted">{s('internships.mine.none')}</p>
      ) : (
        <ul class="list-plain stack">
          {props.applications.map((a) => (
            <li class="card" id={`application-${a.id}`}>
              <h2>
                <a href={`/internships/postings/${a.postingId}`}>{a.title}</a>
              </h2>
              <p>{locale === 'en' && a.orgNameEn ? a.orgNameEn : a.orgName}</p>
              <p class="badge">{s(`internships.status.${a.status}`)}</p>
              {allowedMoves(a.status, 'student').map((to) => (
                <MoveForm id={a.id} to={to} side="student" />
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export type PostingFormState = {
  values?: Record<string, string>;
  errors?: Record<string, InternshipsKey>;
  message?: InternshipsKey;
};

export function PostingFormPage(props: { orgs: { id: string; name: string }[]; state?: PostingFormState }) {
  const { s, csrfToken } = useSay();
  const v = props.state?.values ?? {};
  const e = props.state?.errors ?? {};
  const field = (
    name: string,
    label: InternshipsKey,
    attrs: Record<string, string | number | boolean> = {},
  ) => (
    <label class="field">
      {s(label)}
      <input
        name={name}
        value={v[name] ?? ''}
        aria-invalid={e[name] ? 'true' : undefined}
        aria-describedby={e[name] ? `e-${name}` : undefined}
        {...attrs}
      />
      {e[name] && (
        <span class="field-error" id={`e-${name}`}>
          {s(e[name])}
        </span>
      )}
    </label>
  );
  return (
    <section class="stack">
      <h1>{s('internships.postings.new')}</h1>
      <form class="form" method="post" action="/internships/postings" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken} />
        {(props.state?.message || Object.keys(e).length > 0) && (
          <div class="alert alert-error" role="alert">
            {s(props.state?.message ?? Object.values(e)[0])}
          </div>
        )}
        <label class="field">
          {s('internships.postings.field.org')}
          <select name="orgId">
            {props.orgs.map((o) => (
              <option value={o.id} selected={o.id === v.orgId}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        {field('title', 'internships.postings.field.title', { required: true, maxlength: 120 })}
        <label class="field">
          {s('internships.postings.field.description')}
          <textarea name="description" rows={5} maxlength={5000}>
            {v.description ?? ''}
          </textarea>
        </label>
        {field('skills', 'internships.postings.field.skills')}
        {field('city', 'internships.postings.city')}
        <label class="check">
          <input type="checkbox" name="remote" value="1" checked={v.remote === '1'} />{' '}
          {s('internships.postings.remote')}
        </label>
        {field('durationWeeks', 'internships.postings.field.durationWeeks', {
          type: 'number',
          inputmode: 'numeric',
        })}
        {field('stipendMin', 'internships.postings.field.stipendMin', {
          type: 'number',
          inputmode: 'numeric',
        })}
        {field('stipendMax', 'internships.postings.field.stipendMax', {
          type: 'number',
          inputmode: 'numeric',
        })}
        {field('slots', 'internships.postings.field.slots', { type: 'number', inputmode: 'numeric' })}
        {field('mentor', 'internships.postings.field.mentor', { type: 'email', inputmode: 'email' })}
        <fieldset>
          <legend>{s('internships.postings.term')}</legend>
          {TERMS.map((t) => (
            <label class="check">
              <input type="checkbox" name={`term_${t}`} value="1" checked={v[`term_${t}`] === '1'} />{' '}
              {s(`internships.term.${t}`)}
            </label>
          ))}
        </fieldset>
        <button class="button button-primary" type="submit">
          {s('internships.postings.create')}
        </button>
      </form>
    </section>
  );
}

export function IdentitiesPage(props: {
  identities: {
    id: string;
    kind: string;
    handle: string;
    status: 'proposed' | 'confirmed' | 'rejected';
    reason: string;
  }[];
}) {
  const { s, csrfToken } = useSay();
  return (
    <section class="stack">
      <h1>{s('internships.identities.title')}</h1>
      <p class="muted">{s('internships.identities.lead')}</p>
      {props.identities.length === 0 ? (
        <p class="muted">{s('internships.identities.none')}</p>
      ) : (
        <ul class="list-plain stack">
          {props.identities.map((i) => (
            <li class="card" id={`identity-${i.id}`}>
              <h2>
                {i.kind === 'email' ? '' : `${i.kind}: `}
                {i.handle}
              </h2>
              <p class="muted">{i.reason}</p>
              <p class="badge">{s(`internships.identities.status.${i.status}`)}</p>
              {i.status === 'proposed' &&
                (['confirm', 'reject'] as const).map((d) => (
                  <form class="inline-form" method="post" action={`/internships/identities/${i.id}`}>
                    <input type="hidden" name="_csrf" value={csrfToken} />
                    <input type="hidden" name="decision" value={d} />
                    <button class={d === 'confirm' ? 'button button-primary' : 'button'} type="submit">
                      {s(`internships.identities.${d}`)}
                    </button>
                  </form>
                ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
