/** Applying to join the alliance (an organisation's admin) and reviewing applications (platform admins). */
import type { Locale } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import { Field, Form, type FormState, Select, Submit } from '../../../ui/form.tsx';
import type { AllianceTier, OrgListItem } from '../../identity/queries.ts';
import type { Application, ApplicationRow } from '../applications.ts';

const local = (x: { nameZh: string; nameEn: string }, locale: Locale) =>
  locale === 'en' && x.nameEn ? x.nameEn : x.nameZh;

export function ApplyPage(props: {
  orgs: OrgListItem[];
  tiers: AllianceTier[];
  mine: Application[];
  state?: FormState;
  submitted?: boolean;
}) {
  const { t, locale } = useView();
  const nameOf = new Map(props.orgs.map((o) => [o.id, local(o, locale)]));
  return (
    <section class="stack">
      <h1>{t('members.apply.title')}</h1>
      <p class="muted">{t('members.apply.lead')}</p>
      {props.submitted && (
        <div class="alert alert-success" role="status">
          {t('members.apply.submitted')}
        </div>
      )}
      {props.orgs.length === 0 ? (
        <p>
          {t('members.apply.noOrg')} <a href="/orgs/new">{t('org.directory.create')}</a>
        </p>
      ) : (
        <Form action="/wall/apply" state={props.state} id="apply">
          <Select
            name="orgSlug"
            label="members.apply.org"
            required
            state={props.state}
            options={props.orgs.map((o) => ({ value: o.slug, label: local(o, locale) }))}
          />
          <Select
            name="tierSlug"
            label="members.apply.tier"
            required
            state={props.state}
            options={props.tiers.map((tier) => ({ value: tier.slug, label: local(tier, locale) }))}
          />
          <Field
            name="message"
            label="members.apply.message"
            multiline
            state={props.state}
            maxlength={2000}
          />
          <Field
            name="descriptionZh"
            label="members.apply.descriptionZh"
            hint="members.apply.descriptionHint"
            multiline
            state={props.state}
            maxlength={2000}
          />
          <Field
            name="descriptionEn"
            label="members.apply.descriptionEn"
            multiline
            state={props.state}
            maxlength={2000}
          />
          <Submit label="members.apply.submit" />
        </Form>
      )}
      {props.mine.length > 0 && (
        <>
          <h2>{t('members.apply.mine')}</h2>
          <ul data-testid="my-applications">
            {props.mine.map((a) => (
              <li>
                {nameOf.get(a.orgId) ?? ''} · {t(`members.apply.status.${a.status}`)}
                {a.reason && <> · {a.reason}</>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function ReviewPage(props: {
  applications: ApplicationRow[];
  tiers: AllianceTier[];
  done?: boolean;
  state?: FormState;
  failedId?: string;
}) {
  const { t, locale } = useView();
  return (
    <section class="stack">
      <h1>{t('members.review.title')}</h1>
      {props.done && (
        <div class="alert alert-success" role="status">
          {t('members.review.done')}
        </div>
      )}
      {props.applications.length === 0 ? (
        <p class="muted">{t('members.review.none')}</p>
      ) : (
        props.applications.map((a) => (
          <article class="card stack" data-application={a.id}>
            <h2>
              <a href={`/orgs/${a.orgSlug}`}>{a.orgName}</a>
            </h2>
            <p class="muted">
              {a.applicant} · {a.createdAt.toISOString().slice(0, 10)}
            </p>
            {a.message && <p>{a.message}</p>}
            {(a.descriptionZh || a.descriptionEn) && (
              <dl class="facts" data-testid="application-description">
                {a.descriptionZh && (
                  <>
                    <dt>{t('members.apply.descriptionZh')}</dt>
                    <dd lang="zh-CN">{a.descriptionZh}</dd>
                  </>
                )}
                {a.descriptionEn && (
                  <>
                    <dt>{t('members.apply.descriptionEn')}</dt>
                    <dd lang="en">{a.descriptionEn}</dd>
                  </>
                )}
              </dl>
            )}
            <Form action={`/wall/applications/${a.id}/approve`} id={`approve-${a.id}`}>
              <Select
                name="tierSlug"
                label="members.apply.tier"
                value={a.tierSlug}
                options={props.tiers.map((tier) => ({ value: tier.slug, label: local(tier, locale) }))}
              />
              <Field name="reason" label="members.review.note" />
              <Submit label="members.review.approve" />
            </Form>
            <Form
              action={`/wall/applications/${a.id}/reject`}
              id={`reject-${a.id}`}
              state={props.failedId === a.id ? props.state : undefined}
            >
              <Field
                name="reason"
                label="members.review.reason"
                required
                state={props.failedId === a.id ? props.state : undefined}
              />
              <Submit label="members.review.reject" />
            </Form>
          </article>
        ))
      )}
    </section>
  );
}
