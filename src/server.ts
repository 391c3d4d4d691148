/**
 * Starts Gongjin: config → database → migrations → (demo data) → HTTP server and job runner.
 * Shared by `gongjin serve`, the tests that start a real process, and the benchmark.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { type App, CACHE_COOKIES, createApp } from './app.tsx';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { jobDefinitions } from './jobs.ts';
import { examGrader, labGrader } from './modules/grader/shared.ts';
import { poolGrader } from './modules/learning/grading.ts';
import { seedTaxonomy } from './modules/members/service.ts';
import { anonymousFastPath } from './platform/anonymous-cache.ts';
import { PageCache } from './platform/cache.ts';
import type { Deps } from './platform/context.ts';
import { JobRunner } from './platform/jobs.ts';
import type { Logger } from './platform/log.ts';

export { createLogger } from './platform/log.ts';

export function createDeps(database: Database, config: Config, log: Logger): Deps {
  return { db: database.db, dbKind: database.kind, config, cache: new PageCache(database.db), log };
}

/** The job runner with every kind of job Gongjin knows (the list in jobs.ts). */
export function createJobRunner(deps: Deps): JobRunner {
  return new JobRunner(deps.db, jobDefinitions(), deps.config, (m) => deps.log.warn(m));
}

export async function openAndMigrate(config: Config): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  await migrate(database);
  // Reference data a fresh install needs (the product landscape's categories); adds only what is missing.
  await seedTaxonomy(database.db, { ip: null, actorId: null });
  return database;
}

/**
 * The node:http listener every server uses (and the benchmarks, so they measure what production
 * runs): anonymous cache hits are answered from the stored bytes before any Request or Hono context
 * exists; everything else goes to Hono through @hono/node-server.
 */
export function createListener(app: App, deps: Deps): RequestListener {
  const hono = getRequestListener(app.fetch, { hostname: deps.config.HOST });
  const fast = anonymousFastPath(deps, CACHE_COOKIES);
  return (req, res) => {
    if (!fast(req, res)) hono(req, res);
  };
}

/** Listens with `createListener` on `port` (0: any free one) and `host`. */
export function listen(app: App, deps: Deps, port: number, host: string): Promise<Server> {
  const server = createServer(createListener(app, deps));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // A synchronised exam start opens thousands of connections within seconds: Node's default
    // backlog (511) drops the rest while the loop is busy, and their clients retry the connection
    // seconds later or give up. The kernel caps this at net.core.somaxconn (ADR 0038).
    server.listen({ port, host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export type RunningServer = { url: string; port: number; server: Server; close(): Promise<void> };

export async function startServer(deps: Deps, opts: { worker: boolean }): Promise<RunningServer> {
  // Labs and exam jobs share one pool whose workers start on first use.
  const app = createApp(deps, { learning: { grader: poolGrader(labGrader) } });
  const runner = opts.worker ? createJobRunner(deps) : undefined;
  runner?.start();
  const server = await listen(app, deps, deps.config.PORT, deps.config.HOST);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : deps.config.PORT;
  const host = deps.config.HOST === '0.0.0.0' ? 'localhost' : deps.config.HOST;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runner?.stop();
      await Promise.all([labGrader.close(), examGrader.close()]);
    },
  };
}
