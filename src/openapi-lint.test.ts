// The generated OpenAPI document under Redocly's recommended rules (@redocly/cli, run as a user
// runs it): servers, a cookie security scheme, operationIds and 4xx answers on every operation.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_PUBLIC_URL, useTestApp } from './testing/harness.ts';

const run = promisify(execFile);
const REDOCLY = path.resolve(import.meta.dirname, '../node_modules/.bin/redocly');
const dir = mkdtempSync(path.join(os.tmpdir(), 'gongjin-openapi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const t = useTestApp();

type Problem = { ruleId: string; severity: string; message: string };

describe('/api/openapi.json', () => {
  it('names this installation, its session cookie and every operation', async () => {
    const doc = (await (await t.client().get('/api/openapi.json')).json()) as {
      servers: Array<{ url: string }>;
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, Record<string, { operationId?: string; security?: unknown }>>;
    };
    expect(doc.servers.map((s) => s.url)).toEqual([TEST_PUBLIC_URL]);
    expect(doc.components.securitySchemes).toEqual({
      session: {
        type: 'apiKey',
        in: 'cookie',
        name: 'gj_session',
        description: 'The session cookie set when signing in on this site',
      },
    });
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(ids).toEqual([
      'getMe',
      'listOrganizations',
      'getOrganization',
      'verifyCredential',
      'getCredential',
      'listSalons',
      'getSalon',
      'listMembers',
      'listProducts',
    ]);
    expect(doc.paths['/api/v1/me'].get.security).toEqual([{ session: [] }]);
  });

  it("is clean under Redocly's recommended rules: no error, no warning", async () => {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, await (await t.client().get('/api/openapi.json')).text());
    const res = await run(REDOCLY, ['lint', file, '--extends', 'recommended', '--format', 'json'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }).catch((err: { stdout: string; stderr: string }) => err);
    const report = JSON.parse(res.stdout) as { problems: Problem[] };
    expect(report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([]);
  });
});
