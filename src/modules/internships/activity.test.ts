import { describe, expect, it } from 'vitest';
import { isBot, monthlyActivity, monthOf, pointsOf } from './activity.ts';

describe('monthlyActivity', () => {
  it('weights each kind as OpenDigger does and takes the square root, per developer per month', () => {
    const at = new Date('2026-03-10T04:00:00Z');
    const rows = monthlyActivity([
      { login: 'lin', kind: 'issue_comment', occurredAt: at, bot: false },
      { login: 'lin', kind: 'issue_comment', occurredAt: at, bot: false },
      { login: 'lin', kind: 'issue_opened', occurredAt: at, bot: false },
      { login: 'lin', kind: 'pr_opened', occurredAt: at, bot: false },
      { login: 'lin', kind: 'review_comment', occurredAt: at, bot: false },
      { login: 'lin', kind: 'pr_merged', occurredAt: at, bot: false },
      { login: 'lin', kind: 'commit', occurredAt: at, bot: false },
      { login: 'dependabot[bot]', kind: 'pr_opened', occurredAt: at, bot: true },
      { login: 'lin', kind: 'pr_opened', occurredAt: new Date('2026-04-02T00:00:00Z'), bot: false },
    ]);
    expect(rows.map((r) => [r.login, r.month])).toEqual([
      ['lin', '2026-03'],
      ['lin', '2026-04'],
    ]);
    expect(rows[0].activity).toBeCloseTo(Math.sqrt(2 * 0.5252 + 2.2235 + 4.0679 + 0.7427 + 2.0339), 10);
    expect(rows[1].activity).toBeCloseTo(Math.sqrt(4.0679), 10);
  });

  it('counts a month in 北京时间: 31 March 17:00 UTC is already April', () => {
    expect(monthOf(new Date('2026-03-31T17:00:00Z'))).toBe('2026-04');
    expect(monthOf(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03');
  });
});

describe('isBot', () => {
  it('knows bots by the host’s type, by shape and by name', () => {
    expect(isBot('someone', 'Bot')).toBe(true);
    expect(isBot('dependabot[bot]')).toBe(true);
    expect(isBot('ti-chi-bot')).toBe(true);
    expect(isBot('release_bot')).toBe(true);
    expect(isBot('renovate')).toBe(true);
    expect(isBot('robotics-lin')).toBe(false);
    expect(isBot('abbot')).toBe(false);
  });
});

describe('pointsOf', () => {
  it('takes an r2cn-sized points label and falls back to the default for any other', () => {
    expect(pointsOf(['bug', 'points:20'], 2)).toBe(20);
    expect(pointsOf(['积分：50'], 2)).toBe(50);
    expect(pointsOf(['points:7'], 2)).toBe(2);
    expect(pointsOf([], 5)).toBe(5);
  });
});
