import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderRichText, sanitizeHtml } from './markdown.ts';

describe('renderMarkdown', () => {
  it('renders headings, lists and highlighted SQL code', () => {
    const html = renderMarkdown('# 标题\n\n- 一\n- 二\n\n```sql\nSELECT 1;\n```');
    expect(html).toContain('<h1>标题</h1>');
    expect(html).toContain('<li>一</li>');
    expect(html).toContain('<span class="hljs-keyword">SELECT</span>');
  });

  it('makes every code block reachable by keyboard, so a wide one can be scrolled (lessons on a phone)', () => {
    expect(renderMarkdown('```sql\nSELECT 1;\n```')).toBe(
      '<pre tabindex="0"><code class="hljs language-sql"><span class="hljs-keyword">SELECT</span> <span class="hljs-number">1</span>;\n</code></pre>\n',
    );
    expect(renderMarkdown('```text\nplain\n```')).toBe('<pre tabindex="0"><code>plain\n</code></pre>\n');
    // A tabindex in pasted HTML is replaced, not kept.
    expect(sanitizeHtml('<pre tabindex="-1">x</pre>')).toBe('<pre tabindex="0">x</pre>');
  });

  it('shows raw HTML as text and drops script URLs', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>',
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('href="javascript:');
    expect(html).not.toMatch(/<img[^>]*onerror/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('marks links nofollow', () => {
    expect(renderMarkdown('[PG](https://www.postgresql.org)')).toContain(
      '<a href="https://www.postgresql.org" rel="nofollow noopener noreferrer">PG</a>',
    );
  });
});

describe('sanitizeHtml', () => {
  it.each([
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  ])('removes the active part of %s', (payload) => {
    const html = sanitizeHtml(payload);
    expect(html).not.toMatch(/onerror|onload|javascript:|<iframe|<svg|style=/i);
  });

  it('keeps ordinary formatting', () => {
    expect(sanitizeHtml('<p><strong>粗体</strong> <code>SELECT</code></p>')).toBe(
      '<p><strong>粗体</strong> <code>SELECT</code></p>',
    );
  });
});

describe('renderRichText', () => {
  it('escapes plain text and keeps its line breaks', () => {
    expect(renderRichText('a < b\nc', 'plain')).toBe('a &lt; b<br>c');
  });
});
