/**
 * Member wall benchmark, run by `npm run bench:wall`. Builds an in-memory PGlite alliance with 500
 * members and 1,500 products through the real services, then measures in this one process:
 *   - the cached wall as an anonymous visitor (the anonymous page cache) against a Hono "hello",
 *     each served in turn in this process (the hello by @hono/node-server, the wall by the listener
 *     production uses, `listen` in src/server.ts), load from wrk (-t1 -c50 -d3s, hello and wall
 *     alternating twice; the wall also as a phone asks for it, with Accept-Encoding);
 *   - an uncached render of the full wall (data cached, page rendered) and a cold one (data reloaded);
 *   - search (pinyin, pinyin initials, Chinese, English) over the 2,000 items, through HTTP and in memory;
 *   - the wall's HTML size for a phone (default view);
 *   - the static export of every page in both languages.
 * Targets (issue 3): cached ≥ 50 % of hello, uncached ≤ 50 ms median, search ≤ 20 ms median,
 * HTML < 150 KB, static export ≤ 3 s.
 */

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '../src/app.tsx';
import { loadConfig } from '../src/config.ts';
import { openPglite } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createConfirmedUser } from '../src/modules/identity/accounts.ts';
import {
  createOrganization,
  recordAllianceMembership,
  saveAllianceTier,
} from '../src/modules/identity/organizations.ts';
import { cachedWallData, filterWall } from '../src/modules/members/queries.ts';
import { createProduct, seedTaxonomy } from '../src/modules/members/service.ts';
import { writeStaticWall } from '../src/modules/members/views/static-pages.tsx';
import { silentLogger } from '../src/platform/log.ts';
import { createDeps, listen } from '../src/server.ts';

/**
 * `--only cached,render,search,size,export` runs a part (e.g. under `node --cpu-prof`);
 * `--out-dir DIR` puts the static export there (e.g. /dev/shm, to leave a busy disk out of it).
 */
const { values: opts } = parseArgs({ options: { only: { type: 'string' }, 'out-dir': { type: 'string' } } });
const parts = new Set((opts.only ?? 'cached,render,search,size,export').split(','));

const MEMBERS = 500;
const PRODUCTS_PER_MEMBER = 3;
const PUBLIC_URL = 'http://wall.bench';
const silent = silentLogger;

const SYLLABLES = [
  '云',
  '海',
  '星',
  '辰',
  '数',
  '据',
  '青',
  '流',
  '北',
  '方',
  '天',
  '河',
  '东',
  '湖',
  '智',
  '能',
  '信',
  '创',
  '安',
  '远',
];
const CITIES = ['北京', '上海', '杭州', '深圳', '成都', '武汉', '广州', '南京'];
const SUBS = [
  'relational-oltp',
  'analytical-olap',
  'htap',
  'time-series',
  'graph',
  'vector',
  'document',
  'key-value',
  'search',
  'embedded',
  'streaming',
  'migration',
  'backup',
  'monitoring-ops',
  'middleware-proxy',
  'cloud-service',
  'developer-tools',
];
const LICENSES = ['Apache-2.0', 'MulanPSL-2.0', 'MIT', 'commercial', 'GPL-3.0-only', 'PostgreSQL'];

function nameOf(i: number): string {
  const a = SYLLABLES[i % SYLLABLES.length];
  const b = SYLLABLES[Math.floor(i / SYLLABLES.length) % SYLLABLES.length];
  return `${a}${b}${['数据', '科技', '软件', '信息'][i % 4]}${i}`;
}

