/** Pages for platform admins: overview, audit log, mail outbox (list and message), people and roles. */
import { catalogue, type MessageKey } from '../../i18n/index.ts';
import { PLATFORM_ROLES } from '../../platform/permissions.ts';
import type { mailOutbox } from '../../platform/schema.ts';
import { formatShanghai } from '../../platform/time.ts';
import { useView } from '../../ui/context.ts';
import { ActionButton, Field, Form, type FormState, Select, Submit } from '../../ui/form.tsx';
import type { UserRow } from '../identity/queries.ts';
import type { AuditRow, DashboardCounts, OutboxRow, Page } from './queries.ts';
import { MAIL_STATUSES } from './queries.ts';

/** `2025-03-04 09:05:00` in Asia/Shanghai: sortable, unambiguous, the same in both languages. */
const formatTime = (d: Date) => formatShanghai(d, { seconds: true });

/** `path?k=v…` with empty values left out. */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

type Section = 'dashboard' | 'audit' | 'outbox' | 'users';

function AdminNav({ current }: { current: Section }) {
  const { t } = useView();
  const links: Array<[Section, string, MessageKey]> = [
    ['dashboard', '/admin', 'admin.nav.dashboard'],
    ['audit', '/admin/audit', 'admin.nav.audit'],
    ['outbox', '/admin/outbox', 'admin.nav.outbox'],
    ['users', '/admin/users', 'admin.nav.users'],
  ];
  return (
    <nav class="admin-nav site-nav" aria-label={t('admin.nav.label')}>
      {links.map(([key, href, label]) => (
        <a href={href} aria-current={key === current ? 'page' : undefined}>
          {t(label)}
        </a>
      ))}
    </nav>
  );
}

function Pager({ prev, next }: { prev?: string; next?: string }) {
  const { t } = useView();
  if (!prev && !next) return null;
  return (
    <nav class="pager site-nav" aria-label={t('admin.page.label')}>
      {prev && (
        <a href={prev} rel="prev" data-testid="page-prev">
          {t('admin.page.previous')}
        </a>
      )}
      {next && (
        <a href={next} rel="next" data-testid="page-next">
          {t('admin.page.next')}
        </a>
      )}
    </nav>
  );
}

function Empty() {
  const { t } = useView();
  return <p class="muted">{t('admin.empty')}</p>;
}

export function DashboardPage({ counts }: { counts: DashboardCounts }) {
  const { t } = useView();
  const stats: Array<[MessageKey, number, string, string]> = [
    ['admin.dashboard.people', counts.people, '/admin/users', 'people'],
    ['admin.dashboard.organizations', counts.organizations, '/orgs', 'organizations'],
    ['admin.dashboard.mailsQueued', counts.mailsQueued, '/admin/outbox?status=queued', 'mails-queued'],
    ['admin.dashboard.mailsFailed', counts.mailsFailed, '/admin/outbox?status=failed', 'mails-failed'],
    ['admin.dashboard.jobsFailed', counts.jobsFailed, '', 'jobs-failed'],
  ];
  return (
    <section class="stack">
      <h1>{t('admin.dashboard.title')}</h1>
      <AdminNav current="dashboard" />
      <section class="grid" aria-label={t('admin.dashboard.counts')}>
        {stats.map(([label, n, href, id]) => (
          <div class="card stat">
            <strong data-testid={`count-${id}`}>{n}</strong>
            {href ? <a href={href}>{t(label)}</a> : t(label)}
          </div>
        ))}
      </section>
      <section class="stack" aria-label={t('admin.dashboard.sections')}>
        <p>
          <a href="/admin/audit">{t('admin.nav.audit')}</a>
          <br />
          <span class="muted">{t('admin.dashboard.auditLead')}</span>
        </p>
        <p>
          <a href="/admin/outbox">{t('admin.nav.outbox')}</a>
          <br />
          <span class="muted">{t('admin.dashboard.outboxLead')}</span>
        </p>
        <p>
          <a href="/admin/users">{t('admin.nav.users')}</a>
          <br />
          <span class="muted">{t('admin.dashboard.usersLead')}</span>
        </p>
      </section>
    </section>
  );
}

