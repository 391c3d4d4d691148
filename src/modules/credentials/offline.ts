/**
 * The offline verifier behind `gongjin verify`: no database, no network. Keys come from did:key
 * identifiers or from a key file (an issuer's DID document, one Multikey, or a list of them);
 * contexts are the bundled ones; status lists cannot be fetched, so status is reported as not checked.
 */
import { BUNDLED_CONTEXTS, type JsonObject } from './data-integrity.ts';
import { publicKeyFromDidKey } from './multikey.ts';
import { type KnownKey, type Verification, verifyCredential } from './verify.ts';

/** Every Multikey verification method a key file holds, by id. */
export function keysFromFile(content: unknown): Map<string, KnownKey> {
  const keys = new Map<string, KnownKey>();
  const add = (m: unknown, fallbackController?: string) => {
    const vm = m as JsonObject;
    if (!vm || typeof vm.id !== 'string' || typeof vm.publicKeyMultibase !== 'string') return;
    const controller =
      typeof vm.controller === 'string' ? vm.controller : (fallbackController ?? vm.id.split('#')[0]);
    keys.set(vm.id, { publicKeyMultibase: vm.publicKeyMultibase, controller });
  };
  const walk = (doc: unknown) => {
    if (Array.isArray(doc)) return doc.forEach(walk);
    const d = doc as JsonObject;
    if (!d || typeof d !== 'object') return;
    if (Array.isArray(d.verificationMethod))
      for (const m of d.verificationMethod) add(m, typeof d.id === 'string' ? d.id : undefined);
    else add(d);
  };
  walk(content);
  return keys;
}

/**
 * `keyFiles`: every `--key` file, parsed (a co-signed credential needs each signer's DID document);
 * `contexts`: every `--context` file by the URL it stands for.
 */
export function verifyOffline(
  credential: unknown,
  keyFiles: unknown[] = [],
  opts: { now?: Date; contexts?: ReadonlyMap<string, unknown> } = {},
): Promise<Verification> {
  const keys = keysFromFile(keyFiles);
  const { now, contexts } = opts;
  return verifyCredential(credential, {
    contexts,
    resolveKey: async (vm) => {
      const known = keys.get(vm);
      if (known) return known;
      const didKey = publicKeyFromDidKey(vm);
      return didKey ? { publicKeyMultibase: didKey, controller: vm.split('#')[0] } : null;
    },
    now,
  });
}

/** Lines for a terminal: one per check, then the verdict naming the first failing check. */
export function formatReport(result: Verification): { lines: string[]; failed: string | null } {
  const lines = result.checks.map(
    (c) =>
      `${c.ok === null ? 'SKIP' : c.ok ? 'PASS' : 'FAIL'}  ${c.id.padEnd(13)} ${c.code}${c.subject ? `  ${c.subject}` : ''}`,
  );
  // Signatures and issuer binding apart: a signature can be valid while its signer is not the issuer.
  const proofs = result.checks.filter((c) => c.id === 'proof');
  const binding = result.checks.filter((c) => c.id === 'issuers');
  if (proofs.length > 0)
    lines.push(
      `signatures: ${proofs.filter((c) => c.ok).length} of ${proofs.length} valid; ` +
        `issuer binding: ${binding.filter((c) => c.ok).length} of ${binding.length} issuers bound`,
    );
  const first = result.checks.find((c) => c.ok === false);
  const failed = first ? `${first.id} (${first.code}${first.subject ? `: ${first.subject}` : ''})` : null;
  lines.push(failed ? `INVALID: failed check ${failed}` : 'VALID: every check passed');
  return { lines, failed };
}

/**
 * The context URLs a credential names that are not bundled (what `--context FILE` may stand for).
 * Unparseable input names none: the verification itself reports it.
 */
export function unresolvedContexts(credentialText: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(credentialText);
  } catch {
    return [];
  }
  const contexts = doc && typeof doc === 'object' ? (doc as JsonObject)['@context'] : undefined;
  const urls = (Array.isArray(contexts) ? contexts : [contexts]).filter(
    (c): c is string => typeof c === 'string',
  );
  return [...new Set(urls.filter((u) => !BUNDLED_CONTEXTS.has(u)))];
}
