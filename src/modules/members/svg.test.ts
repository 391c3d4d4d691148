import { describe, expect, it } from 'vitest';
import { catalogue } from '../../i18n/index.ts';
import { monogramSvg, type SvgRefusal, sanitizeSvg, UnsafeSvgError } from './svg.ts';

const wrap = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${inner}</svg>`;
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** The refusal as [reason, line, detail], or the output when there is none. */
function refusal(input: string): [SvgRefusal, number, string] | string {
  try {
    return sanitizeSvg(input);
  } catch (err) {
    if (!(err instanceof UnsafeSvgError)) throw err;
    return [err.reason, err.line, err.detail];
  }
}

describe('sanitizeSvg keeps what logos use', () => {
  it('keeps an ordinary logo as it was', () => {
    const logo = wrap(
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)"/><use href="#g"/>',
    );
    expect(sanitizeSvg(`<?xml version="1.0"?>\n<!-- made by hand -->${logo}`)).toBe(logo);
  });

  it('keeps <style> classes, rebuilt, with url(#id) and quoted local urls', () => {
    const input = wrap(
      '<style type="text/css"><![CDATA[ /* Illustrator */ .st0{fill:#0086FF;} .st1 { fill : url("#g") ; stroke:#231F20;stroke-miterlimit:10 } svg > .st2{opacity:.5}]]></style><path class="st0" d="M0 0h1v1z"/>',
    );
    expect(sanitizeSvg(input)).toBe(
      wrap(
        '<style type="text/css">.st0{fill:#0086FF}.st1{fill:url("#g");stroke:#231F20;stroke-miterlimit:10}svg &gt; .st2{opacity:.5}</style><path class="st0" d="M0 0h1v1z"/>',
      ),
    );
  });

  it('keeps an embedded raster image under href or xlink:href, declaring xlink on the root', () => {
    const wrapped = PNG.replace(/(.{20})/g, '$1\n   ');
    expect(sanitizeSvg(wrap(`<image width="1" height="1" xlink:href="${wrapped}"/>`))).toBe(
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><image width="1" height="1" xlink:href="${PNG}"/></svg>`,
    );
    const jpeg = 'data:image/jpeg;base64,/9j/4AAQ';
    expect(sanitizeSvg(wrap(`<image href="${jpeg}"/>`))).toBe(wrap(`<image href="${jpeg}"/>`));
  });

  it('accepts a standard DOCTYPE without an internal subset, and drops it', () => {
    const doctype =
      '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n';
    expect(sanitizeSvg(`${doctype}${wrap('<rect width="1"/>')}`)).toBe(wrap('<rect width="1"/>'));
  });

  it('accepts Illustrator’s DOCTYPE with plain-text entities, expanding each once', () => {
    const illustrator =
      '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n' +
      '\t<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">\n\t<!-- a comment -->\n' +
      "\t<!ENTITY name 'A&#38;B'>\n]>\n";
    // `&#38;` is not allowed in the entity's text (it would be a second expansion): refused.
    expect(refusal(`${illustrator}<svg/>`)).toEqual(['doctype', 4, "<!ENTITY name 'A&#38;B'>"]);
    const ok = illustrator.replace("'A&#38;B'", '"A and B"');
    expect(
      sanitizeSvg(`${ok}<svg xmlns="http://www.w3.org/2000/svg" xmlns:i="&ns_ai;"><text>&name;</text></svg>`),
    ).toBe('<svg xmlns="http://www.w3.org/2000/svg"><text>A and B</text></svg>');
  });

  it('drops an editor’s own element inside <foreignObject> (Gravit), refuses HTML there', () => {
    const gravit =
      '<switch><foreignObject requiredExtensions="http://ns.gravit.io/"><gravitDesigner:gravitElementRef xmlns:gravitDesigner="http://ns.gravit.io/" xlink:href="#a"/></foreignObject><rect width="1"/></switch>';
    expect(sanitizeSvg(wrap(gravit))).toBe(wrap('<switch><rect width="1"/></switch>'));
    expect(refusal(wrap('<foreignObject><div>hi</div></foreignObject>'))).toEqual([
      'foreignObject',
      1,
      'foreignObject',
    ]);
    expect(refusal(wrap('<foreignObject><xhtml:div/></foreignObject>'))).toEqual([
      'foreignObject',
      1,
      'foreignObject',
    ]);
  });

  it('drops editor data and inert elements, unwraps links, keeps Illustrator’s <switch>', () => {
    const input = wrap(
      '<sodipodi:namedview xmlns:sodipodi="x" pagecolor="#fff"/><metadata><rdf:RDF xmlns:rdf="y"><cc:Work/></rdf:RDF></metadata>' +
        '<switch><foreignObject requiredExtensions="http://ns.adobe.com/AdobeIllustrator/10.0/" x="0" y="0" width="1" height="1">\n</foreignObject>' +
        '<g data-name="Layer 1" inkscape:label="a"><a href="https://cncf.io"><rect width="1"/></a></g></switch>' +
        '<animate attributeName="fill" to="red"/><set attributeName="x" to="1"/>',
    );
    expect(sanitizeSvg(input)).toBe(wrap('<metadata></metadata><switch><g><rect width="1"/></g></switch>'));
  });

  it('escapes text so it stays text', () => {
    expect(sanitizeSvg(wrap('<text>&lt;script&gt;x</text>'))).toBe(wrap('<text>&lt;script&gt;x</text>'));
  });

  it('drops text and elements inside <style>: only its own text is CSS', () => {
    expect(sanitizeSvg(wrap('<style>.a{fill:red}<title>.b{fill:blue}</title></style>'))).toBe(
      wrap('<style>.a{fill:red}</style>'),
    );
    expect(sanitizeSvg(wrap('<style>@media print{.a{fill:red}} @charset "x"; .b{fill:blue}</style>'))).toBe(
      wrap('<style>.b{fill:blue}</style>'),
    );
  });
});

