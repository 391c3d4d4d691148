/** GIFT / Moodle XML import and export (filled in once the format parsers land). */
import { Hono } from 'hono';
import type { AppEnv } from '../../platform/context.ts';

export function importRoutes() {
  return new Hono<AppEnv>();
}
