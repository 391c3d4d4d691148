/**
 * Credential benchmark (in-process, PGlite in a temporary directory): issues co-signed credentials,
 * then measures verifications per second through `verifyOnline` — uncached (a new content hash each
 * time, so RDF canonicalisation runs for both proofs) and repeated (the proof cache hits; status is
 * still checked each time) — and the certificate PDF time. Run: node bin/run-ts.mjs bench/credentials.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { renderCertificatePdf } from '../src/modules/credentials/certificate.ts';
import { verifyOnline } from '../src/modules/credentials/online.ts';
import { createAchievement, createIssuer, issueCredential } from '../src/modules/credentials/service.ts';
import { openAndMigrate } from '../src/server.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gongjin-bench-cred-'));
const config = loadConfig({ NODE_ENV: 'test', GONGJIN_DATA_DIR: dir, PUBLIC_URL: 'http://bench.test' });
const database = await openAndMigrate(config);
const ctx = { db: database.db, secret: config.GONGJIN_SECRET, publicUrl: config.PUBLIC_URL };
const info = { ip: null, actorId: null };
try {
  const a = await createIssuer(ctx, { slug: 'alliance', nameZh: '联盟', nameEn: 'Alliance' }, info);
  const b = await createIssuer(ctx, { slug: 'body', nameZh: '认证中心', nameEn: 'Body' }, info);
  const achievement = await createAchievement(
    ctx,
    {
      slug: 'bench',
      nameZh: '基准',
      nameEn: 'Bench',
      descriptionZh: '描述',
      descriptionEn: 'Description',
      criteriaZh: '标准',
      criteriaEn: 'Criteria',
      issuerId: a.id,
      coIssuerId: b.id,
    },
    info,
  );
  const issueN = 50;
  let t0 = performance.now();
  const rows = [];
  for (let i = 0; i < issueN; i++)
    rows.push(await issueCredential(ctx, achievement.id, { name: `持有人${i}` }, [], info));
  const issueMs = (performance.now() - t0) / issueN;

  t0 = performance.now();
  for (const row of rows) await verifyOnline(ctx, row.document);
  const uncached = rows.length / ((performance.now() - t0) / 1000);

  const repeatN = 1000;
  t0 = performance.now();
  for (let i = 0; i < repeatN; i++) await verifyOnline(ctx, rows[0].document);
  const repeated = repeatN / ((performance.now() - t0) / 1000);

  await renderCertificatePdf(
    {
      credentialId: rows[0].id,
      holderName: '持有人',
      achievementName: '基准',
      achievementDescription: '描述',
      issuerNames: ['联盟'],
      issuedAt: new Date(),
      verifyUrl: 'http://bench.test/verify/x',
    },
    'zh-CN',
  );
  t0 = performance.now();
  for (let i = 0; i < 10; i++) {
    await renderCertificatePdf(
      {
        credentialId: rows[i].id,
        holderName: `持有人${i}`,
        achievementName: '基准',
        achievementDescription: '描述',
        issuerNames: ['联盟', '认证中心'],
        issuedAt: new Date(),
        verifyUrl: `http://bench.test/verify/${rows[i].id}`,
      },
      'zh-CN',
    );
  }
  const pdfMs = (performance.now() - t0) / 10;
  console.log(
    `issue (co-signed, 2 proofs): ${issueMs.toFixed(1)} ms each → ${((issueMs * 1000) / 1000).toFixed(1)} s per 1,000`,
  );
  console.log(`verify uncached: ${uncached.toFixed(0)} /s`);
  console.log(`verify repeated (proof cache, status checked): ${repeated.toFixed(0)} /s`);
  console.log(`certificate PDF: ${pdfMs.toFixed(1)} ms each`);
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
