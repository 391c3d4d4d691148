/**
 * Vitest globalSetup for the e2e project: one `gongjin serve --demo` process shared by the browser
 * suites that only read the demo alliance or add their own rows to it, each on demo objects no other
 * suite asserts on (wall, salons, labs, question bank, credentials, the demo home page), so they pass
 * in any order. Starting a demo server (new data dir, migrations, seed) is the slowest part of each
 * of those suites. Suites that kill or restart a server or need other data (sign-up, exams, crash,
 * CLI) still start their own processes. Tests read the address with `demoServerUrl()` (phone.ts).
 */
import { existsSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { CHROMIUM, type ServerProcess, startServer, tempDataDir } from '../e2e/process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared demo server's base URL; empty when the browser suites are skipped. */
    demoServerUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // No Chromium outside CI: the browser suites are skipped (loudly, see phone.ts), nothing to serve.
  if (!existsSync(CHROMIUM) && process.env.CI !== 'true') {
    project.provide('demoServerUrl', '');
    return;
  }
  const dataDir = tempDataDir('gongjin-e2e-demo-');
  let server: ServerProcess;
  try {
    // The project's env (NODE_ENV=test, the test-only hash cost) as the suites' own servers get it.
    server = await startServer({ env: { ...project.config.env, GONGJIN_DATA_DIR: dataDir }, demo: true });
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  project.provide('demoServerUrl', server.url);
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
