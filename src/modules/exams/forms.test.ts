import { describe, expect, it } from 'vitest';
import { formatLocalTime, parseLocalTime } from './forms.ts';

describe('exam time inputs', () => {
  const instant = new Date('2025-03-04T01:05:07Z');

  it('exam times are entered and shown in 北京时间, and 31 February is refused (it used to roll over to 3 March)', () => {
    expect(parseLocalTime('2025-03-04T09:05')).toEqual(new Date('2025-03-04T01:05:00Z'));
    expect(parseLocalTime('')).toBeNull();
    expect(parseLocalTime('2025-02-31T10:00')).toBe('invalid');
    expect(parseLocalTime('4 March')).toBe('invalid');
    expect(formatLocalTime(instant)).toBe('2025-03-04T09:05');
    expect(formatLocalTime(null)).toBe('');
  });
});
