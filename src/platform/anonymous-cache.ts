/**
 * Whole-response cache for pages every anonymous visitor sees alike (home, the member wall, salon
 * pages, credential verification pages). A route opts in with `cacheForAnonymous(c, tags)`. This
 * middleware, placed first, stores the finished response (all headers but Set-Cookie) and answers
 * the next anonymous GET for the same URL, locale and scheme from memory, before any other
 * middleware runs. Under PGlite (one query at a time) this is what lets hot public pages keep up
 * with load.
 *
 * In front of it, `anonymousFastPath` answers the same hits at the node:http level, before a
 * Request or a Hono context is made (ADR 0019). Both find the entry with `anonymousCacheKey`, one
 * pure function of the request's method, URL, scheme and headers, so they cannot disagree on what
 * is a hit; and both send the one stored header object and body.
 *
 * A cacheable page carries nothing per visitor: the layout leaves out the CSRF token on such pages
 * (their language switch is a GET form), and a response that still contains the visitor's token is
 * never stored.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { parse as parseCookie } from 'hono/utils/cookie';
import type { Versions } from './cache.ts';
import type { AppEnv, Deps } from './context.ts';
import { negotiateLocale } from './i18n.ts';
import { requestIdFor } from './log.ts';
import { logFastHit } from './request-log.ts';

/** One way to send a stored page: its headers (Content-Length included) and its bytes. */
type Variant = { headers: Record<string, string>; body: Buffer };

/**
 * A finished response, with its body compressed once when it is stored: a phone asks for gzip or
 * brotli, and sending a tenth of the bytes is most of what a hit costs (the wall is ~140 KB of HTML).
 */
type Stored = Variant & { br?: Variant; gzip?: Variant };

/** Smaller than this, compressing saves less than it costs. */
const COMPRESS_FROM = 1024;

/** The cookie names that decide whether a request is anonymous and which language it reads. */
export type CacheCookies = { sessionCookie: string; langCookie: string };

/** What decides whether a request may be answered from the cache, and with which entry. */
export type CacheRequest = {
  method: string;
  /** The URL as Hono's `c.req.url` has it (scheme://host/path?query). */
  url: string;
  secure: boolean;
  cookie: string | undefined;
  acceptLanguage: string | undefined;
  /** The HX-Request and HX-Boosted headers: htmx gets a fragment where a browser gets the page. */
  hxRequest: string | undefined;
  hxBoosted: string | undefined;
};

/** An htmx request that wants a fragment of the page (a boosted one wants the whole page). */
export function isFragmentRequest(hxRequest: string | undefined, hxBoosted: string | undefined): boolean {
  return hxRequest === 'true' && hxBoosted !== 'true';
}

/**
 * The cache key of a request, or undefined when it must not be answered from the cache (not a GET,
 * or it carries a session cookie). Used by both the middleware and the node-level fast path. The
 * cookies are read with Hono's parser, as the session middleware reads them. A page and the htmx
 * fragment a route answers at the same URL (`respond`) are kept apart.
 */
export function anonymousCacheKey(req: CacheRequest, names: CacheCookies): string | undefined {
  if (req.method !== 'GET') return undefined;
  let lang: string | undefined;
  if (req.cookie) {
    if (parseCookie(req.cookie, names.sessionCookie)[names.sessionCookie]) return undefined;
    lang = parseCookie(req.cookie, names.langCookie)[names.langCookie];
  }
  const fragment = isFragmentRequest(req.hxRequest, req.hxBoosted) ? 'f' : '';
  return `anon|${req.secure ? 's' : ''}${fragment}|${localeOf(lang, req.acceptLanguage)}|${req.url}`;
}

/** Phones send a handful of Accept-Language texts: each is negotiated once (bounded, for odd clients). */
const browserLocales = new Map<string, string>();
function localeOf(langCookie: string | undefined, acceptLanguage: string | undefined): string {
  if (langCookie !== undefined || !acceptLanguage)
    return negotiateLocale({ cookie: langCookie, acceptLanguage });
  let locale = browserLocales.get(acceptLanguage);
  if (locale === undefined) {
    locale = negotiateLocale({ acceptLanguage });
    if (browserLocales.size >= 64) browserLocales.clear();
    browserLocales.set(acceptLanguage, locale);
  }
  return locale;
}

/** Whether a request came over https: from the proxy's X-Forwarded-Proto when trusted, else the URL. */
export function isSecureRequest(
  trustProxy: boolean,
  forwardedProto: string | undefined,
  url: string,
): boolean {
  return trustProxy ? forwardedProto === 'https' : url.startsWith('https:');
}

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

/** Browsers send a handful of Accept-Encoding texts: each is parsed once (bounded, for odd clients). */
const encodings = new Map<string, 'br' | 'gzip' | undefined>();
function encodingOf(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined;
  if (encodings.has(acceptEncoding)) return encodings.get(acceptEncoding);
  const picked = pickEncoding(acceptEncoding);
  if (encodings.size >= 64) encodings.clear();
  encodings.set(acceptEncoding, picked);
  return picked;
}

/** The stored variant to send for this Accept-Encoding. */
function variantOf(hit: Stored, acceptEncoding: string | undefined): Variant {
  const encoding = hit.br ? encodingOf(acceptEncoding) : undefined;
  return (encoding && hit[encoding]) || hit;
}

function serve(hit: Stored, acceptEncoding: string | undefined): Response {
  const variant = variantOf(hit, acceptEncoding);
  // A plain header object lets @hono/node-server write the response without building Headers.
  return new Response(variant.body as Uint8Array<ArrayBuffer>, { status: 200, headers: variant.headers });
}

