/**
 * The request guard (ADR 0025): input that no handler can mean to accept is answered 400 before any
 * handler sees it, so a NUL byte or a broken body is never a 500 from deep inside a query or a
 * parser, and nothing is written. Two middlewares, because bodies are read in two places:
 *
 * - `inputGuard` runs first (app.tsx): the URL (invalid percent-encoding, control characters) and
 *   every body that is not a form — the app's only such bodies are JSON (the API, the exam autosave
 *   and events), read here once with its own cap and handed on to the handler.
 * - `formGuard` runs after the session and the body limit, before CSRF: multipart and urlencoded
 *   bodies must parse, and no field name, value or file name may hold a control character.
 *
 * Refused in text: C0 control characters except TAB, LF and CR (textareas send those), and lone
 * surrogates / invalid UTF-8. JSON endpoints get the API's typed error (`INVALID_INPUT`), HTML
 * requests the localised error page. A `next` with CR/LF is not refused here: `safeNext` drops it.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { isLocale, type MessageKey } from '../i18n/index.ts';
import type { AppEnv } from './context.ts';
import { AppError } from './errors.ts';
import { negotiateLocale, translator } from './i18n.ts';

/** JSON nested deeper than this is refused before it is parsed (a deep array is a stack overflow later). */
export const MAX_JSON_DEPTH = 64;

// C0 controls other than TAB (09), LF (0a) and CR (0d).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const TEXT_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const PATH_CONTROL = /[\u0000-\u001f\u007f]/;
// With the u flag a surrogate class matches only unpaired surrogates (a pair is one code point).
const LONE_SURROGATE = /[\ud800-\udfff]/u;

export type InputProblem = 'control' | 'encoding' | 'malformed' | 'json' | 'depth';

const MESSAGE: Record<InputProblem, MessageKey> = {
  control: 'input.control',
  encoding: 'input.encoding',
  malformed: 'input.malformedForm',
  json: 'input.invalidJson',
  depth: 'input.tooDeep',
};

/** What is wrong with a piece of user text, if anything. */
export function textProblem(s: string): 'control' | 'encoding' | undefined {
  if (TEXT_CONTROL.test(s)) return 'control';
  if (LONE_SURROGATE.test(s)) return 'encoding';
  return undefined;
}

/** Strict percent-decoding: invalid escapes and escapes of invalid UTF-8 (or surrogates) fail. */
function decode(s: string, plusIsSpace: boolean): string | undefined {
  try {
    return decodeURIComponent(plusIsSpace ? s.replaceAll('+', ' ') : s);
  } catch {
    return undefined;
  }
}

/** Checks the key=value pairs of a query string or urlencoded body; the problem and the field. */
function pairsProblem(query: string): { problem: InputProblem; field?: string } | undefined {
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const key = decode(rawKey, true);
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1), true);
    if (key === undefined || value === undefined) return { problem: 'encoding', field: key };
    const problem = textProblem(key) ?? textProblem(value);
    if (problem) return { problem, field: key };
  }
  return undefined;
}

/** The URL's problem: a path with a bad escape or any control character, or a bad query. */
export function urlProblem(url: string): { problem: InputProblem; field?: string } | undefined {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return undefined;
  const rest = url.slice(start);
  // Fast path: a URL with no escapes and no control characters has nothing to refuse.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (!/[%\u0000-\u001f\u007f]/.test(rest)) return undefined;
  const hash = rest.indexOf('#');
  const withoutHash = hash < 0 ? rest : rest.slice(0, hash);
  const q = withoutHash.indexOf('?');
  const path = q < 0 ? withoutHash : withoutHash.slice(0, q);
  const decoded = decode(path, false);
  if (decoded === undefined) return { problem: 'encoding' };
  if (PATH_CONTROL.test(decoded)) return { problem: 'control' };
  return q < 0 ? undefined : pairsProblem(withoutHash.slice(q + 1));
}

/**
 * How deep `text` nests arrays and objects, counted without parsing (strings skipped), stopping
 * as soon as it passes `max`: V8's parser copes with 20,000 levels, the code that walks the
 * result afterwards does not.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) return true;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return false;
}

/** The first string (key or value) in a parsed JSON value that is not acceptable text. */
function jsonTextProblem(v: unknown): 'control' | 'encoding' | undefined {
  if (typeof v === 'string') return textProblem(v);
  if (Array.isArray(v)) {
    for (const item of v) {
      const p = jsonTextProblem(item);
      if (p) return p;
    }
  } else if (v !== null && typeof v === 'object') {
    for (const [k, item] of Object.entries(v)) {
      const p = textProblem(k) ?? jsonTextProblem(item);
      if (p) return p;
    }
  }
  return undefined;
}

