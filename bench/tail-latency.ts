/**
 * Tail-latency benchmark (issue 17 item 5), run by `npm run bench:tail`. In one run, each server in
 * its own process and the load from wrk in another:
 *   1. bare node:http "hello", GET / at --connections (50), and the verify row's own wrk command
 *      (POST JSON from a Lua script) at --verify-connections (100);
 *   2. a bare @hono/node-server app, the same POST at the verify row's connections;
 *   3. Gongjin's cached anonymous home page, GET / at --connections;
 *   4. Gongjin's `GET /healthz` (every middleware, no database) at --verify-connections;
 *   5. Gongjin's `POST /api/v1/verify` of one co-signed credential at --verify-connections,
 *      every request from its own client address (X-Forwarded-For, TRUST_PROXY=true), so the
 *      public-lookup rate limiter is paid per request.
 * The Gongjin process (bench/tail-server.ts) is what `gongjin serve --demo` runs, with the request
 * log on (LOG_LEVEL=info, one JSON line per request). For each Gongjin window it reports what its
 * own event loop saw: loop delay (monitorEventLoopDelay), GC pauses, time inside PGlite. For every
 * window, bench/tail-counters.ts adds what the kernel counted: TCP drops, retransmits and
 * reconnects, segments a response, CPU pressure, and the server's and wrk's run-queue wait.
 * Targets: home p99 ≤ 3× bare p99; verify p99 < 100 ms. Tail figures on a shared machine are noisy:
 * the load average is printed with them, and the ratio is taken within this one run.
 *
 * Options: --duration 10s  --connections 50  --verify-connections 100  --warmup 3s
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  cpuDelta,
  describeWindow,
  type ProcessCpu,
  readKernel,
  readProcessCpu,
  readSockets,
  type SocketCounters,
} from './tail-counters.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WRK = '/usr/bin/wrk';
const TARGET = { homeP99Ratio: 3, verifyP99Ms: 100 };

const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '10s' },
    connections: { type: 'string', default: '50' },
    'verify-connections': { type: 'string', default: '100' },
    warmup: { type: 'string', default: '3s' },
  },
});

type WrkResult = {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  socketErrors: string;
  closedLoopMeanMs: number;
  counters: string;
};
type Report = {
  cpuPercent: number;
  servedP50: number;
  servedP99: number;
  servedMax: number;
  loopDelayP50: number;
  loopDelayP99: number;
  loopDelayMax: number;
  gcCount: number;
  gcMs: number;
  gcMaxMs: number;
  gcMaxKind: string;
  dbCalls: number;
  dbMs: number;
  dbMaxMs: number;
  heapMb: number;
  connections: number;
  closed: number;
  clientErrors: string;
  dbKinds: Record<string, number>;
};
type Child = {
  child: ChildProcess;
  words: string[];
  /** Lines the child wrote that are not protocol (its JSON log). */
  logLines: () => number;
  report(): Promise<Report>;
  jobs(): Promise<number>;
  /** Resets the server's counters; resolves once it has. */
  mark(): Promise<void>;
  stop(): Promise<void>;
};

const env = (): NodeJS.ProcessEnv => {
  const e = { ...process.env };
  for (const k of ['DATABASE_URL', 'PORT', 'PUBLIC_URL', 'GONGJIN_DATA_DIR', 'NODE_OPTIONS']) delete e[k];
  return e;
};

/** Starts `bin/run-ts.mjs <script> ...args` and waits for its `READY …` line. */
function start(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.mjs', ...args], {
      cwd: ROOT,
      env: { ...env(), ...extraEnv },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let logs = 0;
    let stderr = '';
    let pending: ((r: Report) => void) | undefined;
    let pendingJobs: ((n: number) => void) | undefined;
    let pendingMark: (() => void) | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start:\n${stderr}`));
    }, 600_000); // the demo seed and migrations take minutes on a loaded machine
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 20_000) stderr += d;
    });
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${stderr}`));
    };
    child.once('exit', onExit);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('READY ')) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve({
          child,
          words: line.split(' ').slice(1),
          logLines: () => logs,
          mark: () =>
            new Promise((done) => {
              pendingMark = done;
              child.stdin?.write('mark\n');
            }),
          jobs: () =>
            new Promise((done) => {
              pendingJobs = done;
              child.stdin?.write('jobs\n');
            }),
          report: () =>
            new Promise((done) => {
              pending = done;
              child.stdin?.write('report\n');
            }),
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
      } else if (line === 'MARKED') {
        pendingMark?.();
        pendingMark = undefined;
      } else if (line.startsWith('JOBS ')) {
        pendingJobs?.(Number(line.slice(5)));
        pendingJobs = undefined;
      } else if (line.startsWith('REPORT ')) {
        pending?.(JSON.parse(line.slice(7)) as Report);
        pending = undefined;
      } else if (line.startsWith('{')) logs += 1;
    });
  });
}

