// Interop: our credentials verify with an independent implementation (Digital Bazaar's vc +
// eddsa-rdfc-2022 cryptosuite), and theirs verify with ours — not just self-consistency.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import { describe, expect, it } from 'vitest';
import { TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { BUNDLED_CONTEXTS, type JsonObject, verifyProofs } from './data-integrity.ts';
import { issuerDidDocument } from './queries.ts';
import { createAchievement, createIssuer, issueCredential } from './service.ts';

const t = useTestApp();
const info = { ip: null, actorId: null };

/** Their document loader: our bundled contexts plus the DID documents the test publishes. */
function loaderFor(didDocs: JsonObject[]) {
  const docs = new Map<string, unknown>(BUNDLED_CONTEXTS);
  for (const d of didDocs) {
    docs.set(d.id as string, d);
    for (const m of d.verificationMethod as JsonObject[]) {
      docs.set(m.id as string, { '@context': 'https://w3id.org/security/multikey/v1', ...m });
    }
  }
  return async (url: string) => {
    const document = docs.get(url);
    if (document === undefined) throw new Error(`no document for ${url}`);
    return { contextUrl: null, documentUrl: url, document };
  };
}

describe('interop with @digitalbazaar/vc', () => {
  it('verifies both proofs of our co-signed credential', async () => {
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
    const row = await issueCredential(ctx, achievement.id, { name: '张三' }, [{ name: '成绩单' }], info);
    const didDocs = [
      (await issuerDidDocument(t.db, TEST_PUBLIC_URL, 'alliance')) as JsonObject,
      (await issuerDidDocument(t.db, TEST_PUBLIC_URL, 'body')) as JsonObject,
    ];
    const result = await vc.verifyCredential({
      credential: structuredClone(row.document),
      suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
      documentLoader: loaderFor(didDocs),
      checkStatus: async () => ({ verified: true }),
    });
    // Their VC layer accepts only proofs by the `issuer` (CredentialIssuancePurpose): the
    // alliance's proof passes there; the co-issuer's is a plain assertion, checked below.
    expect(result.results.map((r: { verified: boolean }) => r.verified)).toEqual([true, false]);
    expect(result.results[1].error.message).toBe(
      'Credential issuer must match the verification method controller.',
    );
    const both = await jsigs.verify(structuredClone(row.document), {
      suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
      purpose: new jsigs.purposes.AssertionProofPurpose(),
      documentLoader: loaderFor(didDocs),
    });
    expect(both.results.map((r: { verified: boolean }) => r.verified)).toEqual([true, true]);
    expect(both.verified).toBe(true);
    // What they verified carries the achievement in both languages: the plain name in Chinese and
    // a JSON-LD language map (ADR 0040) …
    const signedAchievement = (row.document.credentialSubject as JsonObject).achievement as JsonObject;
    expect(signedAchievement.name).toBe('成就');
    expect(signedAchievement.nameMap).toEqual({ 'zh-CN': '成就', en: 'Achievement' });
    // … and the English text is signed too: changing it fails their check.
    const english = structuredClone(row.document) as JsonObject;
    const englishName = ((english.credentialSubject as JsonObject).achievement as JsonObject)
      .nameMap as JsonObject;
    englishName.en = 'Forged Achievement';
    const forged = await jsigs.verify(english, {
      suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
      purpose: new jsigs.purposes.AssertionProofPurpose(),
      documentLoader: loaderFor(didDocs),
    });
    expect(forged.verified).toBe(false);

    const tampered = structuredClone(row.document) as JsonObject;
    tampered.name = '伪造';
    const bad = await vc.verifyCredential({
      credential: tampered,
      suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
      documentLoader: loaderFor(didDocs),
      checkStatus: async () => ({ verified: true }),
    });
    expect(bad.verified).toBe(false);
  });

  it('verifies a credential they signed', async () => {
    const keyPair = await Ed25519Multikey.generate({ controller: 'did:example:issuer' });
    const exported = await keyPair.export({ publicKey: true });
    keyPair.id = `did:key:${exported.publicKeyMultibase}#${exported.publicKeyMultibase}`;
    const credential = {
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      id: 'urn:uuid:6a1c2c6e-6d5e-4c9f-9a43-3b1f0e6f7d21',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: `did:key:${exported.publicKeyMultibase}`, type: ['Profile'], name: 'Elsewhere' },
      validFrom: '2025-01-01T00:00:00Z',
      credentialSubject: {
        type: ['AchievementSubject'],
        achievement: {
          id: 'https://x.example/a',
          type: ['Achievement'],
          name: 'A',
          criteria: { narrative: 'n' },
          description: 'd',
        },
      },
    };
    const signed = await vc.issue({
      credential,
      suite: new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 }),
      documentLoader: loaderFor([]),
    });
    const ours = await verifyProofs(signed as JsonObject);
    expect(ours.map((r) => [r.valid, r.error])).toEqual([[true, undefined]]);
  });
});
