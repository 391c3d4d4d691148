/** did:web identifiers for issuers, derived from PUBLIC_URL: did:web:<host>:issuers:<slug>. */
export function issuerDid(publicUrl: string, slug: string): string {
  const url = new URL(publicUrl);
  const path = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', encodeURIComponent(url.host), ...path, 'issuers', slug].join(':');
}

/** The issuer slug a did:web names, when it is one of ours. */
export function slugFromDid(publicUrl: string, did: string): string | null {
  const prefix = issuerDid(publicUrl, '');
  if (!did.startsWith(prefix)) return null;
  const slug = did.slice(prefix.length);
  return /^[a-z0-9-]+$/.test(slug) ? slug : null;
}

export const didDocumentUrl = (publicUrl: string, slug: string) => `${publicUrl}/issuers/${slug}/did.json`;
export const statusListUrl = (publicUrl: string, slug: string, purpose: string, list: number) =>
  `${publicUrl}/credentials/status/${slug}/${purpose}/${list}`;
export const verificationPageUrl = (publicUrl: string, id: string) => `${publicUrl}/verify/${id}`;
