/** The public home page: what the alliance is, live counts and the member wall, cached in-process. */
import { Hono } from 'hono';
import type { AppEnv } from '../../platform/context.ts';
import { HOME_CACHE_TAGS, homeSummary } from '../identity/queries.ts';
import { HomePage } from './views.tsx';

// Cached HTML is rendered with this in place of the visitor's CSRF token, then filled in per request.
const TOKEN_SLOT = '__gj_csrf_slot__';

export function homeRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const { cache, db } = c.get('deps');
    const title = c.get('t')('home.title');
    const summary = await cache.get('home:summary', HOME_CACHE_TAGS, () => homeSummary(db));
    if (c.get('actor')) return c.render(<HomePage summary={summary} />, { title });
    // Anonymous visitors all see the same page per locale, so the rendered HTML is cached too.
    const token = c.get('csrfToken');
    const html = await cache.get(`home:html:${c.get('locale')}`, HOME_CACHE_TAGS, async () => {
      c.set('csrfToken', TOKEN_SLOT);
      const res = await c.render(<HomePage summary={summary} />, { title });
      c.set('csrfToken', token);
      return res.text();
    });
    return c.html(html.replaceAll(TOKEN_SLOT, token));
  });
  return app;
}
