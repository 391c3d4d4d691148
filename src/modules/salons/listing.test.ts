import { describe, expect, it } from 'vitest';
import { arrangeSalons } from './listing.ts';
import { dateLeaf, formatRange, zoneLabel } from './time.ts';

const at = (day: string) => new Date(`${day}T06:00:00Z`);

describe('the order salons are listed in', () => {
  it('puts what one can register for first, then what is coming soonest, then the past latest first', () => {
    const list = [
      { id: 'past-old', status: 'recap_published' as const, startsAt: at('2026-01-10') },
      { id: 'announced-late', status: 'announced' as const, startsAt: at('2027-05-01') },
      { id: 'open', status: 'registration_open' as const, startsAt: at('2027-06-01') },
      { id: 'closed-soon', status: 'registration_closed' as const, startsAt: at('2027-01-05') },
      { id: 'past-new', status: 'finished' as const, startsAt: at('2026-11-10') },
    ];
    const { upcoming, past } = arrangeSalons(list);
    expect(upcoming.map((s) => s.id)).toEqual(['open', 'closed-soon', 'announced-late']);
    expect(past.map((s) => s.id)).toEqual(['past-new', 'past-old']);
  });
});

describe('salon times', () => {
  it('names Asia/Shanghai 北京时间 (Beijing time in English) and any other zone by its IANA name', () => {
    expect(zoneLabel('Asia/Shanghai', 'zh-CN')).toBe('北京时间');
    expect(zoneLabel('Asia/Shanghai', 'en')).toBe('Beijing time');
    expect(zoneLabel('Europe/Berlin', 'zh-CN')).toBe('(Europe/Berlin)');
    expect(formatRange(at('2027-01-30'), new Date('2027-01-30T09:30:00Z'), 'Asia/Shanghai', 'zh-CN')).toBe(
      '2027年1月30日周六 14:00–17:30 北京时间',
    );
  });

  it('gives a calendar leaf in the salon’s zone, so a late-evening UTC start is the next day in Beijing', () => {
    expect(dateLeaf(new Date('2027-01-29T17:00:00Z'), 'Asia/Shanghai', 'zh-CN')).toEqual({
      month: '1月',
      day: '30',
      weekday: '周六',
    });
    expect(dateLeaf(new Date('2027-01-29T17:00:00Z'), 'Asia/Shanghai', 'en')).toEqual({
      month: 'Jan',
      day: '30',
      weekday: 'Sat',
    });
  });
});
