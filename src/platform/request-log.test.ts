/**
 * Request ids and the request log (ADR 0028): an operator who gets a request id from a user (the
 * 500 page, a JSON API error) finds the one log line for that request, and the error's stack.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.tsx';
import { createListener } from '../server.ts';
import { useTestApp } from '../testing/harness.ts';
import type { Deps } from './context.ts';
import { createLogger } from './log.ts';

const t = useTestApp();

type Line = Record<string, unknown> & { level: string; msg: string };

/** Deps whose logger writes into `lines` (parsed), as production writes JSON lines to stdout/stderr. */
function logged(): { deps: Deps; lines: Line[] } {
  const lines: Line[] = [];
  const stream = { write: (s: string) => void lines.push(JSON.parse(s) as Line) };
  return { deps: { ...t.deps, log: createLogger('info', { out: stream }) }, lines };
}

describe('request ids and the request log', () => {
  it('shows the id on the 500 page and logs the failure and the request under it', async () => {
    const { deps, lines } = logged();
    const app = createApp(deps);
    app.get('/__boom', () => {
      throw new Error('secret internals');
    });
    const res = await app.request('/__boom', { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(500);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[a-z0-9]+-[a-z0-9]+$/);
    const html = await res.text();
    expect(html).toContain(`<code class="request-id">${id}</code>`);
    expect(html).toContain('Request id');
    expect(html).not.toContain('secret internals');

    const failure = lines.find((l) => l.msg === 'request failed');
    expect(failure).toMatchObject({ level: 'error', reqId: id, path: '/__boom' });
    expect(String(failure?.error)).toContain('secret internals');
    const request = lines.filter((l) => l.msg === 'request');
    expect(request).toEqual([
      expect.objectContaining({ level: 'info', reqId: id, method: 'GET', path: '/__boom', status: 500 }),
    ]);
    expect(typeof request[0].ms).toBe('number');
    expect(typeof request[0].time).toBe('string');
  });

  it('does not show an id on a 404 page, but still logs it', async () => {
    const { deps, lines } = logged();
    const res = await createApp(deps).request('/no-such-page');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('request-id');
    expect(lines).toEqual([
      expect.objectContaining({ reqId: res.headers.get('x-request-id'), path: '/no-such-page', status: 404 }),
    ]);
  });

  it('puts the id in every JSON API error, equal to the header', async () => {
    const { deps, lines } = logged();
    const app = createApp(deps);
    const res = await app.request('/api/v1/me', { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(401);
    const id = res.headers.get('x-request-id');
    expect(await res.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Please log in first.', requestId: id },
    });
    const bad = await app.request('/api/v1/verify', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    const body = (await bad.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(body.error.requestId).toBe(bad.headers.get('x-request-id'));
    expect(body.error.requestId).not.toBe(id);
    expect(lines.map((l) => [l.reqId, l.status])).toEqual([
      [id, 401],
      [body.error.requestId, 415],
    ]);
  });

  it('keeps a short, plain incoming X-Request-Id and replaces anything else', async () => {
    const { deps, lines } = logged();
    const app = createApp(deps);
    const kept = await app.request('/healthz', { headers: { 'x-request-id': 'proxy-7f3a.2:9' } });
    expect(kept.headers.get('x-request-id')).toBe('proxy-7f3a.2:9');
    for (const odd of ['a'.repeat(65), 'two words', '<script>', 'x"}{"level":"error', '']) {
      const res = await app.request('/healthz', { headers: { 'x-request-id': odd } });
      const id = res.headers.get('x-request-id');
      expect(id).not.toBe(odd);
      expect(id).toMatch(/^[a-z0-9]+-[a-z0-9]+$/);
    }
    expect(lines[0].reqId).toBe('proxy-7f3a.2:9');
    expect(new Set(lines.map((l) => l.reqId)).size).toBe(6);
  });

  it('logs the path without the query, which may carry a key or a token', async () => {
    const { deps, lines } = logged();
    await createApp(deps).request('/reset-password?token=very-secret-token');
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).not.toContain('very-secret-token');
    expect(lines[0].path).toBe('/reset-password');
  });

  describe('the node-level fast path', () => {
    let server: Server | undefined;
    afterEach(async () => {
      await new Promise((r) => (server ? server.close(r) : r(null)));
      server = undefined;
    });

    it('gives every cache hit its own id and log line; a kept page never replays one', async () => {
      const { deps, lines } = logged();
      server = createServer(createListener(createApp(deps), deps));
      await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
      const { port } = server.address() as AddressInfo;
      const get = (headers: Record<string, string> = {}) =>
        new Promise<{ status: number; id: string | undefined }>((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port, path: '/?from=qr', headers }, (res) => {
            res.resume();
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, id: res.headers['x-request-id'] as string | undefined }),
            );
          });
          req.on('error', reject);
          req.end();
        });
      const first = await get(); // rendered by Hono, then kept
      const second = await get(); // answered from the kept bytes
      const third = await get({ 'x-request-id': 'edge-42' });
      expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
      expect(first.id).toBeTruthy();
      expect(second.id).toBeTruthy();
      expect(second.id).not.toBe(first.id);
      expect(third.id).toBe('edge-42');
      const requests = lines.filter((l) => l.msg === 'request');
      expect(requests.map((l) => [l.reqId, l.path, l.status])).toEqual([
        [first.id, '/', 200],
        [second.id, '/', 200],
        ['edge-42', '/', 200],
      ]);
      // At least the later two were hits the fast path answered.
      expect(requests.filter((l) => l.cached === true).length).toBeGreaterThanOrEqual(1);
    });
  });
});
