/** Localised error pages (403, 404, 500 …) and the htmx error fragment. */
import type { Context } from 'hono';
import type { MessageKey } from '../i18n/index.ts';
import type { AppEnv } from '../platform/context.ts';
import type { AppError } from '../platform/errors.ts';
import { wantsFragment } from './respond.tsx';

function titleKey(status: number): MessageKey {
  if (status === 403 || status === 404 || status === 500) return `errors.title.${status}`;
  return 'errors.title.generic';
}

export function renderErrorPage(c: Context<AppEnv>, err: AppError) {
  const t = c.get('t');
  const message = t(err.messageKey, err.vars);
  c.status(err.status);
  if (wantsFragment(c)) {
    return c.html(
      <div class="alert alert-error" role="alert">
        {message}
      </div>,
    );
  }
  return c.render(
    <section class="card stack error-page" data-status={err.status}>
      <h1>{t(titleKey(err.status))}</h1>
      <p>{message}</p>
      {err.status >= 500 && c.get('requestId') ? (
        // The same id is in the server's log line for this request (ADR 0028).
        <p class="muted">
          {t('errors.requestId')} <code class="request-id">{c.get('requestId')}</code>
        </p>
      ) : null}
      {err.code === 'UNAUTHENTICATED' ? (
        <p>
          <a class="button button-primary" href={`/login?next=${encodeURIComponent(c.req.path)}`}>
            {t('nav.login')}
          </a>
        </p>
      ) : (
        <p>
          <a href="/">{t('errors.backHome')}</a>
        </p>
      )}
    </section>,
    { title: t(titleKey(err.status)) },
  );
}
