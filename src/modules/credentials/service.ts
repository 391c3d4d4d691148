/**
 * Credential state changes: issuers and key rotation, achievements, issuing (sign with the
 * achievement's issuer and co-issuer in one proof set), revocation and suspension. Each function
 * writes in one transaction with its audit entry. Permission checks happen in routes.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { type Db, queryRows, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { invalidateTags } from '../../platform/cache.ts';
import { AppError } from '../../platform/errors.ts';
import { sniffImage, storeImage } from '../../platform/files.ts';
import { isUniqueViolation } from '../../platform/tokens.ts';
import { addProof, type JsonObject, OB_V3_CONTEXT, VC_V2_CONTEXT } from './data-integrity.ts';
import { issuerDid, statusListUrl } from './did.ts';
import { decryptSecretKey, encryptSecretKey } from './keys.ts';
import { LANGUAGE_MAP_CONTEXT, primaryLanguage, translated } from './language.ts';
import { generateEd25519 } from './multikey.ts';
import {
  type CredentialStatus,
  credentialAchievements,
  credentialIssuerKeys,
  credentialIssuers,
  credentialStatusVersions,
  credentials,
} from './schema.ts';
import { encodeStatusList, STATUS_LIST_SIZE } from './status-list.ts';

/** What every credential service needs besides the database. */
export type CredentialContext = {
  db: Db;
  secret: string;
  publicUrl: string;
  /**
   * The database is embedded in this process (PGlite): every status change is made here, so the
   * status lists' version is counted in memory instead of read on every verification.
   */
  embedded?: boolean;
};
export type Info = { ip?: string | null; actorId?: string | null };

/**
 * The anonymous page cache's tag for verification pages (GET /verify/:id?k=…). Every change that can
 * alter a verification's outcome (a status change, a key rotation, an issuer's creation or logo)
 * bumps it in its own transaction, and tells this process's page caches once committed (ADR 0019, 0029).
 */
export const VERIFICATION_PAGE_TAG = 'credentials:verification';
const invalidateVerificationPages = (tx: Db) => invalidateTags(tx, VERIFICATION_PAGE_TAG);

export type IssuerInput = { slug: string; nameZh: string; nameEn: string; url?: string };

async function insertKey(tx: Db, secret: string, issuerId: string, keyId: string) {
  const pair = generateEd25519();
  const id = randomUUID();
  await tx.insert(credentialIssuerKeys).values({
    id,
    issuerId,
    keyId,
    publicKeyMultibase: pair.publicKeyMultibase,
    secretKeyEncrypted: encryptSecretKey(secret, id, pair.secretKeyMultibase),
  });
  return { id, keyId, publicKeyMultibase: pair.publicKeyMultibase };
}

/**
 * Creates an issuer with its first key. Writes credential_issuers, credential_issuer_keys, audit
 * `credentials.issuer_created`; bumps the verification pages' cache tag.
 */
export async function createIssuer(ctx: CredentialContext, input: IssuerInput, info: Info) {
  try {
    const created = await transaction(ctx.db, async (tx) => {
      const [issuer] = await tx
        .insert(credentialIssuers)
        .values({ slug: input.slug, nameZh: input.nameZh, nameEn: input.nameEn, url: input.url ?? '' })
        .returning();
      const key = await insertKey(tx, ctx.secret, issuer.id, 'key-1');
      await audit(tx, {
        actorId: info.actorId,
        action: 'credentials.issuer_created',
        targetType: 'credential_issuer',
        targetId: issuer.id,
        data: { slug: issuer.slug, keyId: key.keyId },
        ip: info.ip,
      });
      await invalidateVerificationPages(tx);
      return issuer;
    });
    noteStatusChange(ctx.db, created.slug);
    return created;
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', { messageKey: 'credentials.issuer.slugTaken' });
    throw err;
  }
}

/** Issuer logos are drawn by pdfkit, which embeds PNG and JPEG only (no SVG, WebP or GIF). */
export const ISSUER_LOGO_MAX_BYTES = 512 * 1024;
const LOGO_TYPES = new Set(['image/png', 'image/jpeg']);

