/** The Hono environment every route shares: dependencies and per-request values. */
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Locale } from '../i18n/index.ts';
import type { PageCache } from './cache.ts';
import type { Translate } from './i18n.ts';
import type { Logger } from './log.ts';
import type { Actor } from './permissions.ts';

export type Deps = {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  config: Config;
  cache: PageCache;
  log: Logger;
};

export type { Logger };

export type AppEnv = {
  Variables: {
    deps: Deps;
    actor: Actor | null;
    locale: Locale;
    t: Translate;
    csrfToken: string;
    /** True when the request came over https (directly or through a trusted proxy). */
    secure: boolean;
    clientIp: string;
    /** This request's id (X-Request-Id), in its log line, on the 500 page and in JSON API errors. */
    requestId: string;
    /** Set by a route whose response is the same for every anonymous visitor (see anonymous-cache.ts). */
    anonymousCacheTags?: string[];
    /** When the page kept for anonymous visitors goes stale by the clock (ms since the epoch). */
    anonymousCacheUntil?: number;
  };
};
