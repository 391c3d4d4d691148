/**
 * Counters for bench/tail-latency.ts: what the kernel counted during one wrk window, so a tail can be
 * told apart from the server's own work without trusting timings on a shared machine (ADR 0028).
 *   - TCP (nstat, system-wide: another engineer's traffic on this machine is counted too): listen
 *     queue overflows and drops, SYN retransmits (a dropped SYN costs 1 s), retransmitted segments,
 *     connections opened (wrk opens its connections once; more means something closed them),
 *     segments sent per request (1 request + 1 response segment each: no Nagle/delayed-ACK split);
 *   - the CPU: pressure stall share (/proc/pressure/cpu "some": the share of the window in which a
 *     runnable task waited for a CPU), hypervisor steal, and per process (the server's and wrk's)
 *     CPU time (/proc/<pid>/stat) and its event loop's run-queue wait (/proc/<pid>/schedstat);
 *   - the server's own sockets on its port (`ss -ti`): data segments a response, retransmissions.
 * Linux only; on another system (or without nstat) the figures are missing and said to be.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export type KernelCounters = {
  tcp: Record<string, number> | undefined;
  /** µs some task waited for a CPU (PSI), undefined without /proc/pressure. */
  cpuPressureUs: number | undefined;
  /** Clock ticks (USER_HZ, 1/100 s) the hypervisor ran someone else on our CPUs. */
  stealTicks: number | undefined;
};

/**
 * CPU time of the whole process (every thread, ended ones too: /proc/<pid>/stat), and of its main
 * thread — the event loop for Node, the sleeping parent for wrk — the time it ran and the time it
 * waited in a run queue while runnable (/proc/<pid>/schedstat).
 */
export type ProcessCpu = {
  cpuMs: number;
  mainCpuMs: number;
  runQueueMs: number;
  /** Run-queue wait of every thread alive now (wrk's worker thread does the work; its threads last the run). */
  threadsRunQueueMs: number;
};

/** Per-connection figures the kernel keeps for the server's sockets on one port (`ss -ti`). */
export type SocketCounters = { sockets: number; dataSegsOut: number; retrans: number };

const TCP_KEYS = [
  'TcpExtListenOverflows',
  'TcpExtListenDrops',
  'TcpExtTCPSynRetrans',
  'TcpRetransSegs',
  'TcpExtTCPTimeouts',
  'TcpActiveOpens',
  'TcpEstabResets',
  'TcpOutSegs',
] as const;

/** Absolute TCP counters (`nstat -az`, which does not touch nstat's own history file). */
function tcpCounters(): Record<string, number> | undefined {
  try {
    const out = execFileSync('nstat', ['-az', '--json'], { encoding: 'utf8' });
    const all = (JSON.parse(out) as { kernel: Record<string, number> }).kernel;
    return Object.fromEntries(TCP_KEYS.map((k) => [k, all[k] ?? 0]));
  } catch {
    return undefined;
  }
}

export function readKernel(): KernelCounters {
  let cpuPressureUs: number | undefined;
  let stealTicks: number | undefined;
  try {
    const m = readFileSync('/proc/pressure/cpu', 'utf8').match(/^some .*total=(\d+)/m);
    if (m) cpuPressureUs = Number(m[1]);
  } catch {}
  try {
    // cpu  user nice system idle iowait irq softirq steal …
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    stealTicks = Number(fields[8]);
  } catch {}
  return { tcp: tcpCounters(), cpuPressureUs, stealTicks };
}

/** CPU so far of `pid` (see ProcessCpu); undefined once it is gone or a zombie. */
export function readProcessCpu(pid: number | undefined): ProcessCpu | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "(comm)": state ppid … utime(14) stime(15), counted from field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    const ticks = Number(fields[11]) + Number(fields[12]);
    const [run, queued] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ').map(Number);
    let threadsQueued = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        threadsQueued += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]);
      } catch {
        // The thread ended between the listing and the read.
      }
    }
    return {
      cpuMs: ticks * 10,
      mainCpuMs: run / 1e6,
      runQueueMs: queued / 1e6,
      threadsRunQueueMs: threadsQueued / 1e6,
    };
  } catch {
    return undefined;
  }
}

