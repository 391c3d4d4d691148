/** The `gongjin` command line: serve, migrate, seed, create-admin, worker. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { PLATFORM_ROLES } from './platform/permissions.ts';

const HELP: Record<string, string> = {
  main: `Usage: gongjin <command> [options]

Commands:
  serve          Start the web server (and the job worker, unless GONGJIN_INPROCESS_WORKER=false)
  migrate        Apply database migrations and exit
  seed --demo    Load the fictional demo alliance into an empty database
  create-admin   Create (or promote) a platform administrator
  worker         Run background jobs (mail …) in this process

Run "gongjin <command> --help" for a command's options.
Configuration comes from the environment; see .env.example.`,
  serve: `Usage: gongjin serve [--demo] [--port N]

Starts Gongjin. Applies pending migrations first.
  --demo     On an empty database, load the demo alliance first
  --port N   Listen on port N (overrides PORT; 0 picks a free port)`,
  migrate: `Usage: gongjin migrate

Applies pending migrations to the database (PGlite in GONGJIN_DATA_DIR, or DATABASE_URL). Idempotent.`,
  seed: `Usage: gongjin seed --demo

Loads the fictional demo alliance (12 organisations, teachers, students, an admin). Refuses to run
on a database that already has organisations.`,
  'create-admin': `Usage: gongjin create-admin --email EMAIL --password PASSWORD [--name NAME]

Creates a confirmed account with the platform_admin role, or grants the role (and sets the
password) when the email already has an account.`,
  worker: `Usage: gongjin worker [--once]

Runs background jobs (mail delivery …). Any number of workers may run beside the servers.
  --once   Run the jobs that are due, then exit`,
};

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP.main);
    return;
  }
  if (!(command in HELP) || command === 'main') {
    console.error(`Unknown command "${command}".\n\n${HELP.main}`);
    process.exitCode = 2;
    return;
  }
  let args: ReturnType<typeof parseArgs>['values'];
  try {
    args = parseArgs({
      args: rest,
      options: {
        help: { type: 'boolean', short: 'h' },
        demo: { type: 'boolean' },
        once: { type: 'boolean' },
        port: { type: 'string' },
        email: { type: 'string' },
        password: { type: 'string' },
        name: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : err}\n\n${HELP[command]}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    console.log(HELP[command]);
    return;
  }

  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(args.port ? { ...process.env, PORT: String(args.port) } : process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exitCode = 1;
      return;
    }
    throw err;
  }

  const server = await import('./server.ts');
  const log = server.createLogger(config.LOG_LEVEL);
  const database = await server.openAndMigrate(config);
  const deps = server.createDeps(database, config, log);
  const { seedDemo, isEmpty, DEMO_ADMIN } = await import('./seed/demo.ts');

  switch (command) {
    case 'migrate':
      console.log(`Migrations applied (${database.kind}).`);
      await database.close();
      return;
    case 'seed': {
      if (!args.demo) {
        console.error(HELP.seed);
        process.exitCode = 2;
      } else if (!(await isEmpty(database.db))) {
        console.error(
          'The database already has organisations; the demo alliance is only loaded into an empty one.',
        );
        process.exitCode = 1;
      } else {
        const made = await seedDemo(database.db, config.PUBLIC_URL, config.GONGJIN_SECRET);
        console.log(`Demo alliance loaded: ${made.organizations} organisations, ${made.people} people.`);
        console.log(`Admin login: ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`);
      }
      await database.close();
      return;
    }
    case 'create-admin': {
      const email = String(args.email ?? '');
      const password = String(args.password ?? '');
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || password.length < 8) {
        console.error(
          `An --email and a --password of at least 8 characters are required.\n\n${HELP['create-admin']}`,
        );
        process.exitCode = 2;
      } else {
        const { createConfirmedUser } = await import('./modules/identity/accounts.ts');
        await createConfirmedUser(database.db, {
          email,
          password,
          displayName: String(args.name ?? email.split('@')[0]),
          roles: [PLATFORM_ROLES[0]],
        });
        console.log(`Platform admin ready: ${email}`);
      }
      await database.close();
      return;
    }
    case 'worker': {
      const runner = server.createJobRunner(deps);
      if (args.once) {
        const n = await runner.drain();
        console.log(`Ran ${n} job(s).`);
        await database.close();
        return;
      }
      runner.start();
      log.info('worker started', { database: database.kind, worker: runner.workerId });
      onShutdown(async () => {
        await runner.stop();
        await database.close();
      });
      return;
    }
    case 'serve': {
      let seeded = false;
      if (args.demo && (await isEmpty(database.db))) {
        await seedDemo(database.db, config.PUBLIC_URL, config.GONGJIN_SECRET);
        seeded = true;
      }
      const running = await server.startServer(deps, { worker: config.GONGJIN_INPROCESS_WORKER });
      console.log(
        `\n  共进 Gongjin is running at ${running.url}  (database: ${database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
      );
      if (args.demo) {
        console.log(
          `  Demo admin login: ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}${seeded ? '  (demo alliance loaded)' : ''}`,
        );
      }
      console.log('');
      onShutdown(async () => {
        await running.close();
        await database.close();
      });
      return;
    }
  }
}

function onShutdown(fn: () => Promise<void>) {
  let closing = false;
  const handler = (signal: string) => {
    if (closing) return;
    closing = true;
    fn()
      .catch((err) => console.error(`shutdown after ${signal}:`, err))
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', () => handler('SIGINT'));
  process.once('SIGTERM', () => handler('SIGTERM'));
}
