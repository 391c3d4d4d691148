/**
 * Verifies an Open Badges 3.0 / VC 2.0 credential and reports every check: size, format, each
 * proof's signature, that every listed issuer signed it, that each key was valid when it signed,
 * revocation/suspension status, and the validity dates. Pure: the caller supplies how keys and
 * status lists are found (the database online, a key file in the offline CLI).
 */
import { createHash } from 'node:crypto';
import {
  type DocumentLoader,
  defaultDocumentLoader,
  type JsonObject,
  type ProofResult,
  staticDocumentLoader,
  VC_V2_CONTEXT,
  verifyProofs,
} from './data-integrity.ts';
import { decodeStatusList, statusBit } from './status-list.ts';

export const MAX_CREDENTIAL_BYTES = 64 * 1024;

export type KnownKey = {
  publicKeyMultibase: string;
  /** The DID (or URL) that controls the key: it must be the issuer the proof speaks for. */
  controller: string;
  /** When the key was created and, if rotated out, retired: proofs must fall in between. */
  validFrom?: Date | null;
  retiredAt?: Date | null;
};

export type VerifyEnv = {
  resolveKey: (verificationMethod: string) => Promise<KnownKey | null>;
  /** Returns the status list credential at a URL; absent means offline (status not checked). */
  loadStatusList?: (url: string) => Promise<JsonObject | null>;
  /**
   * Status entries the credential implies without listing them: Gongjin signs one entry
   * (revocation, as Open Badges 3.0 allows one) and checks its own suspension list at the same
   * position online. Returns entries to check besides the listed ones.
   */
  impliedStatus?: (listed: JsonObject[]) => JsonObject[];
  now?: Date;
  loader?: DocumentLoader;
  /**
   * JSON-LD contexts supplied with this verification (`--context`, the API's `contexts`), by URL.
   * They only add URLs: a bundled context is never replaced. Results that depend on them are not
   * cached, since the same credential text may verify differently with other contexts.
   */
  contexts?: ReadonlyMap<string, unknown>;
  /**
   * Proof results by the document's content hash: canonicalisation is the cost of a verification,
   * and a signature over given bytes never changes. Status and key validity are never cached.
   */
  proofCache?: ProofCache;
};

/** Proof results with the keys they were checked against (so a hit needs no key lookup). */
export type CachedProofs = { proofs: ProofResult[]; keys: Array<[string, KnownKey | null]> };
export type ProofCache = {
  get(hash: string): CachedProofs | undefined;
  set(hash: string, entry: CachedProofs): void;
};

/**
 * A bounded least-recently-used cache: a Map keeps insertion order, so a hit is moved to the end
 * and the first key is the one to drop. Each entry is a few hundred bytes, so 5,000 stay small.
 */
export function boundedProofCache(max = 5000): ProofCache {
  const entries = new Map<string, CachedProofs>();
  return {
    get: (hash) => {
      const hit = entries.get(hash);
      if (hit) {
        entries.delete(hash);
        entries.set(hash, hit);
      }
      return hit;
    },
    set: (hash, entry) => {
      entries.delete(hash);
      if (entries.size >= max) entries.delete(entries.keys().next().value as string);
      entries.set(hash, entry);
    },
  };
}

/**
 * The content hash a proof result is cached under: SHA-256 of the exact JSON text (proofs
 * included). Any change to any byte is another entry, so a hit can only be the same document;
 * a reordered copy merely misses. Plain JSON text rather than JCS: hashing is per request, and
 * JSON.stringify is an order of magnitude cheaper than a canonical serialisation.
 */
export const contentHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url');

/** Status list documents are served from one object per list version: hash each object once. */
const listHashes = new WeakMap<object, string>();
function hashOfObject(doc: JsonObject): string {
  let hash = listHashes.get(doc);
  if (!hash) {
    hash = contentHash(JSON.stringify(doc));
    listHashes.set(doc, hash);
  }
  return hash;
}

export type CheckId = 'size' | 'format' | 'proof' | 'issuers' | 'key_validity' | 'status' | 'validity';
export type Check = {
  id: CheckId;
  /** null: not checked (e.g. status offline). */
  ok: boolean | null;
  /** A short machine code explaining the outcome. */
  code: string;
  /** What the check was about: a verification method, an issuer id, a status purpose. */
  subject?: string;
};

export type Verification = { valid: boolean; checks: Check[]; credential: JsonObject | null };

const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const idOf = (v: unknown): string | null =>
  typeof v === 'string'
    ? v
    : v && typeof v === 'object' && typeof (v as JsonObject).id === 'string'
      ? ((v as JsonObject).id as string)
      : null;

/** The issuers a credential names: `issuer`, and the achievement's creator when it co-signs. */
export function listedIssuers(doc: JsonObject): string[] {
  const out: string[] = [];
  const issuer = idOf(doc.issuer);
  if (issuer) out.push(issuer);
  for (const subject of asArray(doc.credentialSubject)) {
    const achievement = (subject as JsonObject | null)?.achievement as JsonObject | undefined;
    const creator = idOf(achievement?.creator);
    if (creator && !out.includes(creator)) out.push(creator);
  }
  return out;
}

