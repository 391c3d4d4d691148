/**
 * The Gongjin process bench/tail-latency.ts measures: what `gongjin serve --demo` runs (PGlite in a
 * temporary directory, the demo alliance, the in-process job worker, the production listener and
 * logger), plus one co-signed credential to verify. It watches its own event loop and garbage
 * collector, so the bench can say where a slow request's time went:
 *   - `perf_hooks.monitorEventLoopDelay` (1 ms resolution): how late timers fire, i.e. how long
 *     the loop was blocked by synchronous work;
 *   - a PerformanceObserver on 'gc' entries: every pause, its kind and length;
 *   - a 'measure' listener around each database query would be invasive, so instead the time the
 *     loop spent inside PGlite is counted by wrapping `database.db.$client` (PGlite runs in this
 *     thread: a query is synchronous work for the loop).
 * Protocol on stdin/stdout: prints `READY <url> <credential-json-file>`; on the line `mark` it
 * resets the counters (answering `MARKED`), on `report` it prints `REPORT <json>` with what it saw since the mark.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHistogram, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { queryRows } from '../src/db/client.ts';
import { createAchievement, createIssuer, issueCredentials } from '../src/modules/credentials/service.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { createDeps, createLogger, openAndMigrate, startServer } from '../src/server.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gongjin-tail-'));
const config = loadConfig({
  NODE_ENV: 'production',
  GONGJIN_DATA_DIR: dir,
  GONGJIN_SECRET: randomBytes(32).toString('hex'),
  PUBLIC_URL: 'http://127.0.0.1',
  // Every wrk request names its own client (a 127.x text in X-Forwarded-For), so the per-address
  // public-lookup limit (120 a minute) is paid per request without refusing the load.
  TRUST_PROXY: 'true',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
});
const database = await openAndMigrate(config);
const log = createLogger(config.LOG_LEVEL);
const deps = createDeps(database, config, log);
await seedDemo(database.db, config.PUBLIC_URL, config.GONGJIN_SECRET);

const ctx = { db: database.db, secret: config.GONGJIN_SECRET, publicUrl: config.PUBLIC_URL, embedded: true };
const info = { ip: null, actorId: null };
const a = await createIssuer(ctx, { slug: 'tail-alliance', nameZh: '联盟', nameEn: 'Alliance' }, info);
const b = await createIssuer(ctx, { slug: 'tail-body', nameZh: '认证中心', nameEn: 'Body' }, info);
const achievement = await createAchievement(
  ctx,
  {
    slug: 'tail-bench',
    nameZh: 'PostgreSQL 初级认证',
    nameEn: 'PostgreSQL Associate',
    descriptionZh: '掌握 PostgreSQL 的安装、SQL 与备份恢复。',
    descriptionEn: 'Installs PostgreSQL, writes SQL, backs up and restores.',
    criteriaZh: '通过初级考试。',
    criteriaEn: 'Passed the associate exam.',
    issuerId: a.id,
    coIssuerId: b.id,
  },
  info,
);
const [row] = await issueCredentials(ctx, achievement.id, [{ name: '持有人', evidence: [] }], info);
const credentialFile = path.join(dir, 'credential.json');
writeFileSync(credentialFile, JSON.stringify({ credential: row.document }));

const running = await startServer(deps, { worker: config.GONGJIN_INPROCESS_WORKER });

// Time spent inside PGlite's query calls (synchronous WASM work on this thread, plus its awaits).
const client = (database.db as unknown as { $client: Record<string, unknown> }).$client;
let dbCalls = 0;
let dbMs = 0;
let dbMaxMs = 0;
const dbKinds = new Map<string, number>();
for (const method of ['query', 'exec', 'transaction']) {
  const original = client[method];
  if (typeof original !== 'function') continue;
  client[method] = async function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    try {
      return await (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    } finally {
      const ms = performance.now() - t0;
      const what = typeof args[0] === 'string' ? args[0].replace(/\s+/g, ' ').slice(0, 48) : method;
      dbKinds.set(what, (dbKinds.get(what) ?? 0) + 1);
      dbCalls += 1;
      dbMs += ms;
      if (ms > dbMaxMs) dbMaxMs = ms;
    }
  };
}

// New TCP connections: wrk keeps its connections open, so more than it opened means the server closed some.
let connections = 0;
let closed = 0;
let clientErrors = '';
// Only connections opened since the mark count as closed, so the last window's ends are not counted.
let window = 0;
running.server.on('connection', (socket) => {
  connections += 1;
  const openedIn = window;
  socket.once('close', () => {
    if (openedIn === window) closed += 1;
  });
});
running.server.on('clientError', (err: NodeJS.ErrnoException) => {
  if (clientErrors.length < 200) clientErrors += `${err.code ?? err.message} `;
});
// Time from the 'request' event (headers parsed) to the response's last byte handed to the kernel:
// what the server itself adds, apart from waiting in socket buffers before it reads the request.
const served = createHistogram();
running.server.prependListener('request', (_req, res) => {
  const t0 = process.hrtime.bigint();
  res.once('finish', () => served.record(Number(process.hrtime.bigint() - t0) || 1));
});

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
let gcCount = 0;
let gcMs = 0;
let gcMaxMs = 0;
let gcMaxKind = '';
const kinds: Record<number, string> = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weak-cb' };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcCount += 1;
    gcMs += e.duration;
    if (e.duration > gcMaxMs) {
      gcMaxMs = e.duration;
      gcMaxKind = kinds[(e as { detail?: { kind?: number } }).detail?.kind ?? 0] ?? '?';
    }
  }
}).observe({ entryTypes: ['gc'] });
let markedAt = performance.now();
let cpuAtMark = process.cpuUsage();

const ms = (ns: number) => Math.round(ns / 1e4) / 100;
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'mark') {
    loop.reset();
    served.reset();
    gcCount = gcMs = gcMaxMs = dbCalls = dbMs = dbMaxMs = connections = closed = 0;
    clientErrors = '';
    gcMaxKind = '';
    dbKinds.clear();
    window += 1;
    markedAt = performance.now();
    cpuAtMark = process.cpuUsage();
    console.log('MARKED');
  } else if (line === 'jobs') {
    // Jobs still to run (the demo seed queues posters and mails): the bench waits for none.
    queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from jobs where status = 'running' or (status = 'queued' and run_at <= now())`,
    )
      .then(([r]) => console.log(`JOBS ${Number(r.n)}`))
      .catch(() => console.log('JOBS -1'));
  } else if (line === 'report') {
    const seconds = (performance.now() - markedAt) / 1000;
    const cpu = process.cpuUsage(cpuAtMark);
    console.log(
      `REPORT ${JSON.stringify({
        seconds,
        // CPU this process got, as a share of one core: near 100 % means it was busy (throughput-bound);
        // far below while requests queue means the machine did not give it the CPU.
        cpuPercent: Math.round((cpu.user + cpu.system) / 10 / (seconds * 1000)),
        servedP50: ms(served.percentile(50)),
        servedP99: ms(served.percentile(99)),
        servedMax: ms(served.max),
        loopDelayP50: ms(loop.percentile(50)),
        loopDelayP99: ms(loop.percentile(99)),
        loopDelayMax: ms(loop.max),
        gcCount,
        gcMs: Math.round(gcMs),
        gcMaxMs: Math.round(gcMaxMs * 10) / 10,
        gcMaxKind,
        dbCalls,
        dbMs: Math.round(dbMs),
        dbMaxMs: Math.round(dbMaxMs * 10) / 10,
        connections,
        closed,
        clientErrors,
        dbKinds: Object.fromEntries(dbKinds),
        heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
      })}`,
    );
  }
});

const stop = async () => {
  await running.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
console.log(`READY ${running.url} ${credentialFile}`);