function toMs(value: string): number {
  const m = value.match(/^([\d.]+)(us|ms|s|m)$/);
  if (!m) throw new Error(`cannot read latency "${value}"`);
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

/**
 * wrk with an optional Lua script; prints nothing, returns its figures and what the kernel counted
 * meanwhile (bench/tail-counters.ts) for the server `serverPid` and for wrk itself.
 */
async function wrk(
  url: string,
  connections: string,
  duration: string,
  script?: string,
  serverPid?: number,
): Promise<WrkResult> {
  const kernelBefore = readKernel();
  const serverBefore = readProcessCpu(serverPid);
  const started = performance.now();
  let clientLast: ProcessCpu | undefined;
  let clientFirst: ProcessCpu | undefined;
  let sockets: SocketCounters | undefined;
  const port = Number(new URL(url).port);
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      WRK,
      ['-t1', `-c${connections}`, `-d${duration}`, '--latency', ...(script ? ['-s', script] : []), url],
      { timeout: 600_000 },
      (err, out) => {
        clearInterval(sampler);
        if (err) reject(err);
        else resolve(out);
      },
    );
    // wrk's /proc entry and its sockets are gone once it exits: keep the last readings.
    const sampler = setInterval(() => {
      // Counters only grow; a smaller sum means wrk's thread has already ended (it joins before printing).
      const reading = readProcessCpu(child.pid);
      if (reading && reading.threadsRunQueueMs >= (clientLast?.threadsRunQueueMs ?? 0)) clientLast = reading;
      clientFirst ??= clientLast;
      // The fullest reading: wrk's sockets close one by one as it ends.
      const now = port ? readSockets(port) : undefined;
      if (now && now.dataSegsOut >= (sockets?.dataSegsOut ?? 0)) sockets = now;
    }, 200);
  });
  const seconds = (performance.now() - started) / 1000;
  const serverAfter = readProcessCpu(serverPid);
  const kernelAfter = readKernel();
  const rps = Number(stdout.match(/Requests\/sec:\s+([\d.]+)/)?.[1]);
  const pct = (p: string) => stdout.match(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm'))?.[1];
  const max = stdout.match(/^\s+Latency\s+\S+\s+\S+\s+(\S+)/m)?.[1];
  const [p50, p90, p99] = [pct('50'), pct('90'), pct('99')];
  if (!rps || !p50 || !p90 || !p99 || !max) throw new Error(`cannot read wrk output:\n${stdout}`);
  const requests = Number(stdout.match(/^\s+(\d+) requests in/m)?.[1] ?? 0);
  return {
    rps,
    p50: toMs(p50),
    p90: toMs(p90),
    p99: toMs(p99),
    max: toMs(max),
    non2xx: Number(stdout.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0),
    socketErrors: stdout.match(/Socket errors: (.*)/)?.[1] ?? 'none',
    // A closed loop: each connection sends its next request when the answer came, so the mean
    // latency is connections ÷ throughput (Little's law) however the time is spent.
    closedLoopMeanMs: (Number(connections) / rps) * 1000,
    counters: describeWindow(
      kernelBefore,
      kernelAfter,
      seconds,
      requests,
      cpuDelta(serverBefore, serverAfter),
      cpuDelta(clientFirst, clientLast),
      sockets,
    ),
  };
}

