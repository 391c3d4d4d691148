import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addProof,
  canonicalForms,
  defaultDocumentLoader,
  hashData,
  type JsonObject,
  staticDocumentLoader,
  verifyProofs,
} from './data-integrity.ts';
import { generateEd25519, multibaseDecode } from './multikey.ts';

const VECTORS = new URL('../../../../shared/vectors/w3c-vc-di-eddsa/', import.meta.url);
/** Every vector file a test below reads, so the last test can check none is left out. */
const used = new Set<string>();
const text = (path: string) => {
  used.add(path);
  return readFileSync(new URL(path, VECTORS), 'utf8');
};
const read = (path: string) => JSON.parse(text(path)) as JsonObject;

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

  it('accepts the employment vector with the bundled citizenship context, offline', async () => {
    // The default loader: what `gongjin verify` and the server use, without the examples context.
    const doc = read('eddsa-rdfc-2022/employ/signedDataInt.json');
    const results = await verifyProofs(doc, undefined, defaultDocumentLoader);
    expect(results.map((r) => [r.valid, r.error])).toEqual([[true, undefined]]);
  });

  /** Changes to signed fields of the employment vector, each to a value its context allows. */
  const EMPLOY_TAMPERS: Array<[string, (d: JsonObject) => void]> = [
    ['credentialSubject.givenName', (d) => ((d.credentialSubject as JsonObject).givenName = 'JOHNNY')],
    ['credentialSubject.birthDate', (d) => ((d.credentialSubject as JsonObject).birthDate = '1999-07-18')],
    [
      'credentialSubject.employmentAuthorizationDocument.lprNumber',
      (d) => {
        const ead = (d.credentialSubject as JsonObject).employmentAuthorizationDocument as JsonObject;
        ead.lprNumber = '999-999-998';
      },
    ],
    ['validUntil', (d) => (d.validUntil = '2039-12-03T00:00:00Z')],
    ['issuer.image', (d) => ((d.issuer as JsonObject).image = 'data:image/png;base64,AAAA')],
    ['type', (d) => (d.type = ['VerifiableCredential'])],
  ];
  for (const [field, tamper] of EMPLOY_TAMPERS) {
    it(`rejects the employment vector after a change to ${field}`, async () => {
      const doc = read('eddsa-rdfc-2022/employ/signedDataInt.json');
      tamper(doc);
      expect((await verifyProofs(doc, undefined, defaultDocumentLoader))[0]).toMatchObject({
        valid: false,
        error: 'bad_signature',
      });
    });
  }

  it('refuses the employment vector when its context is unknown, without fetching it', async () => {
    const doc = read('eddsa-rdfc-2022/employ/signedDataInt.json');
    (doc['@context'] as string[])[1] = 'https://w3id.org/citizenship/v5';
    expect((await verifyProofs(doc, undefined, defaultDocumentLoader))[0]).toMatchObject({
      valid: false,
      error: 'unknown_context',
    });
  });

  // Every intermediate value of the three single-proof vectors, from our own code.
  const STEPS: Array<[string, string, string, JsonObject | null]> = [
    ['eddsa-rdfc-2022', 'DataInt', 'eddsa-rdfc-2022/signedDataInt.json', null],
    ['eddsa-rdfc-2022/employ', 'DataInt', 'employmentAuth.json', null],
    ['eddsa-jcs-2022', 'JCS', 'unsigned.json', null],
  ];
  for (const [dir, tag, unsignedFile] of STEPS) {
    it(`reproduces every step of ${dir}: canonical forms, hashes, signature`, async () => {
      const config = read(`${dir}/proofConfig${tag}.json`);
      const source = read(unsignedFile);
      const { proof: _p, ...unsigned } = source;
      const forms = await canonicalForms(unsigned, config, loader);
      expect(forms.document).toBe(text(`${dir}/canonDoc${tag}.txt`));
      expect(forms.proof).toBe(
        text(`${dir}/proofCanon${tag}.txt`).replace(/\n?$/, tag === 'JCS' ? '' : '\n'),
      );
      const hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
      expect(hex(forms.document)).toBe(text(`${dir}/docHash${tag}.txt`).trim());
      expect(hex(forms.proof)).toBe(text(`${dir}/proofHash${tag}.txt`).trim());
      const combined = Buffer.from(await hashData(unsigned, config, loader)).toString('hex');
      expect(combined).toBe(text(`${dir}/combinedHash${tag}.txt`).trim());
      const keys = read('keyPair.json');
      const { '@context': _c, ...options } = config;
      const signed = await addProof(
        unsigned,
        options as never,
        {
          publicKeyMultibase: keys.publicKeyMultibase as string,
          secretKeyMultibase: keys.privateKeyMultibase as string,
        },
        loader,
      );
      const proofValue = (signed.proof as JsonObject).proofValue as string;
      expect(proofValue).toBe(text(`${dir}/sigBTC58${tag}.txt`).trim());
      expect(Buffer.from(multibaseDecode(proofValue)).toString('hex')).toBe(
        text(`${dir}/sigHex${tag}.txt`).trim(),
      );
      const vector = dir === 'eddsa-jcs-2022' ? 'signedJCS.json' : 'signedDataInt.json';
      expect(signed).toEqual(read(`${dir}/${vector}`));
    });
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

describe('proof sets and chains, step by step', () => {
  const pairs = () =>
    Object.values(read('proof-set-chain/multiKeyPairs.json')) as Array<Record<string, string>>;
  const keyFor = (config: JsonObject) => {
    const pair = pairs().find((p) => String(config.verificationMethod).endsWith(`#${p.publicKeyMultibase}`));
    if (!pair) throw new Error(`no key pair for ${config.verificationMethod}`);
    return { publicKeyMultibase: pair.publicKeyMultibase, secretKeyMultibase: pair.privateKeyMultibase };
  };
  const sign = (doc: JsonObject, config: JsonObject) =>
    addProof(doc, config as never, keyFor(config), loader);
  const lastProof = (doc: JsonObject) => (doc.proof as JsonObject[]).at(-1) ?? doc.proof;

  it('signs the proof set and the chain on top of it exactly as the vectors do', async () => {
    const unsigned = read('proof-set-chain/unsigned.json');
    const set1 = await sign(unsigned, read('proof-set-chain/proofSetConfig1.json'));
    expect(set1.proof).toEqual(read('proof-set-chain/proofSetConfigSigned1.json'));
    expect(set1).toEqual(read('proof-set-chain/signedProofSet1.json'));
    const set2 = await sign(set1, read('proof-set-chain/proofSetConfig2.json'));
    expect(lastProof(set2)).toEqual(read('proof-set-chain/proofSetConfigSigned2.json'));
    expect(set2).toEqual(read('proof-set-chain/signedProofSet2.json'));
    // A chained proof signs the document with the proofs it names (the vectors' "temp" documents).
    expect(read('proof-set-chain/proofChainTempDoc1.json')).toEqual(set2);
    const chain1 = await sign(set2, read('proof-set-chain/proofChainConfig1.json'));
    expect(lastProof(chain1)).toEqual(read('proof-set-chain/proofChainConfigSigned1.json'));
    expect(chain1).toEqual(read('proof-set-chain/signedProofChain1.json'));
    const { proof: _p, ...bare } = unsigned;
    expect(read('proof-set-chain/proofChainTempDoc2.json')).toEqual({ ...bare, proof: [lastProof(chain1)] });
    const chain2 = await sign(chain1, read('proof-set-chain/proofChainConfig2.json'));
    expect(lastProof(chain2)).toEqual(read('proof-set-chain/proofChainConfigSigned2.json'));
    expect(chain2).toEqual(read('proof-set-chain/signedProofChain2.json'));
  });
});

describe('vector coverage', () => {
  it('every file in the vector folder is read by a test above', () => {
    const all: string[] = [];
    const walk = (rel: string) => {
      for (const name of readdirSync(new URL(rel, VECTORS))) {
        const path = `${rel}${name}`;
        if (statSync(new URL(path, VECTORS)).isDirectory()) walk(`${path}/`);
        else if (name !== 'SOURCE.md') all.push(path);
      }
    };
    walk('');
    expect(all.filter((f) => !used.has(f)).sort()).toEqual([]);
  });
});
