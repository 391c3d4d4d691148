// POST /api/v1/verify with caller-supplied JSON-LD contexts: the W3C vectors verify their
// signatures, the issuer binding is reported apart, and bad input is a typed 400.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../testing/harness.ts';

const t = useTestApp();
const VECTORS = path.resolve(import.meta.dirname, '../../../../shared/vectors/w3c-vc-di-eddsa');
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const EXAMPLES_URL = 'https://www.w3.org/ns/credentials/examples/v2';
const examples = json(path.resolve(import.meta.dirname, 'contexts/credentials-examples-v2.json'));

type Checks = { valid: boolean; checks: Array<{ id: string; ok: boolean | null; code: string }> };
const post = (body: unknown) =>
  t.client().request('/api/v1/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const summary = (b: Checks) => b.checks.map((c) => `${c.id}:${c.ok}:${c.code}`);

describe('POST /api/v1/verify with contexts', () => {
  it('a proof set vector verifies both signatures with the examples context; binding is its own check', async () => {
    const credential = json(path.join(VECTORS, 'proof-set-chain/signedProofSet2.json'));
    const res = await post({ credential, contexts: { [EXAMPLES_URL]: examples } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Checks;
    expect(summary(body).filter((s) => /^(proof|issuers)/.test(s))).toEqual([
      'proof:true:valid',
      'proof:true:valid',
      'issuers:false:signer_not_issuer',
    ]);
    expect(body.valid).toBe(false);
    const without = (await (await post({ credential })).json()) as Checks;
    expect(summary(without).filter((s) => s.startsWith('proof'))).toEqual([
      'proof:false:unknown_context',
      'proof:false:unknown_context',
    ]);
  });

  it('refuses contexts that are not a map of URLs to objects, with a typed error', async () => {
    const credential = json(path.join(VECTORS, 'eddsa-rdfc-2022/signedDataInt.json'));
    const res = await post({ credential, contexts: { 'not a url': examples } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_INPUT');
    const many = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`https://c.example/${i}`, examples]),
    );
    const tooMany = await post({ credential, contexts: many });
    expect(tooMany.status).toBe(400);
  });
});