function parseDate(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export async function verifyCredential(input: unknown, env: VerifyEnv): Promise<Verification> {
  const checks: Check[] = [];
  const done = (credential: JsonObject | null): Verification => ({
    valid: checks.every((c) => c.ok !== false),
    checks,
    credential,
  });
  const text = typeof input === 'string' ? input : JSON.stringify(input ?? null);
  if (Buffer.byteLength(text, 'utf8') > MAX_CREDENTIAL_BYTES) {
    checks.push({ id: 'size', ok: false, code: 'too_large' });
    return done(null);
  }
  let doc: unknown;
  try {
    doc = typeof input === 'string' ? JSON.parse(input) : input;
  } catch {
    checks.push({ id: 'format', ok: false, code: 'not_json' });
    return done(null);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    checks.push({ id: 'format', ok: false, code: 'not_an_object' });
    return done(null);
  }
  const cred = doc as JsonObject;
  const contexts = asArray(cred['@context']);
  const types = asArray(cred.type);
  const issuerId = idOf(cred.issuer);
  if (
    contexts[0] !== VC_V2_CONTEXT ||
    !types.includes('VerifiableCredential') ||
    !issuerId ||
    !cred.credentialSubject
  ) {
    checks.push({ id: 'format', ok: false, code: 'not_a_vc2_credential' });
    return done(cred);
  }
  checks.push({
    id: 'format',
    ok: true,
    code: types.includes('OpenBadgeCredential') ? 'open_badge' : 'verifiable_credential',
  });

  const supplied = env.contexts && env.contexts.size > 0 ? env.contexts : null;
  const loader = supplied ? staticDocumentLoader(supplied) : (env.loader ?? defaultDocumentLoader);
  const keys = new Map<string, KnownKey | null>();
  const resolveKey = async (vm: string) => {
    if (!keys.has(vm)) keys.set(vm, await env.resolveKey(vm));
    return keys.get(vm) ?? null;
  };
  const proofs = await cachedProofs(
    cred,
    text,
    resolveKey,
    keys,
    loader,
    supplied ? undefined : env.proofCache,
  );
  if (proofs.length === 0) checks.push({ id: 'proof', ok: false, code: 'no_proof' });
  for (const p of proofs)
    checks.push({
      id: 'proof',
      ok: p.valid,
      code: p.valid ? 'valid' : (p.error ?? 'invalid'),
      subject: p.verificationMethod,
    });

  // Issuer binding, apart from the signatures: every issuer the credential names must have a valid
  // proof by a key it controls. A valid signature by someone else's key (a did:key test vector
  // naming an example issuer) is reported as such, not as a bad signature.
  for (const issuer of listedIssuers(cred)) {
    const signed = proofs.some((p) => p.valid && keys.get(p.verificationMethod)?.controller === issuer);
    const code = signed ? 'signed' : proofs.some((p) => p.valid) ? 'signer_not_issuer' : 'missing_proof';
    checks.push({ id: 'issuers', ok: signed, code, subject: issuer });
  }

  for (const p of proofs.filter((x) => x.valid))
    checks.push(keyValidity(p, keys.get(p.verificationMethod), env.now ?? new Date()));

  await checkStatus(cred, issuerId, env, loader, checks);

  const now = env.now ?? new Date();
  const validFrom = parseDate(cred.validFrom);
  const validUntil = parseDate(cred.validUntil);
  if (cred.validFrom !== undefined && !validFrom)
    checks.push({ id: 'validity', ok: false, code: 'bad_date' });
  else if (cred.validUntil !== undefined && !validUntil)
    checks.push({ id: 'validity', ok: false, code: 'bad_date' });
  else if (validFrom && now < validFrom) checks.push({ id: 'validity', ok: false, code: 'not_yet_valid' });
  else if (validUntil && now > validUntil) checks.push({ id: 'validity', ok: false, code: 'expired' });
  else checks.push({ id: 'validity', ok: true, code: 'in_period' });
  return done(cred);
}

/** A proof's `created` may be this far ahead of the verifier's clock (see keyValidity). */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The first instant after `now` at which verifying `input` could answer differently by the clock
 * alone: its validFrom, its validUntil, or a proof's `created` coming within the allowed clock skew.
 * Undefined when no such instant is ahead. Everything else a verification reads comes from the
 * database (keys, status), whose changes a cached verification page learns of by its cache tag.
 */
export function clockChangesAt(input: unknown, now: Date): Date | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const cred = input as JsonObject;
  const times = [parseDate(cred.validFrom)?.getTime(), parseDate(cred.validUntil)?.getTime()];
  for (const p of asArray(cred.proof)) {
    const created = p && typeof p === 'object' ? parseDate((p as JsonObject).created) : null;
    if (created) times.push(created.getTime() - CLOCK_SKEW_MS);
  }
  const ahead = times.filter((t): t is number => t !== undefined && t > now.getTime());
  return ahead.length > 0 ? new Date(Math.min(...ahead)) : undefined;
}

