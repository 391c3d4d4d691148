import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations into migrations/ from the Drizzle schema. New files are
// named by their creation time, not a running number, so two branches that each add a migration do
// not both claim the next number (ADR 0032); `.ci/run` runs `drizzle-kit check` on the result.
export default defineConfig({
  dialect: 'postgresql',
  // Every module's tables and the platform's: a new module's schema.ts is found by its place.
  schema: ['./src/platform/schema.ts', './src/modules/*/schema.ts'],
  out: './migrations',
  casing: 'snake_case',
  migrations: { prefix: 'timestamp' },
});
