// A module is its folder and one line in src/modules/index.ts (ADR 0034): this test adds a tiny probe
// module to the list, exactly as that line would, and checks that every part of the platform picks
// it up from its manifest alone — routes mounted at its prefix, its messages in both catalogues, its
// permission rule in can(), its navigation in the header, its job in the runner's list, its seed in
// the demo, its matrix rows in the areas — and that the list refuses a clash.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../src/app.tsx';
import { catalogue, type MessageKey } from '../../src/i18n/index.ts';
import { jobDefinitions } from '../../src/jobs.ts';
import { MODULES } from '../../src/modules/index.ts';
import type { AppEnv } from '../../src/platform/context.ts';
import { defineJob } from '../../src/platform/jobs.ts';
import { defineModule, type GongjinModule, installModules } from '../../src/platform/module.ts';
import { type Permission, requirePermission } from '../../src/platform/permissions.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { useTestApp } from '../../src/testing/harness.ts';
import { everyone, matrixAreas } from '../../src/testing/permission-matrix.ts';

const seeded: string[] = [];
const probeJob = defineJob('probe.ping', z.object({ n: z.number() }), async () => {});

function probeRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.text(c.get('t')('probe.hello' as MessageKey)));
  app.get('/secret', (c) => {
    requirePermission(c, 'probe:see' as Permission);
    return c.text('ok');
  });
  return app;
}

const probeModule = defineModule({
  name: 'probe',
  messages: {
    zh: { 'probe.hello': '你好，探针', 'probe.nav': '探针' },
    en: { 'probe.hello': 'Hello, probe', 'probe.nav': 'Probe' },
  },
  permissions: { 'probe:see': (a) => a.roles.has('platform_admin') },
  routes: () => [{ prefix: '/probe', app: probeRoutes() }],
  jobs: [probeJob],
  nav: [{ href: '/probe', label: 'probe.nav', place: 'main', order: 15 }],
  seed: async ({ story }) => {
    seeded.push(story ? 'story' : 'quick');
  },
  cacheTags: ['probe'],
  matrix: async () => ({
    probe: { 'GET /probe': { expect: everyone(200) }, 'GET /probe/secret': { expect: everyone(403) } },
  }),
});

// The one line a new module adds to src/modules/index.ts, here for this file only.
beforeAll(() => installModules([...MODULES, probeModule] as GongjinModule[]));
afterAll(() => installModules(MODULES));

const t = useTestApp();

describe('a module added to the list', () => {
  it('has its routes mounted at its prefix, answering in its own messages', async () => {
    const app = createApp(t.deps);
    const zh = await app.request('/probe');
    expect(await zh.text()).toBe('你好，探针');
    const en = await app.request('/probe', { headers: { 'Accept-Language': 'en' } });
    expect(await en.text()).toBe('Hello, probe');
  });

  it('has its messages in both catalogues and its permission in can()', async () => {
    expect(catalogue('zh-CN')['probe.hello' as MessageKey]).toBe('你好，探针');
    expect(catalogue('en')['probe.nav' as MessageKey]).toBe('Probe');
    const app = createApp(t.deps);
    const anonymous = await app.request('/probe/secret');
    expect(anonymous.status).toBe(401);
  });

  it('shows its navigation entry in the header, in its order', async () => {
    const app = createApp(t.deps);
    const html = await (await app.request('/')).text();
    const nav = html.slice(html.indexOf('site-nav'), html.indexOf('</nav>'));
    expect(nav).toContain('href="/probe"');
    expect(nav.indexOf('href="/wall"')).toBeLessThan(nav.indexOf('href="/probe"'));
    expect(nav.indexOf('href="/probe"')).toBeLessThan(nav.indexOf('href="/orgs"'));
  });

  it('has its job in the runner list, its seed in the demo and its rows in the matrix areas', async () => {
    expect(jobDefinitions().map((j) => j.kind)).toContain('probe.ping');
    await seedDemo(t.db, 'http://gongjin.test', t.deps.config.GONGJIN_SECRET, { story: false });
    expect(seeded).toEqual(['quick']);
    expect(Object.keys((await matrixAreas()).probe)).toEqual(['GET /probe', 'GET /probe/secret']);
  });

  it('is refused when its name, a message or a permission clashes with another module', () => {
    expect(() => installModules([...MODULES, probeModule, probeModule] as GongjinModule[])).toThrow(
      /listed twice/,
    );
    const samePermission = defineModule({ name: 'probe2', permissions: { 'probe:see': () => true } });
    expect(() => installModules([...MODULES, probeModule, samePermission] as GongjinModule[])).toThrow(
      /permission probe:see .* twice/,
    );
    const sameMessage = defineModule({
      name: 'probe3',
      messages: { zh: { 'probe.nav': '又一个' }, en: { 'probe.nav': 'Again' } },
    });
    expect(() => installModules([...MODULES, probeModule, sameMessage] as GongjinModule[])).toThrow(
      /message probe.nav .* twice/,
    );
    // A refused list leaves the one before it installed.
    expect(catalogue('en')['probe.nav' as MessageKey]).toBe('Probe');
  });
});