async function cachedProofs(
  doc: JsonObject,
  /** The document's JSON text, or null to hash the object (status lists). */
  text: string | null,
  resolveKey: (vm: string) => Promise<KnownKey | null>,
  keys: Map<string, KnownKey | null>,
  loader: DocumentLoader,
  cache: ProofCache | undefined,
): Promise<ProofResult[]> {
  if (!cache) return verifyProofs(doc, resolveKey, loader);
  const hash = text === null ? hashOfObject(doc) : contentHash(text);
  const hit = cache.get(hash);
  if (hit) {
    for (const [vm, key] of hit.keys) keys.set(vm, key);
    return hit.proofs;
  }
  const proofs = await verifyProofs(doc, resolveKey, loader);
  // Only outcomes that cannot change later: an unknown key may be published tomorrow.
  if (proofs.every((p) => p.error !== 'unknown_key')) {
    cache.set(hash, {
      proofs,
      keys: proofs.map((p) => [p.verificationMethod, keys.get(p.verificationMethod) ?? null]),
    });
  }
  return proofs;
}

function keyValidity(p: ProofResult, key: KnownKey | null | undefined, now: Date): Check {
  const created = parseDate(p.created);
  const subject = p.verificationMethod;
  if (!key) return { id: 'key_validity', ok: false, code: 'unknown_key', subject };
  if (!created)
    return {
      id: 'key_validity',
      ok: key.validFrom == null && key.retiredAt == null,
      code: 'no_created',
      subject,
    };
  if (created.getTime() > now.getTime() + CLOCK_SKEW_MS)
    return { id: 'key_validity', ok: false, code: 'created_in_future', subject };
  if (key.validFrom && created < new Date(key.validFrom.getTime() - 1000))
    return { id: 'key_validity', ok: false, code: 'before_key', subject };
  if (key.retiredAt && created >= key.retiredAt)
    return { id: 'key_validity', ok: false, code: 'after_rotation', subject };
  return { id: 'key_validity', ok: true, code: 'valid_at_issue', subject };
}

/**
 * Decoded status lists by their encodedList text (a few hundred bytes while few are revoked). The
 * bit is still read from the list loaded for this verification; only the gunzip is remembered.
 */
const decoded = new Map<string, Uint8Array>();
function decodedList(encoded: string): Uint8Array {
  let bits = decoded.get(encoded);
  if (!bits) {
    bits = decodeStatusList(encoded);
    if (decoded.size >= 64) decoded.delete(decoded.keys().next().value as string);
    decoded.set(encoded, bits);
  }
  return bits;
}

async function checkStatus(
  cred: JsonObject,
  issuerId: string,
  env: VerifyEnv,
  loader: DocumentLoader,
  checks: Check[],
) {
  const listed = asArray(cred.credentialStatus) as JsonObject[];
  const entries = [...listed, ...(env.impliedStatus?.(listed) ?? [])];
  for (const entry of entries) {
    const purpose = typeof entry?.statusPurpose === 'string' ? entry.statusPurpose : 'unknown';
    if (entry?.type !== 'BitstringStatusListEntry' || typeof entry.statusListCredential !== 'string') {
      checks.push({ id: 'status', ok: false, code: 'unsupported_status', subject: purpose });
      continue;
    }
    if (!env.loadStatusList) {
      checks.push({ id: 'status', ok: null, code: 'offline', subject: purpose });
      continue;
    }
    const index = Number(entry.statusListIndex);
    const list = await env.loadStatusList(entry.statusListCredential).catch(() => null);
    if (!list) {
      checks.push({ id: 'status', ok: false, code: 'list_unavailable', subject: purpose });
      continue;
    }
    // The list must be signed by the credential's issuer, for the same purpose.
    const listKeys = new Map<string, KnownKey | null>();
    const resolveListKey = async (vm: string) => {
      if (!listKeys.has(vm)) listKeys.set(vm, await env.resolveKey(vm));
      return listKeys.get(vm) ?? null;
    };
    const proofs = await cachedProofs(list, null, resolveListKey, listKeys, loader, env.proofCache);
    const listIssuer = idOf(list.issuer);
    const controllers = proofs.map((p) => listKeys.get(p.verificationMethod)?.controller);
    if (
      proofs.length === 0 ||
      proofs.some((p) => !p.valid) ||
      listIssuer !== issuerId ||
      !controllers.every((c) => c === issuerId)
    ) {
      checks.push({ id: 'status', ok: false, code: 'list_signature_invalid', subject: purpose });
      continue;
    }
    const subject = list.credentialSubject as JsonObject | undefined;
    try {
      if (!Number.isInteger(index) || subject?.statusPurpose !== purpose) throw new Error('mismatch');
      const set = statusBit(decodedList(String(subject.encodedList)), index);
      checks.push({
        id: 'status',
        ok: !set,
        code: set
          ? purpose === 'revocation'
            ? 'revoked'
            : purpose === 'suspension'
              ? 'suspended'
              : 'flagged'
          : 'clear',
        subject: purpose,
      });
    } catch {
      checks.push({ id: 'status', ok: false, code: 'list_malformed', subject: purpose });
    }
  }
}
