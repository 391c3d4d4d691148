/** Platform administration: audit log, mail outbox, people and their platform roles. */
import { Hono } from 'hono';
import type { AppEnv } from '../../platform/context.ts';

export function adminRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
