/**
 * Text in both of Gongjin's languages inside a signed credential, the way VC 2.0 ("Language and
 * Base Direction") writes it: an array of language value objects,
 *   [{ "@value": "PostgreSQL 初级认证", "@language": "zh-CN" }, { "@value": "PostgreSQL Associate", "@language": "en" }].
 * The VC 2.0 and Open Badges 3.0 contexts define `name`, `description` and `narrative` without a
 * type or container, so each value object becomes a language-tagged literal in the signed RDF. Readers
 * (the verification page, the PDF, the share card) pick the reader's language with `textIn`.
 */
import type { Locale } from '../../i18n/index.ts';

export type LanguageValue = { '@value': string; '@language': string };

/** The language tags Gongjin writes, per locale. */
export const LANGUAGE_TAGS: Record<Locale, string> = { 'zh-CN': 'zh-CN', en: 'en' };

/** Chinese first (the users' language), then English; an empty text is left out, not signed empty. */
export function bilingual(zh: string, en: string): LanguageValue[] {
  return [
    { '@value': zh, '@language': LANGUAGE_TAGS['zh-CN'] },
    { '@value': en, '@language': LANGUAGE_TAGS.en },
  ].filter((v) => v['@value'].trim() !== '');
}

const isValueObject = (v: unknown): v is { '@value': unknown; '@language'?: unknown } =>
  !!v && typeof v === 'object' && !Array.isArray(v) && '@value' in v;

/**
 * The text of a credential property in the reader's language: a plain string as it is; among
 * language value objects the one tagged with the locale, else the same primary language (zh-Hans
 * for zh-CN), else an untagged one, else the first. Anything else (a credential from elsewhere
 * with an unexpected shape) reads as ''.
 */
export function textIn(value: unknown, locale: Locale): string {
  if (typeof value === 'string') return value;
  const values = (Array.isArray(value) ? value : [value]).filter(
    (v): v is string | { '@value': unknown; '@language'?: unknown } =>
      typeof v === 'string' || isValueObject(v),
  );
  if (values.length === 0) return '';
  const tag = LANGUAGE_TAGS[locale].toLowerCase();
  const primary = tag.split('-')[0];
  const langOf = (v: (typeof values)[number]) =>
    typeof v === 'string' || typeof v['@language'] !== 'string' ? '' : v['@language'].toLowerCase();
  const chosen =
    values.find((v) => langOf(v) === tag) ??
    values.find((v) => langOf(v).split('-')[0] === primary) ??
    values.find((v) => langOf(v) === '') ??
    values[0];
  const text = typeof chosen === 'string' ? chosen : chosen['@value'];
  return typeof text === 'string' ? text : '';
}
