/**
 * A property test of the logo sanitiser (ADR 0039): thousands of SVGs assembled from what real
 * logos contain and from what attacks use — scripts, handlers in odd spellings, script and outside
 * URLs hidden with case, whitespace, control characters, entities and CSS escapes, `@import`,
 * `<foreignObject>` with HTML, DOCTYPE tricks — each either refused with a reason or rebuilt into
 * a file in which nothing active or outside survives. The output is read back with saxes and every
 * element, attribute and stylesheet is checked, and sanitising it again changes nothing.
 */
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../questions/score.ts';
import { sanitizeSvg, UnsafeSvgError } from './svg.ts';

const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** Spellings a browser reads as the same thing: case, whitespace and control characters, entities. */
const disguise = (rnd: () => number, s: string): string => {
  const pick = Math.floor(rnd() * 6);
  if (pick === 0) return s.toUpperCase();
  if (pick === 1) return s.replace(/:/, '&#58;');
  if (pick === 2) return s.replace(/^(.)/, '$1&#x09;');
  if (pick === 3) return ` ${s}`;
  if (pick === 4) return s.replace(/a/, '&#97;');
  return s;
};
const cssDisguise = (rnd: () => number, s: string): string => {
  const pick = Math.floor(rnd() * 4);
  if (pick === 0) return s.replace(/u/, '\\75 ');
  if (pick === 1) return s.replace(/r/, '\\r');
  if (pick === 2) return s.replace(/\(/, '/**/(');
  return s;
};

type Piece = (rnd: () => number) => string;
const pick = <T>(rnd: () => number, xs: T[]): T => xs[Math.floor(rnd() * xs.length)];

const benign: Piece[] = [
  () => '<rect width="4" height="4" fill="#0a0"/>',
  () => '<path d="M0 0h4v4z" class="st0"/>',
  () => '<g transform="translate(1 1)"><circle r="2" fill="url(#g)"/></g>',
  () => '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>',
  () => '<style>.st0{fill:#123456}.st1{stroke:url(#g)}</style>',
  () => `<image width="1" height="1" href="${PNG}"/>`,
  () => '<text x="1" y="3" font-family="Arial">共进 &amp; Co</text>',
  () => '<use href="#g"/>',
  () => '<metadata><rdf:RDF xmlns:rdf="r"><dc:title xmlns:dc="d">x</dc:title></rdf:RDF></metadata>',
  () => '<a href="https://example.org"><rect width="1" height="1"/></a>',
  () => '<switch><foreignObject requiredExtensions="http://ns.adobe.com/x/"/><g/></switch>',
];

const hostile: Piece[] = [
  (r) =>
    `<${pick(r, ['script', 'SCRIPT', 'svg:script', 'handler', 'listener'])}>alert(1)</${pick(r, ['script', 'SCRIPT', 'svg:script', 'handler', 'listener'])}>`,
  (r) => `<rect ${pick(r, ['onload', 'ONCLICK', 'onmouseover', 'xlink:onbegin', 'onfocusin'])}="alert(1)"/>`,
  (r) => `<a href="${disguise(r, 'javascript:alert(1)')}"><rect/></a>`,
  (r) => `<use href="${disguise(r, 'https://evil.example/x.svg#a')}"/>`,
  (r) => `<image xlink:href="${disguise(r, 'http://evil.example/p.png')}"/>`,
  (r) =>
    `<image href="${pick(r, ['data:image/svg+xml;base64,PHN2Zz4=', 'data:text/html,<script>', 'DATA:text/html;base64,x'])}"/>`,
  (r) => `<rect fill="${cssDisguise(r, 'url(https://evil.example/p)')}"/>`,
  (r) => `<rect style="${cssDisguise(r, 'fill:url(http://evil.example/p)')}"/>`,
  (r) => `<style>${cssDisguise(r, '@import url(https://evil.example/x.css);')}</style>`,
  (r) => `<style>.a{background:${cssDisguise(r, 'url(//evil.example/x)')}}</style>`,
  (r) => `<style>.a{width:${pick(r, ['expression(alert(1))', 'e\\78pression(alert(1))'])}}</style>`,
  (r) => `<style>@font-face{font-family:x;src:${cssDisguise(r, 'url(https://evil.example/f.woff)')}}</style>`,
  () => '<style>.a{behavior:url(x.htc)}</style>',
  () => '<style><![CDATA[.a{fill:url(https://evil.example/)}]]></style>',
  () => '<style>.a{-moz-binding:url(x.xml#b)}</style>',
  (r) =>
    `<foreignObject>${pick(r, ['<div>hi</div>', 'text', '<xhtml:iframe src="x"/>', '<html:img src="x"/>'])}</foreignObject>`,
  () => '<iframe src="https://evil.example"/>',
  () => '<animate attributeName="href" to="javascript:alert(1)"/>',
  () => '<set attributeName="onload" to="alert(1)"/>',
  () => '<a xlink:href="&#106;avascript:alert(1)"><rect/></a>',
  () => '<rect style="fill: red; background-image: image-set(\'x.png\' 1x)"/>',
];

const prologue: Piece[] = [
  () => '',
  () => '<?xml version="1.0" encoding="utf-8"?>\n',
  () =>
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n',
  () => '<!DOCTYPE svg [<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">]>\n',
  () => '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
  () => '<!DOCTYPE svg [<!ENTITY a "javascript:alert(1)">]>\n',
  () => '<!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n',
  () => '<!DOCTYPE svg [<!ENTITY % p SYSTEM "https://evil.example/p.dtd"> %p;]>\n',
];

function document(rnd: () => number): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(rnd() * 6);
  for (let i = 0; i < n; i++) parts.push(rnd() < 0.8 ? pick(rnd, benign)(rnd) : pick(rnd, hostile)(rnd));
  // An entity declared in the DOCTYPE used where an attacker would use it.
  if (rnd() < 0.2) parts.push('<a href="&a;"><rect/></a>');
  const body = rnd() < 0.3 ? `<g>${parts.join('')}</g>` : parts.join('');
  return `${pick(rnd, prologue)(rnd)}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 4 4">${body}</svg>`;
}