export const cpuDelta = (a?: ProcessCpu, b?: ProcessCpu): ProcessCpu | undefined =>
  a && b
    ? {
        cpuMs: b.cpuMs - a.cpuMs,
        mainCpuMs: b.mainCpuMs - a.mainCpuMs,
        runQueueMs: b.runQueueMs - a.runQueueMs,
        threadsRunQueueMs: b.threadsRunQueueMs - a.threadsRunQueueMs,
      }
    : undefined;

/**
 * The server's established sockets on `port`, summed: data segments sent (a response that leaves in
 * one segment adds 1) and retransmissions. wrk opens new connections for each run, so the last
 * reading of a run covers that run's requests.
 */
export function readSockets(port: number): SocketCounters | undefined {
  try {
    const out = execFileSync('ss', ['-tinH', 'state', 'established', `( sport = :${port} )`], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    let sockets = 0;
    let dataSegsOut = 0;
    let retrans = 0;
    for (const m of out.matchAll(/data_segs_out:(\d+)/g)) {
      sockets += 1;
      dataSegsOut += Number(m[1]);
    }
    for (const m of out.matchAll(/retrans:\d+\/(\d+)/g)) retrans += Number(m[1]);
    return { sockets, dataSegsOut, retrans };
  } catch {
    return undefined;
  }
}

/** One window's counters, as one line of the bench's report. */
export function describeWindow(
  before: KernelCounters,
  after: KernelCounters,
  seconds: number,
  requests: number,
  server?: ProcessCpu,
  client?: ProcessCpu,
  sockets?: SocketCounters,
): string {
  const parts: string[] = [];
  if (before.tcp && after.tcp) {
    const d = (k: (typeof TCP_KEYS)[number]) => (after.tcp?.[k] ?? 0) - (before.tcp?.[k] ?? 0);
    parts.push(
      `TCP: listen overflows ${d('TcpExtListenOverflows')}, listen drops ${d('TcpExtListenDrops')}, ` +
        `SYN retransmits ${d('TcpExtTCPSynRetrans')}, retransmitted segments ${d('TcpRetransSegs')}, ` +
        `RTO timeouts ${d('TcpExtTCPTimeouts')}, connections opened ${d('TcpActiveOpens')}, ` +
        `resets ${d('TcpEstabResets')}, segments per request ${requests ? (d('TcpOutSegs') / requests).toFixed(2) : '-'}`,
    );
  } else parts.push('TCP: (no nstat)');
  if (sockets)
    parts.push(
      `the server's ${sockets.sockets} sockets: ${requests ? (sockets.dataSegsOut / requests).toFixed(2) : '-'} ` +
        `data segments a response, ${sockets.retrans} retransmitted`,
    );
  if (before.cpuPressureUs !== undefined && after.cpuPressureUs !== undefined) {
    const share = (after.cpuPressureUs - before.cpuPressureUs) / 1e4 / seconds;
    parts.push(
      `CPU pressure (some task waiting for a CPU) ${Math.min(100, share).toFixed(0)} % of the window`,
    );
  }
  if (before.stealTicks !== undefined && after.stealTicks !== undefined)
    parts.push(`steal ${(after.stealTicks - before.stealTicks) * 10} ms`);
  const perRequest = (ms: number) =>
    requests ? ` (${((ms / requests) * 1000).toFixed(0)} µs a request)` : '';
  parts.push(
    server
      ? `server CPU ${server.cpuMs.toFixed(0)} ms${perRequest(server.cpuMs)}, its event loop ran ` +
          `${server.mainCpuMs.toFixed(0)} ms and waited for a CPU ${server.runQueueMs.toFixed(0)} ms`
      : 'server: (no /proc)',
    client
      ? `wrk CPU ${client.cpuMs.toFixed(0)} ms${perRequest(client.cpuMs)}, waited for a CPU ${client.threadsRunQueueMs.toFixed(0)} ms`
      : 'wrk: (no /proc)',
  );
  return parts.join('; ');
}
