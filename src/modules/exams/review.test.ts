import { describe, expect, it } from 'vitest';
import { translator } from '../../platform/i18n.ts';
import { feedbackText } from './review.ts';

describe('review feedback', () => {
  it('renders a stored grader diagnostic in the reader language with its vars, author text as written', () => {
    const diagnostic = { code: 'grader.row_count', vars: { expected: 3, actual: 5 } };
    expect(feedbackText(diagnostic, translator('zh-CN'))).toBe('行数不对：应为 3 行，你的结果有 5 行。');
    expect(feedbackText(diagnostic, translator('en'))).toBe(
      'Wrong number of rows: expected 3, your result has 5.',
    );
    expect(feedbackText('对，默认端口是 5432。', translator('en'))).toBe('对，默认端口是 5432。');
  });
});