const run = promisify(execFile);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(n: number, fn: () => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

type Listening = { address(): AddressInfo | string | null; close(cb: (err?: Error) => void): unknown };

/** A plain Hono app on @hono/node-server, as a Hono user would serve it (the baselines). */
async function serveHono(fetch: (req: Request) => Response | Promise<Response>): Promise<Listening> {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  return server;
}

/** Starts a server on a free port, runs wrk (-t1 -c50 -d3s after 1 s of warm-up) against `path`, returns requests/s. */
async function wrk(
  start: () => Promise<Listening>,
  urlPath: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const server = await start();
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}${urlPath}`;
  const h = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  // One request first: the page cache is keyed by URL (this port), so it is filled before the load.
  await (await globalThis.fetch(url, { headers })).arrayBuffer();
  await run('/usr/bin/wrk', ['-t1', '-c50', '-d1s', ...h, url]);
  const { stdout } = await run('/usr/bin/wrk', ['-t1', '-c50', '-d3s', ...h, url]);
  await new Promise((r) => server.close(r));
  if (/Non-2xx/.test(stdout)) throw new Error(`wrk saw errors from ${url}:\n${stdout}`);
  console.log(
    stdout
      .split('\n')
      .filter((l) => /Requests\/sec|Transfer\/sec|Latency/.test(l))
      .join('\n'),
  );
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0);
}

async function main() {
  const database = await openPglite(undefined);
  await migrate(database);
  const config = loadConfig({ NODE_ENV: 'production', PUBLIC_URL, GONGJIN_SECRET: 'x'.repeat(40) });
  const deps = createDeps(database, config, silent);
  const { db } = database;
  const info = { publicUrl: PUBLIC_URL, ip: null, actorId: null };
  const t0 = performance.now();
  await saveAllianceTier(
    db,
    { slug: 'council', nameZh: '理事单位', nameEn: 'Council member', rank: 1 },
    info,
  );
  await saveAllianceTier(db, { slug: 'member', nameZh: '会员单位', nameEn: 'Member', rank: 2 }, info);
  await saveAllianceTier(db, { slug: 'partner', nameZh: '合作伙伴', nameEn: 'Partner', rank: 3 }, info);
  await seedTaxonomy(db, info);
  const owner = await createConfirmedUser(db, {
    email: 'bench@wall.bench',
    password: 'bench-password',
    displayName: 'Bench',
    roles: [],
  });
  for (let i = 0; i < MEMBERS; i++) {
    const name = nameOf(i);
    const org = await createOrganization(
      db,
      owner,
      {
        slug: `m-${i}`,
        nameZh: name,
        nameEn: `Member ${i}`,
        type: i % 5 ? 'vendor' : 'ecosystem',
        city: CITIES[i % CITIES.length],
        website: `https://m-${i}.example.cn`,
        description: `${name}是一家数据库企业。`,
        descriptionEn: `Member ${i} is a database company.`,
      },
      info,
    );
    await recordAllianceMembership(
      db,
      org.id,
      {
        tierSlug: ['council', 'member', 'partner'][i % 3],
        joinedOn: `202${3 + (i % 3)}-0${1 + (i % 9)}-15`,
        status: 'active',
      },
      info,
    );
    for (let j = 0; j < PRODUCTS_PER_MEMBER; j++) {
      await createProduct(
        db,
        org.id,
        {
          name: `${name.slice(0, 2)}${['DB', '引擎', '工具'][j]}`,
          subcategorySlug: SUBS[(i * 3 + j) % SUBS.length],
          descriptionZh: `${name}出品的${['分布式数据库', '时序引擎', '迁移工具'][j]}。`,
          descriptionEn: `A ${['distributed database', 'time-series engine', 'migration tool'][j]} by Member ${i}.`,
          license: LICENSES[(i + j) % LICENSES.length],
          compatibility: [(['postgresql', 'mysql', 'oracle', 'other'] as const)[(i + j) % 4]],
          deployment: [(['on_prem', 'cloud', 'embedded'] as const)[(i + j) % 3]],
          homepageUrl: '',
          githubUrl: '',
          giteeUrl: `https://gitee.com/m-${i}/p-${j}`,
          gitcodeUrl: '',
          docsUrl: '',
        },
        { ip: null, actorId: null },
      );
    }
  }
  console.log(
    `Built ${MEMBERS} members and ${MEMBERS * PRODUCTS_PER_MEMBER} products in ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
  );

  const app = createApp(deps);
  const rows: Array<[string, string, string, boolean]> = [];
  const row = (what: string, got: string, target: string, ok: boolean) => {
    rows.push([what, got, target, ok]);
    console.log(`${ok ? 'ok  ' : 'MISS'} ${what.padEnd(40)} ${got.padEnd(44)} target ${target}`);
  };
  const anon = (headers: Record<string, string> = {}) => app.request(`${PUBLIC_URL}/wall`, { headers });

  if (parts.has('cached')) {
    const hello = new Hono().get('/', (c) => c.text('Hello, World!'));
    await (await anon()).text(); // fills the cache
    // Throughput over real sockets: each app served here in turn, load from wrk in its own process.
    // Hello and wall alternate, twice, so that a burst of load from other work on the machine
    // weighs on both sides of the ratio.
    const gzip = { 'Accept-Encoding': 'gzip, deflate, br' };
    // The floor for the page's size: a Hono handler answering with the same bytes from a variable.
    const bytes = new Uint8Array(await (await anon()).arrayBuffer());
    const sameBytes = new Hono().get('/', (c) => c.body(bytes, 200, { 'Content-Type': 'text/html' }));
    const sums = { hello: 0, wall: 0, wallGzip: 0, sameBytes: 0 };
    // Gongjin through the listener production uses (src/server.ts: the anonymous fast path, then Hono).
    const gongjin = () => listen(app, deps, 0, '127.0.0.1');
    for (let round = 0; round < 2; round++) {
      sums.hello += await wrk(() => serveHono(hello.fetch), '/');
      sums.wall += await wrk(gongjin, '/wall');
      sums.wallGzip += await wrk(gongjin, '/wall', gzip);
      sums.sameBytes += await wrk(() => serveHono(sameBytes.fetch), '/');
    }
    const ratio = (x: number) =>
      `${(x / 2).toFixed(0)} vs ${(sums.hello / 2).toFixed(0)} req/s = ${((x / sums.hello) * 100).toFixed(0)} %`;
    row('cached wall vs Hono hello (wrk -c50)', ratio(sums.wall), '≥ 50 %', sums.wall / sums.hello >= 0.5);
    row(
      '… with Accept-Encoding (as phones send)',
      ratio(sums.wallGzip),
      '≥ 50 %',
      sums.wallGzip / sums.hello >= 0.5,
    );
    row('(Hono sending the same bytes, for scale)', ratio(sums.sameBytes), '—', true);
  }

  // A session cookie that names no session: anonymous, but past the anonymous page cache.
  const uncachedPage = (p: string) =>
    app.request(`${PUBLIC_URL}${p}`, { headers: { cookie: 'gj_session=none' } });
  if (parts.has('render')) {
    await cachedWallData(deps);
    await (await uncachedPage('/wall')).text();
    const render = await time(30, async () => (await uncachedPage('/wall')).text());
    row('uncached wall render, median', `${median(render).toFixed(1)} ms`, '≤ 50 ms', median(render) <= 50);
    const cold = await time(10, async () => {
      await deps.cache.invalidate(db, 'members');
      return (await uncachedPage('/wall')).text();
    });
    row('cold wall (data reloaded), median', `${median(cold).toFixed(1)} ms`, '—', true);
  }

  if (parts.has('search')) {
    const queries = ['yunhai', 'yh', 'xcsj', '数据', 'migration tool', 'tianhe', 'Member 42', 'zzz'];
    const data = await cachedWallData(deps);
    const searchHttp = await time(
      queries.length * 5,
      (() => {
        let k = 0;
        return async () =>
          (await uncachedPage(`/wall?q=${encodeURIComponent(queries[k++ % queries.length])}`)).text();
      })(),
    );
    row(
      'search through HTTP, median',
      `${median(searchHttp).toFixed(1)} ms`,
      '≤ 20 ms',
      median(searchHttp) <= 20,
    );
    const searchMem = await time(
      queries.length * 5,
      (() => {
        let k = 0;
        return () => filterWall(data, { q: queries[k++ % queries.length] });
      })(),
    );
    row('search in memory, median', `${median(searchMem).toFixed(2)} ms`, '—', true);
  }

  if (parts.has('size')) {
    const page = await (await anon()).text();
    const bytes = Buffer.byteLength(page);
    row('wall HTML (default view)', `${(bytes / 1024).toFixed(0)} KB`, '< 150 KB', bytes < 150 * 1024);
    // The embed shows the same wall with the partners and speakers sections (ADR 0020).
    const embed = await (await app.request(`${PUBLIC_URL}/embed/wall`)).text();
    const embedBytes = Buffer.byteLength(embed);
    const sections =
      /<section class="stack" data-testid="wall-partners">.*<\/section>/s.exec(embed)?.[0] ?? '';
    console.log(`embed: partners and speakers sections ${Buffer.byteLength(sections)} bytes`);
    row(
      'embed HTML (default view)',
      `${(embedBytes / 1024).toFixed(0)} KB`,
      '< 150 KB',
      embedBytes < 150 * 1024,
    );
  }

  if (parts.has('export')) {
    const out = mkdtempSync(path.join(opts['out-dir'] ?? os.tmpdir(), 'gj-wall-export-'));
    const e0 = performance.now();
    const cpu0 = process.cpuUsage();
    const exported = await writeStaticWall({
      deps,
      fetchPage: (p, init) => Promise.resolve(app.request(`${PUBLIC_URL}${p}`, init)),
      outDir: out,
      publicUrl: PUBLIC_URL,
    });
    const cpu = process.cpuUsage(cpu0);
    const exportS = (performance.now() - e0) / 1000;
    rmSync(out, { recursive: true, force: true });
    row(
      'static export',
      `${exported.files} files, ${(exported.bytes / 1024 / 1024).toFixed(1)} MB in ${exportS.toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`,
      '≤ 3 s',
      exportS <= 3,
    );
  }

  console.log('\nSummary:');
  for (const [what, got, target, ok] of rows)
    console.log(`${ok ? 'ok  ' : 'MISS'} ${what.padEnd(40)} ${got.padEnd(44)} target ${target}`);
  await database.close();
}

await main();
