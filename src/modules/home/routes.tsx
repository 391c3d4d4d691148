/** The public home page: what the alliance is, live counts and the member wall, cached in-process. */
import { Hono } from 'hono';
import { cacheForAnonymous } from '../../platform/anonymous-cache.ts';
import type { AppEnv } from '../../platform/context.ts';
import { latestRecaps, SALON_CACHE_TAGS } from '../salons/queries.ts';
import { HOME_CACHE_TAGS, homeSummary } from './queries.ts';
import { siteCardPng } from './share-card.ts';
import { HomePage } from './views.tsx';

export function homeRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const { cache, db } = c.get('deps');
    const [summary, recaps] = await Promise.all([
      cache.get('home:summary', HOME_CACHE_TAGS, () => homeSummary(db)),
      cache.get('home:recaps', [SALON_CACHE_TAGS.all], () => latestRecaps(db)),
    ]);
    cacheForAnonymous(c, [...HOME_CACHE_TAGS, SALON_CACHE_TAGS.all]);
    return c.render(<HomePage summary={summary} recaps={recaps} />, {
      title: c.get('t')('home.title'),
      share: { description: c.get('t')('home.lead') },
    });
  });
  // The share card of pages without an image of their own (see ShareMeta in ui/layout.tsx).
  app.get('/share.png', (c) =>
    c.body(new Uint8Array(siteCardPng(c.get('locale'))), 200, {
      'Content-Type': 'image/png',
      'Cache-Control': 'public, max-age=86400',
      Vary: 'Accept-Language, Cookie',
    }),
  );
  return app;
}
