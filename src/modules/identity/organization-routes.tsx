/** Routes for organisations: directory, creation, members, invitations, alliance membership. */
import { Hono } from 'hono';
import type { AppEnv } from '../../platform/context.ts';

export function organizationRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
