import { describe, expect, it } from 'vitest';
import { bilingual, textIn, textOf, translated } from './language.ts';

describe('text in two languages', () => {
  const name = bilingual('PostgreSQL 初级认证', 'PostgreSQL Associate');

  it('writes VC 2.0 language value objects, Chinese first', () => {
    expect(name).toEqual([
      { '@value': 'PostgreSQL 初级认证', '@language': 'zh-CN' },
      { '@value': 'PostgreSQL Associate', '@language': 'en' },
    ]);
    expect(bilingual('仅中文', ' ')).toEqual([{ '@value': '仅中文', '@language': 'zh-CN' }]);
  });

  it("reads the reader's language, falling back to the same primary language, then the first", () => {
    expect(textIn(name, 'zh-CN')).toBe('PostgreSQL 初级认证');
    expect(textIn(name, 'en')).toBe('PostgreSQL Associate');
    expect(textIn([{ '@value': '简体', '@language': 'zh-Hans' }], 'zh-CN')).toBe('简体');
    expect(textIn([{ '@value': 'Nur Deutsch', '@language': 'de' }], 'en')).toBe('Nur Deutsch');
    expect(textIn('plain', 'en')).toBe('plain');
    expect(textIn({ '@value': 'one', '@language': 'en' }, 'zh-CN')).toBe('one');
    expect(textIn({ nope: 1 }, 'en')).toBe('');
    expect(textIn(undefined, 'en')).toBe('');
  });

  it('writes a plain primary-language string with a language map beside it (ADR 0040)', () => {
    expect(translated('name', 'PostgreSQL 初级认证', 'PostgreSQL Associate')).toEqual({
      name: 'PostgreSQL 初级认证',
      nameMap: { 'zh-CN': 'PostgreSQL 初级认证', en: 'PostgreSQL Associate' },
    });
    expect(translated('narrative', ' ', 'English only')).toEqual({ narrative: 'English only' });
    expect(translated('description', '仅中文', '')).toEqual({ description: '仅中文' });
  });

  it("reads the reader's language from the map, else the plain value, else old value objects", () => {
    const node = translated('name', 'PostgreSQL 初级认证', 'PostgreSQL Associate');
    expect(textOf(node, 'name', 'en')).toBe('PostgreSQL Associate');
    expect(textOf(node, 'name', 'zh-CN')).toBe('PostgreSQL 初级认证');
    // A map in other languages only: the plain value, not a foreign text.
    expect(textOf({ name: 'Nom', nameMap: { fr: 'Nom', de: 'Name' } }, 'name', 'en')).toBe('Nom');
    expect(textOf({ name: bilingual('旧', 'Old') }, 'name', 'en')).toBe('Old');
    expect(textOf(null, 'name', 'en')).toBe('');
  });
});
