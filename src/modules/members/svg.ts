/**
 * Logos are untrusted files shown to every visitor (ADR 0031). An SVG is read with saxes, a
 * conforming XML parser, and rebuilt from allow-lists: elements and attributes not on them are
 * dropped (an unknown element with its subtree: editor data such as Illustrator's `<i:pgf>`),
 * `<style>` is rebuilt by svg-css.ts, and references may only point inside the document
 * (`#id`) or be an embedded PNG/JPEG/GIF/WebP. What is active or reaches outside — scripts,
 * event handlers, `<foreignObject>` with content, `javascript:`, external hrefs and `url()`,
 * `@import`, a DOCTYPE declaring more than plain-text entities — refuses the whole file
 * with its reason and line, so the uploader can fix it instead of seeing a silently broken logo.
 * Also: the monogram SVG for organisations without a logo.
 */
import { createHash } from 'node:crypto';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { CssRefused, checkPresentationValue, sanitizeInlineStyle, sanitizeStylesheet } from './svg-css.ts';

/** Why an SVG was refused; each has a message `members.svg.<reason>` in both languages. */
export type SvgRefusal =
  | 'syntax'
  | 'doctype'
  | 'root'
  | 'script'
  | 'foreignObject'
  | 'handler'
  | 'scriptUrl'
  | 'external'
  | 'embeddedData'
  | 'cssImport'
  | 'cssScript'
  | 'cssUrl'
  | 'cssFont';

export class UnsafeSvgError extends Error {
  constructor(
    readonly reason: SvgRefusal,
    readonly line: number,
    readonly detail = '',
  ) {
    super(`${reason} at line ${line}${detail ? `: ${detail}` : ''}`);
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Elements kept, by their SVG spelling; matched without case (the old reader lower-cased). */
const ELEMENT_NAMES = [
  'svg',
  'g',
  'defs',
  'title',
  'desc',
  'symbol',
  'use',
  'switch',
  'style',
  'image',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'textPath',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
  'mask',
  'pattern',
  'marker',
  'filter',
  'feGaussianBlur',
  'feOffset',
  'feBlend',
  'feColorMatrix',
  'feComponentTransfer',
  'feFuncR',
  'feFuncG',
  'feFuncB',
  'feFuncA',
  'feComposite',
  'feFlood',
  'feMerge',
  'feMergeNode',
  'feMorphology',
  'feDropShadow',
  'feTurbulence',
  'feDisplacementMap',
  'feTile',
  'metadata',
];
const ELEMENTS = new Map(ELEMENT_NAMES.map((n) => [n.toLowerCase(), n]));

/** Unwrapped: the element goes, its children stay (a link around a logo is not needed to draw it). */
const TRANSPARENT = new Set(['a']);
/** Refused wherever they stand, in any namespace prefix. */
const SCRIPTS = new Set(['script', 'handler', 'listener']);
const EMBEDDERS = new Set(['foreignobject', 'iframe', 'object', 'embed']);
/** Elements whose href draws or inherits something; elsewhere an href is dropped. */
const HREF_ELEMENTS = new Set([
  'use',
  'image',
  'lineargradient',
  'radialgradient',
  'pattern',
  'filter',
  'textpath',
]);

const ATTRIBUTE_NAMES = [
  'id',
  'class',
  'style',
  'x',
  'y',
  'x1',
  'x2',
  'y1',
  'y2',
  'z',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'fx',
  'fy',
  'fr',
  'width',
  'height',
  'd',
  'points',
  'pathLength',
  'viewBox',
  'preserveAspectRatio',
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
  'gradientUnits',
  'gradientTransform',
  'spreadMethod',
  'patternUnits',
  'patternContentUnits',
  'patternTransform',
  'clipPathUnits',
  'maskUnits',
  'maskContentUnits',
  'filterUnits',
  'primitiveUnits',
  'markerWidth',
  'markerHeight',
  'markerUnits',
  'refX',
  'refY',
  'orient',
  'marker-start',
  'marker-mid',
  'marker-end',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'font-variant',
  'font-stretch',
  'text-anchor',
  'text-decoration',
  'dominant-baseline',
  'alignment-baseline',
  'baseline-shift',
  'letter-spacing',
  'word-spacing',
  'writing-mode',
  'textLength',
  'lengthAdjust',
  'startOffset',
  'dx',
  'dy',
  'rotate',
  'stdDeviation',
  'in',
  'in2',
  'result',
  'mode',
  'operator',
  'k1',
  'k2',
  'k3',
  'k4',
  'values',
  'type',
  'tableValues',
  'slope',
  'intercept',
  'amplitude',
  'exponent',
  'radius',
  'scale',
  'xChannelSelector',
  'yChannelSelector',
  'baseFrequency',
  'numOctaves',
  'seed',
  'stitchTiles',
  'flood-color',
  'flood-opacity',
  'lighting-color',
  'color',
  'color-interpolation',
  'color-interpolation-filters',
  'display',
  'visibility',
  'overflow',
  'clip',
  'mix-blend-mode',
  'isolation',
  'paint-order',
  'vector-effect',
  'shape-rendering',
  'text-rendering',
  'image-rendering',
  'version',
  'xml:space',
  'href',
  'xlink:href',
];
const ATTRIBUTES = new Map(ATTRIBUTE_NAMES.map((n) => [n.toLowerCase(), n]));

const escapeAttr = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeText = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** No control characters or whitespace tricks: `java\tscript:` is `javascript:` to a browser. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be removed
const squash = (v: string) => v.replace(/[\s\u0000-\u001f\u007f]+/g, '').toLowerCase();
const localName = (name: string) => name.slice(name.indexOf(':') + 1).toLowerCase();
const RASTER = /^data:image\/(?:png|jpeg|jpg|gif|webp);base64,[a-z0-9+/]+={0,2}$/i;
/** A standard DOCTYPE: the name `svg`, optional external identifiers, an optional internal subset. */
const DOCTYPE =
  /^\s*svg(?:\s+(?:PUBLIC\s+("[^"]*"|'[^']*')\s+("[^"]*"|'[^']*')|SYSTEM\s+("[^"]*"|'[^']*')))?\s*(?:\[([\s\S]*)\])?\s*$/;
/** One plain-text general entity, as Illustrator declares its namespaces (`<!ENTITY ns_ai "http://…">`). */
const TEXT_ENTITY = /^<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"&<%]*)"|'([^'&<%]*)')\s*>/;

