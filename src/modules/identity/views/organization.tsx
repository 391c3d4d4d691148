/**
 * Pages for organisations: the public directory and profile, the create/edit form, members and
 * invitations, accepting an invitation, and the alliance membership record kept by platform admins.
 * Every string comes from the catalogue (messages/organizations.ts).
 */
import type { Locale, MessageKey } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import { ActionButton, Field, Form, type FormState, Select, Submit } from '../../../ui/form.tsx';
import type { OrgInput } from '../organizations.ts';
import {
  type AllianceTier,
  type OrgListItem,
  type OrgMember,
  type OrgProfile,
  orgDescription,
  type PendingInvitation,
} from '../queries.ts';
import {
  MEMBERSHIP_STATUSES,
  ORG_ROLES,
  ORG_TYPES,
  type OrgRole,
  type OrgType,
  type ProfileLink,
} from '../schema.ts';
import { linksToText } from './account.tsx';

type Named = { nameZh: string; nameEn: string };

/** The organisation's (or tier's) name in the reader's language, falling back to Chinese. */
export function localName(o: Named, locale: Locale): string {
  return locale === 'en' && o.nameEn ? o.nameEn : o.nameZh;
}

const day = (d: Date | string) => (typeof d === 'string' ? d : d.toISOString().slice(0, 10));

/** Plain text with blank lines as paragraph breaks and single newlines as line breaks (escaped by JSX). */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\r?\n\s*\r?\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => (
          <p>
            {p.split(/\r?\n/).map((line, i) => (
              <>
                {i > 0 && <br />}
                {line}
              </>
            ))}
          </p>
        ))}
    </>
  );
}

export function OrgDirectoryPage({ orgs, type }: { orgs: OrgListItem[]; type?: OrgType }) {
  const { t, actor } = useView();
  const canCreate = !!actor?.emailVerified;
  return (
    <section class="stack">
      <h1>{t('org.directory.title')}</h1>
      <p class="muted">{t('org.directory.lead')}</p>
      {actor &&
        (canCreate ? (
          <p>
            <a class="button button-primary" href="/orgs/new">
              {t('org.directory.create')}
            </a>
          </p>
        ) : (
          <p class="muted">
            {t('org.directory.confirmToCreate')} <a href="/profile">{t('nav.profile')}</a>
          </p>
        ))}
      <OrgResults orgs={orgs} type={type} />
    </section>
  );
}

