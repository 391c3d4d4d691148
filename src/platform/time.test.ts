import { describe, expect, it } from 'vitest';
import { formatShanghai, instantToZoned, SHANGHAI, shanghaiDayStart, zonedToInstant } from './time.ts';

describe('北京时间', () => {
  const instant = new Date('2025-03-04T01:05:07Z');

  it('formats an instant the same way in every module: sortable, seconds on request', () => {
    expect(formatShanghai(instant)).toBe('2025-03-04 09:05');
    expect(formatShanghai(instant, { seconds: true })).toBe('2025-03-04 09:05:07');
    // Late in the UTC day is already the next day in Shanghai.
    expect(formatShanghai(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01 00:30');
  });

  it('starts a Shanghai day at 16:00 UTC the day before', () => {
    expect(shanghaiDayStart('2025-03-04').toISOString()).toBe('2025-03-03T16:00:00.000Z');
  });

  it('round-trips a datetime-local value and refuses one that names no instant', () => {
    expect(zonedToInstant('2025-03-04T09:05', SHANGHAI)?.toISOString()).toBe('2025-03-04T01:05:00.000Z');
    expect(instantToZoned(instant, SHANGHAI)).toBe('2025-03-04T09:05');
    expect(zonedToInstant('2025-02-31T10:00', SHANGHAI)).toBeUndefined();
  });
});
