/**
 * Baseline servers for bench/http.ts, each run in its own process:
 *   node bin/run-ts.mjs bench/targets.ts bare|hono [port]
 *   node bin/run-ts.mjs bench/targets.ts replay FILE [port]
 * `replay` answers every request with the status, headers and body recorded in FILE (JSON), so the
 * cost of sending a page's bytes can be told apart from the cost of making it.
 * Prints "READY http://127.0.0.1:PORT" once listening; exits on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const args = process.argv.slice(2);
const kind = args[0];
const file = kind === 'replay' ? args[1] : undefined;
const port = Number(args[kind === 'replay' ? 2 : 1] ?? 0);
const ready = (p: number) => console.log(`READY http://127.0.0.1:${p}`);

if (kind === 'bare') {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Hello, World!');
  });
  server.listen(port, '127.0.0.1', () => {
    const a = server.address();
    ready(typeof a === 'object' && a ? a.port : port);
  });
} else if (kind === 'replay' && file) {
  const recorded = JSON.parse(readFileSync(file, 'utf8')) as {
    status: number;
    headers: Array<[string, string]>;
    body: string;
  };
  const body = Buffer.from(recorded.body);
  const headers = recorded.headers.filter(
    ([k]) => !['content-length', 'date', 'connection', 'keep-alive'].includes(k),
  );
  const server = http.createServer((_req, res) => {
    res.writeHead(recorded.status, [...headers.flat(), 'content-length', String(body.length)]);
    res.end(body);
  });
  server.listen(port, '127.0.0.1', () => {
    const a = server.address();
    ready(typeof a === 'object' && a ? a.port : port);
  });
} else if (kind === 'hono') {
  const app = new Hono();
  app.get('/', (c) => c.text('Hello, World!'));
  // For bench/tail-latency.ts: the cost of a JSON POST through @hono/node-server, without Gongjin.
  app.post('/api/v1/verify', async (c) => c.json({ valid: typeof (await c.req.json()) === 'object' }));
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => ready(info.port));
} else {
  console.error('usage: bench/targets.ts bare|hono [port] | replay FILE [port]');
  process.exit(2);
}

process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
