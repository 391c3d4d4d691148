import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/schema.ts';
import { TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import type { JsonObject } from './data-integrity.ts';
import { impliedSuspension } from './online.ts';
import { keyResolver } from './queries.ts';
import { credentialIssuerKeys } from './schema.ts';
import {
  type CredentialContext,
  createAchievement,
  createIssuer,
  issueCredential,
  reinstateCredential,
  revokeCredential,
  rotateIssuerKey,
  signedStatusList,
  suspendCredential,
} from './service.ts';
import { encodeStatusList } from './status-list.ts';
import { boundedProofCache, type ProofCache, type VerifyEnv, verifyCredential } from './verify.ts';

const t = useTestApp();
const info = { ip: null, actorId: null };

function context(): CredentialContext {
  return { db: t.db, secret: t.deps.config.GONGJIN_SECRET, publicUrl: TEST_PUBLIC_URL };
}

/** Online verification the way the server does it: keys and status lists from this database. */
function env(ctx: CredentialContext, now?: Date): VerifyEnv {
  return {
    resolveKey: keyResolver(ctx.db, ctx.publicUrl),
    loadStatusList: async (url) => {
      const m = /\/credentials\/status\/([a-z0-9-]+)\/(revocation|suspension)\/(\d+)$/.exec(url);
      return m ? signedStatusList(ctx, m[1], m[2] as 'revocation', Number(m[3])) : null;
    },
    impliedStatus: impliedSuspension(ctx.publicUrl),
    now,
  };
}

async function coIssuedSetup(ctx: CredentialContext) {
  const alliance = await createIssuer(
    ctx,
    { slug: 'alliance', nameZh: '数据库产业联盟', nameEn: 'Database Alliance' },
    info,
  );
  const body = await createIssuer(
    ctx,
    { slug: 'cert-body', nameZh: '认证中心', nameEn: 'Certification Centre' },
    info,
  );
  const achievement = await createAchievement(
    ctx,
    {
      slug: 'pg-associate',
      nameZh: 'PostgreSQL 初级认证',
      nameEn: 'PostgreSQL Associate',
      descriptionZh: '掌握 PostgreSQL 基础。',
      descriptionEn: 'Knows PostgreSQL basics.',
      criteriaZh: '通过初级考试。',
      criteriaEn: 'Passed the associate exam.',
      creditsAvailable: 2,
      issuerId: alliance.id,
      coIssuerId: body.id,
    },
    info,
  );
  return { alliance, body, achievement };
}

const summary = (v: { checks: Array<{ id: string; ok: boolean | null; code: string }> }) =>
  v.checks.map((c) => `${c.id}:${c.ok}:${c.code}`);

describe('issuing and verifying credentials', () => {
  it('issues a co-signed OpenBadgeCredential that passes every check', async () => {
    const ctx = context();
    const { achievement } = await coIssuedSetup(ctx);
    const row = await issueCredential(
      ctx,
      achievement.id,
      { name: '张三' },
      [{ name: '考试成绩 92', url: 'https://exam.example/r/1' }],
      info,
    );
    const doc = row.document as JsonObject;
    expect(doc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect((doc.proof as JsonObject[]).map((p) => p.verificationMethod)).toEqual([
      'did:web:gongjin.test:issuers:alliance#key-1',
      'did:web:gongjin.test:issuers:cert-body#key-1',
    ]);
    const result = await verifyCredential(doc, env(ctx));
    expect(summary(result)).toEqual([
      'format:true:open_badge',
      'proof:true:valid',
      'proof:true:valid',
      'issuers:true:signed',
      'issuers:true:signed',
      'key_validity:true:valid_at_issue',
      'key_validity:true:valid_at_issue',
      'status:true:clear',
      'status:true:clear',
      'validity:true:in_period',
    ]);
    expect(result.valid).toBe(true);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'credentials.issued'));
    expect(audits.map((a) => a.targetId)).toEqual([row.id]);
  });

  it('fails when the holder name is changed, or when one co-issuer proof is removed', async () => {
    const ctx = context();
    const { achievement } = await coIssuedSetup(ctx);
    const row = await issueCredential(ctx, achievement.id, { name: '张三' }, [], info);
    const tampered = structuredClone(row.document) as JsonObject;
    ((tampered.credentialSubject as JsonObject).identifier as JsonObject[])[0].identityHash = '李四';
    const r1 = await verifyCredential(tampered, env(ctx));
    expect(r1.valid).toBe(false);
    expect(r1.checks.filter((c) => c.id === 'proof').map((c) => c.code)).toEqual([
      'bad_signature',
      'bad_signature',
    ]);
    const oneProof = structuredClone(row.document) as JsonObject;
    oneProof.proof = (oneProof.proof as JsonObject[])[0];
    const r2 = await verifyCredential(oneProof, env(ctx));
    expect(r2.valid).toBe(false);
    expect(r2.checks.filter((c) => c.id === 'issuers').map((c) => [c.subject, c.ok])).toEqual([
      ['did:web:gongjin.test:issuers:alliance', true],
      ['did:web:gongjin.test:issuers:cert-body', false],
    ]);
  });

  it('revocation and suspension show on the next verification; reinstating clears suspension', async () => {
    const ctx = context();
    const { achievement } = await coIssuedSetup(ctx);
    const a = await issueCredential(ctx, achievement.id, { name: '甲' }, [], info);
    const b = await issueCredential(ctx, achievement.id, { name: '乙' }, [], info);
    await suspendCredential(ctx, b.id, '调查中', info);
    let rb = await verifyCredential(b.document, env(ctx));
    expect(rb.checks.filter((c) => c.id === 'status').map((c) => c.code)).toEqual(['clear', 'suspended']);
    await reinstateCredential(ctx, b.id, '', info);
    rb = await verifyCredential(b.document, env(ctx));
    expect(rb.valid).toBe(true);
    await revokeCredential(ctx, a.id, '作弊', info);
    const ra = await verifyCredential(a.document, env(ctx));
    expect(ra.checks.filter((c) => c.id === 'status').map((c) => c.code)).toEqual(['revoked', 'clear']);
    expect(ra.valid).toBe(false);
    expect((await verifyCredential(b.document, env(ctx))).valid).toBe(true);
    await expect(reinstateCredential(ctx, a.id, '', info)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('after key rotation old credentials still verify and new ones use the new key', async () => {
    const ctx = context();
    const { alliance, achievement } = await coIssuedSetup(ctx);
    const old = await issueCredential(ctx, achievement.id, { name: '甲' }, [], info);
    await rotateIssuerKey(ctx, alliance.id, info);
    const fresh = await issueCredential(ctx, achievement.id, { name: '乙' }, [], info);
    expect((await verifyCredential(old.document, env(ctx))).valid).toBe(true);
    expect(((fresh.document.proof as JsonObject[])[0] as JsonObject).verificationMethod).toBe(
      'did:web:gongjin.test:issuers:alliance#key-2',
    );
    expect((await verifyCredential(fresh.document, env(ctx))).valid).toBe(true);
    // A proof made with the retired key after its retirement is refused.
    const keys = await t.db
      .select()
      .from(credentialIssuerKeys)
      .where(eq(credentialIssuerKeys.issuerId, alliance.id));
    expect(keys.map((k) => [k.keyId, k.retiredAt !== null])).toEqual([
      ['key-1', true],
      ['key-2', false],
    ]);
  });

  it('refuses a credential before validFrom and after validUntil', async () => {
    const ctx = context();
    const { achievement } = await coIssuedSetup(ctx);
    const row = await issueCredential(ctx, achievement.id, { name: '甲' }, [], info, {
      validUntil: new Date(Date.now() + 3600_000),
    });
    const later = await verifyCredential(row.document, env(ctx, new Date(Date.now() + 7200_000)));
    expect(later.checks.find((c) => c.id === 'validity')?.code).toBe('expired');
    const earlier = await verifyCredential(row.document, env(ctx, new Date(Date.now() - 3600_000)));
    expect(earlier.checks.find((c) => c.id === 'validity')?.code).toBe('not_yet_valid');
  });

  it('refuses a status list whose own signature is invalid', async () => {
    const ctx = context();
    const { achievement } = await coIssuedSetup(ctx);
    const row = await issueCredential(ctx, achievement.id, { name: '甲' }, [], info);
    const e = env(ctx);
    const forged: VerifyEnv = {
      ...e,
      loadStatusList: async (url) => {
        const list = structuredClone(await e.loadStatusList!(url)) as JsonObject;
        (list.credentialSubject as JsonObject).encodedList = encodeStatusList([0, 1, 2, 3]);
        return list;
      },
    };
    const result = await verifyCredential(row.document, forged);
    expect(result.checks.filter((c) => c.id === 'status').map((c) => c.code)).toEqual([
      'list_signature_invalid',
      'list_signature_invalid',
    ]);
  });

  it('refuses a proof by a key the issuer never published', async () => {
    const ctx = context();
    const { achievement } = await coIssuedSetup(ctx);
    const row = await issueCredential(ctx, achievement.id, { name: '甲' }, [], info);
    const doc = structuredClone(row.document) as JsonObject;
    (doc.proof as JsonObject[])[0].verificationMethod = 'did:web:gongjin.test:issuers:alliance#key-9';
    const result = await verifyCredential(doc, env(ctx));
    expect(result.checks.find((c) => c.id === 'proof')?.code).toBe('unknown_key');
    expect(result.valid).toBe(false);
  });

  it('a revoked credential is reported revoked while its signature result comes from the cache', async () => {
    const ctx = context();
    const { achievement } = await coIssuedSetup(ctx);
    const row = await issueCredential(ctx, achievement.id, { name: '甲' }, [], info, {
      validUntil: new Date(Date.now() + 3600_000),
    });
    const inner = boundedProofCache(10);
    const hits: boolean[] = [];
    const cache: ProofCache = {
      get: (hash) => {
        const hit = inner.get(hash);
        hits.push(hit !== undefined);
        return hit;
      },
      set: (hash, entry) => inner.set(hash, entry),
    };
    // Each verification gets the document as a fresh copy, the way an API request does.
    const verify = (now?: Date) =>
      verifyCredential(structuredClone(row.document), { ...env(ctx, now), proofCache: cache });
    expect((await verify()).valid).toBe(true);
    hits.length = 0;
    await revokeCredential(ctx, row.id, '证书作废', info);
    const revoked = await verify();
    // The credential's own proofs came from the cache (the first lookup hit) …
    expect(hits[0]).toBe(true);
    expect(revoked.checks.filter((c) => c.id === 'proof').map((c) => c.code)).toEqual(['valid', 'valid']);
    // … and still the status check read the new list and the verdict is revoked.
    expect(revoked.checks.filter((c) => c.id === 'status').map((c) => c.code)).toEqual(['revoked', 'clear']);
    expect(revoked.valid).toBe(false);
    // Validity dates are not cached either: the same cached proofs, checked after validUntil.
    hits.length = 0;
    const later = await verify(new Date(Date.now() + 7200_000));
    expect(hits[0]).toBe(true);
    expect(later.checks.find((c) => c.id === 'validity')?.code).toBe('expired');
  });

  it('a proof cache by content hash gives the same checks, and never caches status', async () => {
    const ctx = context();
    const { achievement } = await coIssuedSetup(ctx);
    const row = await issueCredential(ctx, achievement.id, { name: '甲' }, [], info);
    const cache = boundedProofCache(10);
    const first = await verifyCredential(row.document, { ...env(ctx), proofCache: cache });
    const second = await verifyCredential(row.document, { ...env(ctx), proofCache: cache });
    expect(summary(second)).toEqual(summary(first));
    await revokeCredential(ctx, row.id, '作弊', info);
    const third = await verifyCredential(row.document, { ...env(ctx), proofCache: cache });
    expect(third.checks.filter((c) => c.id === 'status').map((c) => c.code)).toEqual(['revoked', 'clear']);
    const tampered = structuredClone(row.document) as JsonObject;
    tampered.name = '伪造';
    const fourth = await verifyCredential(tampered, { ...env(ctx), proofCache: cache });
    expect(fourth.checks.filter((c) => c.id === 'proof').map((c) => c.code)).toEqual([
      'bad_signature',
      'bad_signature',
    ]);
  });
});