/**
 * The entities an internal subset declares, or the declaration that is refused: anything but
 * comments and plain-text general entities — parameter entities, external entities, element or
 * attribute declarations, and an entity whose text refers to another entity (the "billion
 * laughs" expansion needs that; without it an entity expands exactly once).
 */
function subsetEntities(subset: string): Record<string, string> | { refused: string } {
  const entities: Record<string, string> = {};
  let rest = subset;
  for (;;) {
    rest = rest.replace(/^(?:\s+|<!--[\s\S]*?-->)+/, '');
    if (rest === '') return entities;
    const m = TEXT_ENTITY.exec(rest);
    if (!m) return { refused: rest.slice(0, 60).split('\n')[0] };
    entities[m[1]] = m[2] ?? m[3];
    rest = rest.slice(m[0].length);
  }
}

/** A prefixed element of an editor's namespace: anything prefixed but html, xhtml and svg. */
const EDITOR_ELEMENT = /^(?!(?:html|xhtml|svg):)[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*$/i;

type Frame = { name: string; mode: 'kept' | 'dropped' | 'transparent' | 'embedder'; line: number };
type Refuse = (reason: SvgRefusal, detail?: string, line?: number) => never;

/** Handlers and script URLs refuse the file wherever they stand, kept element or not. */
function checkActive(tag: SaxesTagPlain, refuse: Refuse): void {
  for (const [name, value] of Object.entries(tag.attributes)) {
    if (localName(name).startsWith('on')) refuse('handler', name);
    const flat = squash(value);
    if (/(?:javascript|vbscript|livescript):/.test(flat)) refuse('scriptUrl', name);
  }
}

/** The attribute as written out (`[name, value]`), undefined to drop it; refuses outside references. */
function keptAttribute(element: string, rawName: string, value: string, refuse: Refuse) {
  const canonical = ATTRIBUTES.get(rawName.toLowerCase());
  if (!canonical) return undefined; // xmlns* too: the root gets its own declarations
  if (canonical === 'href' || canonical === 'xlink:href') {
    const trimmed = value.trim();
    if (trimmed === '') return undefined;
    if (trimmed.startsWith('#'))
      return HREF_ELEMENTS.has(element) ? ([canonical, trimmed] as const) : undefined;
    const stripped = value.replace(/\s+/g, '');
    if (/^data:/i.test(stripped)) {
      if (element === 'image' && RASTER.test(stripped)) return [canonical, stripped] as const;
      return refuse('embeddedData', stripped.slice(0, stripped.indexOf(',') + 1 || 40));
    }
    return refuse('external', trimmed.slice(0, 80));
  }
  try {
    if (canonical === 'style') {
      const style = sanitizeInlineStyle(value);
      return style ? ([canonical, style] as const) : undefined;
    }
    // Presentation attributes are CSS values to a browser: an escape there hides nothing a
    // logo needs, so the attribute goes rather than be decoded twice.
    if (value.includes('\\')) return undefined;
    checkPresentationValue(value);
  } catch (err) {
    if (!(err instanceof CssRefused)) throw err;
    return refuse(err.reason === 'cssUrl' && canonical !== 'style' ? 'external' : err.reason, err.detail);
  }
  return [canonical, value] as const;
}

/**
 * Returns a safe SVG rebuilt from `input`, or throws UnsafeSvgError naming why and where: not
 * well-formed XML, a DOCTYPE declaring more than plain-text entities, a root other than `<svg>`, or an active
 * or outside construct.
 */
export function sanitizeSvg(input: string): string {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const out: string[] = [];
  const stack: Frame[] = [];
  /** Depth inside dropped elements: everything under one is dropped too. */
  let dropping = 0;
  /** The outermost open `<foreignObject>` (or iframe …): it must stay empty. */
  let embedder: Frame | undefined;
  let sawRoot = false;
  let usesXlink = false;
  let styleText = '';
  let startLine = 1;
  const refuse: Refuse = (reason, detail = '', line = startLine) => {
    throw new UnsafeSvgError(reason, line, detail);
  };

  parser.on('doctype', (doctype) => {
    const m = DOCTYPE.exec(doctype);
    if (!m) refuse('doctype', doctype.trim().slice(0, 40), parser.line);
    const entities = m[4] === undefined ? {} : subsetEntities(m[4]);
    if ('refused' in entities) {
      // saxes is at the DOCTYPE's end: count back to the refused declaration's line.
      const after = doctype.slice(doctype.lastIndexOf(entities.refused)).split('\n').length - 1;
      refuse('doctype', entities.refused, parser.line - after);
    }
    // Plain text, expanded once where it is referenced and escaped again on the way out.
    Object.assign(parser.ENTITIES, entities);
  });
  parser.on('opentagstart', () => {
    // saxes is past the name, possibly past a line break: count back to the tag's `<`.
    const at = parser.position;
    startLine = parser.line - (input.slice(input.lastIndexOf('<', at - 1), at).split('\n').length - 1);
  });
  parser.on('opentag', (tag) => {
    const lower = tag.name.toLowerCase();
    const local = localName(tag.name);
    if (!sawRoot && tag.name !== 'svg') refuse('root', tag.name);
    sawRoot = true;
    checkActive(tag, refuse);
    if (SCRIPTS.has(local)) refuse('script', tag.name);
    // Illustrator writes an empty <foreignObject requiredExtensions="…"/> in a <switch>: inert.
    // So is an editor's own element in it (Gravit's <gravitDesigner:gravitElementRef>): a browser
    // draws only HTML (unprefixed or html:/xhtml:) or SVG there, and the subtree is dropped anyway.
    if (embedder && !EDITOR_ELEMENT.test(tag.name)) refuse('foreignObject', embedder.name, embedder.line);
    const top = stack[stack.length - 1];
    let mode: Frame['mode'] = 'kept';
    if (EMBEDDERS.has(local)) mode = 'embedder';
    else if (dropping || top?.name.toLowerCase() === 'style' || !ELEMENTS.has(lower)) mode = 'dropped';
    if (mode === 'dropped' && !dropping && TRANSPARENT.has(lower)) mode = 'transparent';
    const frame: Frame = { name: tag.name, mode, line: startLine };
    if (mode === 'embedder' && !embedder) embedder = frame;
    if (tag.isSelfClosing && mode !== 'kept') return; // saxes sends no closetag we need
    stack.push(frame);
    if (mode === 'dropped' || mode === 'embedder') dropping += 1;
    if (mode !== 'kept') return;
    const attrs: string[] = stack.length === 1 ? [` xmlns="${SVG_NS}"`] : [];
    for (const [rawName, value] of Object.entries(tag.attributes)) {
      const attr = keptAttribute(lower, rawName, value, refuse);
      if (attr === undefined) continue;
      if (attr[0] === 'xlink:href') usesXlink = true;
      attrs.push(` ${attr[0]}="${escapeAttr(attr[1])}"`);
    }
    if (lower === 'style') styleText = '';
    out.push(`<${ELEMENTS.get(lower)}${attrs.join('')}${tag.isSelfClosing ? '/>' : '>'}`);
    if (tag.isSelfClosing) stack.pop();
  });
  parser.on('closetag', (tag) => {
    if (tag.isSelfClosing) return; // handled whole in opentag
    const frame = stack.pop() as Frame;
    if (frame.mode === 'dropped' || frame.mode === 'embedder') dropping -= 1;
    if (frame === embedder) embedder = undefined;
    if (frame.mode !== 'kept') return;
    const lower = frame.name.toLowerCase();
    if (lower === 'style') {
      try {
        out.push(escapeText(sanitizeStylesheet(styleText)));
      } catch (err) {
        if (err instanceof CssRefused) refuse(err.reason, err.detail, frame.line);
        throw err;
      }
    }
    out.push(`</${ELEMENTS.get(lower)}>`);
  });
  const onText = (text: string) => {
    if (embedder && text.trim() !== '') refuse('foreignObject', embedder.name, embedder.line);
    const top = stack[stack.length - 1];
    if (dropping || !top) return;
    if (top.name.toLowerCase() === 'style') styleText += text;
    else out.push(escapeText(text));
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('error', (err) => {
    refuse('syntax', err.message.replace(/^\d+:\d+: /, ''), parser.line);
  });
  parser.write(input.replace(/^\uFEFF/, '')).close();
  if (!sawRoot) refuse('syntax', 'no root element', parser.line);
  const root = `<svg xmlns="${SVG_NS}"`;
  if (usesXlink) out[0] = out[0].replace(root, `${root} xmlns:xlink="${XLINK_NS}"`);
  return out.join('');
}

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
