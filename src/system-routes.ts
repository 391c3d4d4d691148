/** /healthz (the process answers) and /readyz (database reachable, every migration applied). */
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { queryRows } from './db/client.ts';
import { migrationStatus } from './db/migrate.ts';
import type { AppEnv } from './platform/context.ts';
import { loadFile } from './platform/files.ts';

export function systemRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  // Uploaded images by content hash: immutable, so cached for a year.
  app.get('/files/:sha256', async (c) => {
    const file = await loadFile(c.get('deps').db, c.req.param('sha256'));
    if (!file) return c.json({ error: { code: 'NOT_FOUND', message: 'Not found' } }, 404);
    return c.body(new Uint8Array(file.bytes), 200, {
      'Content-Type': file.mime,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
  });
  app.get('/readyz', async (c) => {
    const { db, dbKind } = c.get('deps');
    try {
      await queryRows(db, sql`select 1`);
      const m = await migrationStatus(db);
      const ready = m.applied >= m.shipped;
      return c.json(
        { status: ready ? 'ready' : 'migrations_pending', database: dbKind, migrations: m },
        ready ? 200 : 503,
      );
    } catch (err) {
      return c.json(
        { status: 'database_unreachable', error: err instanceof Error ? err.message : String(err) },
        503,
      );
    }
  });
  return app;
}
