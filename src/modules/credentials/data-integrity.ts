/**
 * W3C Data Integrity proofs with the EdDSA cryptosuites: eddsa-rdfc-2022 (RDF Dataset
 * Canonicalization, the suite Open Badges 3.0 requires) and eddsa-jcs-2022 (JSON Canonicalization
 * Scheme). Creates a proof and verifies every proof of a proof set or chain. JSON-LD contexts come
 * only from the bundled copies in contexts/: nothing is fetched at verify time, and an unknown
 * context fails the check.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import jsonld from 'jsonld';
import {
  multibaseDecode,
  multibaseEncode,
  publicKeyFromDidKey,
  signEd25519,
  verifyEd25519,
} from './multikey.ts';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const CITIZENSHIP_V4RC1_CONTEXT = 'https://w3id.org/citizenship/v4rc1';
export const CRYPTOSUITES = ['eddsa-rdfc-2022', 'eddsa-jcs-2022'] as const;
export type Cryptosuite = (typeof CRYPTOSUITES)[number];

function bundled(file: string): unknown {
  return JSON.parse(readFileSync(new URL(`./contexts/${file}`, import.meta.url), 'utf8'));
}

/**
 * Every context a credential may use. Besides VC 2.0 and Open Badges 3.0: the W3C CCG citizenship
 * vocabulary v4rc1, which the W3C eddsa-rdfc-2022 "employ" test vector uses (see contexts/README.md).
 * It defines its terms without @vocab, so safe mode still refuses any term it does not name.
 */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  [VC_V2_CONTEXT, vcContexts.get(VC_V2_CONTEXT)],
  [OB_V3_CONTEXT, bundled('ob-v3p0-context-3.0.3.json')],
  [CITIZENSHIP_V4RC1_CONTEXT, bundled('citizenship-v4rc1.jsonld')],
]);

export type JsonObject = Record<string, unknown>;
export type DocumentLoader = (
  url: string,
) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;

export class UnknownContextError extends Error {
  constructor(readonly url: string) {
    super(`unknown JSON-LD context: ${url}`);
  }
}

/**
 * A loader over the bundled contexts plus `extra` (tests add the W3C example contexts; `gongjin
 * verify --context` adds the user's). A bundled URL always loads the bundled copy, so an extra
 * context can add vocabulary but never change what VC 2.0 or Open Badges terms mean.
 */
export function staticDocumentLoader(extra: ReadonlyMap<string, unknown> = new Map()): DocumentLoader {
  return async (url) => {
    const document = BUNDLED_CONTEXTS.get(url) ?? extra.get(url);
    if (document === undefined) throw new UnknownContextError(url);
    return { contextUrl: null, documentUrl: url, document };
  };
}

export const defaultDocumentLoader = staticDocumentLoader();

export type ProofOptions = {
  type: 'DataIntegrityProof';
  cryptosuite: Cryptosuite;
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  id?: string;
  previousProof?: string | string[];
};

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

async function canonize(doc: JsonObject, loader: DocumentLoader): Promise<string> {
  // safe mode turns any term the contexts do not define (a value that would silently drop out of
  // the signed RDF) into an error instead of an unsigned field.
  return jsonld.canonize(doc, {
    algorithm: 'RDFC-1.0',
    format: 'application/n-quads',
    documentLoader: loader,
    safe: true,
  });
}

/**
 * The document's canonical form, remembered briefly per loader by the hash of its JCS form: every
 * proof of a proof set signs the same unsecured document, so signing or checking a co-signed
 * credential canonicalises it once instead of once per proof. Canonicalisation is a pure function of
 * the JSON and the loader's contexts, and a failure is never remembered.
 */
const documentCanons = new WeakMap<DocumentLoader, Map<string, string>>();
async function canonizeDocument(doc: JsonObject, loader: DocumentLoader): Promise<string> {
  let canons = documentCanons.get(loader);
  if (!canons) {
    canons = new Map();
    documentCanons.set(loader, canons);
  }
  const key = sha256(jcs(doc)).toString('base64');
  const known = canons.get(key);
  if (known !== undefined) return known;
  const canon = await canonize(doc, loader);
  if (canons.size >= 32) canons.delete(canons.keys().next().value as string);
  canons.set(key, canon);
  return canon;
}

