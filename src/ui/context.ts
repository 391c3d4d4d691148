/** Per-request values for views: the translator, locale, actor and CSRF token. */
import { useRequestContext } from 'hono/jsx-renderer';
import { isCacheableForAnonymous } from '../platform/anonymous-cache.ts';
import type { AppEnv } from '../platform/context.ts';

export function useView() {
  const c = useRequestContext<AppEnv>();
  return {
    t: c.get('t'),
    locale: c.get('locale'),
    actor: c.get('actor'),
    csrfToken: c.get('csrfToken'),
    path: c.req.path,
    /** The site's public address (no trailing slash), for absolute links such as share images. */
    publicUrl: c.get('deps')?.config.PUBLIC_URL ?? '',
    /** The page is kept for every anonymous visitor: it must carry nothing per visitor. */
    sharedPage: isCacheableForAnonymous(c),
  };
}
