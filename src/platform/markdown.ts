/**
 * Author-written rich text made safe to show: lessons, question explanations, recaps. Markdown is
 * rendered with raw HTML disabled (so a `<script>` is shown as text) and link schemes limited,
 * code blocks are highlighted on the server (no client script), and the result passes an
 * allow-list sanitiser as a second line of defence. HTML-format text (GIFT `[html]`, Moodle XML)
 * goes through the same allow-list.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import pgsql from 'highlight.js/lib/languages/pgsql';
import python from 'highlight.js/lib/languages/python';
import sqlLang from 'highlight.js/lib/languages/sql';
import MarkdownIt from 'markdown-it';
import sanitize from 'sanitize-html';

hljs.registerLanguage('sql', sqlLang);
hljs.registerLanguage('pgsql', pgsql);
hljs.registerLanguage('bash', bash);
hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('json', json);
hljs.registerLanguage('python', python);

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const md = new MarkdownIt({
  html: false,
  linkify: true,
  breaks: true,
  highlight(code, lang) {
    // Unlabelled blocks in a database course are nearly always SQL.
    const language = hljs.getLanguage(lang || 'sql') ? lang || 'sql' : '';
    if (!language) return `<pre><code>${escapeHtml(code)}</code></pre>`;
    const html = hljs.highlight(code, { language, ignoreIllegals: true }).value;
    return `<pre><code class="hljs language-${escapeHtml(language)}">${html}</code></pre>`;
  },
});

const ALLOWED: sanitize.IOptions = {
  allowedTags: [
    ...[
      'p',
      'br',
      'hr',
      'blockquote',
      'pre',
      'code',
      'span',
      'strong',
      'em',
      'b',
      'i',
      'u',
      's',
      'del',
      'sub',
      'sup',
    ],
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'a', 'img'],
    ...['table', 'thead', 'tbody', 'tr', 'th', 'td'],
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
    code: ['class'],
    pre: ['tabindex'],
    span: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
  },
  allowedClasses: { code: ['hljs', 'language-*'], span: ['hljs-*'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    a: sanitize.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
    img: sanitize.simpleTransform('img', { loading: 'lazy' }),
    // A code block wider than a phone scrolls sideways; tabindex lets a keyboard reach and scroll
    // it (axe scrollable-region-focusable).
    pre: sanitize.simpleTransform('pre', { tabindex: '0' }),
  },
};

/** Markdown → safe HTML. */
export function renderMarkdown(source: string): string {
  return sanitize(md.render(source), ALLOWED);
}

/** Untrusted HTML → the same allow-list as rendered Markdown. */
export function sanitizeHtml(source: string): string {
  return sanitize(source, ALLOWED);
}

/** Plain text → HTML with its line breaks kept. */
export function plainTextHtml(source: string): string {
  return escapeHtml(source).replace(/\r?\n/g, '<br>');
}

/** Text in one of the question formats (GIFT/Moodle `[moodle|html|markdown|plain]`) → safe HTML. */
export function renderRichText(source: string, format: 'moodle' | 'html' | 'markdown' | 'plain'): string {
  if (format === 'markdown') return renderMarkdown(source);
  // Moodle's auto-format is text with HTML allowed; both it and html go through the allow-list.
  if (format === 'html' || format === 'moodle')
    return sanitizeHtml(format === 'moodle' ? source.replace(/\r?\n/g, '<br>') : source);
  return plainTextHtml(source);
}