/** The filters and the list; htmx swaps this block when a filter is chosen (the URL follows). */
export function OrgResults({ orgs, type }: { orgs: OrgListItem[]; type?: OrgType }) {
  const { t, locale } = useView();
  const filterLink = (href: string) => ({
    href,
    'hx-get': href,
    'hx-target': '#org-results',
    'hx-swap': 'outerHTML',
    'hx-push-url': 'true',
  });
  return (
    <div id="org-results" class="stack">
      <nav class="filters" aria-label={t('org.directory.filter')}>
        <a
          {...filterLink('/orgs')}
          aria-current={type ? undefined : 'page'}
          class={type ? undefined : 'badge'}
        >
          {t('org.directory.allTypes')}
        </a>
        {ORG_TYPES.map((ty) => (
          <a
            {...filterLink(`/orgs?type=${ty}`)}
            aria-current={type === ty ? 'page' : undefined}
            class={type === ty ? 'badge' : undefined}
          >
            {t(`org.type.${ty}`)}
          </a>
        ))}
      </nav>
      {orgs.length === 0 ? (
        <p class="muted" data-testid="org-empty">
          {t(type ? 'org.directory.emptyType' : 'org.directory.empty')}
        </p>
      ) : (
        <ul class="grid org-list" data-testid="org-list">
          {orgs.map((o) => (
            <li class="card" data-slug={o.slug}>
              <a href={`/orgs/${o.slug}`}>
                <strong>{localName(o, locale)}</strong>
              </a>
              <br />
              <span class="muted">{t(`org.type.${o.type}`)}</span>
              {o.city && (
                <>
                  <br />
                  <span class="muted">{o.city}</span>
                </>
              )}
              {o.alliance && (
                <>
                  <br />
                  <span class="badge">{localName(o.alliance.tier, locale)}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** An organisation's official accounts and channels; only http(s) links are ever shown. */
export function OrgLinks({ links }: { links: ProfileLink[] }) {
  const { t } = useView();
  const safe = links.filter((l) => /^https?:\/\//i.test(l.url));
  if (safe.length === 0) return null;
  return (
    <ul class="org-links" aria-label={t('org.field.links')} data-testid="org-links">
      {safe.map((l) => (
        <li>
          <a href={l.url} rel="noopener nofollow">
            {l.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

export type OrgFormValues = Omit<OrgInput, 'slug'>;

/** Creates an organisation (with a slug field) or edits one (slug shown, not editable). */
export function OrgFormPage(props: { slug?: string; org?: OrgFormValues; state?: FormState }) {
  const { t } = useView();
  const { slug, org, state } = props;
  const editing = !!slug;
  return (
    <section class="stack">
      <h1>{t(editing ? 'org.edit.title' : 'org.create.title')}</h1>
      {editing ? (
        <p class="muted">{t('org.edit.slugFixed', { slug })}</p>
      ) : (
        <p class="muted">{t('org.create.lead')}</p>
      )}
      <Form action={editing ? `/orgs/${slug}/edit` : '/orgs'} state={state} id="org">
        <Field
          name="nameZh"
          label="org.field.nameZh"
          required
          state={state}
          value={org?.nameZh}
          maxlength={80}
        />
        <Field name="nameEn" label="org.field.nameEn" state={state} value={org?.nameEn} maxlength={120} />
        {!editing && (
          <Field
            name="slug"
            label="org.field.slug"
            required
            hint="org.field.slugHint"
            state={state}
            maxlength={40}
            autocomplete="off"
          />
        )}
        <Select
          name="type"
          label="org.field.type"
          required
          state={state}
          value={org?.type}
          options={ORG_TYPES.map((ty) => ({ value: ty, label: t(`org.type.${ty}`) }))}
        />
        <Field name="city" label="org.field.city" state={state} value={org?.city} maxlength={40} />
        <Field
          name="website"
          type="url"
          label="org.field.website"
          hint="org.field.websiteHint"
          state={state}
          value={org?.website}
          inputmode="url"
          maxlength={500}
        />
        <Field
          name="description"
          label="org.field.description"
          multiline
          state={state}
          value={org?.description}
          maxlength={2000}
        />
        <Field
          name="descriptionEn"
          label="org.field.descriptionEn"
          multiline
          state={state}
          value={org?.descriptionEn}
          maxlength={2000}
        />
        <Field
          name="links"
          label="org.field.links"
          multiline
          hint="accounts.field.linksHint"
          state={state}
          value={linksToText(org?.links ?? [])}
        />
        <Submit label={editing ? 'form.save' : 'org.create.submit'} />
      </Form>
      {editing && (
        <p>
          <a href={`/orgs/${slug}`}>{t('form.cancel')}</a>
        </p>
      )}
    </section>
  );
}

function MemberList({ members }: { members: OrgMember[] }) {
  const { t } = useView();
  return (
    <ul data-testid="member-list">
      {members.map((m) => (
        <li>
          {m.displayName} <span class="badge">{t(`org.role.${m.role}`)}</span>
        </li>
      ))}
    </ul>
  );
}

export function OrgProfilePage(props: {
  org: OrgProfile;
  members?: OrgMember[];
  can: { edit: boolean; members: boolean; alliance: boolean };
  saved?: boolean;
}) {
  const { t, locale } = useView();
  const { org, members, can } = props;
  const name = localName(org, locale);
  const other = name === org.nameZh ? org.nameEn : org.nameZh;
  const safeWebsite = /^https?:\/\//i.test(org.website) ? org.website : '';
  return (
    <article class="stack">
      {props.saved && (
        <p class="alert alert-success" role="status">
          {t('form.saved')}
        </p>
      )}
      <header>
        <h1>{name}</h1>
        {other && other !== name && (
          <p class="muted" lang={name === org.nameZh ? 'en' : 'zh-CN'}>
            {other}
          </p>
        )}
        <p>
          <span class="badge">{t(`org.type.${org.type}`)}</span>
          {org.city && <span class="muted"> {org.city}</span>}
        </p>
      </header>
      {safeWebsite && (
        <p>
          <a href={safeWebsite} rel="noopener nofollow">
            {safeWebsite}
          </a>
        </p>
      )}
      {orgDescription(org, locale) && (
        <section class="description" aria-label={t('org.profile.about')}>
          <Paragraphs text={orgDescription(org, locale)} />
        </section>
      )}
      <OrgLinks links={org.links} />
      {org.alliance && (
        <section class="card" data-testid="alliance">
          <h2>{t('org.alliance.heading')}</h2>
          <dl>
            <dt>{t('org.alliance.tier')}</dt>
            <dd>{localName(org.alliance.tier, locale)}</dd>
            <dt>{t('org.alliance.joinedOn')}</dt>
            <dd>{org.alliance.joinedOn}</dd>
            <dt>{t('org.alliance.status')}</dt>
            <dd>{t(`org.alliance.status.${org.alliance.status}`)}</dd>
          </dl>
        </section>
      )}
      {members && (
        <section>
          <h2>{t('org.members.title')}</h2>
          <MemberList members={members} />
        </section>
      )}
      {(can.edit || can.members || can.alliance) && (
        <nav class="actions" aria-label={t('org.profile.actions')}>
          {can.members && (
            <a class="button" href={`/orgs/${org.slug}/members`}>
              {t('org.profile.manageMembers')}
            </a>
          )}{' '}
          {can.edit && (
            <a class="button" href={`/orgs/${org.slug}/edit`}>
              {t('org.profile.edit')}
            </a>
          )}{' '}
          {can.alliance && (
            <a class="button" href={`/orgs/${org.slug}/alliance`}>
              {t('org.profile.alliance')}
            </a>
          )}
        </nav>
      )}
    </article>
  );
}

export type MembersNotice = { kind: 'success' | 'error'; message: MessageKey };

export function OrgMembersPage(props: {
  org: OrgProfile;
  members: OrgMember[];
  invitations: PendingInvitation[];
  canManage: boolean;
  /** State of the invite form (field errors, or a whole-form message such as "full"). */
  state?: FormState;
  notice?: MembersNotice;
}) {
  const { t, locale, actor } = useView();
  const { org, members, invitations, canManage, state, notice } = props;
  const base = `/orgs/${org.slug}`;
  return (
    <section class="stack">
      <p>
        <a href={base}>{localName(org, locale)}</a>
      </p>
      <h1>{t('org.members.title')}</h1>
      {notice && (
        <p
          class={notice.kind === 'success' ? 'alert alert-success' : 'alert alert-error'}
          role={notice.kind === 'success' ? 'status' : 'alert'}
        >
          {t(notice.message)}
        </p>
      )}
      <div class="table-wrap">
        <table data-testid="members">
          <thead>
            <tr>
              <th scope="col">{t('org.members.name')}</th>
              {canManage && <th scope="col">{t('org.field.email')}</th>}
              <th scope="col">{t('org.field.role')}</th>
              {canManage && <th scope="col">{t('org.members.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr data-user={m.userId}>
                <td>
                  {m.displayName}
                  {actor?.userId === m.userId && <span class="muted"> {t('org.members.you')}</span>}
                </td>
                {canManage && <td>{m.email}</td>}
                <td>{t(`org.role.${m.role}`)}</td>
                {canManage && (
                  <td>
                    <ActionButton
                      action={`${base}/members/${m.userId}/role`}
                      fields={{ role: m.role === 'admin' ? 'member' : 'admin' }}
                      label={m.role === 'admin' ? 'org.members.makeMember' : 'org.members.makeAdmin'}
                    />{' '}
                    <ActionButton
                      action={`${base}/members/${m.userId}/remove`}
                      label="org.members.remove"
                      variant="danger"
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('org.invitations.title')}</h2>
      {invitations.length === 0 ? (
        <p class="muted">{t('org.invitations.none')}</p>
      ) : (
        <ul data-testid="invitations">
          {invitations.map((i) => (
            <li>
              {i.email} <span class="badge">{t(`org.role.${i.role}`)}</span>{' '}
              <span class="muted">{t('org.invitations.expires', { date: day(i.expiresAt) })}</span>{' '}
              {canManage && (
                <ActionButton action={`${base}/invitations/${i.id}/revoke`} label="org.invitations.revoke" />
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <section class="card stack">
          <h2>{t('org.invite.title')}</h2>
          <p class="muted">{t('org.invite.lead')}</p>
          <Form action={`${base}/invitations`} state={state} id="invite">
            <Field
              name="email"
              type="email"
              label="org.field.email"
              required
              autocomplete="off"
              inputmode="email"
              state={state}
            />
            <Select
              name="role"
              label="org.field.role"
              required
              state={state}
              value="member"
              options={ORG_ROLES.map((r) => ({ value: r, label: t(`org.role.${r}`) }))}
            />
            <Submit label="org.invite.submit" />
          </Form>
        </section>
      )}
    </section>
  );
}

export function InvitationPage(props: {
  token: string;
  org: Named & { slug: string };
  role: OrgRole;
  email: string;
  /** Null when nobody is signed in; otherwise whether the signed-in address is the invited one. */
  matches: boolean | null;
}) {
  const { t, locale } = useView();
  const { token, org, role, email, matches } = props;
  const here = `/invitations/${token}`;
  return (
    <section class="card stack">
      <h1>{t('org.invite.acceptTitle')}</h1>
      <p>{t('org.invite.acceptLead', { org: localName(org, locale), role: t(`org.role.${role}`) })}</p>
      {matches === null && (
        <>
          <p>{t('org.invite.signInFirst', { email })}</p>
          <p>
            <a class="button button-primary" href={`/login?next=${encodeURIComponent(here)}`}>
              {t('nav.login')}
            </a>{' '}
            <a class="button" href={`/signup?next=${encodeURIComponent(here)}`}>
              {t('nav.signup')}
            </a>
          </p>
        </>
      )}
      {matches === false && (
        <p class="alert alert-error" role="alert">
          {t('org.invite.wrongAccount', { email })}
        </p>
      )}
      {matches === true && <ActionButton action={here} label="org.invite.accept" variant="primary" />}
    </section>
  );
}

export type AllianceValues = { tierSlug: string; joinedOn: string; status: string };

export function AllianceFormPage(props: {
  org: OrgProfile;
  tiers: AllianceTier[];
  current?: AllianceValues;
  state?: FormState;
}) {
  const { t, locale } = useView();
  const { org, tiers, current, state } = props;
  return (
    <section class="stack">
      <p>
        <a href={`/orgs/${org.slug}`}>{localName(org, locale)}</a>
      </p>
      <h1>{t('org.alliance.title')}</h1>
      {tiers.length === 0 ? (
        <p class="alert alert-error" role="status">
          {t('org.alliance.noTiers')}
        </p>
      ) : (
        <Form action={`/orgs/${org.slug}/alliance`} state={state} id="alliance">
          <Select
            name="tierSlug"
            label="org.alliance.tier"
            required
            state={state}
            value={current?.tierSlug}
            options={tiers.map((tier) => ({ value: tier.slug, label: localName(tier, locale) }))}
          />
          <Field
            name="joinedOn"
            type="date"
            label="org.alliance.joinedOn"
            required
            hint="org.alliance.joinedOnHint"
            state={state}
            value={current?.joinedOn}
          />
          <Select
            name="status"
            label="org.alliance.status"
            required
            state={state}
            value={current?.status ?? 'active'}
            options={MEMBERSHIP_STATUSES.map((s) => ({ value: s, label: t(`org.alliance.status.${s}`) }))}
          />
          <Submit label="form.save" />
        </Form>
      )}
    </section>
  );
}