/**
 * Sets the logo certificates show for this issuer, stored by content hash in the platform's files.
 * The type is judged by magic bytes, never the upload's name or header. Writes credential_issuers,
 * files, audit `credentials.issuer_logo_set`; bumps the verification pages' cache tag. Throws
 * PAYLOAD_TOO_LARGE or UNSUPPORTED_MEDIA_TYPE.
 */
export async function setIssuerLogo(ctx: CredentialContext, issuerId: string, bytes: Uint8Array, info: Info) {
  if (bytes.byteLength <= ISSUER_LOGO_MAX_BYTES && !LOGO_TYPES.has(sniffImage(bytes) ?? '')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  }
  return transaction(ctx.db, async (tx) => {
    const sha256 = await storeImage(tx, bytes, ISSUER_LOGO_MAX_BYTES);
    const [issuer] = await tx
      .update(credentialIssuers)
      .set({ logoSha256: sha256 })
      .where(eq(credentialIssuers.id, issuerId))
      .returning();
    if (!issuer) throw new AppError('NOT_FOUND');
    await audit(tx, {
      actorId: info.actorId,
      action: 'credentials.issuer_logo_set',
      targetType: 'credential_issuer',
      targetId: issuer.id,
      data: { slug: issuer.slug, logoSha256: sha256 },
      ip: info.ip,
    });
    await invalidateVerificationPages(tx);
    return issuer;
  });
}

/**
 * Removes the issuer's logo: certificates and share cards then show none (the stored file stays in
 * the platform's files, which are content-addressed and may be shared). Writes credential_issuers,
 * audit `credentials.issuer_logo_removed`; bumps the verification pages' cache tag. Throws NOT_FOUND
 * when the issuer has no logo.
 */
export async function removeIssuerLogo(ctx: CredentialContext, issuerId: string, info: Info) {
  return transaction(ctx.db, async (tx) => {
    const [issuer] = await tx
      .update(credentialIssuers)
      .set({ logoSha256: null })
      .where(and(eq(credentialIssuers.id, issuerId), isNotNull(credentialIssuers.logoSha256)))
      .returning();
    if (!issuer) throw new AppError('NOT_FOUND');
    await audit(tx, {
      actorId: info.actorId,
      action: 'credentials.issuer_logo_removed',
      targetType: 'credential_issuer',
      targetId: issuer.id,
      data: { slug: issuer.slug },
      ip: info.ip,
    });
    await invalidateVerificationPages(tx);
    return issuer;
  });
}

/**
 * Retires the issuer's current key and creates the next one. The retired key stays published, so
 * what it signed before now still verifies. Writes credential_issuer_keys, audit `credentials.key_rotated`;
 * bumps the verification pages' cache tag.
 */
export async function rotateIssuerKey(ctx: CredentialContext, issuerId: string, info: Info) {
  const { key, slug } = await transaction(ctx.db, async (tx) => {
    const rows = await tx
      .select()
      .from(credentialIssuerKeys)
      .where(eq(credentialIssuerKeys.issuerId, issuerId));
    if (rows.length === 0) throw new AppError('NOT_FOUND');
    await tx
      .update(credentialIssuerKeys)
      .set({ retiredAt: new Date() })
      .where(and(eq(credentialIssuerKeys.issuerId, issuerId), isNull(credentialIssuerKeys.retiredAt)));
    const key = await insertKey(tx, ctx.secret, issuerId, `key-${rows.length + 1}`);
    // The status lists are re-signed with the new key.
    await bumpStatusVersion(tx, issuerId);
    await audit(tx, {
      actorId: info.actorId,
      action: 'credentials.key_rotated',
      targetType: 'credential_issuer',
      targetId: issuerId,
      data: { keyId: key.keyId },
      ip: info.ip,
    });
    const [issuer] = await tx
      .select({ slug: credentialIssuers.slug })
      .from(credentialIssuers)
      .where(eq(credentialIssuers.id, issuerId));
    await invalidateVerificationPages(tx);
    return { key, slug: issuer.slug };
  });
  noteStatusChange(ctx.db, slug);
  return key;
}

