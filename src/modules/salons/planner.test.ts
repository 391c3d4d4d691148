import { describe, expect, it } from 'vitest';
import { type PlannerHost, planRotation, slotDates } from './planner.ts';

const host = (orgId: string, cities: string[], availableMonths: string[] = []): PlannerHost => ({
  orgId,
  name: orgId.toUpperCase(),
  cities,
  availableMonths,
});

describe('host rotation planner', () => {
  it('spreads salons over Saturdays', () => {
    expect(slotDates('2030-03', 2, 2)).toEqual(['2030-03-09', '2030-03-23', '2030-04-13', '2030-04-27']);
    expect(slotDates('2030-12', 2, 1)).toEqual(['2030-12-21', '2031-01-18']);
  });

  it('gives everyone a first turn before anyone gets a second, respecting months and the city window', () => {
    const result = planRotation({
      startMonth: '2030-03',
      months: 3,
      perMonth: 2,
      cityRepeatWeeks: 6,
      hosts: [host('a', ['杭州']), host('b', ['北京', '杭州']), host('c', ['上海'], ['2030-04', '2030-05'])],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.assignments.map((a) => [a.date, a.orgId, a.city])).toEqual([
      ['2030-03-09', 'a', '杭州'],
      ['2030-03-23', 'b', '北京'],
      ['2030-04-13', 'c', '上海'],
      ['2030-04-27', 'a', '杭州'],
      ['2030-05-11', 'b', '北京'],
      ['2030-05-25', 'c', '上海'],
    ]);
    // First three: every host once before any second turn.
    expect(new Set(result.assignments.slice(0, 3).map((a) => a.orgId)).size).toBe(3);
    expect(result.assignments[0].reasons).toEqual([
      { code: 'anyMonth' },
      { code: 'firstTurn' },
      { code: 'preferredCity', city: '杭州', rank: 1 },
    ]);
    expect(result.assignments[3].reasons).toEqual([
      { code: 'anyMonth' },
      { code: 'fewestTurns', turns: 1 },
      { code: 'waitedLongest', since: '2030-03-09' },
      { code: 'preferredCity', city: '杭州', rank: 1 },
      { code: 'cityRested', city: '杭州', weeks: 7 },
    ]);
  });

  it('is deterministic', () => {
    const input = {
      startMonth: '2030-01',
      months: 12,
      perMonth: 2,
      cityRepeatWeeks: 6,
      hosts: [
        host('a', ['杭州', '上海']),
        host('b', ['北京']),
        host('c', ['深圳', '广州']),
        host('d', ['成都']),
      ],
    };
    expect(planRotation(input)).toEqual(planRotation(input));
    const r = planRotation(input);
    expect(r.ok && r.assignments.length).toBe(24);
  });

  it('backtracks instead of giving up on a greedy dead end', () => {
    // Greedy would give March to A (input order) and leave B, available only in March, without a turn.
    const result = planRotation({
      startMonth: '2030-03',
      months: 2,
      perMonth: 1,
      cityRepeatWeeks: 0,
      hosts: [host('a', ['杭州']), host('b', ['北京'], ['2030-03'])],
    });
    expect(result.ok && result.assignments.map((a) => a.orgId)).toEqual(['b', 'a']);
  });

  it('names the failing constraint when no schedule exists', () => {
    expect(
      planRotation({
        startMonth: '2030-03',
        months: 1,
        perMonth: 2,
        cityRepeatWeeks: 2,
        hosts: [host('a', ['杭州'], ['2030-05']), host('b', ['北京'], ['2030-06'])],
      }),
    ).toEqual({
      ok: false,
      date: '2030-03-09',
      constraint: 'availability',
      blocked: [
        { orgId: 'a', name: 'A', constraint: 'availability' },
        { orgId: 'b', name: 'B', constraint: 'availability' },
      ],
    });
    // Two hosts, one city, a long window: the second date cannot reuse 杭州.
    const city = planRotation({
      startMonth: '2030-03',
      months: 1,
      perMonth: 2,
      cityRepeatWeeks: 4,
      hosts: [host('a', ['杭州']), host('b', ['杭州'])],
    });
    expect(city).toMatchObject({ ok: false, date: '2030-03-23', constraint: 'city_repeat' });
    // One host available in March only, three dates: the second turn waits for the other host, who is away.
    const fair = planRotation({
      startMonth: '2030-03',
      months: 1,
      perMonth: 2,
      cityRepeatWeeks: 0,
      hosts: [host('a', ['杭州'], ['2030-03']), host('b', ['北京'], ['2030-04'])],
    });
    expect(fair).toEqual({
      ok: false,
      date: '2030-03-23',
      constraint: 'availability',
      blocked: [
        { orgId: 'a', name: 'A', constraint: 'fairness' },
        { orgId: 'b', name: 'B', constraint: 'availability' },
      ],
    });
    expect(
      planRotation({ startMonth: '2030-03', months: 1, perMonth: 1, cityRepeatWeeks: 0, hosts: [] }),
    ).toMatchObject({
      ok: false,
      constraint: 'no_hosts',
    });
  });
});