/** wrk Lua: POST /api/v1/verify with the body in `file`, each request from its own client address. */
const verifyScript = (file: string) => `local f = io.open(${JSON.stringify(file)}, "r")
local body = f:read("*a")
f:close()
request = function()
  local ip = string.format("127.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format("POST", "/api/v1/verify", { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip }, body)
end
`;

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main() {
  if (!existsSync(WRK)) throw new Error(`${WRK} is missing: apt-get install -y wrk`);
  const c = opts.connections;
  const vc = opts['verify-connections'];
  console.log(
    `Tail-latency benchmark: wrk -t1 --latency, ${opts.duration} per row after a ${opts.warmup} warm-up, ` +
      `node ${process.version}, ${os.cpus().length} CPU(s), load average ${load()}`,
  );
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gongjin-tail-bench-'));
  const rows: Array<{ key: string; name: string; r: WrkResult; server?: Report; load: string }> = [];
  let logLines = 0;
  try {
    // 1. bare node:http
    const bare = await start(['bench/targets.ts', 'bare', '0']);
    try {
      const url = bare.words[0];
      await wrk(url, c, opts.warmup);
      rows.push({
        key: 'bare',
        name: `bare node:http hello, GET / -c${c}`,
        r: await wrk(url, c, opts.duration, undefined, bare.child.pid),
        load: load(),
      });
      // The verify row's wrk command (POST, Lua request per call, its connections) against bare
      // node:http: what that load costs before any framework.
      const script = path.join(tmp, 'hono.lua');
      writeFileSync(script, verifyScript(path.join(tmp, 'body.json')));
      writeFileSync(path.join(tmp, 'body.json'), '{"credential":{"id":"x"}}');
      rows.push({
        key: 'barePost',
        name: `bare node:http hello, POST JSON -c${vc}`,
        r: await wrk(url, vc, opts.duration, script, bare.child.pid),
        load: load(),
      });
    } finally {
      await bare.stop();
    }

    // The same POST through a bare Hono app (parse the JSON body, answer JSON) at the verify row's
    // connection count: what 100 connections cost on this machine before any of Gongjin's work.
    const hono = await start(['bench/targets.ts', 'hono', '0']);
    let honoPost: WrkResult | undefined;
    try {
      const script = path.join(tmp, 'hono.lua');
      await wrk(hono.words[0], vc, opts.warmup, script);
      honoPost = await wrk(hono.words[0], vc, opts.duration, script, hono.child.pid);
      rows.push({ key: 'hono', name: `Hono hello, POST JSON -c${vc}`, r: honoPost, load: load() });
    } finally {
      await hono.stop();
    }

    // 2 and 3. Gongjin, one process for both.
    const app = await start(['bench/tail-server.ts'], { LOG_LEVEL: 'info' });
    try {
      const [base, credentialFile] = app.words;
      const check = await fetch(`${base}/api/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '127.9.9.9' },
        body: (await import('node:fs')).readFileSync(credentialFile, 'utf8'),
      });
      const verdict = (await check.json()) as { valid?: boolean };
      if (check.status !== 200 || verdict.valid !== true)
        throw new Error(`POST /api/v1/verify answered ${check.status}: ${JSON.stringify(verdict)}`);
      const home = await fetch(`${base}/`);
      if (home.status !== 200) throw new Error(`GET / answered ${home.status}`);
      await home.text();

      // Steady state: the demo's start-up jobs (posters, mails) run in this process first.
      const waited = performance.now();
      while ((await app.jobs()) > 0 && performance.now() - waited < 180_000)
        await new Promise((r) => setTimeout(r, 500));
      console.log(`  start-up jobs done after ${((performance.now() - waited) / 1000).toFixed(1)} s`);
      await wrk(`${base}/`, c, opts.warmup);
      await app.mark();
      const homeRun = await wrk(`${base}/`, c, opts.duration, undefined, app.child.pid);
      rows.push({
        key: 'home',
        name: `Gongjin home (anon, cached), GET / -c${c}`,
        r: homeRun,
        server: await app.report(),
        load: load(),
      });

      // Gongjin's whole middleware stack without the database or verification, at the verify
      // row's connections: bisects the stack between bare Hono and the verify endpoint.
      await app.mark();
      rows.push({
        key: 'healthz',
        name: `Gongjin GET /healthz -c${vc}`,
        r: await wrk(`${base}/healthz`, vc, opts.duration, undefined, app.child.pid),
        server: await app.report(),
        load: load(),
      });

      const script = path.join(tmp, 'verify.lua');
      writeFileSync(script, verifyScript(credentialFile));
      await wrk(base, vc, opts.warmup, script);
      await app.mark();
      const verifyRun = await wrk(base, vc, opts.duration, script, app.child.pid);
      rows.push({
        key: 'verify',
        name: `Gongjin POST /api/v1/verify (1 credential) -c${vc}`,
        r: verifyRun,
        server: await app.report(),
        load: load(),
      });
      logLines = app.logLines();
    } finally {
      await app.stop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const head = ['target', 'req/s', 'p50', 'p90', 'p99', 'max', 'non-2xx', 'load avg'];
  const cells = rows.map(({ name, r, load: l }) => [
    name,
    r.rps.toFixed(0),
    r.p50.toFixed(2),
    r.p90.toFixed(2),
    r.p99.toFixed(2),
    r.max.toFixed(1),
    String(r.non2xx),
    l,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const fmt = (cs: string[]) =>
    cs.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  console.log(`\n${fmt(head)}   (latencies in ms)\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of cells) console.log(fmt(r));

  console.log('\nWhat the kernel counted during each window (TCP and CPU pressure are machine-wide):');
  for (const { name, r } of rows)
    console.log(
      `  ${name}: wrk socket errors ${r.socketErrors}; closed-loop mean (connections ÷ req/s) ` +
        `${r.closedLoopMeanMs.toFixed(1)} ms; ${r.counters}`,
    );

  console.log('\nInside the Gongjin process during each window:');
  for (const { name, server: s } of rows) {
    if (!s) continue;
    console.log(
      `  ${name}: CPU ${s.cpuPercent} % of a core; in the server (request event → finish) p50 ${s.servedP50} / p99 ${s.servedP99} / max ${s.servedMax} ms; ` +
        `event-loop delay p50 ${s.loopDelayP50} / p99 ${s.loopDelayP99} / max ${s.loopDelayMax} ms; ` +
        `GC ${s.gcCount} pauses, ${s.gcMs} ms in all, longest ${s.gcMaxMs} ms (${s.gcMaxKind}); ` +
        `PGlite ${s.dbCalls} calls, ${s.dbMs} ms, longest ${s.dbMaxMs} ms; ` +
        `${s.connections} new connections, ${s.closed} closed${s.clientErrors ? ` (client errors: ${s.clientErrors})` : ''}; heap ${s.heapMb} MB`,
    );
  }
  for (const { name, server: s } of rows)
    if (s) console.log(`  ${name}: PGlite statements ${JSON.stringify(s.dbKinds)}`);
  console.log(`  request log lines written: ${logLines}`);

  const row = (key: string) => {
    const found = rows.find((r) => r.key === key);
    if (!found) throw new Error(`no ${key} row`);
    return found;
  };
  const [bare, honoRow, homeRow, verifyRow] = ['bare', 'hono', 'home', 'verify'].map(row);
  const ratio = homeRow.r.p99 / bare.r.p99;
  const homeOk = ratio <= TARGET.homeP99Ratio && homeRow.r.non2xx === 0;
  const verifyOk = verifyRow.r.p99 < TARGET.verifyP99Ms && verifyRow.r.non2xx === 0;
  console.log(
    `(POST at ${vc} connections: Gongjin's verify p99 is ${(verifyRow.r.p99 / honoRow.r.p99).toFixed(2)}× ` +
      `a bare Hono JSON POST's ${honoRow.r.p99.toFixed(1)} ms in this run)`,
  );
  console.log(
    `\nTarget: home p99 ≤ ${TARGET.homeP99Ratio}× bare p99 at ${c} connections → ` +
      `${homeRow.r.p99.toFixed(1)} / ${bare.r.p99.toFixed(1)} ms = ${ratio.toFixed(2)}×: ${homeOk ? 'MET' : 'MISSED'}`,
  );
  console.log(
    `Target: POST /api/v1/verify p99 < ${TARGET.verifyP99Ms} ms at ${vc} connections → ` +
      `${verifyRow.r.p99.toFixed(1)} ms: ${verifyOk ? 'MET' : 'MISSED'}`,
  );
  if (!homeOk || !verifyOk) process.exitCode = 1;
}

await main();
