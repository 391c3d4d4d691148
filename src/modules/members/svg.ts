/**
 * Logos are untrusted files shown to every visitor. An SVG is rebuilt from an allow-list: it is
 * tokenised, every element and attribute not on the list is dropped (with the subtree, for
 * elements), references may only point inside the document (`#id`), and anything the tokeniser
 * does not understand — DOCTYPE and entity declarations included — rejects the file outright.
 * Also: the monogram SVG for organisations without a logo.
 */
import { createHash } from 'node:crypto';

export class UnsafeSvgError extends Error {}

const ELEMENTS = new Set(
  [
    'svg',
    'g',
    'defs',
    'title',
    'desc',
    'symbol',
    'use',
    'path',
    'rect',
    'circle',
    'ellipse',
    'line',
    'polyline',
    'polygon',
    'text',
    'tspan',
    'lineargradient',
    'radialgradient',
    'stop',
    'clippath',
    'mask',
    'pattern',
    'filter',
    'fegaussianblur',
    'feoffset',
    'feblend',
    'fecolormatrix',
    'fecomposite',
    'feflood',
    'femerge',
    'femergenode',
    'metadata',
  ].map((e) => e.toLowerCase()),
);

const ATTRIBUTES = new Set(
  [
    'id',
    'class',
    'x',
    'y',
    'x1',
    'x2',
    'y1',
    'y2',
    'cx',
    'cy',
    'r',
    'rx',
    'ry',
    'fx',
    'fy',
    'width',
    'height',
    'd',
    'points',
    'viewbox',
    'preserveaspectratio',
    'transform',
    'fill',
    'fill-opacity',
    'fill-rule',
    'clip-rule',
    'stroke',
    'stroke-width',
    'stroke-linecap',
    'stroke-linejoin',
    'stroke-miterlimit',
    'stroke-dasharray',
    'stroke-dashoffset',
    'stroke-opacity',
    'opacity',
    'clip-path',
    'mask',
    'filter',
    'offset',
    'stop-color',
    'stop-opacity',
    'gradientunits',
    'gradienttransform',
    'spreadmethod',
    'patternunits',
    'patterncontentunits',
    'patterntransform',
    'clippathunits',
    'maskunits',
    'maskcontentunits',
    'font-family',
    'font-size',
    'font-weight',
    'font-style',
    'text-anchor',
    'dominant-baseline',
    'letter-spacing',
    'dx',
    'dy',
    'stddeviation',
    'in',
    'in2',
    'result',
    'mode',
    'operator',
    'values',
    'type',
    'flood-color',
    'flood-opacity',
    'color',
    'display',
    'visibility',
    'version',
    'xmlns',
    'xmlns:xlink',
    'xml:space',
    'href',
    'xlink:href',
    'style',
  ].map((a) => a.toLowerCase()),
);

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!|<\/[A-Za-z][\w:.-]*\s*>|<[A-Za-z][\w:.-]*(?:\s+[^\s=/>"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*\s*\/?>|<|[^<]+/g;
const ATTR = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes character references, so that `&#106;avascript:` is seen as what a browser sees. */
function decode(v: string): string {
  return v.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (m, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
    }
    return NAMED[ref.toLowerCase()] ?? m;
  });
}

const escapeAttr = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeText = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** No control characters or whitespace tricks: `java\tscript:` is `javascript:` to a browser. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be removed
const squash = (v: string) => v.replace(/[\s\u0000-\u001f\u007f]+/g, '').toLowerCase();