describe('sanitizeSvg refuses what is active or outside, naming the reason and line', () => {
  it.each<[string, string, [SvgRefusal, number, string]]>([
    ['script element', '<script>alert(1)</script>', ['script', 1, 'script']],
    ['script with CDATA', '\n<script><![CDATA[alert(1)]]></script>', ['script', 2, 'script']],
    [
      'namespaced script',
      '<h:script xmlns:h="http://www.w3.org/1999/xhtml">x</h:script>',
      ['script', 1, 'h:script'],
    ],
    [
      'foreignObject with HTML',
      '<foreignObject>\n<iframe src="x"></iframe></foreignObject>',
      ['foreignObject', 1, 'foreignObject'],
    ],
    ['foreignObject with text', '<foreignObject>hi</foreignObject>', ['foreignObject', 1, 'foreignObject']],
    ['event handler', '<rect onload="alert(1)" width="1"/>', ['handler', 1, 'onload']],
    ['upper-case handler on a dropped element', '<foo ONCLICK="alert(1)"/>', ['handler', 1, 'ONCLICK']],
    ['javascript: link', '<a href="javascript:alert(1)"><rect/></a>', ['scriptUrl', 1, 'href']],
    ['encoded javascript', '<use href="&#106;avascript:alert(1)"/>', ['scriptUrl', 1, 'href']],
    ['tab inside scheme', '<use href="java&#9;script:alert(1)"/>', ['scriptUrl', 1, 'href']],
    [
      'animate to javascript:',
      '<animate attributeName="href" to="javascript:alert(1)"/>',
      ['scriptUrl', 1, 'to'],
    ],
    [
      'external use',
      '<use href="https://evil.example/sprite.svg#x"/>',
      ['external', 1, 'https://evil.example/sprite.svg#x'],
    ],
    ['relative use', '<use xlink:href="other.svg#x"/>', ['external', 1, 'other.svg#x']],
    [
      'external image',
      '\n\n<image\n href="https://evil.example/t.png"/>',
      ['external', 3, 'https://evil.example/t.png'],
    ],
    [
      'embedded SVG image',
      '<image href="data:image/svg+xml;base64,PHN2Zz4="/>',
      ['embeddedData', 1, 'data:image/svg+xml;base64,'],
    ],
    ['data: on use', `<use href="${PNG}"/>`, ['embeddedData', 1, 'data:image/png;base64,']],
    [
      'external url() in fill',
      '<rect fill="url(https://evil.example/#g)"/>',
      ['external', 1, 'url(https://evil.example/#g)'],
    ],
    [
      'style attribute with url()',
      '<rect style="fill:url(http://e.example/x)"/>',
      ['cssUrl', 1, 'url(http://e.example/x)'],
    ],
    [
      '@import',
      '<style>@import url(https://evil.example/x.css);</style>',
      ['cssImport', 1, '@import url(https://evil.example/x.css)'],
    ],
    ['@import by string', '<style>@import "x.css";</style>', ['cssImport', 1, '@import "x.css"']],
    ['escaped @import', '<style>@\\69mport "x.css";</style>', ['cssImport', 1, '@import "x.css"']],
    [
      'escaped url()',
      '<style>.a{fill:u\\72l(http://e.example/)}</style>',
      ['cssUrl', 1, 'url(http://e.example/)'],
    ],
    [
      'image-set()',
      '<style>.a{fill:image-set("http://e.example/x.png" 1x)}</style>',
      ['cssUrl', 1, 'image-set('],
    ],
    ['expression()', '<style>.a{width:expression(alert(1))}</style>', ['cssScript', 1, 'expression']],
    ['behavior', '<rect style="behavior: url(x.htc)"/>', ['cssScript', 1, 'behavior']],
    [
      'external font',
      '<style>@font-face{font-family:X;src:url(https://f.example/x.woff)}</style>',
      ['cssFont', 1, '@font-face'],
    ],
  ])('%s', (_, payload, expected) => {
    expect(refusal(wrap(payload))).toEqual(expected);
  });

  it.each<[string, string, SvgRefusal, number]>([
    [
      'an external entity',
      '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
      'doctype',
      2,
    ],
    ['a parameter entity', '<!DOCTYPE svg [<!ENTITY % p "x">]><svg/>', 'doctype', 1],
    ['an element declaration', '<!DOCTYPE svg [<!ELEMENT svg ANY>]><svg/>', 'doctype', 1],
    [
      'billion laughs',
      '<!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><svg>&lol2;</svg>',
      'doctype',
      1,
    ],
    ['a DOCTYPE for HTML', '<!DOCTYPE html><svg/>', 'doctype', 1],
    ['HTML instead of SVG', '<html><body onload="alert(1)"></body></html>', 'root', 1],
    ['unclosed svg', '<svg><g>', 'syntax', 1],
    ['broken tag', '<svg><rect width="1" <script>alert(1)</script></svg>', 'syntax', 1],
    ['second root', '<svg></svg>\n<script>alert(1)</script>', 'syntax', 2],
    ['an undefined entity', '<svg><text>&nbsp;</text></svg>', 'syntax', 1],
    ['empty input', '', 'syntax', 1],
  ])('rejects %s', (_, payload, reason, line) => {
    const r = refusal(payload);
    expect(Array.isArray(r) && [r[0], r[1]]).toEqual([reason, line]);
  });

  it('has a message for every reason in both languages, naming the line', () => {
    const reasons: SvgRefusal[] = [
      'syntax',
      'doctype',
      'root',
      'script',
      'foreignObject',
      'handler',
      'scriptUrl',
      'external',
      'embeddedData',
      'cssImport',
      'cssScript',
      'cssUrl',
      'cssFont',
    ];
    for (const reason of reasons)
      for (const locale of ['zh-CN', 'en'] as const) {
        const text = (catalogue(locale) as Record<string, string>)[`members.svg.${reason}`];
        expect(text, `${locale} members.svg.${reason}`).toContain('{line}');
      }
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