export type AchievementInput = {
  slug: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  criteriaZh: string;
  criteriaEn: string;
  imageUrl?: string | null;
  creditsAvailable?: number | null;
  alignmentName?: string | null;
  alignmentUrl?: string | null;
  issuerId: string;
  coIssuerId?: string | null;
};

/** Defines an achievement. Writes credential_achievements, audit `credentials.achievement_created`. */
export async function createAchievement(ctx: CredentialContext, input: AchievementInput, info: Info) {
  if (input.coIssuerId && input.coIssuerId === input.issuerId) {
    throw new AppError('INVALID_INPUT', { messageKey: 'credentials.achievement.sameIssuer' });
  }
  try {
    return await transaction(ctx.db, async (tx) => {
      const [row] = await tx.insert(credentialAchievements).values(input).returning();
      await audit(tx, {
        actorId: info.actorId,
        action: 'credentials.achievement_created',
        targetType: 'credential_achievement',
        targetId: row.id,
        data: { slug: row.slug },
        ip: info.ip,
      });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', { messageKey: 'credentials.achievement.slugTaken' });
    throw err;
  }
}

/** The active (not retired) key of an issuer, decrypted for signing. Never leaves the server. */
async function signingKey(tx: Db, secret: string, issuerId: string) {
  const [key] = await tx
    .select()
    .from(credentialIssuerKeys)
    .where(and(eq(credentialIssuerKeys.issuerId, issuerId), isNull(credentialIssuerKeys.retiredAt)));
  if (!key) throw new AppError('CONFLICT', { messageKey: 'credentials.issuer.noKey' });
  return {
    keyId: key.keyId,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: decryptSecretKey(secret, key.id, key.secretKeyEncrypted),
  };
}

/** Signs `doc` as `issuer` with its active key, adding to the proof set. */
export async function signAs(
  tx: Db,
  ctx: CredentialContext,
  issuer: { id: string; slug: string },
  doc: JsonObject,
  created: string,
) {
  const key = await signingKey(tx, ctx.secret, issuer.id);
  return addProof(
    doc,
    {
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      created,
      verificationMethod: `${issuerDid(ctx.publicUrl, issuer.slug)}#${key.keyId}`,
      proofPurpose: 'assertionMethod',
    },
    key,
  );
}

export type Recipient = { name: string; userId?: string | null };
export type Evidence = { name: string; description?: string; url?: string };

const profile = (ctx: CredentialContext, i: typeof credentialIssuers.$inferSelect) => ({
  id: issuerDid(ctx.publicUrl, i.slug),
  type: ['Profile'],
  ...translated('name', i.nameZh, i.nameEn),
  ...(i.url ? { url: i.url } : {}),
});

/** Seconds precision, as most verifiers expect (xsd:dateTime without milliseconds). */
export const isoSeconds = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/**
 * Issues an OpenBadgeCredential for `achievement` to `recipient`, signed with eddsa-rdfc-2022 by
 * the achievement's issuer and, when it has one, co-signed by the co-issuer (a proof set). Writes
 * credentials, audit `credentials.issued`. Other modules (exams, hackathons) call this.
 */
export async function issueCredential(
  ctx: CredentialContext,
  achievementId: string,
  recipient: Recipient,
  evidence: Evidence[],
  info: Info,
  opts: { validUntil?: Date | null; now?: Date } = {},
) {
  return transaction(ctx.db, (tx) => issueIn(tx, ctx, achievementId, recipient, evidence, info, opts));
}

export type BatchRecipient = Recipient & { evidence: Evidence[] };

/**
 * Issues one credential per recipient, all or nothing: one transaction, so a failure leaves no
 * credential behind. Writes credentials and one audit `credentials.issued` per credential.
 */
export async function issueCredentials(
  ctx: CredentialContext,
  achievementId: string,
  recipients: BatchRecipient[],
  info: Info,
) {
  return transaction(ctx.db, async (tx) => {
    const rows = [];
    for (const r of recipients) rows.push(await issueIn(tx, ctx, achievementId, r, r.evidence, info, {}));
    return rows;
  });
}

async function issueIn(
  tx: Db,
  ctx: CredentialContext,
  achievementId: string,
  recipient: Recipient,
  evidence: Evidence[],
  info: Info,
  opts: { validUntil?: Date | null; now?: Date },
) {
  {
    const [achievement] = await tx
      .select()
      .from(credentialAchievements)
      .where(eq(credentialAchievements.id, achievementId));
    if (!achievement) throw new AppError('NOT_FOUND');
    const issuers = await tx.select().from(credentialIssuers);
    const issuer = issuers.find((i) => i.id === achievement.issuerId)!;
    const coIssuer = achievement.coIssuerId
      ? issuers.find((i) => i.id === achievement.coIssuerId)
      : undefined;
    const [{ next }] = await queryRows<{ next: number | string }>(
      tx,
      sql`select nextval('credential_status_index_seq') as next`,
    );
    const statusIndex = Number(next);
    const list = Math.floor(statusIndex / STATUS_LIST_SIZE);
    const position = statusIndex % STATUS_LIST_SIZE;
    const id = randomUUID();
    const issuedAt = opts.now ?? new Date();
    const created = isoSeconds(issuedAt);
    const status = (purpose: string) => {
      const url = statusListUrl(ctx.publicUrl, issuer.slug, purpose, list);
      return {
        id: `${url}#${position}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: purpose,
        statusListIndex: String(position),
        statusListCredential: url,
      };
    };
    let doc: JsonObject = {
      // The third context defines the language maps that carry both languages (language.ts).
      '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT, LANGUAGE_MAP_CONTEXT],
      id: `urn:uuid:${id}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: profile(ctx, issuer),
      validFrom: created,
      ...(opts.validUntil ? { validUntil: isoSeconds(opts.validUntil) } : {}),
      // Both languages are signed (see language.ts); readers pick theirs.
      ...translated('name', achievement.nameZh, achievement.nameEn),
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: [
          { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: recipient.name },
        ],
        achievement: {
          id: `${ctx.publicUrl}/achievements/${achievement.slug}`,
          type: ['Achievement'],
          ...translated('name', achievement.nameZh, achievement.nameEn),
          ...translated('description', achievement.descriptionZh, achievement.descriptionEn),
          inLanguage: primaryLanguage(achievement.nameZh),
          criteria: translated('narrative', achievement.criteriaZh, achievement.criteriaEn),
          ...(achievement.imageUrl ? { image: { id: achievement.imageUrl, type: 'Image' } } : {}),
          ...(achievement.creditsAvailable != null ? { creditsAvailable: achievement.creditsAvailable } : {}),
          ...(achievement.alignmentName
            ? {
                alignment: [
                  {
                    type: ['Alignment'],
                    targetName: achievement.alignmentName,
                    ...(achievement.alignmentUrl ? { targetUrl: achievement.alignmentUrl } : {}),
                  },
                ],
              }
            : {}),
          ...(coIssuer ? { creator: profile(ctx, coIssuer) } : {}),
        },
      },
      ...(evidence.length
        ? {
            evidence: evidence.map((e) => ({
              ...(e.url ? { id: e.url } : {}),
              type: ['Evidence'],
              name: e.name,
              ...(e.description ? { description: e.description } : {}),
            })),
          }
        : {}),
      // One entry, as Open Badges 3.0 allows: revocation, which every verifier understands. The
      // suspension list at the same position is Gongjin's own (see verify.ts, ADR 0040).
      credentialStatus: status('revocation'),
    };
    doc = await signAs(tx, ctx, issuer, doc, created);
    if (coIssuer) doc = await signAs(tx, ctx, coIssuer, doc, created);
    const [row] = await tx
      .insert(credentials)
      .values({
        id,
        achievementId,
        recipientUserId: recipient.userId ?? null,
        recipientName: recipient.name,
        document: doc,
        statusIndex,
        issuedAt,
        issuedBy: info.actorId ?? null,
      })
      .returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'credentials.issued',
      targetType: 'credential',
      targetId: id,
      data: { achievement: achievement.slug, recipientUserId: recipient.userId ?? null },
      ip: info.ip,
    });
    return row;
  }
}

