/**
 * The production listener (`listen` in server.ts) keeps a client's connection open across requests,
 * answered or refused: a proxy, a phone's browser or a verifier posting many credentials pays one TCP
 * handshake, not one per request. ADR 0028 found wrk's connections held for a whole run (no
 * reconnects, no listen-queue drops); this holds it for every kind of answer the listener gives —
 * the node-level cache hit, Hono's JSON, a typed 400/415 from the input guard, a 403 from CSRF
 * before the body is read.
 */
import { Agent, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listen } from './server.ts';
import { useTestApp } from './testing/harness.ts';

const t = useTestApp();

type Answer = { status: number; connection: string | undefined; body: string };

function send(
  server: Server,
  agent: Agent,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => {
        text += c;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the production listener keeps connections alive', () => {
  let server: Server;
  let agent: Agent;
  let accepted = 0;

  beforeEach(async () => {
    server = await listen(t.app, t.deps, 0, '127.0.0.1');
    accepted = 0;
    server.on('connection', () => {
      accepted += 1;
    });
    // One socket, reused: a second connection would mean the server closed the first.
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
  });
  afterEach(async () => {
    agent.destroy();
    await new Promise((r) => server.close(r));
  });

  it('answers 40 requests of every kind over one TCP connection', async () => {
    const json = { 'content-type': 'application/json' };
    const kinds: Array<[string, () => Promise<Answer>, number]> = [
      ['GET /healthz', () => send(server, agent, 'GET', '/healthz'), 200],
      // The second and later home pages are node-level cache hits (ADR 0019).
      ['GET /', () => send(server, agent, 'GET', '/'), 200],
      [
        'verify, not a credential',
        () => send(server, agent, 'POST', '/api/v1/verify', json, '{"credential":{"id":"x"}}'),
        200,
      ],
      ['verify, broken JSON', () => send(server, agent, 'POST', '/api/v1/verify', json, '{'), 400],
      [
        'verify, not JSON',
        () => send(server, agent, 'POST', '/api/v1/verify', { 'content-type': 'text/plain' }, 'x'),
        415,
      ],
      [
        'login form without its CSRF token',
        () =>
          send(
            server,
            agent,
            'POST',
            '/login',
            { 'content-type': 'application/x-www-form-urlencoded' },
            'email=a%40b.c&password=x',
          ),
        403,
      ],
    ];
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      const [name, run, status] = kinds[i % kinds.length];
      const answer = await run();
      seen.push(`${name}: ${answer.status} ${answer.connection}`);
      expect(`${name}: ${answer.status} ${answer.connection}`).toBe(`${name}: ${status} keep-alive`);
    }
    expect(seen).toHaveLength(40);
    expect(accepted).toBe(1);
  });

  it('keeps the connection after a body the input guard refuses unread', async () => {
    // A 20,000-deep array: refused before it is parsed (ADR 0025), the rest of the body drained.
    const deep = `{"credential":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const refused = await send(
      server,
      agent,
      'POST',
      '/api/v1/verify',
      { 'content-type': 'application/json' },
      deep,
    );
    expect([refused.status, refused.connection, JSON.parse(refused.body).error.code]).toEqual([
      400,
      'keep-alive',
      'INVALID_INPUT',
    ]);
    const next = await send(server, agent, 'GET', '/healthz');
    expect([next.status, next.connection]).toEqual([200, 'keep-alive']);
    expect(accepted).toBe(1);
  });
});
