import { describe, expect, it } from 'vitest';
import { monogramSvg, sanitizeSvg, UnsafeSvgError } from './svg.ts';

const wrap = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${inner}</svg>`;
const EMPTY = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>';

describe('sanitizeSvg', () => {
  it('keeps an ordinary logo as it was', () => {
    const logo = wrap(
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)"/><use href="#g"/>',
    );
    expect(sanitizeSvg(`<?xml version="1.0"?>\n<!-- made by hand -->${logo}`)).toBe(logo);
  });

  it.each([
    ['script element', '<script>alert(1)</script>'],
    ['script with CDATA', '<script><![CDATA[alert(1)]]></script>'],
    ['foreignObject with HTML', '<foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject>'],
    ['style element', '<style>@import url(https://evil.example/x.css)</style>'],
    ['animate that rewrites href', '<animate attributeName="href" to="javascript:alert(1)"/>'],
    ['set element', '<set attributeName="onmouseover" to="alert(1)"/>'],
    ['image with external URL', '<image href="https://evil.example/track.png"/>'],
    [
      'html namespace element',
      '<html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script>',
    ],
  ])('drops %s', (_, payload) => {
    expect(sanitizeSvg(wrap(payload))).toBe(EMPTY);
  });

  it.each([
    ['event handler', '<rect onload="alert(1)" width="1"/>', '<rect width="1"/>'],
    ['upper-case handler', '<rect ONCLICK="alert(1)" width="1"/>', '<rect width="1"/>'],
    ['javascript: link', '<a href="javascript:alert(1)"><rect/></a>', ''],
    ['external use', '<use href="https://evil.example/sprite.svg#x"/>', '<use/>'],
    ['external xlink use', '<use xlink:href="data:image/svg+xml;base64,PHN2Zz4="/>', '<use/>'],
    ['encoded javascript', '<use href="&#106;avascript:alert(1)"/>', '<use/>'],
    ['external url() in fill', '<rect fill="url(https://evil.example/#g)"/>', '<rect/>'],
    ['style with url()', '<rect style="fill:url(https://evil.example/x)"/>', '<rect/>'],
    ['tab inside scheme', '<rect style="x:java&#9;script:alert(1)"/>', '<rect/>'],
  ])('strips %s', (_, payload, kept) => {
    expect(sanitizeSvg(wrap(payload))).toBe(wrap(kept));
  });

  it.each([
    ['entity declaration', '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "boom">]><svg>&x;</svg>'],
    ['billion laughs', '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><svg>&lol2;</svg>'],
    ['HTML instead of SVG', '<html><body onload="alert(1)"></body></html>'],
    ['unclosed svg', '<svg><g>'],
    ['broken tag', '<svg><rect width="1" <script>alert(1)</script></svg>'],
    ['second root', '<svg></svg><script>alert(1)</script>'],
  ])('rejects %s', (_, payload) => {
    expect(() => sanitizeSvg(payload)).toThrow(UnsafeSvgError);
  });

  it('escapes text so it stays text', () => {
    expect(sanitizeSvg(wrap('<text>&lt;script&gt;x</text>'))).toBe(wrap('<text>&lt;script&gt;x</text>'));
  });
});

describe('monogramSvg', () => {
  it('draws the first Chinese character, or two Latin initials, and survives the sanitiser', () => {
    const zh = monogramSvg('yunhai-db', '云海数据');
    expect(zh).toContain('>云</text>');
    expect(sanitizeSvg(zh)).toBe(zh);
    expect(monogramSvg('x', 'Tech Weekly')).toContain('>TW</text>');
    expect(monogramSvg('x', '<b>')).toContain('>&lt;</text>');
  });
});
