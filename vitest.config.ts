import os from 'node:os';
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
    // The module list (messages, permission rules), for tests that call a service without an app.
    setupFiles: ['tests/setup/modules.ts'],
    // One worker process runs many files (each opens its own database and app): importing the app
    // once per worker instead of once per file saves seconds per file. No test mocks modules.
    isolate: false,
  },
});

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker less than the cores: a single one on a 2-core CI machine, which
    // leaves a core idle while a file waits on PostgreSQL, a child process or a browser.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
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
          // One demo server for the browser suites that only add their own data to it.
          globalSetup: ['tests/setup/demo-server.ts'],
        },
      },
    ],
  },
});
