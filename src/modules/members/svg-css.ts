/**
 * CSS inside a logo (`<style>` and `style="…"`, ADR 0031). Illustrator and Figma put a logo's
 * colours in `<style>` classes, so the stylesheet is kept — rebuilt from its rules and
 * declarations, never copied. What could fetch or run something is refused rather than
 * dropped, so the uploader learns why: `@import`, `url()` other than `url(#id)`, the other
 * functions that load images (`image-set()` …), `expression()`, `behavior`, `-moz-binding`,
 * `javascript:`, and `@font-face` with an outside source. CSS escapes are decoded before any
 * check (`u\72l(` is `url(` to a browser), and the rebuilt text is the decoded one, so what is
 * written is exactly what was checked.
 */

export type CssRefusal = 'cssImport' | 'cssScript' | 'cssUrl' | 'cssFont';

export class CssRefused extends Error {
  constructor(
    readonly reason: CssRefusal,
    readonly detail: string,
  ) {
    super(reason);
  }
}

/** Decodes CSS escapes (`\75`, `\"`), drops comments and line continuations. */
function decodeCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' ')
    .replace(/\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(\r\n|[\n\r\f])|([\s\S]))/g, (_, hex, newline, ch) => {
      if (newline) return '';
      if (ch !== undefined) return ch;
      const code = Number.parseInt(hex, 16);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : '\ufffd';
    });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be removed
const squash = (v: string) => v.replace(/[\s\u0000-\u001f\u007f]+/g, '').toLowerCase();
const LOCAL_URL = /^url\((["']?)#[^"'()\\\s]*\1\)$/;
const LOADING_FUNCTIONS =
  /(?:^|[^a-z0-9_-])(?:-webkit-|-moz-)?(?:image-set|image|cross-fade|element|src)\s*\(/;

/** Throws CssRefused for anything active or outside in already decoded CSS. */
function checkDecoded(decoded: string): void {
  const flat = squash(decoded);
  if (flat.includes('@import')) {
    // Name what it would load (a web font, usually), so the uploader knows what to inline.
    const target = /@import\s*([^;]*)/i.exec(decoded)?.[1].trim().slice(0, 80);
    throw new CssRefused('cssImport', target ? `@import ${target}` : '@import');
  }
  for (const bad of ['expression(', 'javascript:', 'vbscript:', 'behavior:', '-moz-binding', '-o-link'])
    if (flat.includes(bad)) throw new CssRefused('cssScript', bad.replace(/[(:]$/, ''));
  const font = /@font-face\{[^}]*\}/.exec(flat);
  if (font && /url\(|src\(/.test(font[0])) throw new CssRefused('cssFont', '@font-face');
  for (const m of flat.matchAll(/url\([^)]*\)?/g))
    if (!LOCAL_URL.test(m[0])) throw new CssRefused('cssUrl', m[0].slice(0, 80));
  const loader = LOADING_FUNCTIONS.exec(decoded.toLowerCase());
  if (loader) throw new CssRefused('cssUrl', loader[0].replace(/^[^a-z-]/, ''));
}

/** One declaration list (`a:b;c:d`), rebuilt; declarations that are not `name:value` go. */
function declarations(block: string): string {
  const out: string[] = [];
  for (const part of splitOutsideQuotes(block, ';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const name = part.slice(0, colon).trim();
    const value = part.slice(colon + 1).trim();
    if (!/^-?[A-Za-z][\w-]*$/.test(name) || value === '' || /[{}<>]/.test(value)) continue;
    out.push(`${name}:${value}`);
  }
  return out.join(';');
}

function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === sep && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}

/** A `style="…"` attribute, rebuilt. Throws CssRefused. */
export function sanitizeInlineStyle(style: string): string {
  const decoded = decodeCss(style);
  checkDecoded(decoded);
  return declarations(decoded);
}

/** A presentation attribute's value (`fill="url(#g)"`): parsed as CSS by browsers, so checked as CSS. */
export function checkPresentationValue(value: string): void {
  checkDecoded(decodeCss(value));
}

/**
 * A `<style>` sheet, rebuilt as `selector{declarations}` rules. At-rules other than the refused
 * ones are dropped with their block (a logo needs none of `@media`, `@keyframes` …). Throws
 * CssRefused.
 */
export function sanitizeStylesheet(css: string): string {
  const decoded = decodeCss(css);
  checkDecoded(decoded);
  const rules: string[] = [];
  let i = 0;
  while (i < decoded.length) {
    const open = decoded.indexOf('{', i);
    const semi = decoded.indexOf(';', i);
    if (decoded.slice(i).trimStart().startsWith('@') && semi >= 0 && (open < 0 || semi < open)) {
      i = semi + 1; // a block-less at-rule (@charset, @namespace)
      continue;
    }
    if (open < 0) break;
    const close = matchingBrace(decoded, open);
    const prelude = decoded.slice(i, open).trim();
    const body = decoded.slice(open + 1, close);
    i = close + 1;
    if (prelude.startsWith('@') || body.includes('{')) continue;
    if (prelude === '' || /[{}<>;@\\]/.test(prelude.replace(/>/g, ' '))) continue;
    const decls = declarations(body);
    if (decls) rules.push(`${prelude.replace(/\s+/g, ' ')}{${decls}}`);
  }
  return rules.join('');
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return text.length;
}
