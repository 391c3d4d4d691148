/**
 * Builds the Hono app: request context, security headers, body limit, session and locale, CSRF,
 * then every module's routes. Errors are rendered once here, as JSON under /api, as a fragment for
 * htmx and as a localised page otherwise.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { apiRoutes } from './api.ts';
import { adminRoutes } from './modules/admin/routes.tsx';
import { credentialRoutes } from './modules/credentials/routes.tsx';
import { examEntryQueue, examRoutes, examSaveRoutes } from './modules/exams/routes.tsx';
import { homeRoutes } from './modules/home/routes.tsx';
import { accountRoutes } from './modules/identity/account-routes.tsx';
import { organizationRoutes } from './modules/identity/organization-routes.tsx';
import { LANG_COOKIE, SESSION_COOKIE, sessionMiddleware } from './modules/identity/session.ts';
import { type LearningOptions, learningRoutes } from './modules/learning/routes.tsx';
import { MAX_LANDSCAPE_UPLOAD_BYTES } from './modules/members/archive.ts';
import { membersRoutes } from './modules/members/routes.tsx';
import { questionRoutes } from './modules/questions/routes.tsx';
import { salonRoutes } from './modules/salons/routes.tsx';
import { anonymousPageCache, isSecureRequest } from './platform/anonymous-cache.ts';
import type { AppEnv, Deps } from './platform/context.ts';
import { csrf } from './platform/csrf.ts';
import { AppError, ERROR_STATUS, type ErrorCode } from './platform/errors.ts';
import { translator } from './platform/i18n.ts';
import { formGuard, inputGuard } from './platform/input-guard.ts';
import { clientIpFrom } from './platform/request.ts';
import { requestLog } from './platform/request-log.ts';
import { securityHeaders } from './platform/security-headers.ts';
import { systemRoutes } from './system-routes.ts';
import { findAsset } from './ui/assets.ts';
import { renderErrorPage } from './ui/error-page.tsx';
import { renderer } from './ui/layout.tsx';
import { examEligibility, organizationLogos, tutorBlockedByExam } from './wiring.ts';

/** Every request body is capped at this, except the routes in ROUTE_BODY_LIMITS. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * Routes with their own body limit, by `METHOD path` (ADR 0020): the landscape2 import takes a
 * .zip/.tar.gz of data.yml with its logos folder (platform admins only).
 */
export const ROUTE_BODY_LIMITS: Readonly<Record<string, number>> = {
  'POST /wall/import': MAX_LANDSCAPE_UPLOAD_BYTES,
};

/** The cookies the anonymous page cache and its node-level fast path read, the same for both. */
export const CACHE_COOKIES = { sessionCookie: SESSION_COOKIE, langCookie: LANG_COOKIE };