/**
 * RFC 8785 JSON Canonicalization: ECMAScript number and string serialisation (what JSON.stringify
 * does), object keys sorted by UTF-16 code units, no whitespace.
 */
export function jcs(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number');
    const text = JSON.stringify(value);
    if (text === undefined) throw new Error('value cannot be canonicalised');
    return text;
  }
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  const entries = Object.entries(value as JsonObject).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jcs(v)}`).join(',')}}`;
}

/** The canonical forms of the proof configuration and the document, as a proof's suite makes them. */
export async function canonicalForms(
  doc: JsonObject,
  proofConfig: JsonObject,
  loader: DocumentLoader = defaultDocumentLoader,
): Promise<{ proof: string; document: string }> {
  if (proofConfig.cryptosuite === 'eddsa-rdfc-2022') {
    const [proof, document] = await Promise.all([
      canonize(proofConfig, loader),
      canonizeDocument(doc, loader),
    ]);
    return { proof, document };
  }
  return { proof: jcs(proofConfig), document: jcs(doc) };
}

/** hash(proof configuration) ‖ hash(document), the bytes an EdDSA proof signs. */
export async function hashData(
  doc: JsonObject,
  proofConfig: JsonObject,
  loader: DocumentLoader = defaultDocumentLoader,
): Promise<Uint8Array> {
  const forms = await canonicalForms(doc, proofConfig, loader);
  return Buffer.concat([sha256(forms.proof), sha256(forms.document)]);
}

function withoutProof(doc: JsonObject): JsonObject {
  const { proof: _proof, ...rest } = doc;
  return rest;
}

export function proofsOf(doc: JsonObject): JsonObject[] {
  const proof = doc.proof;
  if (proof === undefined) return [];
  const list = Array.isArray(proof) ? proof : [proof];
  return list.filter((p): p is JsonObject => !!p && typeof p === 'object' && !Array.isArray(p));
}

/**
 * Adds one proof to `doc` (to its proof set when it already carries proofs) and returns the new
 * document; `doc` itself is not changed.
 */
export async function addProof(
  doc: JsonObject,
  options: ProofOptions,
  key: { publicKeyMultibase: string; secretKeyMultibase: string },
  loader: DocumentLoader = defaultDocumentLoader,
): Promise<JsonObject> {
  const existing = proofsOf(doc);
  const unsecured = withoutProof(doc);
  const proofConfig: JsonObject = { ...options, '@context': unsecured['@context'] };
  const signed = options.previousProof
    ? { ...unsecured, proof: previousProofs(existing, options.previousProof) }
    : unsecured;
  const data = await hashData(signed, proofConfig, loader);
  const proofValue = multibaseEncode(signEd25519(key.secretKeyMultibase, key.publicKeyMultibase, data));
  // eddsa-jcs-2022 signs the proof's @context as part of the proof; rdfc-2022 uses the document's.
  const proof: JsonObject =
    options.cryptosuite === 'eddsa-jcs-2022' ? { ...proofConfig, proofValue } : { ...options, proofValue };
  return { ...unsecured, proof: existing.length === 0 ? proof : [...existing, proof] };
}

function previousProofs(all: JsonObject[], previous: unknown): JsonObject[] | JsonObject {
  const ids = Array.isArray(previous) ? previous : [previous];
  const matching = all.filter((p) => typeof p.id === 'string' && ids.includes(p.id));
  if (matching.length !== ids.length) throw new Error('previousProof names a proof that is not present');
  return matching.length === 1 ? matching[0] : matching;
}

/** A verification method resolved to a key. */
export type ResolvedKey = { publicKeyMultibase: string; controller?: string };
export type KeyResolver = (verificationMethod: string) => Promise<ResolvedKey | null>;

/** Resolves did:key methods only; other resolvers wrap it. */
export const didKeyResolver: KeyResolver = async (vm) => {
  const key = publicKeyFromDidKey(vm);
  return key ? { publicKeyMultibase: key, controller: vm.split('#')[0] } : null;
};