/**
 * Revokes (permanent), suspends, or reinstates a suspended credential. The next status list the
 * server signs reflects it, and so does the next verification page this process serves (the pages'
 * cache tag is bumped in the same transaction). Writes credentials, audit `credentials.<status>`.
 */
export async function setCredentialStatus(
  ctx: CredentialContext,
  credentialId: string,
  status: CredentialStatus,
  reason: string,
  info: Info,
) {
  const { slug } = await transaction(ctx.db, async (tx) => {
    const [current] = await tx
      .select({
        status: credentials.status,
        issuerId: credentialAchievements.issuerId,
        slug: credentialIssuers.slug,
      })
      .from(credentials)
      .innerJoin(credentialAchievements, eq(credentialAchievements.id, credentials.achievementId))
      .innerJoin(credentialIssuers, eq(credentialIssuers.id, credentialAchievements.issuerId))
      .where(eq(credentials.id, credentialId));
    if (!current) throw new AppError('NOT_FOUND');
    if (current.status === 'revoked')
      throw new AppError('CONFLICT', { messageKey: 'credentials.status.alreadyRevoked' });
    await tx
      .update(credentials)
      .set({ status, statusReason: reason, statusChangedAt: new Date() })
      .where(eq(credentials.id, credentialId));
    await bumpStatusVersion(tx, current.issuerId);
    await audit(tx, {
      actorId: info.actorId,
      action: status === 'active' ? 'credentials.reinstated' : `credentials.${status}`,
      targetType: 'credential',
      targetId: credentialId,
      data: { reason },
      ip: info.ip,
    });
    await invalidateVerificationPages(tx);
    return { slug: current.slug };
  });
  noteStatusChange(ctx.db, slug);
}