/** `learning` carries what the learning routes need from other modules (grader, exam check). */
export function createApp(deps: Deps, opts: { learning?: LearningOptions } = {}) {
  const app = new Hono<AppEnv>();

  // First: every response, errors included, gets the id and one log line (ADR 0028).
  app.use(requestLog(deps.log));
  app.use((c, next) => {
    c.set('deps', deps);
    const proxied = deps.config.TRUST_PROXY;
    c.set('secure', isSecureRequest(proxied, c.req.header('x-forwarded-proto'), c.req.url));
    // biome-ignore lint/suspicious/noExplicitAny: node-server exposes the socket on env.incoming
    const socketIp = (c.env as any)?.incoming?.socket?.remoteAddress as string | undefined;
    // Read from the right: only the entries our own proxies appended can be trusted (request.ts).
    const hops = proxied ? deps.config.TRUST_PROXY_HOPS : 0;
    c.set('clientIp', clientIpFrom(c.req.header('x-forwarded-for'), socketIp, hops) || '127.0.0.1');
    // Defaults so that even a failure in the session middleware renders a localised page.
    c.set('actor', null);
    c.set('locale', 'zh-CN');
    c.set('t', translator('zh-CN'));
    c.set('csrfToken', '');
    return next();
  });
  // Bad URLs and bad JSON are a 400 before anything reads them (ADR 0025); forms: formGuard below.
  app.use(inputGuard({ maxJsonBytes: MAX_BODY_BYTES, langCookie: LANG_COOKIE }));
  // The anonymous page cache answers before anything else; the responses it keeps were recorded
  // with every header the middleware below adds (security headers, Content-Language, Vary). In a
  // server, most hits never get here: `anonymousFastPath` (src/server.ts) answers them first.
  app.use(anonymousPageCache(CACHE_COOKIES));
  app.use(securityHeaders((c) => c.get('secure')));

  // Static assets and health checks need no session.
  app.get('/static/:file', (c) => {
    const asset = findAsset(c.req.path);
    if (!asset) throw new AppError('NOT_FOUND');
    return c.body(new Uint8Array(asset.body), 200, {
      'Content-Type': asset.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
  app.route('/', systemRoutes());

  // The exam autosave resolves its session inside its one statement: it runs before the session
  // middleware (and does its own CSRF check), so a save is a single database round trip.
  app.route('/', examSaveRoutes());
  // Entering an exam (start, attempt page) waits its turn before anything reads the database (ADR 0038).
  app.use(examEntryQueue());

  app.use(sessionMiddleware());
  app.use(renderer);
  const limiter = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', { vars: { kb: maxSize / 1024 } });
      },
    });
  const limitBody = limiter(MAX_BODY_BYTES);
  const ownLimits = new Map(
    Object.entries(ROUTE_BODY_LIMITS).map(([route, bytes]) => [route, limiter(bytes)] as const),
  );
  // Only requests with a body: on a GET the limiter would still make the server build a full Request.
  // The limiter checks Content-Length first and otherwise counts the streamed bytes, stopping at the cap.
  app.use((c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD'
      ? next()
      : (ownLimits.get(`${c.req.method} ${c.req.path}`) ?? limitBody)(c, next),
  );
  app.use(formGuard());
  app.use(async (c, next) => (c.req.path.startsWith('/api/') ? next() : csrf(CACHE_COOKIES)(c, next)));

  app.route('/', homeRoutes());
  app.route('/', accountRoutes());
  app.route('/', organizationRoutes());
  app.route('/', credentialRoutes());
  app.route('/', membersRoutes());
  app.route('/', salonRoutes({ organizationLogos }));
  app.route('/', learningRoutes({ activeExamFor: tutorBlockedByExam, ...opts.learning }));
  app.route('/', questionRoutes());
  app.route('/', examRoutes({ eligibility: examEligibility }));
  app.route('/admin', adminRoutes());
  app.route('/', apiRoutes());

  app.notFound(() => {
    throw new AppError('NOT_FOUND');
  });

  app.onError((err, c) => {
    const appError = err instanceof AppError ? err : fromThrown(err);
    if (appError.status >= 500) {
      deps.log.error(
        {
          reqId: c.get('requestId'),
          path: c.req.path,
          error: err instanceof Error ? err.stack : String(err),
        },
        'request failed',
      );
    }
    if (c.req.path.startsWith('/api/')) {
      const t = c.get('t') ?? translator('zh-CN');
      return c.json(
        {
          error: {
            code: appError.code,
            message: t(appError.messageKey, appError.vars),
            ...(appError.fields
              ? { fields: Object.fromEntries(Object.entries(appError.fields).map(([k, v]) => [k, t(v)])) }
              : {}),
            requestId: c.get('requestId'),
          },
        },
        appError.status,
      );
    }
    return renderErrorPage(c, appError);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;

/**
 * What a non-AppError means: Hono's own `HTTPException`s (validators, body parsing) keep their 4xx
 * status as the closest typed code, so bad input never becomes a 500; anything else is a bug (500).
 */
function fromThrown(err: unknown): AppError {
  if (err instanceof HTTPException && err.status >= 400 && err.status < 500) {
    const code = (Object.keys(ERROR_STATUS) as ErrorCode[]).find((k) => ERROR_STATUS[k] === err.status);
    return new AppError(code ?? 'INVALID_INPUT', { cause: err });
  }
  return new AppError('INTERNAL', { cause: err });
}
