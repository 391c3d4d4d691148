import { defineConfig } from 'vitest/config';

// Every unit and integration test runs on PGlite, and again on a PostgreSQL server when
// TEST_DATABASE_URL is set. Browser and process tests (tests/e2e) run once and cover both
// databases themselves where it matters.
const run = process.env.GONGJIN_TEST_RUN ?? `${process.pid}`;
process.env.GONGJIN_TEST_RUN = run;
const unit = ['src/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.{ts,tsx}'];
// Test runs only: cheap argon2 for the users factories and demo seeds create (see hashPassword).
const env = { NODE_ENV: 'test', GONGJIN_TEST_FAST_HASH: '1' };

const dbProject = (name: 'pglite' | 'postgres') => ({
  extends: true as const,
  test: {
    name,
    include: unit,
    env: { ...env, GONGJIN_TEST_DB: name, GONGJIN_TEST_RUN: `${run}_${name}` },
    globalSetup: ['tests/setup/global-db.ts'],
    isolate: process.env.X_ISOLATE !== 'false',
  },
});

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: Number(process.env.X_WORKERS ?? 2),
    projects: [
      dbProject('pglite'),
      ...(process.env.TEST_DATABASE_URL ? [dbProject('postgres')] : []),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          env: { ...env, GONGJIN_TEST_RUN: `${run}_e2e` },
          testTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