/** Marks this response as the same for every anonymous visitor, until one of `tags` changes (or `until`). */
export function cacheForAnonymous(c: Context<AppEnv>, tags: string[], opts: { until?: Date } = {}): void {
  c.set('anonymousCacheTags', tags);
  if (opts.until) c.set('anonymousCacheUntil', opts.until.getTime());
}

/** True while rendering a page that will be kept for every anonymous visitor. */
export function isCacheableForAnonymous(c: Context<AppEnv>): boolean {
  return !!c.get('anonymousCacheTags') && !c.get('actor');
}

const keyOf = (c: Context<AppEnv>, names: CacheCookies) =>
  anonymousCacheKey(
    {
      method: c.req.method,
      url: c.req.url,
      secure: c.get('secure'),
      cookie: c.req.header('cookie'),
      acceptLanguage: c.req.header('accept-language'),
      hxRequest: c.req.header('hx-request'),
      hxBoosted: c.req.header('hx-boosted'),
    },
    names,
  );

export function anonymousPageCache(names: CacheCookies): MiddlewareHandler<AppEnv> {
  // No await on the hot path: a hit is answered synchronously, and a request for a page that is
  // not cacheable only pays for a check after the handler.
  return (c, next) => {
    const key = keyOf(c, names);
    if (!key) return next();
    const { cache } = c.get('deps');
    cache.refreshSoon();
    const hit = cache.peekNow<Stored>(key);
    if (hit) return Promise.resolve(serve(hit, c.req.header('accept-encoding')));
    const snapshot = cache.versionsNow();
    return next().then(() => store(c, key, snapshot));
  };
}

// Mirrors @hono/node-server's URL building (src/url.ts): when the Host header and the request
// target are this plain, it makes `${scheme}://${host}${target}` without parsing; any other request
// goes through Hono, which normalises it.
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;
const PLAIN_TARGET = /^\/[!#$&-;=?-[\]_a-z~]*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?#]|$)/;

/**
 * The node:http listener's front door: answers a GET the anonymous page cache holds straight from
 * the stored bytes (`writeHead` + `end`: no Request, Response or Hono context) and returns true;
 * returns false for everything else, which then goes to Hono. It falls through whenever the
 * middleware would do more than serve a hit: the URL is not plain, the request is not anonymous, or the page is not held.
 */
export function anonymousFastPath(
  deps: Deps,
  names: CacheCookies,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const started = performance.now();
    // Read per request: the test harness gives each test a fresh cache.
    const { cache, config } = deps;
    // Other processes' writes are re-read once a second in the background; this hit is served by
    // the versions held now (this process's own writes are in them at once).
    cache.refreshSoon();
    const headers = req.headers;
    const host = headers.host;
    const target = req.url;
    if (!host || !target || !PLAIN_HOST.test(host) || !PLAIN_TARGET.test(target) || DOT_SEGMENT.test(target))
      return false;
    const url = `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${host}${target}`;
    const header = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);
    const key = anonymousCacheKey(
      {
        method: 'GET',
        url,
        secure: isSecureRequest(config.TRUST_PROXY, header(headers['x-forwarded-proto']), url),
        cookie: headers.cookie,
        acceptLanguage: headers['accept-language'],
        hxRequest: header(headers['hx-request']),
        hxBoosted: header(headers['hx-boosted']),
      },
      names,
    );
    if (!key) return false;
    const hit = cache.peekNow<Stored>(key);
    if (!hit) return false;
    const variant = variantOf(hit, headers['accept-encoding']);
    const id = requestIdFor(headers['x-request-id']);
    // setHeader before writeHead: node merges it with the stored header object, which stays shared.
    res.setHeader('x-request-id', id);
    res.writeHead(200, variant.headers);
    res.end(variant.body);
    logFastHit(deps.log, id, target, started);
    return true;
  };
}

/** Keeps the finished response when its route said every anonymous visitor sees the same. */
async function store(c: Context<AppEnv>, key: string, snapshot: Versions): Promise<void> {
  const tags = c.get('anonymousCacheTags');
  if (!tags || c.res.status !== 200 || c.get('actor')) return;
  const body = await c.res.clone().text();
  const token = c.get('csrfToken');
  if (token && body.includes(token)) {
    c.get('deps').log.warn({ path: c.req.path }, 'not caching a page that contains a CSRF token');
    return;
  }
  const headers: Record<string, string> = {};
  c.res.headers.forEach((value, name) => {
    // The request id is per request: the fast path and the request log add each hit's own.
    if (name !== 'set-cookie' && name !== 'content-length' && name !== 'x-request-id') headers[name] = value;
  });
  const bytes = Buffer.from(body, 'utf8');
  const sized = (h: Record<string, string>, b: Buffer): Variant => ({
    headers: { ...h, 'content-length': String(b.byteLength) },
    body: b,
  });
  let stored: Stored;
  if (bytes.byteLength >= COMPRESS_FROM && !headers['content-encoding']) {
    // Every variant names Accept-Encoding in Vary, so a shared cache keeps them apart.
    headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : 'Accept-Encoding';
    stored = sized(headers, bytes);
    // Once per stored page: brotli at a middling quality is within a few milliseconds for 150 KB.
    const br = brotliCompressSync(bytes, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: 6,
        [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      },
    });
    stored.br = sized({ ...headers, 'content-encoding': 'br' }, br);
    stored.gzip = sized({ ...headers, 'content-encoding': 'gzip' }, gzipSync(bytes, { level: 6 }));
  } else {
    stored = sized(headers, bytes);
  }
  c.get('deps').cache.put(key, tags, stored, snapshot, c.get('anonymousCacheUntil'));
}
