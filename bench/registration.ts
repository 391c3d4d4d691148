/**
 * Registration throughput, service layer (no HTTP): `node bin/run-ts.mjs bench/registration.ts`.
 * Opens a fresh database (in-memory PGlite; also PostgreSQL when BENCH_DATABASE_URL points at an
 * empty database), creates a salon with 100 seats, then fires `register` for 1,000 people with 50
 * in flight at once. Prints registrations/s and checks that exactly 100 are confirmed (no oversell).
 *
 * Then, over HTTP in one run (wrk -t1 -c50, each server in its own process): a Hono "hello" and a
 * salon's public page as an anonymous visitor sees it (served from the anonymous page cache) on the
 * demo alliance; prints both and the ratio (target ≥ 50 %).
 *
 * Last, poster rendering (both formats, satori → SVG → PNG with resvg in the poster worker): the first
 * render (worker started, fonts parsed) and
 * the median of five more, against the 1 s target.
 *
 * Options: --people 1000  --seats 100  --concurrency 50  --pool 10 (PostgreSQL connections)
 *          --databases pglite,postgres  --http true  --duration 10s
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { type Database, openPglite, openPostgres } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createOrganization } from '../src/modules/identity/organizations.ts';
import { users } from '../src/modules/identity/schema.ts';
import { monogramSvg } from '../src/modules/members/svg.ts';
import {
  closePosterWorker,
  POSTER_FORMATS,
  type PosterFormat,
  renderPosterPng,
} from '../src/modules/salons/poster.ts';
import { salonRegistrations } from '../src/modules/salons/schema.ts';
import { changeSalonStatus, createSalon, createSeries, register } from '../src/modules/salons/service.ts';

const { values: opts } = parseArgs({
  options: {
    people: { type: 'string', default: '1000' },
    seats: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '50' },
    pool: { type: 'string', default: '10' },
    databases: { type: 'string', default: 'pglite,postgres' },
    http: { type: 'string', default: 'true' },
    duration: { type: 'string', default: '10s' },
    posters: { type: 'string', default: 'true' },
  },
});
const PEOPLE = Number(opts.people);
const SEATS = Number(opts.seats);
const CONCURRENCY = Number(opts.concurrency);
const info = { publicUrl: 'http://bench.test', ip: null, actorId: null };
const mail = { publicUrl: 'http://bench.test', secret: 'b'.repeat(40), locale: 'zh-CN' as const };

async function run(name: string, database: Database) {
  const db = database.db;
  await migrate(database);
  const [owner] = await db
    .insert(users)
    .values({ email: `owner-${Date.now()}@bench.test`, passwordHash: 'x', displayName: '主办' })
    .returning();
  const org = await createOrganization(
    db,
    owner.id,
    {
      slug: `bench-${Date.now()}`,
      nameZh: '压测单位',
      nameEn: '',
      type: 'vendor',
      city: '杭州',
      website: '',
      description: '',
    },
    info,
  );
  const series = await createSeries(
    db,
    { slug: `bench-${Date.now()}`, titleZh: '压测', titleEn: '', description: '' },
    info,
  );
  const salon = await createSalon(
    db,
    {
      seriesId: series.id,
      title: '压测沙龙',
      description: '',
      city: '杭州',
      venue: '',
      address: '',
      mapUrl: '',
      startsAt: new Date(Date.now() + 30 * 86_400_000),
      endsAt: new Date(Date.now() + 30 * 86_400_000 + 3 * 3600_000),
      timezone: 'Asia/Shanghai',
      hostOrgId: org.id,
      cohostOrgIds: [],
      capacity: SEATS,
      registrationDeadline: null,
      questions: [],
    },
    info,
  );
  await changeSalonStatus(db, salon.id, 'announced', info);
  await changeSalonStatus(db, salon.id, 'registration_open', info);
  const people = await db
    .insert(users)
    .values(
      Array.from({ length: PEOPLE }, (_, i) => ({
        email: `p${i}-${Date.now()}@bench.test`,
        passwordHash: 'x',
        displayName: `参会者${i}`,
      })),
    )
    .returning({ id: users.id });
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < people.length) {
        const p = people[next++];
        await register(db, { salonId: salon.id, userId: p.id, answers: {} }, info, mail);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  const cpuSeconds = (user + system) / 1e6;
  const regs = await db.select().from(salonRegistrations).where(eq(salonRegistrations.salonId, salon.id));
  const confirmed = regs.filter((r) => r.status === 'confirmed').length;
  console.log(
    `${name}: ${PEOPLE} registrations in ${seconds.toFixed(2)} s = ${(PEOPLE / seconds).toFixed(0)}/s; ` +
      `confirmed ${confirmed} of ${SEATS} seats, waitlisted ${regs.length - confirmed} — ${confirmed === SEATS ? 'no oversell' : 'OVERSOLD'}; ` +
      `this process used ${cpuSeconds.toFixed(2)} s of CPU (${((1000 * cpuSeconds) / PEOPLE).toFixed(1)} ms per registration)`,
  );
  await database.close();
  if (confirmed !== SEATS) process.exitCode = 1;
}

const databases = opts.databases.split(',');
if (databases.includes('pglite')) await run('PGlite', await openPglite(undefined));
if (databases.includes('postgres') && process.env.BENCH_DATABASE_URL)
  await run(
    `PostgreSQL (pool ${opts.pool})`,
    await openPostgres(process.env.BENCH_DATABASE_URL, Number(opts.pool)),
  );

/** Starts a child process and resolves with the URL its stdout announces (group 1 of `ready`). */
function start(args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  return new Promise<{ url: string; child: ChildProcess }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start:\n${out}`));
    }, 120_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited (${code}):\n${out}`));
    });
  });
}

