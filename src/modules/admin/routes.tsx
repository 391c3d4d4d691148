/** Platform administration: audit log, mail outbox, people and their platform roles. */
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { MessageKey } from '../../i18n/index.ts';
import type { AppEnv } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { parseForm, validate } from '../../platform/forms.ts';
import { requirePermission } from '../../platform/permissions.ts';
import { isUuid, requestInfo } from '../../platform/request.ts';
import { titled } from '../../ui/respond.tsx';
import { setPlatformRole } from '../identity/accounts.ts';
import { listUsers } from '../identity/queries.ts';
import { auditFilterForm, outboxFilterForm, roleForm, userSearchForm } from './forms.ts';
import { dashboardCounts, findOutboxMessage, listAuditLog, listOutbox, outboxTemplates } from './queries.ts';
import { AuditPage, DashboardPage, OutboxMessagePage, OutboxPage, UsersPage, withQuery } from './views.tsx';

type C = Context<AppEnv>;

/** The people list with its search taken from the query string, optionally with a message. */
async function renderUsers(c: C, opts: { status?: ContentfulStatusCode; message?: MessageKey } = {}) {
  const form = validate(userSearchForm, c.req.query());
  if (!form.ok) {
    c.status(400);
    return c.render(
      <UsersPage state={form} filters={{}} pageNumber={1} message={opts.message} />,
      titled(c, 'admin.users.title'),
    );
  }
  const page = await listUsers(c.get('deps').db, form.data);
  if (opts.status) c.status(opts.status);
  return c.render(
    <UsersPage
      state={form}
      page={page}
      filters={{ q: form.data.q }}
      pageNumber={form.data.page}
      message={opts.message}
    />,
    titled(c, 'admin.users.title'),
  );
}

export function adminRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    requirePermission(c, 'admin:audit_log');
    const counts = await dashboardCounts(c.get('deps').db);
    return c.render(<DashboardPage counts={counts} />, titled(c, 'admin.dashboard.title'));
  });

  app.get('/audit', async (c) => {
    requirePermission(c, 'admin:audit_log');
    const form = validate(auditFilterForm, c.req.query());
    if (!form.ok) {
      c.status(400);
      return c.render(<AuditPage state={form} filters={{}} />, titled(c, 'admin.audit.title'));
    }
    const { before: _b, after: _a, ...filters } = form.data;
    const page = await listAuditLog(c.get('deps').db, form.data);
    return c.render(<AuditPage state={form} page={page} filters={filters} />, titled(c, 'admin.audit.title'));
  });

  app.get('/outbox', async (c) => {
    requirePermission(c, 'admin:outbox');
    const { db } = c.get('deps');
    const form = validate(outboxFilterForm, c.req.query());
    const templates = await outboxTemplates(db);
    if (!form.ok) {
      c.status(400);
      return c.render(
        <OutboxPage state={form} filters={{}} pageNumber={1} templates={templates} />,
        titled(c, 'admin.outbox.title'),
      );
    }
    const { page: pageNumber, ...filters } = form.data;
    const page = await listOutbox(db, form.data);
    return c.render(
      <OutboxPage state={form} page={page} filters={filters} pageNumber={pageNumber} templates={templates} />,
      titled(c, 'admin.outbox.title'),
    );
  });

  app.get('/outbox/:id', async (c) => {
    requirePermission(c, 'admin:outbox');
    const mail = await findOutboxMessage(c.get('deps').db, c.req.param('id'));
    if (!mail) throw new AppError('NOT_FOUND');
    return c.render(
      <OutboxMessagePage mail={mail} />,
      titled(c, 'admin.outbox.message.title', { subject: mail.subject }),
    );
  });

  app.get('/users', async (c) => {
    requirePermission(c, 'admin:users');
    return renderUsers(c);
  });

  app.post('/users/:id/roles', async (c) => {
    requirePermission(c, 'admin:users');
    const userId = c.req.param('id');
    if (!isUuid(userId)) throw new AppError('NOT_FOUND');
    const form = await parseForm(c, roleForm);
    if (!form.ok) {
      return renderUsers(c, {
        status: 400,
        message: form.errors.role ? 'admin.users.invalidRole' : 'errors.INVALID_INPUT',
      });
    }
    try {
      await setPlatformRole(c.get('deps').db, { userId, ...form.data }, requestInfo(c));
      // Public pages list people by role (the wall's speakers).
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT') {
        return renderUsers(c, { status: err.status, message: err.messageKey });
      }
      throw err;
    }
    const search = validate(userSearchForm, c.req.query());
    const back = search.ok
      ? withQuery('/admin/users', {
          q: search.data.q,
          page: search.data.page > 1 ? search.data.page : undefined,
        })
      : '/admin/users';
    return c.redirect(back, 303);
  });

  return app;
}
