/**
 * Credential benchmark (issue 6), run by `npm run bench:credentials`. One process holds the app
 * (PGlite in a temporary directory, or DATABASE_URL when set — it must be an empty database) and
 * serves it on 127.0.0.1; the HTTP load comes from wrk in its own process. In one run it prints:
 *   1. batch issue of --batch co-signed credentials (two eddsa-rdfc-2022 proofs each), one transaction;
 *   2. verifyOnline in this process: uncached (each credential new, so both proofs are canonicalised)
 *      and repeated (the proof cache hits; status and validity dates are still checked every time);
 *   3. POST /api/v1/verify over HTTP: the same credential repeated (cached) and a new credential on
 *      every request (uncached);
 *   4. the verification page of a known id (GET /verify/:id?k=…) at --connections connections (kept
 *      by the anonymous page cache after the first request, until a status change: ADR 0019);
 *   5. the certificate PDF, zh and en.
 * The public routes are rate-limited per client address (120 a minute): the app runs with
 * TRUST_PROXY=true and every request names its own client in X-Forwarded-For (a 127.x.y.z text in a
 * header; no traffic goes anywhere but 127.0.0.1), so the limiter's database write is still paid
 * (except by verification pages answered from the page cache, which are not limited).
 * The app is served by the listener production uses (`listen` in src/server.ts).
 *
 * Targets: API ≥ 1,000 verifications/s repeated; page p99 < 50 ms at 100 connections;
 * PDF ≤ 500 ms; 1,000 credentials ≤ 60 s.
 * Options: --batch 1000  --connections 100  --duration 10s  --warmup 3s
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { createApp } from '../src/app.tsx';
import { loadConfig } from '../src/config.ts';
import { renderCertificatePdf } from '../src/modules/credentials/certificate.ts';
import { BUNDLED_CONTEXTS, type JsonObject } from '../src/modules/credentials/data-integrity.ts';
import { verifyOffline } from '../src/modules/credentials/offline.ts';
import { verifyOnline } from '../src/modules/credentials/online.ts';
import { issuerDidDocument } from '../src/modules/credentials/queries.ts';
import { verifyLink } from '../src/modules/credentials/routes.tsx';
import { createAchievement, createIssuer, issueCredentials } from '../src/modules/credentials/service.ts';
import { silentLogger } from '../src/platform/log.ts';
import { createDeps, listen, openAndMigrate } from '../src/server.ts';

const WRK = '/usr/bin/wrk';
const TARGET = { apiRepeated: 1000, pageP99Ms: 50, pdfMs: 500, batchS: 60 };

const { values: opts } = parseArgs({
  options: {
    batch: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '100' },
    duration: { type: 'string', default: '10s' },
    warmup: { type: 'string', default: '3s' },
  },
});
const BATCH = Number(opts.batch);
const silent = silentLogger;
const run = promisify(execFile);

type WrkResult = { rps: number; p50: number; p99: number; requests: number; non2xx: number };

function toMs(value: string): number {
  const m = value.match(/^([\d.]+)(us|ms|s|m)$/);
  if (!m) throw new Error(`cannot read latency "${value}"`);
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

/**
 * Runs wrk with a Lua script that sends `method path` with one of `bodies` per request (in turn,
 * never wrapping round when `once` is set: the script stops asking once every body was sent) and
 * a client address of its own in X-Forwarded-For.
 */
