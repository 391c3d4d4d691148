/**
 * HTTP benchmark, run by `npm run bench`. In one run, on this machine, each in its own process:
 *   1. a bare node:http "hello" server,
 *   2. a Hono "hello" on @hono/node-server,
 *   3. Gongjin's home page (anonymous visitor, demo alliance, PGlite), started through the CLI.
 * Load comes from wrk (Debian's /usr/bin/wrk: -t1 -c50 -d10s --latency) after a warm-up, so the
 * load generator never shares an event loop with a server. Prints req/s, p50 and p99 and each one's
 * ratio to the bare hello, and checks the target: home page ≥ 30 % of bare throughput, p99 < 50 ms.
 *
 * Options: --duration 10s  --connections 50  --warmup 3s
 *          --profile      also run the home page under `node --cpu-prof` and print the top functions
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WRK = '/usr/bin/wrk';
const TARGET = { throughputRatio: 0.3, p99Ms: 50 };

const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '10s' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '3s' },
    profile: { type: 'boolean', default: false },
  },
});

type Result = {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  socketErrors: string;
  bytes: number;
};

type Target = {
  name: string;
  path: string;
  start(extraNodeArgs?: string[]): Promise<Running>;
  /** Save the response (status, headers, body) here, for the replay target. */
  recordTo?: string;
};
type Running = { url: string; child: ChildProcess; stop(): Promise<void>; cleanup(): void };

/** Starts a child and waits for `pattern` (group 1 = URL) on stdout. */
function startChild(args: string[], env: NodeJS.ProcessEnv, pattern: RegExp, cleanup = () => {}) {
  return new Promise<Running>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
      const m = out.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          child,
          cleanup,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
              child.once('exit', () => {
                clearTimeout(force);
                done();
              });
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${out}`));
    });
  });
}

const baseEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const k of ['DATABASE_URL', 'PORT', 'PUBLIC_URL', 'GONGJIN_DATA_DIR', 'NODE_OPTIONS']) delete env[k];
  return env;
};

const baseline = (kind: 'bare' | 'hono', name: string): Target => ({
  name,
  path: '/',
  start: (extra = []) =>
    startChild(
      [...extra, 'bin/run-ts.mjs', 'bench/targets.ts', kind, '0'],
      baseEnv(),
      /READY (http:\/\/\S+)/,
    ),
});

const gongjinHome: Target = {
  name: 'Gongjin home (anon, demo, PGlite)',
  path: '/',
  start: async (extra = []) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongjin-bench-'));
    return startChild(
      [...extra, 'bin/gongjin.mjs', 'serve', '--demo', '--port', '0'],
      {
        ...baseEnv(),
        NODE_ENV: 'production',
        GONGJIN_SECRET: randomBytes(32).toString('hex'),
        GONGJIN_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      },
      /Gongjin is running at (http:\/\/\S+)/,
      () => rmSync(dataDir, { recursive: true, force: true }),
    );
  },
};

function toMs(value: string): number {
  const m = value.match(/^([\d.]+)(us|ms|s|m)$/);
  if (!m) throw new Error(`cannot read latency "${value}"`);
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

async function wrk(url: string, duration: string, name: string): Promise<Result> {
  const { stdout } = await promisify(execFile)(
    WRK,
    ['-t1', `-c${opts.connections}`, `-d${duration}`, '--latency', url],
    { timeout: 600_000 },
  );
  const rps = Number(stdout.match(/Requests\/sec:\s+([\d.]+)/)?.[1]);
  const p50 = stdout.match(/^\s+50%\s+(\S+)/m)?.[1];
  const p99 = stdout.match(/^\s+99%\s+(\S+)/m)?.[1];
  if (!rps || !p50 || !p99) throw new Error(`cannot read wrk output:\n${stdout}`);
  const requests = Number(stdout.match(/(\d+) requests in/)?.[1] ?? 0);
  const bytes = stdout.match(/requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read/);
  const unit = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 } as const;
  return {
    name,
    rps,
    p50: toMs(p50),
    p99: toMs(p99),
    non2xx: Number(stdout.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0),
    socketErrors: stdout.match(/Socket errors: (.*)/)?.[1] ?? '',
    bytes: bytes && requests ? (Number(bytes[1]) * unit[bytes[2] as keyof typeof unit]) / requests : 0,
  };
}

async function measure(target: Target): Promise<Result> {
  const running = await target.start();
  try {
    const url = `${running.url}${target.path}`;
    // Sanity: the page answers 200 with content before we time it.
    const res = await fetch(url);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${target.name}: GET ${url} answered ${res.status}`);
    if (target.recordTo) {
      const headers = [...res.headers].filter(([k]) => k !== 'set-cookie');
      for (const c of res.headers.getSetCookie()) headers.push(['set-cookie', c]);
      writeFileSync(target.recordTo, JSON.stringify({ status: res.status, headers, body }));
    }
    process.stdout.write(`  ${target.name}: ${body.length} bytes per response; warm-up ${opts.warmup} … `);
    await wrk(url, opts.warmup, target.name);
    process.stdout.write(`measuring ${opts.duration} … `);
    const result = await wrk(url, opts.duration, target.name);
    console.log(`${Math.round(result.rps)} req/s`);
    return result;
  } finally {
    await running.stop();
    running.cleanup();
  }
}

/**
 * Runs the home page under --cpu-prof with the same load, then prints where the time went during the
 * measured window only (start-up, migrations and demo seeding are left out: the profile's clock is
 * CLOCK_MONOTONIC, the same as process.hrtime here).
 */