export type ProofError =
  | 'malformed'
  | 'unsupported_cryptosuite'
  | 'unknown_key'
  | 'unknown_context'
  | 'undefined_term'
  | 'bad_previous_proof'
  | 'bad_signature';

export type ProofResult = {
  index: number;
  verificationMethod: string;
  cryptosuite: string;
  created: string | null;
  valid: boolean;
  /** Why the proof failed, as a short machine code. */
  error?: ProofError;
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Verifies every proof on `doc`; an empty list means the document carries no proof. */
export async function verifyProofs(
  doc: JsonObject,
  resolve: KeyResolver = didKeyResolver,
  loader: DocumentLoader = defaultDocumentLoader,
): Promise<ProofResult[]> {
  const proofs = proofsOf(doc);
  const unsecured = withoutProof(doc);
  const results: ProofResult[] = [];
  const raw = doc.proof === undefined ? [] : Array.isArray(doc.proof) ? doc.proof : [doc.proof];
  if (raw.length !== proofs.length) {
    results.push({
      index: -1,
      verificationMethod: '',
      cryptosuite: '',
      created: null,
      valid: false,
      error: 'malformed',
    });
  }
  for (const [index, proof] of proofs.entries()) {
    const base = {
      index,
      verificationMethod: String(proof.verificationMethod ?? ''),
      cryptosuite: String(proof.cryptosuite ?? ''),
      created: typeof proof.created === 'string' ? proof.created : null,
    };
    results.push({ ...base, ...(await verifyOne(proof, proofs, unsecured, resolve, loader)) });
  }
  return results;
}

async function verifyOne(
  proof: JsonObject,
  all: JsonObject[],
  unsecured: JsonObject,
  resolve: KeyResolver,
  loader: DocumentLoader,
): Promise<{ valid: boolean; error?: ProofError }> {
  const { proofValue, ...proofConfig } = proof;
  if (
    proof.type !== 'DataIntegrityProof' ||
    proof.proofPurpose !== 'assertionMethod' ||
    typeof proofValue !== 'string' ||
    typeof proof.verificationMethod !== 'string' ||
    (proof.created !== undefined && (typeof proof.created !== 'string' || !ISO_DATE.test(proof.created)))
  ) {
    return { valid: false, error: 'malformed' };
  }
  if (!CRYPTOSUITES.includes(proof.cryptosuite as Cryptosuite)) {
    return { valid: false, error: 'unsupported_cryptosuite' };
  }
  const key = await resolve(proof.verificationMethod);
  if (!key) return { valid: false, error: 'unknown_key' };
  let signedDoc = unsecured;
  if (proof.previousProof !== undefined) {
    try {
      signedDoc = { ...unsecured, proof: previousProofs(all, proof.previousProof) };
    } catch {
      return { valid: false, error: 'bad_previous_proof' };
    }
  }
  if (proofConfig['@context'] !== undefined) {
    // A proof that names its own contexts must name the document's.
    if (JSON.stringify(proofConfig['@context']) !== JSON.stringify(unsecured['@context'])) {
      return { valid: false, error: 'malformed' };
    }
  } else {
    proofConfig['@context'] = unsecured['@context'];
  }
  let data: Uint8Array;
  try {
    data = await hashData(signedDoc, proofConfig, loader);
  } catch (err) {
    if (hasCause(err, UnknownContextError)) return { valid: false, error: 'unknown_context' };
    return { valid: false, error: 'undefined_term' };
  }
  let signature: Uint8Array;
  try {
    signature = multibaseDecode(proofValue);
  } catch {
    return { valid: false, error: 'malformed' };
  }
  try {
    return verifyEd25519(key.publicKeyMultibase, data, signature)
      ? { valid: true }
      : { valid: false, error: 'bad_signature' };
  } catch {
    return { valid: false, error: 'unknown_key' };
  }
}

function hasCause(err: unknown, type: new (...args: never[]) => Error): boolean {
  let current: unknown = err;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current instanceof type) return true;
    const e = current as { cause?: unknown; details?: { cause?: unknown } };
    current = e.cause ?? e.details?.cause;
  }
  return false;
}
