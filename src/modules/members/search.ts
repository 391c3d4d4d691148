/**
 * Search text for the wall: names and descriptions in lower case, plus the pinyin of every Chinese
 * name written out in full (aliyun) and as initials (aly), so that Latin keyboards find Chinese
 * names. Mixed queries (alyun: initials then a full syllable) fall back to pinyin-pro's matcher
 * on the name alone.
 */
import { match, pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

function pinyinForms(text: string): string[] {
  if (!HAN.test(text)) return [];
  const syllables = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'removed', v: true });
  const initials = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' });
  return [syllables.join(''), initials.join('')];
}

/** The stored search text of an item: `names` get pinyin forms, `texts` are kept as they are. */
export function buildSearchText(names: string[], texts: string[] = []): string {
  const parts = [...names, ...names.flatMap(pinyinForms), ...texts];
  return parts
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean)
    .join('\n');
}

/** Lower case, trimmed, inner spaces removed for pinyin (`a li` → `ali`). */
export function normalizeQuery(q: string): string {
  return q.trim().toLowerCase().slice(0, 100);
}

/** True when `q` (already normalised) finds the item with this search text and these names. */
export function matchesQuery(q: string, searchText: string, names: string[]): boolean {
  if (!q) return true;
  if (searchText.includes(q)) return true;
  const compact = q.replace(/\s+/g, '');
  if (!/^[a-z]+$/.test(compact)) return false;
  if (searchText.includes(compact)) return true;
  return names.some((n) => HAN.test(n) && match(n, compact, { continuous: true }) !== null);
}
