/** The `gongjin` command line: serve, migrate, seed, create-admin, worker, verify, export, import, copy-db. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, resolveSecret, SECRET_FILE } from './config.ts';
import { PLATFORM_ROLES } from './platform/permissions.ts';

const HELP: Record<string, string> = {
  main: `Usage: gongjin <command> [options]

Commands:
  serve          Start the web server (and the job worker, unless GONGJIN_INPROCESS_WORKER=false)
  migrate        Apply database migrations and exit
  seed --demo    Load the fictional demo alliance into an empty database
  create-admin   Create (or promote) a platform administrator
  worker         Run background jobs (mail …) in this process
  verify FILE    Verify a credential offline (no server, no network)
  export wall    Write the member wall as a static site (--out DIR)
  import wall    Import a landscape2 data directory (DIR/data.yml and DIR/logos/)
  copy-db        Copy this installation's data into an empty PostgreSQL database (--to URL)

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
  export: `Usage: gongjin export wall --out DIR

Writes a self-contained static copy of the member wall into DIR: the wall and every member and
product page in Chinese and English, logos, the stylesheet, JSON, CSV, and landscape2 data.yml with
its logos/ folder (so DIR can be read back with "gongjin import wall DIR").`,
  import: `Usage: gongjin import wall DIR [--mapping FILE] [--skip]

Imports a landscape2 data directory into the wall: DIR/data.yml with the logos it names in
DIR/logos/, or a copy of the CNCF landscape repository as it is (DIR/landscape.yml and
DIR/hosted_logos/). Categories, subcategories and organisations the file names but this
installation lacks are created; a mapping file (DIR/gongjin-mapping.yml, or --mapping FILE) puts
them on existing ones instead, or skips categories:
  categories:    { "CNCF Members": skip, Provisioning: ecosystem }
  subcategories: { "Provisioning/Automation & Configuration": developer-tools }
  organizations: { "https://www.crunchbase.com/organization/red-hat": redhat }
All or nothing: every error is printed with its line, and nothing is written unless there is none.
Parts that cannot be taken (a logo the sanitiser refuses, a skipped category) are listed first;
the import writes the rest only when run again with --skip. Existing products that are
overwritten are printed by name.
A directory written by "gongjin export wall" imports back to the same data, also into an empty
installation.
Exit status: 0 imported, 1 errors or unaccepted skips in the data, 2 usage or unreadable directory.`,
  'copy-db': `Usage: gongjin copy-db --to postgres://USER@HOST:PORT/DATABASE

Copies every row of this installation's database (PGlite in GONGJIN_DATA_DIR, or DATABASE_URL)
into another, empty PostgreSQL database: how an installation that began on PGlite moves to a
server. Stop the server first. The target is migrated, then filled in one transaction (all or
nothing); a target that already holds rows is refused. Afterwards set DATABASE_URL to the target.
Exit status: 0 copied, 1 refused or failed, 2 usage.`,
  worker: `Usage: gongjin worker [--once]

Runs background jobs (mail delivery …). Any number of workers may run beside the servers.
  --once   Run the jobs that are due, then exit`,
  verify: `Usage: gongjin verify credential.json [--key FILE]... [--context [URL=]FILE]...

Verifies an Open Badges 3.0 / W3C VC 2.0 credential offline: every Data Integrity proof
(eddsa-rdfc-2022, eddsa-jcs-2022), that every listed issuer signed it (issuer binding, reported
apart from the signatures), and its validity dates. The VC 2.0 and Open Badges 3.0 contexts are
bundled; nothing is fetched. Status lists cannot be checked offline.
  --key FILE        A signer's DID document (from /issuers/<slug>/did.json) or a Multikey
                    document; repeat it for each signer of a co-signed credential (did:key
                    signers need none)
  --context URL=FILE
                    A JSON-LD context the credential names that is not bundled (for instance
                    https://www.w3.org/ns/credentials/examples/v2), read from FILE. Repeatable.
                    A bare FILE stands for the one context URL the credential names that is
                    neither bundled nor given. A bundled URL always uses the bundled copy.
Exit status: 0 valid, 1 invalid (the failing check is named), 2 usage or unreadable file.`,
};

/** `gongjin verify`: needs no configuration and no database. */
async function verifyCommand(rest: string[]): Promise<void> {
  let parsed: { values: { key?: string[]; context?: string[]; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        key: { type: 'string', multiple: true },
        context: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : err}\n\n${HELP.verify}`);
    process.exitCode = 2;
    return;
  }
  if (parsed.values.help) {
    console.log(HELP.verify);
    return;
  }
  if (parsed.positionals.length !== 1) {
    console.error(HELP.verify);
    process.exitCode = 2;
    return;
  }
  const { readFileSync } = await import('node:fs');
  /** A file as JSON, or null after saying why (unreadable, not JSON). */
  const readJson = (file: string): { text: string; json: unknown } | null => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      console.error(`Cannot read ${file}: ${err instanceof Error ? err.message : err}`);
      return null;
    }
    try {
      return { text, json: JSON.parse(text) };
    } catch {
      console.error(`${file} is not JSON.`);
      return null;
    }
  };
  const fail = () => {
    process.exitCode = 2;
  };
  let credentialText: string;
  try {
    credentialText = readFileSync(parsed.positionals[0], 'utf8');
  } catch (err) {
    console.error(`Cannot read ${parsed.positionals[0]}: ${err instanceof Error ? err.message : err}`);
    return fail();
  }
  const keyFiles: unknown[] = [];
  for (const file of parsed.values.key ?? []) {
    const read = readJson(file);
    if (!read) return fail();
    keyFiles.push(read.json);
  }
  const { unresolvedContexts } = await import('./modules/credentials/offline.ts');
  const contexts = new Map<string, unknown>();
  const bare: unknown[] = [];
  for (const spec of parsed.values.context ?? []) {
    const eq = /^[a-z][a-z0-9+.-]*:[^=]*=/i.exec(spec);
    const [url, file] = eq ? [spec.slice(0, eq[0].length - 1), spec.slice(eq[0].length)] : [null, spec];
    const read = readJson(file);
    if (!read) return fail();
    if (url) contexts.set(url, read.json);
    else bare.push(read.json);
  }
  if (bare.length > 0) {
    // A bare FILE stands for the single context URL left unresolved by the bundled and URL= ones.
    const open = unresolvedContexts(credentialText).filter((u) => !contexts.has(u));
    if (bare.length !== 1 || open.length !== 1) {
      console.error(
        '--context FILE without URL= needs exactly one such FILE and one context the credential names ' +
          `that is not bundled; it names ${open.length ? open.join(', ') : 'none'}. Use --context URL=FILE.`,
      );
      return fail();
    }
    contexts.set(open[0], bare[0]);
  }
  // The module list installs the messages the report is written in (server.ts loads it for the rest).
  await import('./modules/index.ts');
  const { verifyOffline, formatReport } = await import('./modules/credentials/offline.ts');
  const { lines, failed } = formatReport(await verifyOffline(credentialText, keyFiles, { contexts }));
  for (const line of lines) (failed ? console.error : console.log)(line);
  if (failed) process.exitCode = 1;
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP.main);
    return;
  }
  if (command === 'verify') return verifyCommand(rest);
  if (!(command in HELP) || command === 'main') {
    console.error(`Unknown command "${command}".\n\n${HELP.main}`);
    process.exitCode = 2;
    return;
  }
  let args: ReturnType<typeof parseArgs>['values'];
  let positionals: string[] = [];
  try {
    ({ values: args, positionals } = parseArgs({
      args: rest,
      options: {
        help: { type: 'boolean', short: 'h' },
        demo: { type: 'boolean' },
        once: { type: 'boolean' },
        port: { type: 'string' },
        email: { type: 'string' },
        password: { type: 'string' },
        name: { type: 'string' },
        out: { type: 'string' },
        to: { type: 'string' },
        mapping: { type: 'string' },
        skip: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: command === 'export' || command === 'import',
    }));
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
    // Every command below (serve, seed, worker, import/export, copy-db …) signs and decrypts with
    // this one resolved secret, so what one command wrote the next can read.
    config = resolveSecret(loadConfig(args.port ? { ...process.env, PORT: String(args.port) } : process.env));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exitCode = 1;
      return;
    }
    throw err;
  }

  // server.ts loads the module list (through the job list): every command below has it installed.
  const server = await import('./server.ts');
  const log = server.createLogger(config.LOG_LEVEL);
  const secretFile = `${config.dataDir}/${SECRET_FILE}`;
  // Said once, when it happens (later starts stay quiet: `worker --once` prints only its count).
  if (config.secretSource === 'created') {
    log.warn(
      {
        file: secretFile,
        hint: 'set GONGJIN_SECRET (32+ random characters) to choose it; production requires it',
      },
      'GONGJIN_SECRET is not set: generated one and stored it',
    );
  }
  if (config.secretSource !== 'env' && config.DATABASE_URL) {
    log.warn(
      { file: secretFile },
      'with DATABASE_URL, every app process must share one secret: set GONGJIN_SECRET',
    );
  }
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
    case 'export': {
      if (positionals[0] !== 'wall' || typeof args.out !== 'string' || !args.out) {
        console.error(HELP.export);
        process.exitCode = 2;
        await database.close();
        return;
      }
      const { createApp } = await import('./app.tsx');
      const { writeStaticWall } = await import('./modules/members/views/static-pages.tsx');
      const app = createApp(deps);
      const started = performance.now();
      const made = await writeStaticWall({
        deps,
        fetchPage: (p, init) => Promise.resolve(app.request(`${config.PUBLIC_URL}${p}`, init)),
        outDir: args.out,
        publicUrl: config.PUBLIC_URL,
      });
      console.log(
        `Static wall written to ${args.out}: ${made.files} files, ${(made.bytes / 1024).toFixed(0)} KB in ${((performance.now() - started) / 1000).toFixed(2)} s.`,
      );
      await database.close();
      return;
    }
    case 'import': {
      const dir = positionals[1];
      if (positionals[0] !== 'wall' || !dir || positionals.length !== 2) {
        console.error(HELP.import);
        process.exitCode = 2;
        await database.close();
        return;
      }
      const { runWallImport } = await import('./modules/members/cli-import.ts');
      process.exitCode = await runWallImport(database.db, dir, {
        mapping: typeof args.mapping === 'string' ? args.mapping : undefined,
        skip: args.skip === true,
      });
      await database.close();
      return;
    }
    case 'copy-db': {
      const to = typeof args.to === 'string' ? args.to : '';
      if (!/^postgres(ql)?:\/\//.test(to) || to === config.DATABASE_URL) {
        console.error(
          to === config.DATABASE_URL && to ? 'The target is the database in use.' : HELP['copy-db'],
        );
        process.exitCode = 2;
        await database.close();
        return;
      }
      const shown = to.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
      const { openPostgres } = await import('./db/client.ts');
      const { copyDatabase, CopyRefused } = await import('./db/copy.ts');
      let target: Awaited<ReturnType<typeof openPostgres>> | undefined;
      try {
        target = await openPostgres(to, 2);
        const report = await copyDatabase(database, target, (table, rows) =>
          console.log(`  ${table}: ${rows}`),
        );
        console.log(`Copied ${report.rows} rows in ${report.tables.length} tables to ${shown}.`);
        console.log('Start Gongjin with DATABASE_URL set to that database.');
        if (config.secretSource !== 'env') {
          // Issuer keys are encrypted under the secret: the server needs this installation's one.
          console.log(
            `Keep this installation's secret: GONGJIN_SECRET from ${secretFile} (or the same GONGJIN_DATA_DIR).`,
          );
        }
      } catch (err) {
        if (!(err instanceof CopyRefused) && target) throw err;
        console.error(err instanceof Error ? err.message : String(err));
        process.exitCode = 1;
      } finally {
        await target?.close();
        await database.close();
      }
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
      log.info({ database: database.kind, worker: runner.workerId }, 'worker started');
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
