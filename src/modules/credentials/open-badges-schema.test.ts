/**
 * Issued credentials against the official 1EdTech Open Badges 3.0 JSON Schema
 * (tests/fixtures/open-badges/, see its README for where it comes from), the way a strict
 * validator or wallet applies it — while both languages stay in the signed document.
 */
import { readFileSync } from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import type { JsonObject } from './data-integrity.ts';
import { textOf } from './language.ts';
import { type CredentialContext, createAchievement, createIssuer, issueCredential } from './service.ts';

const schema = JSON.parse(
  readFileSync(
    new URL('../../../tests/fixtures/open-badges/ob_v3p0_achievementcredential_schema.json', import.meta.url),
    'utf8',
  ),
);
// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2019,
) => Ajv2019;
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const errorsOf = (doc: unknown) => {
  validate(doc);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

const t = useTestApp();
const info = { ip: null, actorId: null };
const ctx = (): CredentialContext => ({
  db: t.db,
  secret: t.deps.config.GONGJIN_SECRET,
  publicUrl: TEST_PUBLIC_URL,
});

async function fullAchievement(c: CredentialContext, overrides: { nameZh?: string } = {}) {
  const alliance = await createIssuer(
    c,
    {
      slug: 'alliance',
      nameZh: '数据库产业联盟',
      nameEn: 'Database Alliance',
      url: 'https://alliance.example',
    },
    info,
  );
  const body = await createIssuer(
    c,
    { slug: 'cert-body', nameZh: '认证中心', nameEn: 'Certification Centre' },
    info,
  );
  return createAchievement(
    c,
    {
      slug: 'pg-associate',
      nameZh: overrides.nameZh ?? 'PostgreSQL 初级认证',
      nameEn: 'PostgreSQL Associate',
      descriptionZh: '掌握 PostgreSQL 基础。',
      descriptionEn: 'Knows PostgreSQL basics.',
      criteriaZh: '通过初级考试。',
      criteriaEn: 'Pass the associate exam.',
      issuerId: alliance.id,
      coIssuerId: body.id,
      creditsAvailable: 2,
      alignmentName: 'SQL:2023',
      alignmentUrl: 'https://www.iso.org/standard/76583.html',
    },
    info,
  );
}

describe('issued credentials and the official Open Badges 3.0 JSON Schema', () => {
  it('the schema is the official one and refuses what it should (a value-object name, a status array)', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2019-09/schema#');
    expect(schema.title).toBe('JSON Schema for the AchievementCredential class.');
    const shape = {
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      id: 'urn:uuid:1',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: 'did:web:x', type: ['Profile'] },
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: {
        type: ['AchievementSubject'],
        achievement: { id: 'https://x/a', type: ['Achievement'], name: 'A', description: 'D', criteria: {} },
      },
    };
    expect(errorsOf(shape)).toEqual([]);
    const valueObjects = structuredClone(shape) as JsonObject;
    ((valueObjects.credentialSubject as JsonObject).achievement as JsonObject).name = [
      { '@value': 'A', '@language': 'en' },
    ];
    expect(errorsOf(valueObjects)).toEqual(['/credentialSubject/achievement/name must be string']);
    const statusArray = {
      ...shape,
      credentialStatus: [{ id: 'https://x/s#1', type: 'BitstringStatusListEntry' }],
    };
    expect(errorsOf(statusArray)).toEqual(['/credentialStatus must be object']);
  });

  it('a co-signed credential with evidence, alignment, credits and an end date has no schema error', async () => {
    const c = ctx();
    const achievement = await fullAchievement(c);
    const row = await issueCredential(
      c,
      achievement.id,
      { name: '张三' },
      [{ name: '考试成绩 92', description: '初级考试', url: 'https://exam.example/r/1' }],
      info,
      { validUntil: new Date('2029-12-31T00:00:00Z') },
    );
    const doc = row.document as JsonObject;
    expect(errorsOf(doc)).toEqual([]);
    expect((doc.proof as JsonObject[]).length).toBe(2);
    // Plain strings in Chinese for readers of `name`; both languages in the signed language maps.
    const achievementNode = (doc.credentialSubject as JsonObject).achievement as JsonObject;
    expect(achievementNode.name).toBe('PostgreSQL 初级认证');
    expect(achievementNode.inLanguage).toBe('zh-CN');
    expect(achievementNode.nameMap).toEqual({ 'zh-CN': 'PostgreSQL 初级认证', en: 'PostgreSQL Associate' });
    expect(achievementNode.descriptionMap).toEqual({
      'zh-CN': '掌握 PostgreSQL 基础。',
      en: 'Knows PostgreSQL basics.',
    });
    expect(achievementNode.criteria).toEqual({
      narrative: '通过初级考试。',
      narrativeMap: { 'zh-CN': '通过初级考试。', en: 'Pass the associate exam.' },
    });
    expect(textOf(achievementNode, 'name', 'en')).toBe('PostgreSQL Associate');
    expect(textOf(doc.issuer, 'name', 'en')).toBe('Database Alliance');
    expect(textOf(achievementNode.creator, 'name', 'zh-CN')).toBe('认证中心');
    expect(doc.credentialStatus).toEqual({
      id: `${TEST_PUBLIC_URL}/credentials/status/alliance/revocation/0#${row.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(row.statusIndex),
      statusListCredential: `${TEST_PUBLIC_URL}/credentials/status/alliance/revocation/0`,
    });
  });

  it('an achievement with English text only is plain English, without a language map', async () => {
    const c = ctx();
    const achievement = await fullAchievement(c, { nameZh: '' });
    const row = await issueCredential(c, achievement.id, { name: 'Ada' }, [], info);
    const achievementNode = (row.document.credentialSubject as JsonObject).achievement as JsonObject;
    expect(errorsOf(row.document)).toEqual([]);
    expect(achievementNode.name).toBe('PostgreSQL Associate');
    expect(achievementNode.nameMap).toBeUndefined();
    expect(achievementNode.inLanguage).toBe('en');
  });
});