/**
 * The holder chooses whether a credential is public (served by GET /api/v1/credentials/{id}).
 * Only the holder can; anyone else gets NOT_FOUND. Writes credentials, audit `credentials.visibility_changed`.
 */
export async function setCredentialVisibility(
  ctx: CredentialContext,
  holderId: string,
  credentialId: string,
  visible: boolean,
  info: Info,
) {
  await transaction(ctx.db, async (tx) => {
    const [row] = await tx
      .update(credentials)
      .set({ public: visible ? 1 : 0 })
      .where(and(eq(credentials.id, credentialId), eq(credentials.recipientUserId, holderId)))
      .returning({ id: credentials.id });
    if (!row) throw new AppError('NOT_FOUND');
    await audit(tx, {
      actorId: info.actorId,
      action: 'credentials.visibility_changed',
      targetType: 'credential',
      targetId: credentialId,
      data: { public: visible },
      ip: info.ip,
    });
  });
}

export const revokeCredential = (ctx: CredentialContext, id: string, reason: string, info: Info) =>
  setCredentialStatus(ctx, id, 'revoked', reason, info);
export const suspendCredential = (ctx: CredentialContext, id: string, reason: string, info: Info) =>
  setCredentialStatus(ctx, id, 'suspended', reason, info);
export const reinstateCredential = (ctx: CredentialContext, id: string, reason: string, info: Info) =>
  setCredentialStatus(ctx, id, 'active', reason, info);

/** Signed status lists per database (tests run several in one process), then per URL. */
const statusListCaches = new WeakMap<object, Map<string, { version: string; doc: JsonObject }>>();

/**
 * Raises the issuer's status version in the caller's transaction. Writers take the row lock in
 * turn, so a reader that sees version n sees every change up to n (a timestamp could not promise
 * that: a slow transaction can commit an older time after a newer one).
 */
async function bumpStatusVersion(tx: Db, issuerId: string) {
  await tx
    .insert(credentialStatusVersions)
    .values({ issuerId, version: 1 })
    .onConflictDoUpdate({
      target: credentialStatusVersions.issuerId,
      set: { version: sql`${credentialStatusVersions.version} + 1` },
    });
}