async function profileHome(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gongjin-prof-'));
  const running = await gongjinHome.start(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const now = () => Number(process.hrtime.bigint() / 1000n);
  let from = 0;
  let to = 0;
  let result: Result;
  try {
    await wrk(`${running.url}/`, opts.warmup, 'warm-up');
    from = now();
    result = await wrk(`${running.url}/`, opts.duration, 'profile');
    to = now();
  } finally {
    await running.stop();
    running.cleanup();
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) {
    console.log(`no CPU profile written in ${dir}`);
    return;
  }
  type Node = {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  };
  const prof = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
    nodes: Node[];
    startTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const where = (n: Node) => {
    const url = n.callFrame.url.replace(`file://${ROOT}/`, '').replace(/^file:\/\//, '');
    return `${n.callFrame.functionName || '(anonymous)'}  ${url}${url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
  };
  const pkg = (n: Node) => {
    const url = n.callFrame.url.replace(`file://${ROOT}/`, '').replace(/^file:\/\//, '');
    if (url.startsWith('node_modules/'))
      return url
        .split('/')
        .slice(0, url.startsWith('node_modules/@') ? 3 : 2)
        .join('/');
    if (url.startsWith('node:'))
      return url
        .replace(/^node:internal\/deps\//, 'node:')
        .split('/')
        .slice(0, 2)
        .join('/');
    return url || n.callFrame.functionName;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byPkg = new Map<string, number>();
  let t = prof.startTime;
  let total = 0;
  prof.samples.forEach((id, i) => {
    t += prof.timeDeltas[i];
    if (t < from || t > to) return;
    total += 1;
    const leaf = byId.get(id) as Node;
    self.set(where(leaf), (self.get(where(leaf)) ?? 0) + 1);
    byPkg.set(pkg(leaf), (byPkg.get(pkg(leaf)) ?? 0) + 1);
    const seen = new Set<string>();
    for (let n: Node | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
      const key = where(n);
      if (seen.has(key) || !n.callFrame.url.includes(`${ROOT}/src/`)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + 1);
    }
  });
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, hits]) => `  ${((100 * hits) / total).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n');
  console.log(
    `\nCPU profile of the home page under load: ${Math.round(result.rps)} req/s while profiled, ` +
      `${total} samples in the measured window (${path.join(dir, file)})`,
  );
  console.log(`Self time by function:\n${top(self, 20)}`);
  console.log(`Self time by package / file:\n${top(byPkg, 15)}`);
  console.log(`Inclusive time of Gongjin's own functions (src/):\n${top(inclusive, 15)}`);
}

function table(results: Result[]) {
  const bare = results[0];
  const rows = results.map((r) => [
    r.name,
    r.rps.toFixed(0),
    `${((100 * r.rps) / bare.rps).toFixed(1)} %`,
    r.p50.toFixed(2),
    `${(r.p50 / bare.p50).toFixed(1)}×`,
    r.p99.toFixed(2),
    `${(r.p99 / bare.p99).toFixed(1)}×`,
    (r.bytes / 1024).toFixed(1),
    r.non2xx ? String(r.non2xx) : '0',
  ]);
  const head = ['target', 'req/s', 'vs bare', 'p50 ms', 'vs bare', 'p99 ms', 'vs bare', 'KB/resp', 'non-2xx'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
  for (const r of results) if (r.socketErrors) console.log(`  ${r.name}: socket errors ${r.socketErrors}`);
}

async function main() {
  if (!existsSync(WRK)) {
    console.error(`${WRK} is missing: apt-get install -y wrk`);
    process.exit(1);
  }
  console.log(
    `HTTP benchmark: wrk -t1 -c${opts.connections} -d${opts.duration} --latency (warm-up ${opts.warmup}), ` +
      `node ${process.version}, ${os.cpus().length} CPU(s): ${os.cpus()[0]?.model ?? '?'}`,
  );
  const recorded = path.join(mkdtempSync(path.join(os.tmpdir(), 'gongjin-bench-')), 'home.json');
  const replay: Target = {
    name: 'bare node:http, same bytes as home',
    path: '/',
    start: (extra = []) =>
      startChild(
        [...extra, 'bin/run-ts.mjs', 'bench/targets.ts', 'replay', recorded, '0'],
        baseEnv(),
        /READY (http:\/\/\S+)/,
        () => rmSync(path.dirname(recorded), { recursive: true, force: true }),
      ),
  };
  const targets = [
    baseline('bare', 'bare node:http hello'),
    baseline('hono', 'Hono hello'),
    { ...gongjinHome, recordTo: recorded },
    replay,
  ];
  const results: Result[] = [];
  for (const t of targets) results.push(await measure(t));
  table(results);
  console.log(
    `(the last row answers with the home page's recorded status, headers and body from a bare node:http ` +
      `server: the cost of sending those bytes, without making them)`,
  );

  const home = results[2];
  const ratio = home.rps / results[0].rps;
  const ok = ratio >= TARGET.throughputRatio && home.p99 < TARGET.p99Ms && home.non2xx === 0;
  console.log(
    `\nTarget: home page ≥ ${TARGET.throughputRatio * 100} % of bare hello throughput with p99 < ${TARGET.p99Ms} ms ` +
      `at ${opts.connections} connections → ${(ratio * 100).toFixed(1)} %, p99 ${home.p99.toFixed(1)} ms: ` +
      `${ok ? 'MET' : 'MISSED'}`,
  );
  if (opts.profile) await profileHome();
  if (!ok) process.exitCode = 1;
}

await main();
