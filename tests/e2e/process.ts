/**
 * Helpers for tests that run Gongjin as a real process (`node bin/gongjin.mjs …`): a free port,
 * a fresh data dir, `create-admin`, and a server that can be stopped cleanly or killed with SIGKILL.
 * Not a test file itself (Vitest only collects *.test.ts).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin/gongjin.mjs');

/** A port nobody listens on right now (the kernel picks it; we close and hand it on). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDataDir(prefix = 'gongjin-e2e-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * The environment for a child process: the test runner's own, minus anything that would point the
 * child at another database or configuration, plus `extra`.
 */
export function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of [
    'DATABASE_URL',
    'GONGJIN_DATA_DIR',
    'PORT',
    'HOST',
    'PUBLIC_URL',
    'SMTP_URL',
    'TRUST_PROXY',
    'GONGJIN_TEST_DB',
    'NODE_OPTIONS',
  ]) {
    delete env[key];
  }
  env.LOG_LEVEL = 'warn';
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs a CLI command to completion (e.g. create-admin) and returns its stdout. */
export async function runCli(args: string[], env: Record<string, string | undefined>): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: childEnv(env),
    timeout: 90_000,
  });
  return stdout;
}

export type ServerProcess = {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote so far. */
  output(): string;
  /** SIGTERM and wait for a clean exit (the server closes its database). */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown hooks, no flushing. */
  kill(): Promise<void>;
};

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `gongjin serve` on a port picked here, with PUBLIC_URL equal to the address it serves on,
 * and resolves once it prints "Gongjin is running at …".
 */
export async function startServer(opts: {
  env: Record<string, string | undefined>;
  demo?: boolean;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const port = await freePort();
  const expectedUrl = `http://127.0.0.1:${port}`;
  const args = [CLI, 'serve', '--port', String(port), ...(opts.demo ? ['--demo'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: childEnv({ HOST: '127.0.0.1', PUBLIC_URL: expectedUrl, ...opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    out += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${opts.timeoutMs ?? 90_000} ms:\n${out}`));
    }, opts.timeoutMs ?? 90_000);
    const onData = (d: string) => {
      out += d;
      const m = out.match(/Gongjin is running at (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited before it was ready (code ${code}, signal ${signal}):\n${out}`));
    });
  });
  if (url !== expectedUrl) {
    child.kill('SIGKILL');
    throw new Error(`server says ${url}, expected ${expectedUrl} (PUBLIC_URL would not match)`);
  }
  return {
    url,
    port,
    child,
    output: () => out,
    stop: async () => {
      const exited = waitForExit(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
    kill: async () => {
      const exited = waitForExit(child);
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Chromium from Debian, as the architecture notes prescribe (never `playwright install`). */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