/** The filters as they appear in the URL (cursor and page left out), for links that keep them. */
export type FilterParams = Record<string, string | undefined>;

export function AuditPage(props: { state: FormState; page?: Page<AuditRow>; filters: FilterParams }) {
  const { t } = useView();
  const { page, filters, state } = props;
  return (
    <section class="stack">
      <h1>{t('admin.audit.title')}</h1>
      <AdminNav current="audit" />
      <Form action="/admin/audit" method="get" state={state} id="audit-filters" class="filters">
        <Field name="actor" type="email" label="admin.audit.field.actor" state={state} inputmode="email" />
        <Field
          name="action"
          label="admin.audit.field.action"
          hint="admin.audit.field.actionHint"
          state={state}
        />
        <Field name="targetType" label="admin.audit.field.targetType" state={state} />
        <Field name="targetId" label="admin.audit.field.targetId" state={state} />
        <Field name="from" type="date" label="admin.audit.field.from" state={state} />
        <Field name="to" type="date" label="admin.audit.field.to" state={state} />
        <Submit label="admin.filter.submit" />
        <a href="/admin/audit">{t('admin.filter.clear')}</a>
      </Form>
      {page &&
        (page.rows.length === 0 ? (
          <Empty />
        ) : (
          <div class="table-wrap">
            <table id="audit-log">
              <thead>
                <tr>
                  <th scope="col">{t('admin.audit.col.time')}</th>
                  <th scope="col">{t('admin.audit.col.actor')}</th>
                  <th scope="col">{t('admin.audit.col.action')}</th>
                  <th scope="col">{t('admin.audit.col.target')}</th>
                  <th scope="col">{t('admin.audit.col.ip')}</th>
                  <th scope="col">{t('admin.audit.col.data')}</th>
                </tr>
              </thead>
              <tbody>
                {page.rows.map((r) => (
                  <tr data-id={r.id}>
                    <td>
                      <time datetime={r.createdAt.toISOString()}>{formatTime(r.createdAt)}</time>
                    </td>
                    <td>
                      {r.actorEmail ? (
                        <>
                          {r.actorName}
                          <br />
                          <span class="muted">{r.actorEmail}</span>
                        </>
                      ) : r.actorId ? (
                        t('admin.audit.deletedActor', { id: r.actorId })
                      ) : (
                        t('admin.system')
                      )}
                    </td>
                    <td>
                      <code>{r.action}</code>
                    </td>
                    <td>{r.targetType ? `${r.targetType} ${r.targetId ?? ''}`.trim() : t('admin.none')}</td>
                    <td>{r.ip ?? t('admin.none')}</td>
                    <td>{Object.keys(r.data).length > 0 && <code>{JSON.stringify(r.data)}</code>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {page && page.rows.length > 0 && (
        <Pager
          prev={page.hasPrev ? withQuery('/admin/audit', { ...filters, after: page.rows[0].id }) : undefined}
          next={
            page.hasNext
              ? withQuery('/admin/audit', { ...filters, before: page.rows[page.rows.length - 1].id })
              : undefined
          }
        />
      )}
    </section>
  );
}

function StatusLabel({ status }: { status: string }) {
  const { t } = useView();
  return (
    <span class="badge" data-status={status}>
      {(MAIL_STATUSES as readonly string[]).includes(status)
        ? t(`admin.outbox.status.${status as (typeof MAIL_STATUSES)[number]}`)
        : status}
    </span>
  );
}

/**
 * A mail's kind as admins read it (邮箱确认, 沙龙报名成功), not its catalogue key; a kind this
 * list does not know yet is shown by its key rather than hidden.
 */
function useMailKind() {
  const { t, locale } = useView();
  const known = catalogue(locale) as Record<string, string>;
  return (template: string) => {
    const key = `admin.outbox.kind.${template}`;
    return key in known ? t(key as MessageKey) : template;
  };
}

export function OutboxPage(props: {
  state: FormState;
  page?: Page<OutboxRow>;
  filters: FilterParams;
  pageNumber: number;
  templates: string[];
}) {
  const { t } = useView();
  const { page, filters, state, pageNumber } = props;
  const mailKind = useMailKind();
  const currentTemplate = state.values?.template ?? '';
  const templates =
    currentTemplate && !props.templates.includes(currentTemplate)
      ? [...props.templates, currentTemplate]
      : props.templates;
  return (
    <section class="stack">
      <h1>{t('admin.outbox.title')}</h1>
      <AdminNav current="outbox" />
      <Form action="/admin/outbox" method="get" state={state} id="outbox-filters" class="filters">
        <Field name="to" label="admin.outbox.field.to" state={state} />
        <Select
          name="template"
          label="admin.outbox.field.template"
          state={state}
          options={[
            { value: '', label: t('admin.outbox.any') },
            ...templates.map((x) => ({ value: x, label: mailKind(x) })),
          ]}
        />
        <Select
          name="status"
          label="admin.outbox.field.status"
          state={state}
          options={[
            { value: '', label: t('admin.outbox.any') },
            ...MAIL_STATUSES.map((s) => ({ value: s, label: t(`admin.outbox.status.${s}`) })),
          ]}
        />
        <Submit label="admin.filter.submit" />
        <a href="/admin/outbox">{t('admin.filter.clear')}</a>
      </Form>
      {page &&
        (page.rows.length === 0 ? (
          <Empty />
        ) : (
          <div class="table-wrap">
            <table id="outbox">
              <thead>
                <tr>
                  <th scope="col">{t('admin.outbox.col.to')}</th>
                  <th scope="col">{t('admin.outbox.col.subject')}</th>
                  <th scope="col">{t('admin.outbox.col.template')}</th>
                  <th scope="col">{t('admin.outbox.col.status')}</th>
                  <th scope="col">{t('admin.outbox.col.created')}</th>
                  <th scope="col">{t('admin.outbox.col.sent')}</th>
                  <th scope="col">{t('admin.outbox.col.error')}</th>
                </tr>
              </thead>
              <tbody>
                {page.rows.map((m) => (
                  <tr data-id={m.id}>
                    <td>{m.to}</td>
                    <td>
                      <a href={`/admin/outbox/${m.id}`}>{m.subject}</a>
                    </td>
                    <td data-template={m.template}>{mailKind(m.template)}</td>
                    <td>
                      <StatusLabel status={m.status} />
                    </td>
                    <td>{formatTime(m.createdAt)}</td>
                    <td>{m.sentAt ? formatTime(m.sentAt) : t('admin.none')}</td>
                    <td>{m.error ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {page && (
        <Pager
          prev={page.hasPrev ? withQuery('/admin/outbox', { ...filters, page: pageNumber - 1 }) : undefined}
          next={page.hasNext ? withQuery('/admin/outbox', { ...filters, page: pageNumber + 1 }) : undefined}
        />
      )}
    </section>
  );
}

export function OutboxMessagePage({ mail }: { mail: typeof mailOutbox.$inferSelect }) {
  const { t } = useView();
  const mailKind = useMailKind();
  const rows: Array<[MessageKey, string]> = [
    ['admin.outbox.col.to', mail.to],
    ['admin.outbox.col.subject', mail.subject],
    ['admin.outbox.col.template', mailKind(mail.template)],
    ['admin.outbox.col.created', formatTime(mail.createdAt)],
    ['admin.outbox.col.sent', mail.sentAt ? formatTime(mail.sentAt) : t('admin.none')],
    ['admin.outbox.col.messageId', mail.messageId ?? t('admin.none')],
    ['admin.outbox.col.error', mail.error ?? t('admin.none')],
  ];
  return (
    <section class="stack">
      <h1>{t('admin.outbox.message.title', { subject: mail.subject })}</h1>
      <AdminNav current="outbox" />
      <p>
        <a href="/admin/outbox">{t('admin.outbox.back')}</a>
      </p>
      <div class="table-wrap">
        <table id="mail-facts">
          <tbody>
            <tr>
              <th scope="row">{t('admin.outbox.col.status')}</th>
              <td>
                <StatusLabel status={mail.status} />
              </td>
            </tr>
            {rows.map(([label, value]) => (
              <tr>
                <th scope="row">{t(label)}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {mail.attachments.length > 0 && (
        <>
          <h2>{t('admin.outbox.message.attachments')}</h2>
          <ul id="mail-attachments">
            {mail.attachments.map((a) => (
              <li data-type={a.contentType}>{a.filename}</li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('admin.outbox.message.text')}</h2>
      <pre class="mail-text" id="mail-text">
        {mail.text}
      </pre>
      {mail.html && (
        <>
          <h2>{t('admin.outbox.message.html')}</h2>
          <pre class="mail-html" id="mail-html">
            {mail.html}
          </pre>
        </>
      )}
    </section>
  );
}

export function UsersPage(props: {
  state: FormState;
  page?: Page<UserRow>;
  filters: FilterParams;
  pageNumber: number;
  /** A message about the last role change (refused or invalid). */
  message?: MessageKey;
}) {
  const { t, actor } = useView();
  const { page, filters, state, pageNumber } = props;
  const keep = withQuery('', { ...filters, page: pageNumber > 1 ? pageNumber : undefined });
  return (
    <section class="stack">
      <h1>{t('admin.users.title')}</h1>
      <AdminNav current="users" />
      {props.message && (
        <p class="alert alert-error" role="alert" id="role-message">
          {t(props.message)}
        </p>
      )}
      <Form action="/admin/users" method="get" state={state} id="user-search" class="filters">
        <Field name="q" type="search" label="admin.users.field.q" state={state} />
        <Submit label="admin.filter.submit" />
        <a href="/admin/users">{t('admin.filter.clear')}</a>
      </Form>
      {page &&
        (page.rows.length === 0 ? (
          <Empty />
        ) : (
          <div class="table-wrap">
            <table id="users">
              <thead>
                <tr>
                  <th scope="col">{t('admin.users.col.name')}</th>
                  <th scope="col">{t('admin.users.col.email')}</th>
                  <th scope="col">{t('admin.users.col.confirmed')}</th>
                  <th scope="col">{t('admin.users.col.roles')}</th>
                  <th scope="col">{t('admin.users.col.orgs')}</th>
                  <th scope="col">{t('admin.users.col.created')}</th>
                  <th scope="col">{t('admin.users.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {page.rows.map((u) => (
                  <tr data-id={u.id} data-self={actor?.userId === u.id ? 'true' : undefined}>
                    <td>
                      {u.displayName}
                      {u.disabled && <span class="badge">{t('admin.users.disabled')}</span>}
                    </td>
                    <td>{u.email}</td>
                    <td>{u.emailVerified ? t('admin.users.yes') : t('admin.users.no')}</td>
                    <td>
                      {u.roles.length === 0
                        ? t('admin.users.noRoles')
                        : u.roles.map((r) => (
                            <span class="badge" data-role={r}>
                              {t(`admin.role.${r}`)}
                            </span>
                          ))}
                    </td>
                    <td>{u.orgCount}</td>
                    <td>{formatTime(u.createdAt)}</td>
                    <td>
                      {PLATFORM_ROLES.map((role) => {
                        const held = u.roles.includes(role);
                        return (
                          <ActionButton
                            action={`/admin/users/${u.id}/roles${keep}`}
                            label={held ? `admin.users.revoke.${role}` : `admin.users.grant.${role}`}
                            fields={{ role, granted: held ? 'false' : 'true' }}
                            variant={held ? 'danger' : 'plain'}
                          />
                        );
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {page && (
        <Pager
          prev={page.hasPrev ? withQuery('/admin/users', { ...filters, page: pageNumber - 1 }) : undefined}
          next={page.hasNext ? withQuery('/admin/users', { ...filters, page: pageNumber + 1 }) : undefined}
        />
      )}
    </section>
  );
}
