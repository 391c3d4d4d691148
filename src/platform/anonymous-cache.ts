/**
 * Whole-response cache for pages every anonymous visitor sees alike (the home page now; the logo
 * wall, event pages and verification pages later). A route opts in with
 * `cacheForAnonymous(c, tags)`. This middleware, placed first, stores the finished response (all
 * headers but Set-Cookie) and answers the next anonymous GET for the same URL, locale and scheme
 * from memory, before any other middleware runs. Under PGlite (one query at a time) this is what
 * lets hot public pages keep up with load.
 *
 * A cacheable page carries nothing per visitor: the layout leaves out the CSRF token on such pages
 * (their language switch is a GET form), and a response that still contains the visitor's token is
 * never stored.
 */
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Versions } from './cache.ts';
import type { AppEnv } from './context.ts';
import { negotiateLocale } from './i18n.ts';

/**
 * A finished response, with its body compressed once when it is stored: a phone asks for gzip or
 * brotli, and sending a tenth of the bytes is most of what a hit costs (the wall is ~140 KB of HTML).
 */
type Stored = {
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer>;
  br?: { headers: Record<string, string>; body: Uint8Array<ArrayBuffer> };
  gzip?: { headers: Record<string, string>; body: Uint8Array<ArrayBuffer> };
};

/** Smaller than this, compressing saves less than it costs. */
const COMPRESS_FROM = 1024;

/** The encoding to answer with: brotli, then gzip, when the client accepts it (q > 0). */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined;
  let gzip = false;
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.find((x) => x.trim().startsWith('q='));
    if (q && !(Number(q.trim().slice(2)) > 0)) continue;
    if (name === 'br') return 'br';
    if (name === 'gzip' || name === '*') gzip = true;
  }
  return gzip ? 'gzip' : undefined;
}

function serve(hit: Stored, acceptEncoding: string | undefined): Response {
  const encoding = hit.br ? pickEncoding(acceptEncoding) : undefined;
  const variant = encoding ? hit[encoding] : undefined;
  // A plain header object lets @hono/node-server write the response without building Headers.
  return variant
    ? new Response(variant.body, { status: 200, headers: variant.headers })
    : new Response(hit.body, { status: 200, headers: hit.headers });
}

/** Marks this response as the same for every anonymous visitor, until one of `tags` changes. */
export function cacheForAnonymous(c: Context<AppEnv>, tags: string[]): void {
  c.set('anonymousCacheTags', tags);
}

/** True while rendering a page that will be kept for every anonymous visitor. */
export function isCacheableForAnonymous(c: Context<AppEnv>): boolean {
  return !!c.get('anonymousCacheTags') && !c.get('actor');
}

export function anonymousPageCache(opts: {
  sessionCookie: string;
  langCookie: string;
}): MiddlewareHandler<AppEnv> {
  // No await on the hot path: a hit is answered synchronously, and a request for a page that is
  // not cacheable only pays for a check after the handler.
  return (c, next) => {
    if (c.req.method !== 'GET') return next();
    const cookies = getCookie(c);
    if (cookies[opts.sessionCookie]) return next();
    const locale = negotiateLocale({
      cookie: cookies[opts.langCookie],
      acceptLanguage: c.req.header('accept-language'),
    });
    const key = `anon|${c.get('secure') ? 's' : ''}|${locale}|${c.req.url}`;
    const { cache } = c.get('deps');
    if (cache.due()) return refreshThenServe(c, next, key);
    const hit = cache.peekNow<Stored>(key);
    if (hit) return Promise.resolve(serve(hit, c.req.header('accept-encoding')));
    const snapshot = cache.versionsNow();
    return next().then(() => store(c, key, snapshot));
  };
}

/** Once a second: re-read tag versions (other processes' writes), then serve or render. */
async function refreshThenServe(c: Context<AppEnv>, next: Next, key: string): Promise<Response | undefined> {
  const { cache } = c.get('deps');
  const hit = await cache.peek<Stored>(key);
  if (hit) return serve(hit, c.req.header('accept-encoding'));
  const snapshot = cache.versionsNow();
  await next();
  await store(c, key, snapshot);
}

/** Keeps the finished response when its route said every anonymous visitor sees the same. */
async function store(c: Context<AppEnv>, key: string, snapshot: Versions): Promise<void> {
  const tags = c.get('anonymousCacheTags');
  if (!tags || c.res.status !== 200 || c.get('actor')) return;
  const body = await c.res.clone().text();
  const token = c.get('csrfToken');
  if (token && body.includes(token)) {
    c.get('deps').log.warn('not caching a page that contains a CSRF token', { path: c.req.path });
    return;
  }
  const headers: Record<string, string> = {};
  c.res.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length') headers[name] = value;
  });
  const bytes = new TextEncoder().encode(body);
  const stored: Stored = { headers, body: bytes };
  if (bytes.byteLength >= COMPRESS_FROM && !headers['content-encoding']) {
    // Every variant names Accept-Encoding in Vary, so a shared cache keeps them apart.
    const vary = headers.vary ? `${headers.vary}, Accept-Encoding` : 'Accept-Encoding';
    headers.vary = vary;
    const variant = (encoding: 'br' | 'gzip', compressed: Buffer) => ({
      headers: { ...headers, 'content-encoding': encoding },
      body: new Uint8Array(
        compressed.buffer,
        compressed.byteOffset,
        compressed.byteLength,
      ) as Uint8Array<ArrayBuffer>,
    });
    // Once per stored page: brotli at a middling quality is within a few milliseconds for 150 KB.
    stored.br = variant(
      'br',
      brotliCompressSync(bytes, {
        params: {
          [zlib.BROTLI_PARAM_QUALITY]: 6,
          [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
        },
      }),
    );
    stored.gzip = variant('gzip', gzipSync(bytes, { level: 6 }));
  }
  c.get('deps').cache.put(key, tags, stored, snapshot);
}