async function wrk(url: string, duration: string): Promise<{ rps: number; non2xx: number }> {
  const { stdout } = await promisify(execFile)('/usr/bin/wrk', ['-t1', '-c50', `-d${duration}`, url], {
    timeout: 600_000,
  });
  return {
    rps: Number(stdout.match(/Requests\/sec:\s+([\d.]+)/)?.[1]),
    non2xx: Number(stdout.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0),
  };
}

async function measure(name: string, url: string) {
  await wrk(url, '3s');
  const r = await wrk(url, opts.duration);
  console.log(`  ${name}: ${r.rps.toFixed(0)} req/s${r.non2xx ? ` (${r.non2xx} non-2xx)` : ''}`);
  return r.rps;
}

const stop = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });

async function httpRun() {
  if (!existsSync('/usr/bin/wrk')) return console.log('HTTP: /usr/bin/wrk is missing, skipped');
  const env = { ...process.env };
  for (const k of ['DATABASE_URL', 'PORT', 'PUBLIC_URL', 'GONGJIN_DATA_DIR', 'NODE_OPTIONS']) delete env[k];
  console.log(`HTTP (wrk -t1 -c50 -d${opts.duration}, after a 3 s warm-up):`);
  const hono = await start(['bin/run-ts.mjs', 'bench/targets.ts', 'hono', '0'], env, /READY (http:\/\/\S+)/);
  let honoRps = 0;
  try {
    honoRps = await measure('Hono hello', `${hono.url}/`);
  } finally {
    await stop(hono.child);
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongjin-bench-'));
  const app = await start(
    ['bin/gongjin.mjs', 'serve', '--demo', '--port', '0'],
    {
      ...env,
      NODE_ENV: 'production',
      GONGJIN_SECRET: randomBytes(32).toString('hex'),
      GONGJIN_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    /Gongjin is running at (http:\/\/\S+)/,
  );
  try {
    const index = await (await fetch(`${app.url}/salons`)).text();
    const id = index.match(/href="\/salons\/([0-9a-f-]{36})"/)?.[1];
    if (!id) throw new Error('no salon on the demo /salons page');
    const url = `${app.url}/salons/${id}`;
    const first = await fetch(url);
    if (first.status !== 200) throw new Error(`GET ${url} answered ${first.status}`);
    const rps = await measure('salon page (anonymous, cached)', url);
    const ratio = rps / honoRps;
    console.log(
      `  → ${(100 * ratio).toFixed(1)} % of the Hono hello (target ≥ 50 %): ${ratio >= 0.5 ? 'MET' : 'MISSED'}`,
    );
  } finally {
    await stop(app.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (opts.http === 'true') await httpRun();

async function posterRun() {
  const data = {
    series: '共话未来趋势',
    number: '第 12 期',
    title: '国产数据库共话未来趋势：分布式事务与向量检索的工程实践',
    city: '杭州',
    when: '2030-03-01 14:00–17:30',
    venue: '西溪会议中心 A 厅',
    highlights: ['开场公开课：HTAP 架构演进', '迷你分享：向量索引', '热点问答', 'PK：迁移实战'],
    // Monograms as logos: each an SVG with text, rasterised with the fonts before layout.
    hosts: [
      ['yunhai', '云海数据'],
      ['beichen', '北辰时序'],
      ['xinghe', '星河科技'],
    ].map(([slug, name]) => ({
      name,
      logo: { mime: 'image/svg+xml' as const, bytes: new TextEncoder().encode(monogramSvg(slug, name)) },
    })),
    labels: { hosts: '主办 / 协办', scan: '扫码报名' },
    registerUrl: 'https://gongjin.example.cn/salons/0b7c6d1e-0000-4000-8000-000000000000/register',
  };
  console.log('Posters (satori → SVG → PNG with resvg, in the poster worker, Noto Sans SC):');
  for (const format of Object.keys(POSTER_FORMATS) as PosterFormat[]) {
    const times: number[] = [];
    const cpu: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 6; i++) {
      const started = performance.now();
      const used = process.cpuUsage();
      bytes = (await renderPosterPng(data, format)).length;
      times.push(performance.now() - started);
      const { user, system } = process.cpuUsage(used);
      cpu.push((user + system) / 1000);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const { width, height } = POSTER_FORMATS[format];
    // CPU time is printed beside wall time: on a shared machine the wall clock includes waiting.
    console.log(
      `  ${format} ${width}×${height}: first ${times[0].toFixed(0)} ms, median ${median(times.slice(1)).toFixed(0)} ms ` +
        `(CPU median ${median(cpu.slice(1)).toFixed(0)} ms), ${(bytes / 1024).toFixed(0)} KB — ` +
        `${median(times.slice(1)) <= 1000 ? 'within' : 'OVER'} the 1 s target`,
    );
  }
}

if (opts.posters === 'true') {
  await posterRun();
  await closePosterWorker();
}
