import { describe, expect, it } from 'vitest';
import { gapLineHtml, inlineGap, splitAtGap } from './gap.tsx';

describe('missing-word gaps', () => {
  it('splits rendered Markdown inside the paragraph, so a control sits in the sentence', () => {
    const split = splitAtGap('PostgreSQL 默认端口是 {{blank}} 号。\n\n第二段', 'markdown');
    expect(split).toEqual({ before: '<p>PostgreSQL 默认端口是 ', after: ' 号。</p>\n<p>第二段</p>\n' });
    expect(splitAtGap('a {{blank}} b', 'plain')).toEqual({ before: 'a ', after: ' b' });
    expect(splitAtGap('no gap', 'plain')).toBeNull();
  });

  it('refuses a gap inside a link and keeps the line there instead', () => {
    expect(splitAtGap('[see {{blank}}](https://example.com)', 'markdown')).toBeNull();
    expect(gapLineHtml('[see {{blank}}](https://example.com)', 'markdown')).toContain(
      '<span class="gap">_____</span>',
    );
    expect(gapLineHtml('x {{blank}} y', 'plain')).toBe('x <span class="gap">_____</span> y');
  });

  it('puts a select in single-choice gaps, a text box in short and numerical ones, nothing elsewhere', () => {
    const q = { text: 'a {{blank}} b', textFormat: 'plain' as const };
    expect(inlineGap({ ...q, type: 'single_choice', choices: [{ text: 'x' }, { text: 'y' }] })).toBe(
      'select',
    );
    expect(inlineGap({ ...q, type: 'single_choice', choices: [{ text: '<b>x</b>' }] })).toBeNull();
    expect(inlineGap({ ...q, type: 'short_answer' })).toBe('input');
    expect(inlineGap({ ...q, type: 'numerical' })).toBe('input');
    expect(inlineGap({ ...q, type: 'multiple_choice', choices: [{ text: 'x' }] })).toBeNull();
    expect(inlineGap({ ...q, text: 'no gap', type: 'short_answer' })).toBeNull();
  });
});