async function wrk(
  base: string,
  method: 'GET' | 'POST',
  urlPath: string,
  bodies: string[],
  duration: string,
  connections: number,
): Promise<WrkResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gongjin-bench-wrk-'));
  try {
    const bodyFile = path.join(dir, 'bodies.txt');
    writeFileSync(bodyFile, `${bodies.join('\n')}\n`);
    const script = path.join(dir, 'script.lua');
    writeFileSync(
      script,
      `local bodies = {}
for line in io.lines(${JSON.stringify(bodyFile)}) do bodies[#bodies + 1] = line end
local n = 0
request = function()
  n = n + 1
  local body = bodies[((n - 1) % #bodies) + 1]
  local ip = string.format("127.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  local headers = { ["X-Forwarded-For"] = ip }
  if ${JSON.stringify(method)} == "POST" then headers["Content-Type"] = "application/json" else body = nil end
  return wrk.format(${JSON.stringify(method)}, ${JSON.stringify(urlPath)}, headers, body)
end
`,
    );
    const { stdout } = await run(
      WRK,
      ['-t1', `-c${connections}`, `-d${duration}`, '--latency', '-s', script, base],
      { timeout: 600_000 },
    );
    const rps = Number(stdout.match(/Requests\/sec:\s+([\d.]+)/)?.[1]);
    const p50 = stdout.match(/^\s+50%\s+(\S+)/m)?.[1];
    const p99 = stdout.match(/^\s+99%\s+(\S+)/m)?.[1];
    if (!rps || !p50 || !p99) throw new Error(`cannot read wrk output:\n${stdout}`);
    return {
      rps,
      p50: toMs(p50),
      p99: toMs(p99),
      requests: Number(stdout.match(/(\d+) requests in/)?.[1] ?? 0),
      non2xx: Number(stdout.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const line = (label: string, value: string, target?: string, ok?: boolean) =>
  console.log(
    `${label.padEnd(58)} ${value.padStart(14)}${target ? `   target ${target}: ${ok ? 'MET' : 'MISSED'}` : ''}`,
  );

/** Verifications per second of Digital Bazaar's stack over `docs` (each a 2-proof proof set). */
async function digitalBazaarRate(docs: JsonObject[], didDocs: JsonObject[]): Promise<number> {
  const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
  const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const jsigs = (await import('jsonld-signatures')).default;
  const known = new Map<string, unknown>(BUNDLED_CONTEXTS);
  for (const d of didDocs) {
    known.set(d.id as string, d);
    for (const m of d.verificationMethod as JsonObject[])
      known.set(m.id as string, { '@context': 'https://w3id.org/security/multikey/v1', ...m });
  }
  const documentLoader = async (url: string) => {
    const document = known.get(url);
    if (document === undefined) throw new Error(`no document for ${url}`);
    return { contextUrl: null, documentUrl: url, document };
  };
  const t0 = performance.now();
  for (const doc of docs) {
    const r = await jsigs.verify(structuredClone(doc), {
      suite: new DataIntegrityProof({ cryptosuite }),
      purpose: new jsigs.purposes.AssertionProofPurpose(),
      documentLoader,
    });
    if (!r.verified) throw new Error('Digital Bazaar did not verify a Gongjin credential');
  }
  return docs.length / ((performance.now() - t0) / 1000);
}

async function main() {
  if (!existsSync(WRK)) throw new Error(`${WRK} is missing: apt-get install -y wrk`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gongjin-bench-cred-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    GONGJIN_DATA_DIR: dir,
    GONGJIN_SECRET: randomBytes(32).toString('hex'),
    PUBLIC_URL: 'http://127.0.0.1',
    TRUST_PROXY: 'true',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  });
  const database = await openAndMigrate(config);
  const deps = createDeps(database, config, silent);
  const ctx = {
    db: database.db,
    secret: config.GONGJIN_SECRET,
    publicUrl: config.PUBLIC_URL,
    embedded: database.kind === 'pglite',
  };
  const info = { ip: null, actorId: null };
  console.log(
    `Credential benchmark: ${database.kind}, node ${process.version}, ${os.cpus().length} CPU(s), ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  let server: Server | undefined;
  try {
    const suffix = randomBytes(3).toString('hex');
    const a = await createIssuer(
      ctx,
      { slug: `alliance-${suffix}`, nameZh: '联盟', nameEn: 'Alliance' },
      info,
    );
    const b = await createIssuer(ctx, { slug: `body-${suffix}`, nameZh: '认证中心', nameEn: 'Body' }, info);
    const achievement = await createAchievement(
      ctx,
      {
        slug: `bench-${suffix}`,
        nameZh: 'PostgreSQL 初级认证',
        nameEn: 'PostgreSQL Associate',
        descriptionZh: '掌握 PostgreSQL 的安装、SQL 与备份恢复。',
        descriptionEn: 'Installs PostgreSQL, writes SQL, backs up and restores.',
        criteriaZh: '通过初级考试。',
        criteriaEn: 'Passed the associate exam.',
        issuerId: a.id,
        coIssuerId: b.id,
      },
      info,
    );

    // 1. Batch issue, as the admin CSV batch does it: one transaction, all or nothing.
    const recipients = Array.from({ length: BATCH }, (_, i) => ({
      name: `持有人${i}`,
      evidence: [{ name: '考试成绩', url: `https://exam.example/r/${i}` }],
    }));
    let t0 = performance.now();
    const rows = await issueCredentials(ctx, achievement.id, recipients, info);
    const batchS = (performance.now() - t0) / 1000;

    // 2. In-process verification. Each call gets a fresh copy, as a parsed request body would be.
    const [known, ...fresh] = rows;
    const inProcessN = Math.min(30, fresh.length);
    t0 = performance.now();
    for (const row of fresh.slice(0, inProcessN)) await verifyOnline(ctx, structuredClone(row.document));
    const inUncached = inProcessN / ((performance.now() - t0) / 1000);
    await verifyOnline(ctx, structuredClone(known.document));
    const repeatN = 2000;
    t0 = performance.now();
    for (let i = 0; i < repeatN; i++) await verifyOnline(ctx, structuredClone(known.document));
    const inRepeated = repeatN / ((performance.now() - t0) / 1000);

    // 2b. Side by side, one process, the same new 2-proof credentials, no cache on either side:
    // `gongjin verify` (verifyOffline with both issuers' DID documents) and Digital Bazaar's
    // jsonld-signatures + eddsa-rdfc-2022 cryptosuite (the stack @digitalbazaar/vc uses).
    const didDocs = [
      await issuerDidDocument(ctx.db, ctx.publicUrl, a.slug),
      await issuerDidDocument(ctx.db, ctx.publicUrl, b.slug),
    ];
    const sideN = Math.min(30, fresh.length);
    const side = fresh.slice(0, sideN).map((r) => r.document as JsonObject);
    t0 = performance.now();
    for (const doc of side) {
      const r = await verifyOffline(structuredClone(doc), didDocs);
      if (r.checks.some((c) => c.id === 'proof' && !c.ok)) throw new Error('gongjin verify failed a proof');
    }
    const ourSide = sideN / ((performance.now() - t0) / 1000);
    const dbSide = await digitalBazaarRate(side, didDocs as JsonObject[]);

    // 3 and 4. Over HTTP.
    const app = createApp(deps);
    // The listener production uses (src/server.ts): the anonymous fast path, then Hono.
    server = await listen(app, deps, 0, '127.0.0.1');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const connections = Number(opts.connections);
    const body = (doc: unknown) => JSON.stringify({ credential: doc });
    const sanity = await fetch(`${base}/api/v1/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '127.9.9.9' },
      body: body(known.document),
    });
    const verdict = (await sanity.json()) as { valid: boolean };
    if (sanity.status !== 200 || !verdict.valid) throw new Error(`POST /api/v1/verify: ${sanity.status}`);

    await wrk(base, 'POST', '/api/v1/verify', [body(known.document)], opts.warmup, connections);
    const apiCached = await wrk(
      base,
      'POST',
      '/api/v1/verify',
      [body(known.document)],
      opts.duration,
      connections,
    );

    // Uncached: credentials no verification has seen yet, one per request, in turn.
    const unseen = fresh.slice(inProcessN).map((r) => body(r.document));
    const apiUncached = await wrk(base, 'POST', '/api/v1/verify', unseen, '5s', Math.min(connections, 10));
    const wrapped = apiUncached.requests > unseen.length;

    const pagePath = verifyLink(ctx, known.id).slice(ctx.publicUrl.length);
    const page = await fetch(`${base}${pagePath}`, { headers: { 'x-forwarded-for': '127.9.9.8' } });
    if (page.status !== 200) throw new Error(`GET ${pagePath}: ${page.status}`);
    await wrk(base, 'GET', pagePath, [''], opts.warmup, connections);
    const pageRun = await wrk(base, 'GET', pagePath, [''], opts.duration, connections);

    // 5. PDF (the first call reads the font files).
    const pdfData = (i: number, en: boolean) => ({
      credentialId: rows[i].id,
      holderName: `持有人${i}`,
      achievementName: en ? 'PostgreSQL Associate' : 'PostgreSQL 初级认证',
      achievementDescription: en
        ? 'Installs PostgreSQL, writes SQL, backs up and restores.'
        : '掌握 PostgreSQL 的安装、SQL 与备份恢复。',
      issuerNames: ['联盟', '认证中心'],
      issuedAt: new Date(),
      verifyUrl: verifyLink(ctx, rows[i].id),
    });
    await renderCertificatePdf(pdfData(0, false), 'zh-CN');
    const pdfTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      await renderCertificatePdf(pdfData(i, i % 2 === 1), i % 2 ? 'en' : 'zh-CN');
      pdfTimes.push(performance.now() - s);
    }
    const pdfMean = pdfTimes.reduce((x, y) => x + y, 0) / pdfTimes.length;
    const pdfMax = Math.max(...pdfTimes);

    console.log('');
    line(
      `batch issue, ${BATCH} co-signed credentials (one transaction)`,
      `${batchS.toFixed(1)} s`,
      `≤ ${TARGET.batchS} s per 1,000`,
      (batchS * 1000) / BATCH <= TARGET.batchS,
    );
    line('  per credential (2 proofs)', `${((batchS * 1000) / BATCH).toFixed(1)} ms`);
    line('verifyOnline in process, uncached', `${inUncached.toFixed(0)} /s`);
    line('verifyOnline in process, repeated (proof cache hit)', `${inRepeated.toFixed(0)} /s`);
    line('2-proof credential, uncached, gongjin verify (offline)', `${ourSide.toFixed(1)} /s`);
    line('2-proof credential, uncached, Digital Bazaar jsonld-signatures', `${dbSide.toFixed(1)} /s`);
    line(
      `POST /api/v1/verify, same credential, -c${connections}`,
      `${apiCached.rps.toFixed(0)} /s`,
      `≥ ${TARGET.apiRepeated} /s`,
      apiCached.rps >= TARGET.apiRepeated && apiCached.non2xx === 0,
    );
    line('  latency p50 / p99', `${apiCached.p50.toFixed(1)} / ${apiCached.p99.toFixed(1)} ms`);
    line(
      `POST /api/v1/verify, a new credential each time, -c${Math.min(connections, 10)}`,
      `${apiUncached.rps.toFixed(0)} /s`,
    );
    line('  latency p50 / p99', `${apiUncached.p50.toFixed(1)} / ${apiUncached.p99.toFixed(1)} ms`);
    if (wrapped)
      console.log(
        `  (sent ${apiUncached.requests} requests for ${unseen.length} credentials: some were repeats)`,
      );
    line(`GET /verify/:id?k=… (verification page), -c${connections}`, `${pageRun.rps.toFixed(0)} req/s`);
    line(
      '  latency p50 / p99',
      `${pageRun.p50.toFixed(1)} / ${pageRun.p99.toFixed(1)} ms`,
      `p99 < ${TARGET.pageP99Ms} ms`,
      pageRun.p99 < TARGET.pageP99Ms && pageRun.non2xx === 0,
    );
    line(
      'certificate PDF, mean (max) of 20, zh and en',
      `${pdfMean.toFixed(0)} (${pdfMax.toFixed(0)}) ms`,
      `≤ ${TARGET.pdfMs} ms`,
      pdfMax <= TARGET.pdfMs,
    );
    const errors = apiCached.non2xx + apiUncached.non2xx + pageRun.non2xx;
    if (errors)
      console.log(`\n${errors} responses were not 2xx/3xx (rate limit or errors): figures are suspect`);
  } finally {
    await new Promise((r) => (server ? server.close(r) : r(null)));
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
