/**
 * The site's share card (1200×630, the Open Graph size): what a link to a page without an image of
 * its own (home, wall, member pages, courses) shows in WeChat and other chats. Drawn once per
 * language with resvg and the bundled font, then kept: it depends on nothing but the catalogue.
 */
import { Resvg } from '@resvg/resvg-js';
import type { Locale } from '../../i18n/index.ts';
import { RESVG_FONTS } from '../../platform/fonts.ts';
import { translator } from '../../platform/i18n.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Splits text into lines of about `n` characters. CJK wraps anywhere, except that closing
 * punctuation (：，。、) never starts a line, and English wraps at spaces.
 */
function lines(text: string, n: number, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest && out.length < max) {
    let cut = Math.min(n, rest.length);
    if (cut < rest.length && rest.includes(' ')) cut = rest.lastIndexOf(' ', cut) + 1 || cut;
    while (cut < rest.length && /[：，。、；！？）」』,.:;!?)]/.test(rest[cut])) cut++;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut);
  }
  return out;
}

export function siteCardSvg(locale: Locale): string {
  const t = translator(locale);
  const perLine = locale === 'en' ? 52 : 26;
  const lead = lines(t('home.lead'), perLine, 3)
    .map((l, i) => `<text x="96" y="${400 + i * 52}" font-size="34" fill="#334155">${esc(l)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
<rect width="1200" height="630" fill="#f8fafc"/>
<rect width="1200" height="16" fill="#1d4ed8"/>
<g transform="translate(96 120) scale(4.5)"><rect width="32" height="32" rx="7" fill="#1d4ed8"/><path d="M9 11h14M9 16h14M9 21h14" stroke="#fff" stroke-width="2.4" stroke-linecap="round"/><circle cx="16" cy="16" r="3.2" fill="#fbbf24"/></g>
<text x="280" y="205" font-size="88" font-weight="700" fill="#0f172a">${esc(t('app.name'))}</text>
<text x="96" y="320" font-size="44" font-weight="700" fill="#1d4ed8">${esc(t('app.tagline'))}</text>
${lead}
</svg>`;
}

const drawn = new Map<Locale, Buffer>();

export function siteCardPng(locale: Locale): Buffer {
  let png = drawn.get(locale);
  if (!png) {
    png = new Resvg(siteCardSvg(locale), { font: RESVG_FONTS }).render().asPng();
    drawn.set(locale, png);
  }
  return png;
}
