/**
 * The request id and the one log line per request (ADR 0028). The middleware runs first: it takes
 * the caller's `X-Request-Id` when it is short and plain (a proxy's id keeps one trail across both
 * logs) or makes one, answers it in `X-Request-Id`, and logs method, path (never the query: it may
 * carry a verification key or a token), status and duration when the response is ready. Anonymous
 * cache hits answered by the node-level fast path log the same line (`logFastHit`).
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import { type Logger, requestIdFor } from './log.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';

const round = (ms: number) => Math.round(ms * 100) / 100;

export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const id = requestIdFor(c.req.header(REQUEST_ID_HEADER));
    c.set('requestId', id);
    await next();
    // After the page cache stored the response (it is inside this one), so a kept page never
    // replays another request's id.
    try {
      c.res.headers.set(REQUEST_ID_HEADER, id);
    } catch {
      // A response with immutable headers (e.g. one passed through from fetch): copy it.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set(REQUEST_ID_HEADER, id);
    }
    if (!log.isLevelEnabled('info')) return;
    log.info(
      {
        reqId: id,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: round(performance.now() - started),
      },
      'request',
    );
  };
}

/** The same line for a hit the node-level fast path answered (see anonymous-cache.ts). */
export function logFastHit(log: Logger, id: string, target: string, started: number): void {
  if (!log.isLevelEnabled('info')) return;
  const q = target.indexOf('?');
  log.info(
    {
      reqId: id,
      method: 'GET',
      path: q === -1 ? target : target.slice(0, q),
      status: 200,
      ms: round(performance.now() - started),
      cached: true,
    },
    'request',
  );
}
