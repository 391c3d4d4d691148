/** Reads for the credential pages, the API and the verifier: issuers, keys, achievements, credentials. */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { loadFile } from '../../platform/files.ts';
import { didDocumentUrl, issuerDid, slugFromDid } from './did.ts';
import { publicKeyFromDidKey } from './multikey.ts';
import { credentialAchievements, credentialIssuerKeys, credentialIssuers, credentials } from './schema.ts';
import type { KnownKey } from './verify.ts';

export async function listIssuers(db: Db) {
  return db.select().from(credentialIssuers).orderBy(credentialIssuers.slug);
}

export async function listAchievements(db: Db) {
  return db.select().from(credentialAchievements).orderBy(credentialAchievements.slug);
}

/** Who issues an achievement (for checking that someone may link an exam to it); undefined when it is gone. */
export async function achievementIssuerId(db: Db, achievementId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ issuerId: credentialAchievements.issuerId })
    .from(credentialAchievements)
    .where(eq(credentialAchievements.id, achievementId));
  return row?.issuerId;
}

export async function findIssuerBySlug(db: Db, slug: string) {
  const [row] = await db.select().from(credentialIssuers).where(eq(credentialIssuers.slug, slug));
  return row;
}

/** The issuer's DID document: every key it ever had (retired ones too), public parts only. */
export async function issuerDidDocument(db: Db, publicUrl: string, slug: string) {
  const issuer = await findIssuerBySlug(db, slug);
  if (!issuer) return null;
  const keys = await db
    .select({
      keyId: credentialIssuerKeys.keyId,
      publicKeyMultibase: credentialIssuerKeys.publicKeyMultibase,
    })
    .from(credentialIssuerKeys)
    .where(eq(credentialIssuerKeys.issuerId, issuer.id))
    .orderBy(credentialIssuerKeys.createdAt);
  const did = issuerDid(publicUrl, slug);
  const methods = keys.map((k) => ({
    id: `${did}#${k.keyId}`,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: k.publicKeyMultibase,
  }));
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    alsoKnownAs: [didDocumentUrl(publicUrl, slug)],
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}

/** Resolves a verification method to a key we published (did:web of ours) or a did:key. */
export function keyResolver(db: Db, publicUrl: string) {
  return async (vm: string): Promise<KnownKey | null> => {
    const didKey = publicKeyFromDidKey(vm);
    if (didKey) return { publicKeyMultibase: didKey, controller: vm.split('#')[0] };
    const [did, fragment] = vm.split('#');
    const slug = slugFromDid(publicUrl, did);
    if (!slug || !fragment) return null;
    const [row] = await db
      .select({
        publicKeyMultibase: credentialIssuerKeys.publicKeyMultibase,
        createdAt: credentialIssuerKeys.createdAt,
        retiredAt: credentialIssuerKeys.retiredAt,
      })
      .from(credentialIssuerKeys)
      .innerJoin(credentialIssuers, eq(credentialIssuers.id, credentialIssuerKeys.issuerId))
      .where(and(eq(credentialIssuers.slug, slug), eq(credentialIssuerKeys.keyId, fragment)));
    if (!row) return null;
    return {
      publicKeyMultibase: row.publicKeyMultibase,
      controller: did,
      validFrom: row.createdAt,
      retiredAt: row.retiredAt,
    };
  };
}

export type CredentialRow = typeof credentials.$inferSelect & {
  achievement: { slug: string; nameZh: string; nameEn: string; descriptionZh: string; descriptionEn: string };
};

export async function findCredential(db: Db, id: string): Promise<CredentialRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const [row] = await db
    .select({
      c: credentials,
      a: {
        slug: credentialAchievements.slug,
        nameZh: credentialAchievements.nameZh,
        nameEn: credentialAchievements.nameEn,
        descriptionZh: credentialAchievements.descriptionZh,
        descriptionEn: credentialAchievements.descriptionEn,
      },
    })
    .from(credentials)
    .innerJoin(credentialAchievements, eq(credentialAchievements.id, credentials.achievementId))
    .where(eq(credentials.id, id));
  return row ? { ...row.c, achievement: row.a } : undefined;
}

/** A credential as issued: the fields that never change after issue (no status, no visibility). */
export type IssuedCredential = Omit<CredentialRow, 'status' | 'statusReason' | 'statusChangedAt' | 'public'>;

const issuedCaches = new WeakMap<object, Map<string, IssuedCredential>>();
const ISSUED_CACHE_SIZE = 2000;

/**
 * findCredential for the public verification pages, through a per-process LRU of what never
 * changes once issued. Status is not in it: the pages show status from the status list, which the
 * verifier reads on every request.
 */
export async function findIssuedCredential(db: Db, id: string): Promise<IssuedCredential | undefined> {
  let cache = issuedCaches.get(db);
  if (!cache) {
    cache = new Map();
    issuedCaches.set(db, cache);
  }
  const hit = cache.get(id);
  if (hit) {
    cache.delete(id);
    cache.set(id, hit);
    return hit;
  }
  const row = await findCredential(db, id);
  if (!row) return undefined;
  const { status: _s, statusReason: _r, statusChangedAt: _c, public: _p, ...issued } = row;
  if (cache.size >= ISSUED_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(id, issued);
  return issued;
}

/** Names compare without case and surrounding/inner whitespace: "张 三" finds "张三". */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

export async function listCredentials(db: Db, limit = 100) {
  return db
    .select({
      id: credentials.id,
      recipientName: credentials.recipientName,
      status: credentials.status,
      issuedAt: credentials.issuedAt,
      achievementZh: credentialAchievements.nameZh,
      achievementEn: credentialAchievements.nameEn,
    })
    .from(credentials)
    .innerJoin(credentialAchievements, eq(credentialAchievements.id, credentials.achievementId))
    .orderBy(desc(credentials.issuedAt))
    .limit(limit);
}

/** A holder's own credentials, newest first. */
export async function credentialsOfHolder(db: Db, userId: string) {
  return db
    .select({
      id: credentials.id,
      status: credentials.status,
      public: credentials.public,
      issuedAt: credentials.issuedAt,
      achievementZh: credentialAchievements.nameZh,
      achievementEn: credentialAchievements.nameEn,
    })
    .from(credentials)
    .innerJoin(credentialAchievements, eq(credentialAchievements.id, credentials.achievementId))
    .where(eq(credentials.recipientUserId, userId))
    .orderBy(desc(credentials.issuedAt));
}

/**
 * The logos of the issuers a credential lists (by their did:web ids, in order), for the certificate
 * and the share card.
 * Issuers that are not ours or have no logo are skipped.
 */
export async function issuerLogos(db: Db, publicUrl: string, dids: string[]): Promise<Buffer[]> {
  const logos: Buffer[] = [];
  for (const did of dids) {
    const slug = slugFromDid(publicUrl, did);
    const issuer = slug ? await findIssuerBySlug(db, slug) : undefined;
    const file = issuer?.logoSha256 ? await loadFile(db, issuer.logoSha256) : undefined;
    if (file) logos.push(Buffer.from(file.bytes));
  }
  return logos;
}