const RASTER = /^data:image\/(?:png|jpeg|jpg|gif|webp);base64,[a-z0-9+/]+={0,2}$/i;
const flat = (s: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a browser ignores these inside a URL scheme
  s.replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();

/** Every way the output could still run or fetch something; an empty list is a safe file. */
function problems(svg: string): string[] {
  const found: string[] = [];
  const parser = new SaxesParser({ xmlns: false });
  let inStyle = false;
  const checkCss = (css: string) => {
    const f = flat(css);
    if (f.includes('@import')) found.push(`@import in ${css}`);
    for (const m of f.matchAll(/url\(([^)]*)\)/g))
      if (!/^["']?#/.test(m[1])) found.push(`outside url in ${css}`);
    for (const bad of ['expression(', 'javascript:', 'behavior', '-moz-binding', 'image-set(', '\\'])
      if (f.includes(bad)) found.push(`${bad} in ${css}`);
  };
  parser.on('doctype', () => found.push('a DOCTYPE'));
  parser.on('opentag', (tag) => {
    const local = tag.name.slice(tag.name.indexOf(':') + 1).toLowerCase();
    if (
      [
        'script',
        'handler',
        'listener',
        'foreignobject',
        'iframe',
        'object',
        'embed',
        'a',
        'animate',
        'set',
      ].includes(local)
    )
      found.push(`<${tag.name}>`);
    inStyle = local === 'style';
    for (const [name, value] of Object.entries(tag.attributes)) {
      if (/^on/i.test(name.slice(name.indexOf(':') + 1))) found.push(`handler ${name}`);
      if (/script:/.test(flat(value))) found.push(`script URL in ${name}`);
      if (/(^|:)href$/i.test(name) && !value.startsWith('#') && !RASTER.test(value))
        found.push(`outside href ${value}`);
      if (name === 'style' || /url\(|@import|expression/i.test(value)) checkCss(value);
    }
  });
  parser.on('closetag', () => {
    inStyle = false;
  });
  parser.on('text', (t) => {
    if (inStyle) checkCss(t);
  });
  parser.on('cdata', () => found.push('CDATA'));
  parser.on('error', (e) => {
    found.push(`not well-formed: ${e.message}`);
  });
  parser.write(svg).close();
  return found;
}

describe('sanitizeSvg under fuzzing', () => {
  it('refuses with a reason, or keeps nothing that runs or reaches outside (5,000 generated files)', () => {
    const rnd = seededRandom(20261206);
    let refused = 0;
    let kept = 0;
    for (let i = 0; i < 5000; i++) {
      const input = document(rnd);
      let out: string;
      try {
        out = sanitizeSvg(input);
      } catch (err) {
        expect(err, input).toBeInstanceOf(UnsafeSvgError);
        expect((err as UnsafeSvgError).line, input).toBeGreaterThan(0);
        refused += 1;
        continue;
      }
      kept += 1;
      expect(problems(out), `${input}\n→ ${out}`).toEqual([]);
      expect(sanitizeSvg(out), out).toBe(out);
    }
    // Both branches are exercised: the generator is not all refusals or all benign.
    expect(refused).toBeGreaterThan(500);
    expect(kept).toBeGreaterThan(500);
  });

  it('never throws anything but a refusal on mangled input (truncated, spliced, random bytes)', () => {
    const rnd = seededRandom(7);
    for (let i = 0; i < 3000; i++) {
      const doc = document(rnd);
      const cut = Math.floor(rnd() * doc.length);
      const mangled =
        i % 3 === 0
          ? doc.slice(0, cut)
          : i % 3 === 1
            ? `${doc.slice(0, cut)}${String.fromCharCode(Math.floor(rnd() * 0x3000))}${doc.slice(cut + 1)}`
            : `${doc.slice(0, cut)}<${pick(rnd, ['script', '!--', '![CDATA[', '?x', '!DOCTYPE svg ['])}${doc.slice(cut)}`;
      try {
        const out = sanitizeSvg(mangled);
        expect(problems(out), `${mangled}\n→ ${out}`).toEqual([]);
      } catch (err) {
        expect(err, mangled).toBeInstanceOf(UnsafeSvgError);
      }
    }
  });
});
