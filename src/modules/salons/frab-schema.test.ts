/**
 * The Frab schedule JSON against c3voc's own JSON schema (voc/schedule, validator/json/schema.json,
 * tests/fixtures/c3voc-schedule/), the file pretalx and frab exports are checked with: what media
 * and streaming tools (c3voc, the hub) do with a salon's schedule.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildFrabSchedule, type FrabInput } from './frab.ts';

const schema = JSON.parse(
  readFileSync(new URL('../../../tests/fixtures/c3voc-schedule/schema.json', import.meta.url), 'utf8'),
);
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addMetaSchema(draft6);
addFormats(ajv);
const validate = ajv.compile(schema);
const errorsOf = (doc: unknown) => {
  validate(doc);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

const input = (over: Partial<FrabInput> = {}): FrabInput => ({
  baseUrl: 'http://gongjin.test/',
  url: 'http://gongjin.test/salons/0b6c2d4e-1111-4a4a-9c9c-0123456789ab',
  acronym: 'gonghua-3',
  title: '共话未来趋势 #3 数据库的下一个十年',
  version: '2030-01-01T00:00:00.000Z',
  startsAt: new Date('2030-03-01T06:00:00Z'),
  endsAt: new Date('2030-03-01T09:30:00Z'),
  timezone: 'Asia/Shanghai',
  room: '西溪会议中心 A 厅',
  language: 'zh',
  items: [
    {
      id: '5f0e1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
      title: '公开课：PostgreSQL 内核',
      abstract: '从执行器讲起。',
      type: '公开课',
      track: null,
      durationMinutes: 45,
      speaker: { id: 'u1', name: '林岚' },
    },
    {
      id: 'a7b8c9d0-e1f2-4a3b-9c4d-5e6f7a8b9c0d',
      title: '圆桌',
      abstract: '',
      type: '热点环节',
      track: '圆桌',
      durationMinutes: 90,
      speaker: null,
    },
  ],
  ...over,
});

describe('Frab schedule JSON and the c3voc schema', () => {
  it('the schema refuses what it should (an upper-case acronym, a lower-case event code)', () => {
    const out = buildFrabSchedule(input()) as unknown as {
      schedule: { conference: Record<string, unknown> };
    };
    const bad = structuredClone(out);
    bad.schedule.conference.acronym = 'Gonghua 3';
    const day = (
      bad.schedule.conference.days as Array<{ rooms: Record<string, Array<Record<string, unknown>>> }>
    )[0];
    Object.values(day.rooms)[0][0].code = 'abc';
    expect(errorsOf(bad)).toEqual([
      '/schedule/conference/acronym must match pattern "^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$"',
      '/schedule/conference/days/0/rooms/西溪会议中心 A 厅/0/code must match pattern "^[A-Z0-9]+$"',
    ]);
  });

  it('a salon with talks, a round table and no speaker validates without error', () => {
    const out = buildFrabSchedule(input());
    expect(errorsOf(out)).toEqual([]);
    expect(out.schedule.conference.acronym).toBe('gonghua_3');
    const events = Object.values(out.schedule.conference.days[0].rooms)[0];
    expect(events.map((e) => [e.code, e.slug])).toEqual([
      ['5F0E1A2B', 'gonghua_3-1'],
      ['A7B8C9D0', 'gonghua_3-2'],
    ]);
  });

  it('series slugs with hyphens, short slugs and long numbers still give a valid acronym and codes', () => {
    const acronyms: Record<string, string> = {
      'db-tech-salon-12': 'db_tech_salon_12',
      'pg-1': 'pg_1',
      'a-1': 'salon_a_1',
      'gonghua-2030': 'gonghua_2030',
    };
    for (const [slug, acronym] of Object.entries(acronyms)) {
      const out = buildFrabSchedule(input({ acronym: slug }));
      expect([slug, out.schedule.conference.acronym, errorsOf(out)]).toEqual([slug, acronym, []]);
    }
  });
});
