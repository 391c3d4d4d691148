// `gongjin verify` as a user runs it: a real process, no database, no network.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import type { JsonObject } from './data-integrity.ts';
import { issuerDidDocument } from './queries.ts';
import { createAchievement, createIssuer, issueCredential } from './service.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../../bin/gongjin.mjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'gongjin-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function gongjin(args: string[]) {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const file = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

const t = useTestApp();
const info = { ip: null, actorId: null };

// Each case starts real processes (a node start each); on a loaded machine that alone can pass 30 s.
describe('gongjin verify', { timeout: 240_000 }, () => {
  it('prints its help', async () => {
    const res = await gongjin(['verify', '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      /^Usage: gongjin verify credential.json \[--key FILE\]\.\.\. \[--context \[URL=\]FILE\]\.\.\./,
    );
  });

  it('accepts a W3C vector signed with did:key and names the failing check after tampering', async () => {
    const vector = readFileSync(
      path.resolve(
        import.meta.dirname,
        '../../../../shared/vectors/w3c-vc-di-eddsa/eddsa-jcs-2022/signedJCS.json',
      ),
      'utf8',
    );
    // The signature verifies; the vector's issuer (https://vc.example/…) is not the did:key that
    // signed it, so the issuer binding check (every listed issuer must sign) names that failure.
    const ok = await gongjin(['verify', file('jcs.json', vector)]);
    expect(ok.stderr).toContain('PASS  proof         valid  did:key:z6Mkr');
    expect(ok.stderr).toContain('signatures: 1 of 1 valid; issuer binding: 0 of 1 issuers bound');
    expect(ok.stderr.trim().split('\n').at(-1)).toBe(
      'INVALID: failed check issuers (signer_not_issuer: https://vc.example/issuers/5678)',
    );
    expect(ok.code).toBe(1);
    const doc = JSON.parse(vector) as JsonObject;
    (doc.credentialSubject as JsonObject).alumniOf = 'Elsewhere';
    const bad = await gongjin(['verify', file('jcs-bad.json', doc)]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('INVALID: failed check proof (bad_signature: did:key:z6Mkr');
  });

  it('verifies our co-signed credential with the issuers’ DID documents as key files', async () => {
    const ctx = { db: t.db, secret: t.deps.config.GONGJIN_SECRET, publicUrl: TEST_PUBLIC_URL };
    const a = await createIssuer(ctx, { slug: 'alliance', nameZh: '联盟', nameEn: 'Alliance' }, info);
    const b = await createIssuer(ctx, { slug: 'body', nameZh: '认证中心', nameEn: 'Body' }, info);
    const achievement = await createAchievement(
      ctx,
      {
        slug: 'x',
        nameZh: '成就',
        nameEn: 'Achievement',
        descriptionZh: '描述',
        descriptionEn: 'Description',
        criteriaZh: '标准',
        criteriaEn: 'Criteria',
        issuerId: a.id,
        coIssuerId: b.id,
      },
      info,
    );
    const row = await issueCredential(ctx, achievement.id, { name: '张三' }, [], info);
    const keys = file('keys.json', [
      await issuerDidDocument(t.db, TEST_PUBLIC_URL, 'alliance'),
      await issuerDidDocument(t.db, TEST_PUBLIC_URL, 'body'),
    ]);
    const cred = file('cred.json', row.document);
    const ok = await gongjin(['verify', cred, '--key', keys]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('SKIP  status        offline');
    // Each issuer's own did.json, one --key each, as a user downloads them: both are kept.
    const aliceKey = file('alliance.json', await issuerDidDocument(t.db, TEST_PUBLIC_URL, 'alliance'));
    const bodyKey = file('body.json', await issuerDidDocument(t.db, TEST_PUBLIC_URL, 'body'));
    const both = await gongjin(['verify', cred, '--key', aliceKey, '--key', bodyKey]);
    expect(both.code).toBe(0);
    expect(both.stdout).toContain('signatures: 2 of 2 valid; issuer binding: 2 of 2 issuers bound');
    const onlyOne = await gongjin(['verify', cred, '--key', aliceKey]);
    expect(onlyOne.code).toBe(1);
    expect(onlyOne.stderr).toContain(
      'INVALID: failed check proof (unknown_key: did:web:gongjin.test:issuers:body#key-1)',
    );
    const noKey = await gongjin(['verify', cred]);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain(
      'INVALID: failed check proof (unknown_key: did:web:gongjin.test:issuers:alliance#key-1)',
    );
    const tampered = structuredClone(row.document) as JsonObject;
    tampered.name = '伪造';
    const bad = await gongjin(['verify', file('bad.json', tampered), '--key', keys]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('INVALID: failed check proof (bad_signature');
    const missing = await gongjin(['verify', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
  });

  const VECTORS = path.resolve(import.meta.dirname, '../../../../shared/vectors/w3c-vc-di-eddsa');
  const EXAMPLES_CONTEXT = path.resolve(import.meta.dirname, 'contexts/credentials-examples-v2.json');
  const EXAMPLES_URL = 'https://www.w3.org/ns/credentials/examples/v2';

  it('every W3C Data Integrity vector passes its signature checks with the examples context supplied', async () => {
    const vectors = {
      'eddsa-rdfc-2022/signedDataInt.json': 1,
      'eddsa-rdfc-2022/employ/signedDataInt.json': 1,
      'eddsa-jcs-2022/signedJCS.json': 1,
      'proof-set-chain/signedProofSet1.json': 1,
      'proof-set-chain/signedProofSet2.json': 2,
      'proof-set-chain/signedProofChain1.json': 3,
      'proof-set-chain/signedProofChain2.json': 4,
    };
    for (const [vector, proofs] of Object.entries(vectors)) {
      const res = await gongjin([
        'verify',
        path.join(VECTORS, vector),
        '--context',
        `${EXAMPLES_URL}=${EXAMPLES_CONTEXT}`,
      ]);
      const out = `${res.stdout}${res.stderr}`;
      // Signatures valid; the vectors' example issuers are not their did:key signers (binding apart).
      expect([vector, out.match(/^signatures: .*$/m)?.[0]]).toEqual([
        vector,
        `signatures: ${proofs} of ${proofs} valid; issuer binding: 0 of 1 issuers bound`,
      ]);
      expect(out).not.toContain('FAIL  proof');
      expect(res.code).toBe(1);
    }
    // Without the context the examples vocabulary is unknown: the proof check says so.
    const without = await gongjin(['verify', path.join(VECTORS, 'eddsa-rdfc-2022/signedDataInt.json')]);
    expect(without.stderr).toContain('FAIL  proof         unknown_context');
  });

  it('a bare --context FILE stands for the one unbundled context; anything ambiguous is a usage error', async () => {
    const vector = path.join(VECTORS, 'eddsa-rdfc-2022/signedDataInt.json');
    const bare = await gongjin(['verify', vector, '--context', EXAMPLES_CONTEXT]);
    expect(bare.stderr).toContain('signatures: 1 of 1 valid; issuer binding: 0 of 1 issuers bound');
    // The employ vector names only bundled contexts: a bare FILE has nothing to stand for.
    const nothing = await gongjin([
      'verify',
      path.join(VECTORS, 'eddsa-rdfc-2022/employ/signedDataInt.json'),
      '--context',
      EXAMPLES_CONTEXT,
    ]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('it names none. Use --context URL=FILE.');
    const notJson = await gongjin([
      'verify',
      vector,
      '--context',
      `${EXAMPLES_URL}=${file('ctx.txt', 'not json')}`,
    ]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('ctx.txt is not JSON.');
  });

  it('a supplied context cannot replace a bundled one', async () => {
    const vector = path.join(VECTORS, 'eddsa-rdfc-2022/signedDataInt.json');
    // An "examples" file given for the VC 2.0 URL changes nothing: the bundled VC 2.0 context is used.
    const res = await gongjin([
      'verify',
      vector,
      '--context',
      `https://www.w3.org/ns/credentials/v2=${EXAMPLES_CONTEXT}`,
      '--context',
      `${EXAMPLES_URL}=${EXAMPLES_CONTEXT}`,
    ]);
    expect(res.stderr).toContain('signatures: 1 of 1 valid');
  });
});