function safeAttribute(name: string, raw: string): string | undefined {
  if (!ATTRIBUTES.has(name)) return undefined;
  const value = decode(raw);
  const flat = squash(value);
  if (flat.includes('javascript:') || flat.includes('vbscript:') || flat.includes('data:')) return undefined;
  if (name === 'href' || name === 'xlink:href') return value.trim().startsWith('#') ? value : undefined;
  if (name === 'style') {
    // Inline style may carry url(), @import and expression(): keep it only when it has none.
    if (/url\(|@import|expression\(|behavior:|-moz-binding/.test(flat)) return undefined;
  } else if (flat.includes('url(') && !/^url\(#[^)]*\)$/.test(flat)) {
    return undefined;
  }
  if (name === 'xmlns' && value !== 'http://www.w3.org/2000/svg') return 'http://www.w3.org/2000/svg';
  if (name === 'xmlns:xlink' && value !== 'http://www.w3.org/1999/xlink') return undefined;
  return value;
}

/**
 * Returns a safe SVG rebuilt from `input`, or throws UnsafeSvgError when the input is not an SVG
 * the tokeniser understands (DOCTYPE/ENTITY declarations, broken tags, no <svg> root).
 */
export function sanitizeSvg(input: string): string {
  const out: string[] = [];
  const stack: string[] = [];
  /** Depth inside a dropped element: everything under it is dropped too. */
  let dropping = 0;
  let sawRoot = false;
  for (const [token] of input.matchAll(TOKEN)) {
    if (token.startsWith('<!--') || token.startsWith('<?')) continue;
    if (token.startsWith('<![CDATA[')) {
      if (!dropping && stack.length) out.push(escapeText(token.slice(9, -3)));
      continue;
    }
    if (token === '<!' || token === '<') throw new UnsafeSvgError('declaration or broken tag');
    if (token.startsWith('</')) {
      const name = token.slice(2, -1).trim().toLowerCase();
      const open = stack.pop();
      if (open !== name) throw new UnsafeSvgError('mismatched tag');
      if (dropping) dropping -= 1;
      else out.push(`</${canonical(name)}>`);
      continue;
    }
    if (token.startsWith('<')) {
      const selfClosing = token.endsWith('/>');
      const body = token.slice(1, selfClosing ? -2 : -1);
      const name = (body.match(/^[\w:.-]+/)?.[0] ?? '').toLowerCase();
      if (!sawRoot) {
        if (name !== 'svg') throw new UnsafeSvgError('root is not <svg>');
        sawRoot = true;
      } else if (!stack.length) throw new UnsafeSvgError('content after the root element');
      if (!selfClosing) stack.push(name);
      if (dropping || !ELEMENTS.has(name)) {
        if (!selfClosing) dropping += 1;
        continue;
      }
      const attrs: string[] = [];
      for (const m of body.slice(name.length).matchAll(ATTR)) {
        const attr = m[1].toLowerCase();
        const safe = safeAttribute(attr, m[2] ?? m[3] ?? m[4] ?? '');
        if (safe !== undefined) attrs.push(` ${canonicalAttr(attr)}="${escapeAttr(safe)}"`);
      }
      if (name === 'svg' && stack.length <= 1 && !attrs.some((a) => a.startsWith(' xmlns='))) {
        attrs.unshift(' xmlns="http://www.w3.org/2000/svg"');
      }
      out.push(`<${canonical(name)}${attrs.join('')}${selfClosing ? '/>' : '>'}`);
      continue;
    }
    // Text: only inside kept elements; the browser parses it as text once escaped.
    if (!dropping && stack.length) out.push(escapeText(decode(token)));
  }
  if (!sawRoot || stack.length) throw new UnsafeSvgError('unclosed document');
  return out.join('');
}

const CAMEL: Record<string, string> = {
  lineargradient: 'linearGradient',
  radialgradient: 'radialGradient',
  clippath: 'clipPath',
  fegaussianblur: 'feGaussianBlur',
  feoffset: 'feOffset',
  feblend: 'feBlend',
  fecolormatrix: 'feColorMatrix',
  fecomposite: 'feComposite',
  feflood: 'feFlood',
  femerge: 'feMerge',
  femergenode: 'feMergeNode',
};
const canonical = (n: string) => CAMEL[n] ?? n;
const CAMEL_ATTR: Record<string, string> = {
  viewbox: 'viewBox',
  preserveaspectratio: 'preserveAspectRatio',
  gradientunits: 'gradientUnits',
  gradienttransform: 'gradientTransform',
  spreadmethod: 'spreadMethod',
  patternunits: 'patternUnits',
  patterncontentunits: 'patternContentUnits',
  patterntransform: 'patternTransform',
  clippathunits: 'clipPathUnits',
  maskunits: 'maskUnits',
  maskcontentunits: 'maskContentUnits',
  stddeviation: 'stdDeviation',
};
const canonicalAttr = (n: string) => CAMEL_ATTR[n] ?? n;

const PALETTE = ['#1d4ed8', '#047857', '#b45309', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#9d174d'];

/** A square monogram: the first character of the Chinese name (or two Latin letters) on a colour from the slug. */
export function monogramSvg(slug: string, name: string): string {
  const hash = createHash('sha256').update(slug).digest();
  const colour = PALETTE[hash[0] % PALETTE.length];
  const trimmed = name.trim();
  const letters = /^[A-Za-z0-9]/.test(trimmed)
    ? trimmed
        .split(/\s+/)
        .map((w) => w[0])
        .join('')
        .slice(0, 2)
        .toUpperCase()
    : (Array.from(trimmed)[0] ?? '?');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="96" height="96"><rect width="96" height="96" rx="16" fill="${colour}"/><text x="48" y="50" fill="#fff" font-family="sans-serif" font-size="${letters.length > 1 ? 36 : 44}" font-weight="700" text-anchor="middle" dominant-baseline="central">${escapeText(letters)}</text></svg>`;
}
