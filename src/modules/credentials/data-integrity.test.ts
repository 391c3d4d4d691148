import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addProof, type JsonObject, staticDocumentLoader, verifyProofs } from './data-integrity.ts';
import { generateEd25519 } from './multikey.ts';

const VECTORS = new URL('../../../../shared/vectors/w3c-vc-di-eddsa/', import.meta.url);
const read = (path: string) => JSON.parse(readFileSync(new URL(path, VECTORS), 'utf8')) as JsonObject;

// The W3C example vocabulary, used only by the test vectors (never bundled for real credentials).
const loader = staticDocumentLoader(
  new Map([
    [
      'https://www.w3.org/ns/credentials/examples/v2',
      JSON.parse(readFileSync(new URL('./contexts/credentials-examples-v2.json', import.meta.url), 'utf8')),
    ],
  ]),
);

const SIGNED = [
  'eddsa-rdfc-2022/signedDataInt.json',
  'eddsa-jcs-2022/signedJCS.json',
  'proof-set-chain/signedProofSet1.json',
  'proof-set-chain/signedProofSet2.json',
  'proof-set-chain/signedProofChain1.json',
  'proof-set-chain/signedProofChain2.json',
];

/** Every way to change one signed field of an Alumni vector. */
const TAMPERS: Array<[string, (d: JsonObject) => void]> = [
  [
    'credentialSubject.alumniOf',
    (d) => {
      (d.credentialSubject as JsonObject).alumniOf = 'The School of Examplez';
    },
  ],
  [
    'credentialSubject.id',
    (d) => {
      (d.credentialSubject as JsonObject).id = 'did:example:abcdefgi';
    },
  ],
  [
    'issuer',
    (d) => {
      d.issuer = 'https://vc.example/issuers/5679';
    },
  ],
  [
    'validFrom',
    (d) => {
      d.validFrom = '2023-01-02T00:00:00Z';
    },
  ],
  [
    'name',
    (d) => {
      d.name = 'Alumni Credential!';
    },
  ],
  [
    'type',
    (d) => {
      d.type = ['VerifiableCredential'];
    },
  ],
  [
    'id',
    (d) => {
      d.id = 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc34';
    },
  ],
  [
    'proof.created',
    (d) => {
      const proofs = Array.isArray(d.proof) ? d.proof : [d.proof];
      (proofs[0] as JsonObject).created = '2023-02-24T23:36:39Z';
    },
  ],
];

describe('W3C vc-di-eddsa test vectors', () => {
  for (const file of SIGNED) {
    it(`accepts ${file}`, async () => {
      const results = await verifyProofs(read(file), undefined, loader);
      expect(results.length).toBeGreaterThan(0);
      expect(results.map((r) => [r.valid, r.error])).toEqual(results.map(() => [true, undefined]));
    });
    for (const [field, tamper] of TAMPERS) {
      it(`rejects ${file} after a change to ${field}`, async () => {
        const doc = read(file);
        tamper(doc);
        const results = await verifyProofs(doc, undefined, loader);
        expect(results.some((r) => !r.valid)).toBe(true);
      });
    }
  }

  it('rejects the vector with one character of the proof value changed', async () => {
    const doc = read('eddsa-rdfc-2022/signedDataInt.json');
    const proof = doc.proof as JsonObject;
    const value = proof.proofValue as string;
    proof.proofValue = value.slice(0, 10) + (value[10] === 'a' ? 'b' : 'a') + value.slice(11);
    expect((await verifyProofs(doc, undefined, loader))[0]).toMatchObject({
      valid: false,
      error: 'bad_signature',
    });
  });

  it('rejects a context that is not bundled, without fetching it', async () => {
    const doc = read('eddsa-rdfc-2022/signedDataInt.json');
    (doc['@context'] as string[]).push('https://example.org/remote-context.jsonld');
    expect((await verifyProofs(doc, undefined, loader))[0]).toMatchObject({
      valid: false,
      error: 'unknown_context',
    });
  });

  it('rejects a proof whose key is not the one named', async () => {
    const doc = read('eddsa-rdfc-2022/signedDataInt.json');
    const other = read('proof-set-chain/multiKeyPairs.json').keyPair1 as JsonObject;
    (doc.proof as JsonObject).verificationMethod =
      `did:key:${other.publicKeyMultibase}#${other.publicKeyMultibase}`;
    expect((await verifyProofs(doc, undefined, loader))[0]).toMatchObject({
      valid: false,
      error: 'bad_signature',
    });
  });

  it('reproduces the vector signature from the published key pair (signing is deterministic)', async () => {
    const signed = read('eddsa-rdfc-2022/signedDataInt.json');
    const keys = read('keyPair.json');
    const { proofValue, ...options } = signed.proof as JsonObject;
    const { proof: _p, ...unsigned } = signed;
    const again = await addProof(
      unsigned,
      options as never,
      {
        publicKeyMultibase: keys.publicKeyMultibase as string,
        secretKeyMultibase: keys.privateKeyMultibase as string,
      },
      loader,
    );
    expect((again.proof as JsonObject).proofValue).toBe(proofValue);
  });

  it('reproduces the JCS vector signature too', async () => {
    const signed = read('eddsa-jcs-2022/signedJCS.json');
    const keys = read('keyPair.json');
    const { proofValue, '@context': _c, ...options } = signed.proof as JsonObject;
    const { proof: _p, ...unsigned } = signed;
    const again = await addProof(
      unsigned,
      options as never,
      {
        publicKeyMultibase: keys.publicKeyMultibase as string,
        secretKeyMultibase: keys.privateKeyMultibase as string,
      },
      loader,
    );
    expect((again.proof as JsonObject).proofValue).toBe(proofValue);
  });
});

describe('creating proof sets', () => {
  it('two issuers sign one document; both proofs verify and tampering breaks both', async () => {
    const a = generateEd25519();
    const b = generateEd25519();
    const unsigned = read('unsigned.json');
    const options = (k: { publicKeyMultibase: string }) => ({
      type: 'DataIntegrityProof' as const,
      cryptosuite: 'eddsa-rdfc-2022' as const,
      created: '2026-01-01T00:00:00Z',
      verificationMethod: `did:key:${k.publicKeyMultibase}#${k.publicKeyMultibase}`,
      proofPurpose: 'assertionMethod' as const,
    });
    const once = await addProof(unsigned, options(a), a, loader);
    const twice = await addProof(once, options(b), b, loader);
    expect((twice.proof as JsonObject[]).length).toBe(2);
    expect((await verifyProofs(twice, undefined, loader)).map((r) => r.valid)).toEqual([true, true]);
    (twice.credentialSubject as JsonObject).alumniOf = 'Elsewhere';
    expect((await verifyProofs(twice, undefined, loader)).map((r) => r.valid)).toEqual([false, false]);
  });
});
