/**
 * The one place that decides "htmx fragment or full page": an htmx request (not a boosted
 * navigation) gets just the fragment; everything else gets the page in the layout. Views inside
 * the fragment still reach the request (translator, CSRF token) through RequestContext.
 */
import type { Context } from 'hono';
import { RequestContext } from 'hono/jsx-renderer';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { MessageKey } from '../i18n/index.ts';
import { isFragmentRequest } from '../platform/anonymous-cache.ts';
import type { AppEnv } from '../platform/context.ts';
import type { ShareMeta } from './layout.tsx';

type View = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The `{ title }` render option, from a catalogue key. */
export function titled(c: Context<AppEnv>, key: MessageKey, vars?: Record<string, string | number>) {
  return { title: c.get('t')(key, vars) };
}

/** The same test as the anonymous page cache's key, so a kept fragment is never served as the page. */
export function wantsFragment(c: Context): boolean {
  return isFragmentRequest(c.req.header('hx-request'), c.req.header('hx-boosted'));
}

export function respond(
  c: Context<AppEnv>,
  view: { page: View; fragment: View; title: string; share?: ShareMeta },
) {
  // Fragments and pages differ for the same URL: caches must keep them apart.
  c.header('Vary', 'HX-Request', { append: true });
  if (wantsFragment(c))
    return c.html(<RequestContext.Provider value={c}>{view.fragment}</RequestContext.Provider>);
  return c.render(view.page, { title: view.title, share: view.share });
}