/**
 * Status changes made by this process, per database and issuer slug, counted once committed. With
 * an embedded database every change is made here, so this count is the whole truth; a change
 * counted before its commit could let a reader cache a list built from the old rows as current.
 */
const localVersions = new WeakMap<object, Map<string, number>>();
function noteStatusChange(db: Db, slug: string) {
  let bySlug = localVersions.get(db);
  if (!bySlug) {
    bySlug = new Map();
    localVersions.set(db, bySlug);
  }
  bySlug.set(slug, (bySlug.get(slug) ?? 0) + 1);
}

/** What decides whether a cached signed status list is current. */
export type StatusListState = { slug: string; version: string };

/**
 * Read for every verification, so status is never cached blind: with an embedded database, this
 * process's count of status changes (no query); with PostgreSQL, which other processes may write,
 * the issuer's version row (one primary-key read).
 */
export async function statusListState(ctx: CredentialContext, slug: string): Promise<StatusListState | null> {
  if (ctx.embedded) return { slug, version: `local:${localVersions.get(ctx.db)?.get(slug) ?? 0}` };
  const [row] = await ctx.db
    .select({ id: credentialIssuers.id, version: credentialStatusVersions.version })
    .from(credentialIssuers)
    .leftJoin(credentialStatusVersions, eq(credentialStatusVersions.issuerId, credentialIssuers.id))
    .where(eq(credentialIssuers.slug, slug));
  return row ? { slug, version: `db:${row.id}:${row.version ?? 0}` } : null;
}

/**
 * The signed BitstringStatusListCredential for one issuer, purpose and list number, built from the
 * credentials' current status. Re-signed only when the issuer's status version changed (a status
 * change or a key rotation; cached per process), so a revocation shows on the next verification.
 * `state` may be passed when the caller has just read it. Returns null for an unknown issuer.
 */
export async function signedStatusList(
  ctx: CredentialContext,
  slug: string,
  purpose: 'revocation' | 'suspension',
  list: number,
  state?: StatusListState | null,
): Promise<JsonObject | null> {
  const current = state === undefined ? await statusListState(ctx, slug) : state;
  if (!current) return null;
  let statusListCache = statusListCaches.get(ctx.db);
  if (!statusListCache) {
    statusListCache = new Map();
    statusListCaches.set(ctx.db, statusListCache);
  }
  const cacheKey = `${ctx.publicUrl}|${slug}|${purpose}|${list}`;
  const cached = statusListCache.get(cacheKey);
  if (cached && cached.version === current.version) return cached.doc;
  const [issuer] = await ctx.db
    .select({ id: credentialIssuers.id, slug: credentialIssuers.slug })
    .from(credentialIssuers)
    .where(eq(credentialIssuers.slug, slug));
  if (!issuer) return null;
  const wanted = purpose === 'revocation' ? 'revoked' : 'suspended';
  const lo = list * STATUS_LIST_SIZE;
  const rows = await queryRows<{ status_index: number | string }>(
    ctx.db,
    sql`select c.status_index from credentials c join credential_achievements a on a.id = c.achievement_id
        where a.issuer_id = ${issuer.id} and c.status = ${wanted}
          and c.status_index >= ${lo} and c.status_index < ${lo + STATUS_LIST_SIZE}
        order by c.status_index`,
  );
  const indices = rows.map((r) => Number(r.status_index) - lo);
  const url = statusListUrl(ctx.publicUrl, slug, purpose, list);
  const created = isoSeconds(new Date());
  const doc: JsonObject = {
    '@context': [VC_V2_CONTEXT],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuerDid(ctx.publicUrl, slug),
    validFrom: created,
    credentialSubject: {
      id: `${url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: purpose,
      encodedList: encodeStatusList(indices),
    },
  };
  const signed = await signAs(ctx.db, ctx, issuer, doc, created);
  statusListCache.set(cacheKey, { version: current.version, doc: signed });
  return signed;
}
