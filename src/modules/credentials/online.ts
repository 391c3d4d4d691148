/**
 * Verification as the server does it: keys from our issuers' published keys (or did:key), status
 * lists signed by this server for its own URLs. Nothing is fetched from other hosts, so a credential
 * pointing at a foreign status list fails its status check instead of making us an open proxy.
 */
import { createHmac } from 'node:crypto';
import type { JsonObject } from './data-integrity.ts';
import { keyResolver } from './queries.ts';
import { type CredentialContext, signedStatusList } from './service.ts';
import { boundedProofCache, type Verification, verifyCredential } from './verify.ts';

/** Per process: repeated checks of one credential skip canonicalisation (status is always fresh). */
const proofCache = boundedProofCache();

export function verifyOnline(ctx: CredentialContext, credential: unknown, now?: Date): Promise<Verification> {
  const prefix = `${ctx.publicUrl}/credentials/status/`;
  return verifyCredential(credential, {
    resolveKey: keyResolver(ctx.db, ctx.publicUrl),
    loadStatusList: async (url: string): Promise<JsonObject | null> => {
      if (!url.startsWith(prefix)) return null;
      const m = /^([a-z0-9-]+)\/(revocation|suspension)\/(\d{1,9})$/.exec(url.slice(prefix.length));
      return m ? signedStatusList(ctx, m[1], m[2] as 'revocation' | 'suspension', Number(m[3])) : null;
    },
    now,
    proofCache,
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
