import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations into migrations/ from the Drizzle schema.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
  casing: 'snake_case',
});
