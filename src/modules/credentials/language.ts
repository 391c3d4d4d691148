/**
 * Text in both of Gongjin's languages inside a signed credential, in a shape the official Open
 * Badges 3.0 JSON Schema accepts (ADR 0040):
 *   "name": "PostgreSQL 初级认证",
 *   "nameMap": { "zh-CN": "PostgreSQL 初级认证", "en": "PostgreSQL Associate" }
 * `name`, `description` and `narrative` are plain strings in the primary language (Chinese, or
 * English when there is no Chinese text), as the schema types them. Every language sits beside them
 * in a JSON-LD 1.1 language map — the `nameMap`/`summaryMap` pattern of ActivityStreams 2.0 — whose
 * term `LANGUAGE_MAP_CONTEXT` maps to the same predicate (schema:name, …), so in the signed RDF each
 * text is a language-tagged literal of the very property it translates, and a wallet that reads only
 * `name` still shows the Chinese text. Readers pick the reader's language with `textOf`.
 *
 * Credentials issued before this (ADR 0015) carry arrays of language value objects in `name`
 * itself; `textIn` still reads them, so those credentials show both languages as before.
 */
import type { Locale } from '../../i18n/index.ts';

export type LanguageValue = { '@value': string; '@language': string };

/** The language tags Gongjin writes, per locale. */
export const LANGUAGE_TAGS: Record<Locale, string> = { 'zh-CN': 'zh-CN', en: 'en' };

/** The properties Gongjin signs in two languages, and their language-map companions. */
export type TranslatedProperty = 'name' | 'description' | 'narrative';

/**
 * The inline context that defines the language maps. Each map shares the @id of the OB 3.0 / VC 2.0
 * term it translates; defining new terms (not redefining protected ones) is allowed after the
 * protected contexts. Inline, so nothing has to be fetched to verify it.
 */
export const LANGUAGE_MAP_CONTEXT = {
  nameMap: { '@id': 'https://schema.org/name', '@container': '@language' },
  descriptionMap: { '@id': 'https://schema.org/description', '@container': '@language' },
  narrativeMap: {
    '@id': 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#narrative',
    '@container': '@language',
  },
} as const;

/**
 * `{ name: primary, nameMap: { 'zh-CN': zh, en } }` for one property: Chinese first (the users'
 * language), an empty text left out rather than signed empty. The map is omitted when only one
 * language has text (the plain string then says it all).
 */
export function translated(prop: TranslatedProperty, zh: string, en: string): Record<string, unknown> {
  const map: Record<string, string> = {};
  if (zh.trim() !== '') map[LANGUAGE_TAGS['zh-CN']] = zh;
  if (en.trim() !== '') map[LANGUAGE_TAGS.en] = en;
  const texts = Object.values(map);
  return {
    [prop]: texts[0] ?? '',
    ...(texts.length > 1 ? { [`${prop}Map`]: map } : {}),
  };
}

/** The language Gongjin's plain strings are in, for `inLanguage`. */
export const primaryLanguage = (zh: string) => (zh.trim() !== '' ? LANGUAGE_TAGS['zh-CN'] : LANGUAGE_TAGS.en);

/**
 * The old (ADR 0015) bilingual form: VC 2.0 language value objects. Kept for reading and for tests
 * that build credentials in that shape; new credentials are written with `translated`.
 */
export function bilingual(zh: string, en: string): LanguageValue[] {
  return [
    { '@value': zh, '@language': LANGUAGE_TAGS['zh-CN'] },
    { '@value': en, '@language': LANGUAGE_TAGS.en },
  ].filter((v) => v['@value'].trim() !== '');
}

const isValueObject = (v: unknown): v is { '@value': unknown; '@language'?: unknown } =>
  !!v && typeof v === 'object' && !Array.isArray(v) && '@value' in v;

/** Picks the locale's text among tagged texts: exact tag, then same primary language, untagged, first. */
function pick(values: Array<{ lang: string; text: string }>, locale: Locale): string {
  if (values.length === 0) return '';
  const tag = LANGUAGE_TAGS[locale].toLowerCase();
  const primary = tag.split('-')[0];
  const chosen =
    values.find((v) => v.lang === tag) ??
    values.find((v) => v.lang.split('-')[0] === primary) ??
    values.find((v) => v.lang === '') ??
    values[0];
  return chosen.text;
}

/**
 * The text of a credential property in the reader's language: a plain string as it is; among
 * language value objects the one tagged with the locale, else the same primary language (zh-Hans
 * for zh-CN), else an untagged one, else the first. Anything else (a credential from elsewhere
 * with an unexpected shape) reads as ''.
 */
export function textIn(value: unknown, locale: Locale): string {
  if (typeof value === 'string') return value;
  const values = (Array.isArray(value) ? value : [value])
    .filter(
      (v): v is string | { '@value': unknown; '@language'?: unknown } =>
        typeof v === 'string' || isValueObject(v),
    )
    .map((v) =>
      typeof v === 'string'
        ? { lang: '', text: v }
        : {
            lang: typeof v['@language'] === 'string' ? v['@language'].toLowerCase() : '',
            text: typeof v['@value'] === 'string' ? v['@value'] : '',
          },
    );
  return pick(values, locale);
}

/**
 * A property of a credential node in the reader's language: its language map (`nameMap`) when it
 * has one, else the property itself read with `textIn` (a plain string, or old value objects).
 */
export function textOf(node: unknown, prop: TranslatedProperty, locale: Locale): string {
  if (!node || typeof node !== 'object') return '';
  const record = node as Record<string, unknown>;
  const map = record[`${prop}Map`];
  if (map && typeof map === 'object' && !Array.isArray(map)) {
    const values = Object.entries(map)
      .filter((e): e is [string, string] => typeof e[1] === 'string')
      .map(([lang, text]) => ({ lang: lang.toLowerCase(), text }));
    // A map without the reader's language still yields the plain value before a foreign one.
    const tag = LANGUAGE_TAGS[locale].toLowerCase();
    const primary = tag.split('-')[0];
    if (values.some((v) => v.lang === tag || v.lang.split('-')[0] === primary)) return pick(values, locale);
  }
  return textIn(record[prop], locale);
}
