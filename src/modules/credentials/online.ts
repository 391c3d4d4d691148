/**
 * Verification as the server does it: keys from our issuers' published keys (or did:key), status
 * lists signed by this server for its own URLs. Nothing is fetched from other hosts, so a credential
 * pointing at a foreign status list fails its status check instead of making us an open proxy.
 */
import { createHmac } from 'node:crypto';
import type { JsonObject } from './data-integrity.ts';
import { keyResolver } from './queries.ts';
import {
  type CredentialContext,
  type StatusListState,
  signedStatusList,
  statusListState,
} from './service.ts';
import { boundedProofCache, type ProofCache, type Verification, verifyCredential } from './verify.ts';

/**
 * Per process and database: repeated checks of one credential skip canonicalisation and signature
 * checks (keyed by content hash). Status and validity dates are evaluated on every verification.
 */
const proofCaches = new WeakMap<object, ProofCache>();
function proofCacheFor(db: object): ProofCache {
  let cache = proofCaches.get(db);
  if (!cache) {
    cache = boundedProofCache();
    proofCaches.set(db, cache);
  }
  return cache;
}

/**
 * Our own credentials list revocation only (one entry, as Open Badges 3.0 allows; ADR 0040); their
 * suspension is the list of the same issuer, number and position under …/suspension/. A credential
 * that lists a suspension entry (issued before ADR 0040), or a foreign one, implies nothing.
 */
export function impliedSuspension(publicUrl: string) {
  const prefix = `${publicUrl}/credentials/status/`;
  return (listed: JsonObject[]): JsonObject[] => {
    if (listed.some((e) => e?.statusPurpose === 'suspension')) return [];
    const revocation = listed.find((e) => e?.statusPurpose === 'revocation');
    const url = typeof revocation?.statusListCredential === 'string' ? revocation.statusListCredential : '';
    const m = /^([a-z0-9-]+)\/revocation\/(\d{1,9})$/.exec(
      url.startsWith(prefix) ? url.slice(prefix.length) : '',
    );
    if (!revocation || !m) return [];
    const suspensionUrl = `${prefix}${m[1]}/suspension/${m[2]}`;
    return [
      {
        id: `${suspensionUrl}#${revocation.statusListIndex}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'suspension',
        statusListIndex: revocation.statusListIndex,
        statusListCredential: suspensionUrl,
      },
    ];
  };
}

export function verifyOnline(
  ctx: CredentialContext,
  credential: unknown,
  now?: Date,
  /** Extra JSON-LD contexts the caller supplied (never replacing a bundled one). */
  contexts?: ReadonlyMap<string, unknown>,
): Promise<Verification> {
  const prefix = `${ctx.publicUrl}/credentials/status/`;
  // The revocation and suspension lists of one issuer share one state read per verification.
  const states = new Map<string, Promise<StatusListState | null>>();
  return verifyCredential(credential, {
    resolveKey: keyResolver(ctx.db, ctx.publicUrl),
    loadStatusList: async (url: string): Promise<JsonObject | null> => {
      if (!url.startsWith(prefix)) return null;
      const m = /^([a-z0-9-]+)\/(revocation|suspension)\/(\d{1,9})$/.exec(url.slice(prefix.length));
      if (!m) return null;
      if (!states.has(m[1])) states.set(m[1], statusListState(ctx, m[1]));
      const state = await (states.get(m[1]) as Promise<StatusListState | null>);
      return signedStatusList(ctx, m[1], m[2] as 'revocation' | 'suspension', Number(m[3]), state);
    },
    impliedStatus: impliedSuspension(ctx.publicUrl),
    contexts,
    now,
    proofCache: proofCacheFor(ctx.db),
  });
}

/**
 * The key printed in a credential's QR code and share link: with it the verification page opens
 * without the holder's name. Without it, a lookup needs id and name, so ids alone reveal nothing.
 */
export function verificationKey(secret: string, credentialId: string): string {
  return createHmac('sha256', secret)
    .update(`credentials/verify/${credentialId}`)
    .digest('base64url')
    .slice(0, 22);
}
