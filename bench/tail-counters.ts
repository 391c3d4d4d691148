/**
 * Counters for bench/tail-latency.ts: what the kernel counted during one wrk window, so a tail can be
 * told apart from the server's own work without trusting timings on a shared machine (ADR 0028).
 *   - TCP (nstat, system-wide: another engineer's traffic on this machine is counted too): listen
 *     queue overflows and drops, SYN retransmits (a dropped SYN costs 1 s), retransmitted segments,
 *     connections opened (wrk opens its connections once; more means something closed them),
 *     segments sent per request (1 request + 1 response segment each: no Nagle/delayed-ACK split);
 *   - the CPU: pressure stall share (/proc/pressure/cpu "some": the share of the window in which a
 *     runnable task waited for a CPU), hypervisor steal, and per process (the server's and wrk's)
 *     CPU time and run-queue wait from /proc/<pid>/task/<tid>/schedstat, summed over its threads.
 * Linux only; on another system (or without nstat) the figures are missing and said to be.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export type KernelCounters = {
  tcp: Record<string, number> | undefined;
  /** µs some task waited for a CPU (PSI), undefined without /proc/pressure. */
  cpuPressureUs: number | undefined;
  /** Clock ticks (USER_HZ, 1/100 s) the hypervisor ran someone else on our CPUs. */
  stealTicks: number | undefined;
};

export type ProcessCpu = { cpuMs: number; runQueueMs: number };

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

/** CPU time and run-queue wait of every thread of `pid` so far; undefined if it is gone. */
export function readProcessCpu(pid: number | undefined): ProcessCpu | undefined {
  if (!pid || !existsSync(`/proc/${pid}/task`)) return undefined;
  let cpu = 0;
  let wait = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const [run, queued] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      cpu += run;
      wait += queued;
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return { cpuMs: cpu / 1e6, runQueueMs: wait / 1e6 };
}

export const cpuDelta = (a?: ProcessCpu, b?: ProcessCpu): ProcessCpu | undefined =>
  a && b ? { cpuMs: b.cpuMs - a.cpuMs, runQueueMs: b.runQueueMs - a.runQueueMs } : undefined;

/** One window's counters, as one line of the bench's report. */
export function describeWindow(
  before: KernelCounters,
  after: KernelCounters,
  seconds: number,
  requests: number,
  server?: ProcessCpu,
  client?: ProcessCpu,
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
  if (before.cpuPressureUs !== undefined && after.cpuPressureUs !== undefined) {
    const share = (after.cpuPressureUs - before.cpuPressureUs) / 1e4 / seconds;
    parts.push(
      `CPU pressure (some task waiting for a CPU) ${Math.min(100, share).toFixed(0)} % of the window`,
    );
  }
  if (before.stealTicks !== undefined && after.stealTicks !== undefined)
    parts.push(`steal ${(after.stealTicks - before.stealTicks) * 10} ms`);
  const proc = (who: string, p?: ProcessCpu) =>
    p
      ? `${who} CPU ${p.cpuMs.toFixed(0)} ms, waited in the run queue ${p.runQueueMs.toFixed(0)} ms` +
        (requests ? ` (${((p.cpuMs / requests) * 1000).toFixed(0)} µs CPU a request)` : '')
      : `${who}: (no schedstat)`;
  parts.push(proc('server', server), proc('wrk', client));
  return parts.join('; ');
}
