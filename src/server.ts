/**
 * Starts Gongjin: config → database → migrations → (demo data) → HTTP server and job runner.
 * Shared by `gongjin serve`, the tests that start a real process, and the benchmark.
 */
import { serve as serveHttp } from '@hono/node-server';
import { createApp } from './app.tsx';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { examSqlGradeHandler } from './modules/exams/grading.ts';
import { examDeadlineHandler } from './modules/exams/service.ts';
import { sharedGrader } from './modules/grader/shared.ts';
import { poolGrader } from './modules/learning/grading.ts';
import { seedTaxonomy } from './modules/members/service.ts';
import { salonPostersHandler, salonReminderHandler } from './modules/salons/service.ts';
import { PageCache } from './platform/cache.ts';
import type { Deps, Logger } from './platform/context.ts';
import { JobRunner } from './platform/jobs.ts';
import { mailSendHandler } from './platform/mail.ts';

export function createLogger(level: Config['LOG_LEVEL']): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 };
  const write = (lvl: keyof typeof order, msg: string, extra?: Record<string, unknown>) => {
    if (order[lvl] < order[level]) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...extra });
    (lvl === 'error' || lvl === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
  };
  return {
    info: (m, e) => write('info', m, e),
    warn: (m, e) => write('warn', m, e),
    error: (m, e) => write('error', m, e),
  };
}

export function createDeps(database: Database, config: Config, log: Logger): Deps {
  return { db: database.db, dbKind: database.kind, config, cache: new PageCache(database.db), log };
}

/** The job runner with every kind of job Gongjin knows. */
export function createJobRunner(deps: Deps): JobRunner {
  return new JobRunner(deps.db, (m) => deps.log.warn(m))
    .register('mail.send', mailSendHandler({ smtpUrl: deps.config.SMTP_URL, from: deps.config.MAIL_FROM }))
    .register(
      'exam.deadline',
      examDeadlineHandler({ publicUrl: deps.config.PUBLIC_URL, secret: deps.config.GONGJIN_SECRET }),
    )
    .register(
      'exam.grade_sql',
      examSqlGradeHandler({ publicUrl: deps.config.PUBLIC_URL, secret: deps.config.GONGJIN_SECRET }),
    )
    .register(
      'salon.reminder',
      salonReminderHandler({ publicUrl: deps.config.PUBLIC_URL, secret: deps.config.GONGJIN_SECRET }),
    )
    .register('salon.posters', salonPostersHandler({ publicUrl: deps.config.PUBLIC_URL }));
}

export async function openAndMigrate(config: Config): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  await migrate(database);
  // Reference data a fresh install needs (the product landscape's categories); adds only what is missing.
  await seedTaxonomy(database.db, { ip: null, actorId: null });
  return database;
}

export type RunningServer = { url: string; port: number; close(): Promise<void> };

export async function startServer(deps: Deps, opts: { worker: boolean }): Promise<RunningServer> {
  // Labs and exam jobs share one pool whose workers start on first use.
  const app = createApp(deps, { learning: { grader: poolGrader(sharedGrader) } });
  const runner = opts.worker ? createJobRunner(deps) : undefined;
  runner?.start();
  const server = await new Promise<ReturnType<typeof serveHttp>>((resolve) => {
    const s = serveHttp({ fetch: app.fetch, port: deps.config.PORT, hostname: deps.config.HOST }, () =>
      resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : deps.config.PORT;
  const host = deps.config.HOST === '0.0.0.0' ? 'localhost' : deps.config.HOST;
  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runner?.stop();
      await sharedGrader.close();
    },
  };
}