const JSON_TYPE = /^application\/([a-z0-9.-]+\+)?json\b/i;

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

const isForm = (type: string) =>
  type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded';
const hasBody = (method: string) => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

/** Reads a request body up to `max` bytes; undefined when it is larger. */
async function readCapped(req: Request, max: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (declared > max) return undefined;
  if (!req.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(new ArrayBuffer(size));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/** What is wrong with a non-form body: JSON must be UTF-8, parse, nest sanely and hold clean text. */
export function jsonBodyProblem(bytes: Uint8Array, declaredJson: boolean): InputProblem | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not text at all: refused as JSON; any other body is the handler's to refuse.
    return declaredJson ? 'encoding' : undefined;
  }
  // An empty body declared JSON is not JSON (the API's validator would throw on it).
  if (text.trim() === '') return declaredJson ? 'json' : undefined;
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) return 'depth';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return declaredJson ? 'json' : undefined;
  }
  return jsonTextProblem(parsed);
}

/** Sets the request's locale the way the session middleware would without a user (it has not run yet). */
function localise(c: Context<AppEnv>, langCookie: string) {
  const cookie = getCookie(c, langCookie);
  const locale = negotiateLocale({
    cookie: isLocale(cookie) ? cookie : undefined,
    acceptLanguage: c.req.header('accept-language'),
  });
  c.set('locale', locale);
  c.set('t', translator(locale));
}

function refusal(problem: InputProblem, field?: string): AppError {
  return new AppError('INVALID_INPUT', {
    messageKey: field && problem === 'control' ? 'input.controlIn' : MESSAGE[problem],
    vars: { field: field ?? '', max: MAX_JSON_DEPTH },
    fields: field ? { [field]: MESSAGE[problem] } : undefined,
  });
}

/** The API's typed JSON error, for requests that speak JSON (the API and the JSON routes outside it). */
function jsonRefusal(c: Context<AppEnv>, err: AppError) {
  const t = c.get('t');
  return c.json({ error: { code: err.code, message: t(err.messageKey, err.vars) } }, 400);
}

/**
 * The first guard: the URL and every non-form body (read here, at most `maxJsonBytes`, and put
 * back for the handler). Runs before the session middleware, so it picks the locale itself from
 * `langCookie` (the identity module's) and Accept-Language.
 */
export function inputGuard(opts: { maxJsonBytes: number; langCookie: string }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const type = mediaType(c);
    const speaksJson = c.req.path.startsWith('/api/') || JSON_TYPE.test(type);
    const bad = urlProblem(c.req.url);
    if (bad) {
      localise(c, opts.langCookie);
      const err = refusal(bad.problem, bad.field);
      if (speaksJson) return jsonRefusal(c, err);
      throw err;
    }
    const declaredJson = JSON_TYPE.test(type);
    if (!hasBody(c.req.method) || isForm(type) || !(c.req.raw.body || declaredJson)) return next();
    const bytes = await readCapped(c.req.raw, opts.maxJsonBytes);
    if (!bytes) throw new AppError('PAYLOAD_TOO_LARGE', { vars: { kb: opts.maxJsonBytes / 1024 } });
    const problem = jsonBodyProblem(bytes, declaredJson);
    if (problem) {
      localise(c, opts.langCookie);
      return jsonRefusal(c, refusal(problem));
    }
    // The stream is spent: hand the handler (and the body limit after us) the same bytes.
    if (c.req.raw.body) c.req.raw = new Request(c.req.raw, { body: bytes });
    return next();
  };
}

/**
 * The second guard, after the body limit (which caps what is read here) and before CSRF (which
 * reads the form too): a form body must parse and hold only clean text. Hono caches the parsed
 * form, so handlers do not parse it again.
 */
export function formGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const type = mediaType(c);
    if (!hasBody(c.req.method) || !isForm(type)) return next();
    // Read first, outside the try: a body over the limit is the body limit's 413, not malformed.
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (type === 'application/x-www-form-urlencoded') {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw refusal('encoding');
      }
      const bad = pairsProblem(text);
      if (bad) throw refusal(bad.problem, bad.field);
      return next();
    }
    let body: Record<string, unknown>;
    try {
      body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
    } catch {
      throw refusal('malformed');
    }
    for (const [field, value] of Object.entries(body)) {
      const keyProblem = textProblem(field);
      if (keyProblem) throw refusal(keyProblem);
      for (const v of Array.isArray(value) ? value : [value]) {
        const text = typeof v === 'string' ? v : v instanceof File ? v.name : '';
        const problem = textProblem(text);
        if (problem) throw refusal(problem, field);
      }
    }
    return next();
  };
}
