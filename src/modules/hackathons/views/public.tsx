/** Public pages: the list of hackathons, one hackathon's page (phone first), the organising form. */
import { renderMarkdown } from '../../../platform/markdown.ts';
import { Field, Form, type FormState, Select, Submit } from '../../../ui/form.tsx';
import type { Hackathon, SponsorRow, Track } from '../queries.ts';
import { k, useT, when } from './shared.tsx';

export function IndexPage(p: { hackathons: Hackathon[]; canCreate: boolean }) {
  const { tr, locale } = useT();
  return (
    <div class="stack">
      <h1>{tr('hackathons.index.title')}</h1>
      {p.canCreate && (
        <p>
          <a class="button button-primary" href="/hackathons/new">
            {tr('hackathons.new.title')}
          </a>
        </p>
      )}
      {p.hackathons.length === 0 && <p class="muted">{tr('hackathons.index.empty')}</p>}
      <ul class="list-plain stack">
        {p.hackathons.map((h) => (
          <li class="card">
            <h2>
              <a href={`/hackathons/${h.slug}`}>{h.title}</a>
            </h2>
            <p class="muted">
              {h.online ? tr('hackathons.online') : h.city} · {when(h.startsAt, h.timezone, locale)} ·{' '}
              {tr(`hackathons.status.${h.status}`)}
            </p>
            {h.theme && <p>{h.theme}</p>}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function HackathonPage(p: {
  h: Hackathon;
  sponsors: SponsorRow[];
  tracks: Track[];
  canManage: boolean;
}) {
  const { tr, locale } = useT();
  const { h } = p;
  const orgName = (id: string | null) => p.sponsors.find((s) => s.orgId === id)?.nameZh ?? '';
  const amount = (n: number) => tr('hackathons.amountCny', { amount: n.toLocaleString(locale) });
  return (
    <article class="stack">
      <header class="hero">
        <h1>{h.title}</h1>
        {h.theme && <p>{h.theme}</p>}
        <p class="muted">
          {h.online ? tr('hackathons.online') : h.city} ·{' '}
          {tr('hackathons.teamSize', { min: h.minTeamSize, max: h.maxTeamSize })}
        </p>
        <p class="row-group">
          {h.status === 'published' && (
            <a class="button button-primary" href={`/hackathons/${h.slug}/team`}>
              {tr('hackathons.register')}
            </a>
          )}
          <a class="button button-plain" href={`/hackathons/${h.slug}/calendar.ics`}>
            {tr('hackathons.calendar')}
          </a>
          {p.canManage && (
            <a class="button button-plain" href={`/hackathons/${h.slug}/manage`}>
              {tr('hackathons.manage')}
            </a>
          )}
        </p>
      </header>
      <section>
        <h2>{tr('hackathons.section.timeline')}</h2>
        <ul class="list-plain">
          <li>
            {tr('hackathons.timeline.registration', {
              from: when(h.registrationOpensAt, h.timezone, locale),
              to: when(h.registrationClosesAt, h.timezone, locale),
            })}
          </li>
          <li>
            {tr('hackathons.timeline.event', {
              from: when(h.startsAt, h.timezone, locale),
              to: when(h.endsAt, h.timezone, locale),
            })}
          </li>
          <li>
            <strong>
              {tr('hackathons.timeline.deadline', { at: when(h.submissionDeadline, h.timezone, locale) })}
            </strong>
          </li>
        </ul>
      </section>
      {p.sponsors.length > 0 && (
        <section>
          <h2>{tr('hackathons.section.sponsors')}</h2>
          <ul class="list-plain">
            {p.sponsors.map((s) => (
              <li>
                <a href={`/members/${s.slug}`}>{locale === 'en' && s.nameEn ? s.nameEn : s.nameZh}</a> ·{' '}
                {tr(s.kind === 'title' ? 'hackathons.sponsor.kind.title' : 'hackathons.sponsor.kind.prize')} ·{' '}
                {amount(s.amountCny)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h2>{tr('hackathons.section.tracks')}</h2>
        {p.tracks.length === 0 && <p class="muted">{tr('hackathons.track.none')}</p>}
        {p.tracks.map((t) => (
          <div class="card">
            <h3>{t.title}</h3>
            {t.sponsorOrgId && (
              <p class="muted">{tr('hackathons.track.byOrg', { org: orgName(t.sponsorOrgId) })}</p>
            )}
            {t.prizeCny > 0 && <p>{amount(t.prizeCny)}</p>}
            <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(t.description) }} />
            {t.resources && <p class="pre-wrap">{t.resources}</p>}
          </div>
        ))}
      </section>
      {h.rules && (
        <section>
          <h2>{tr('hackathons.section.rules')}</h2>
          <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(h.rules) }} />
        </section>
      )}
    </article>
  );
}

export type Choice = { value: string; label: string };

export function NewHackathonPage(p: { state?: FormState; organisers: Choice[]; issuers: Choice[] }) {
  const { tr } = useT();
  const none = { value: '', label: '—' };
  return (
    <div class="stack">
      <h1>{tr('hackathons.new.title')}</h1>
      <Form action="/hackathons" state={p.state}>
        <Field name="slug" label={k('hackathons.field.slug')} state={p.state} required />
        <Field name="title" label={k('hackathons.field.title')} state={p.state} required />
        <Field name="theme" label={k('hackathons.field.theme')} state={p.state} />
        <Select
          name="organizerOrgId"
          label={k('hackathons.field.organizerOrgId')}
          options={p.organisers}
          state={p.state}
        />
        <Field name="city" label={k('hackathons.field.city')} state={p.state} />
        <Field name="online" type="checkbox" label={k('hackathons.field.online')} state={p.state} />
        <Field
          name="timezone"
          label={k('hackathons.field.timezone')}
          state={p.state}
          value="Asia/Shanghai"
          required
        />
        <Field
          name="registrationOpensAt"
          type="datetime-local"
          label={k('hackathons.field.registrationOpensAt')}
          state={p.state}
          required
        />
        <Field
          name="registrationClosesAt"
          type="datetime-local"
          label={k('hackathons.field.registrationClosesAt')}
          state={p.state}
          required
        />
        <Field
          name="startsAt"
          type="datetime-local"
          label={k('hackathons.field.startsAt')}
          state={p.state}
          required
        />
        <Field
          name="endsAt"
          type="datetime-local"
          label={k('hackathons.field.endsAt')}
          state={p.state}
          required
        />
        <Field
          name="submissionDeadline"
          type="datetime-local"
          label={k('hackathons.field.submissionDeadline')}
          state={p.state}
          required
        />
        <Select
          name="latePolicy"
          label={k('hackathons.field.latePolicy')}
          options={[
            { value: 'refuse', label: tr('hackathons.latePolicy.refuse') },
            { value: 'accept_marked', label: tr('hackathons.latePolicy.accept_marked') },
          ]}
          state={p.state}
        />
        <Field
          name="lateGraceMinutes"
          label={k('hackathons.field.lateGraceMinutes')}
          state={p.state}
          value="0"
          inputmode="numeric"
          required
        />
        <Field
          name="minTeamSize"
          label={k('hackathons.field.minTeamSize')}
          state={p.state}
          value="1"
          inputmode="numeric"
          required
        />
        <Field
          name="maxTeamSize"
          label={k('hackathons.field.maxTeamSize')}
          state={p.state}
          value="5"
          inputmode="numeric"
          required
        />
        <Select
          name="eligibility"
          label={k('hackathons.field.eligibility')}
          options={[
            { value: 'open', label: tr('hackathons.eligibility.open') },
            { value: 'listed_orgs', label: tr('hackathons.eligibility.listed_orgs') },
          ]}
          state={p.state}
        />
        <Field
          name="criteria"
          multiline
          label={k('hackathons.field.criteria')}
          state={p.state}
          value={'创新性|1\n技术实现|1\n完成度|1'}
        />
        <Field name="rules" multiline label={k('hackathons.field.rules')} state={p.state} />
        <Select
          name="issuerId"
          label={k('hackathons.field.issuerId')}
          options={[none, ...p.issuers]}
          state={p.state}
        />
        <Select
          name="coIssuerId"
          label={k('hackathons.field.coIssuerId')}
          options={[none, ...p.issuers]}
          state={p.state}
        />
        <Submit />
      </Form>
    </div>
  );
}
