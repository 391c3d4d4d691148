import { describe, expect, it } from 'vitest';
import { instantToZoned, offsetMinutes, zonedToInstant } from '../../platform/time.ts';
import { buildFrabSchedule } from './frab.ts';
import { buildCalendar, escapeText, foldLine, icsSequence, salonEvent } from './ics.ts';
import { checkInUrl, newShortCode, qrSvg, signTicket, verifyTicket } from './tickets.ts';
import { formatRange } from './time.ts';

const VENUE = '西溪会议中心';

const event = {
  uid: 'salon-1@gongjin.test',
  title: '共话未来趋势 #3 向量检索, 混合负载; 与 HTAP',
  description: `第一行\n第二行 ${'很长的介绍'.repeat(30)}`,
  location: '杭州 西溪会议中心',
  url: 'http://gongjin.test/salons/1',
  startsAt: new Date('2030-03-01T06:00:00Z'),
  endsAt: new Date('2030-03-01T09:30:00Z'),
  timezone: 'Asia/Shanghai',
  updatedAt: new Date('2030-01-01T00:00:00Z'),
};

/** Unfolds content lines (RFC 5545 §3.1): CRLF followed by one space continues the line. */
const unfold = (ics: string) => ics.replace(/\r\n /g, '').split('\r\n');

describe('iCalendar output (RFC 5545)', () => {
  const ics = buildCalendar({ name: '共话未来趋势', events: [event], now: new Date('2030-02-01T08:00:00Z') });

  it('uses CRLF line ends and folds every line at 75 octets', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(
      foldLine('a'.repeat(160))
        .split('\r\n')
        .map((l) => l.length),
    ).toEqual([75, 75, 12]);
  });

  it('has the required properties, a VTIMEZONE for each TZID, and escaped text', () => {
    const lines = unfold(ics);
    expect(lines.slice(0, 3)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Gongjin//Salons//ZH']);
    expect(lines.filter((l) => /^(BEGIN|END):/.test(l))).toEqual([
      'BEGIN:VCALENDAR',
      'BEGIN:VTIMEZONE',
      'BEGIN:STANDARD',
      'END:STANDARD',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
    expect(lines).toContain('TZID:Asia/Shanghai');
    expect(lines).toContain('TZOFFSETTO:+0800');
    expect(lines).toContain('UID:salon-1@gongjin.test');
    expect(lines).toContain('DTSTAMP:20300201T080000Z');
    // Seconds from 2020-01-01 to the last change (2030-01-01): grows with every revision.
    expect(lines).toContain('SEQUENCE:315619200');
    expect(lines).toContain('DTSTART;TZID=Asia/Shanghai:20300301T140000');
    expect(lines).toContain('DTEND;TZID=Asia/Shanghai:20300301T173000');
    expect(lines).toContain('SUMMARY:共话未来趋势 #3 向量检索\\, 混合负载\\; 与 HTAP');
    expect(lines.find((l) => l.startsWith('DESCRIPTION:'))).toBe(
      `DESCRIPTION:第一行\\n第二行 ${'很长的介绍'.repeat(30)}`,
    );
    expect(escapeText('a\\b')).toBe('a\\\\b');
  });

  it('converts wall-clock times in any IANA zone', () => {
    expect(zonedToInstant('2030-03-01T14:00', 'Asia/Shanghai')).toEqual(new Date('2030-03-01T06:00:00Z'));
    expect(zonedToInstant('2030-07-01T09:00', 'Europe/Berlin')).toEqual(new Date('2030-07-01T07:00:00Z'));
    expect(zonedToInstant('2030-13-01T09:00', 'Asia/Shanghai')).toBeUndefined();
    expect(zonedToInstant('2030-02-31T09:00', 'Asia/Shanghai')).toBeUndefined();
    expect(zonedToInstant('nope', 'Asia/Shanghai')).toBeUndefined();
    expect(instantToZoned(new Date('2030-03-01T06:00:00Z'), 'Asia/Shanghai')).toBe('2030-03-01T14:00');
    expect(offsetMinutes(new Date('2030-01-01T00:00:00Z'), 'America/New_York')).toBe(-300);
    expect(formatRange(event.startsAt, event.endsAt, 'Asia/Shanghai', 'en')).toBe(
      'Fri, March 1, 2030 14:00–17:30 Beijing time',
    );
    expect(formatRange(event.startsAt, event.endsAt, 'Europe/Berlin', 'zh-CN')).toBe(
      '2030年3月1日周五 07:00–10:30 (Europe/Berlin)',
    );
  });
});

describe('salon calendar events', () => {
  const salon = {
    id: '0b6c2d4e-1111-4a4a-9c9c-0123456789ab',
    number: 3,
    title: '数据库的下一个十年',
    description: '',
    city: '杭州',
    venue: '西溪会议中心',
    address: '',
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: 'Asia/Shanghai',
    updatedAt: new Date('2030-01-01T00:00:00Z'),
  };

  it('keeps the same UID whatever PUBLIC_URL is, so a subscribed calendar updates one event', () => {
    const a = salonEvent(salon, '共话', 'https://gongjin.example.cn');
    const b = salonEvent(salon, '共话', 'http://10.0.0.5:3000');
    expect([a.uid, b.uid]).toEqual([`salon-${salon.id}@gongjin`, `salon-${salon.id}@gongjin`]);
    expect(a.url).toBe(`https://gongjin.example.cn/salons/${salon.id}`);
  });

  it('raises SEQUENCE with every later change and never goes below 0', () => {
    const first = icsSequence(new Date('2030-01-01T00:00:00Z'));
    expect(icsSequence(new Date('2030-01-01T00:00:01Z'))).toBe(first + 1);
    expect(icsSequence(new Date('2019-06-01T00:00:00Z'))).toBe(0);
    expect(icsSequence(new Date('2088-01-01T00:00:00Z'))).toBeLessThan(2 ** 31);
  });
});

describe('Frab schedule JSON', () => {
  it('lays agenda items end to end with the fields the c3voc schema requires', () => {
    const out = buildFrabSchedule({
      baseUrl: 'http://gongjin.test/',
      url: 'http://gongjin.test/salons/1',
      acronym: 'gonghua-3',
      title: '共话未来趋势 #3',
      version: '2030-01-01T00:00:00.000Z',
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timezone: 'Asia/Shanghai',
      room: '西溪会议中心',
      language: 'zh',
      items: [
        {
          id: 'a1',
          title: '公开课',
          abstract: '',
          type: '公开课',
          track: null,
          durationMinutes: 45,
          speaker: { id: 'u1', name: '林岚' },
        },
        {
          id: 'a2',
          title: '圆桌',
          abstract: '',
          type: '热点环节',
          track: '圆桌',
          durationMinutes: 90,
          speaker: null,
        },
      ],
    });
    const { conference } = out.schedule;
    for (const key of ['version', 'base_url', 'conference']) expect(out.schedule).toHaveProperty(key);
    for (const key of ['acronym', 'title', 'start', 'end', 'daysCount', 'timeslot_duration', 'days'])
      expect(conference).toHaveProperty(key);
    expect(conference.start).toBe('2030-03-01T14:00:00+08:00');
    const day = conference.days[0];
    expect([day.index, day.date, day.day_start, day.day_end]).toEqual([
      1,
      '2030-03-01',
      '2030-03-01T14:00:00+08:00',
      '2030-03-01T17:30:00+08:00',
    ]);
    const events = day.rooms[VENUE];
    const required = [
      'guid',
      'id',
      'date',
      'start',
      'duration',
      'room',
      'slug',
      'title',
      'subtitle',
      'track',
      'type',
      'language',
      'abstract',
      'description',
      'persons',
      'links',
      'attachments',
    ];
    for (const e of events) for (const key of required) expect(e).toHaveProperty(key);
    expect(events.map((e) => [e.start, e.duration, e.date])).toEqual([
      ['14:00', '00:45', '2030-03-01T14:00:00+08:00'],
      ['14:45', '01:30', '2030-03-01T14:45:00+08:00'],
    ]);
    expect(events[0].guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(events[0].persons).toEqual([{ guid: expect.any(String), name: '林岚', public_name: '林岚' }]);
  });
});

describe('tickets', () => {
  it('signs and verifies, rejecting other secrets and altered ids', async () => {
    const secret = 'x'.repeat(40);
    const token = signTicket(secret, '11111111-1111-4111-8111-111111111111');
    expect(verifyTicket(secret, token)).toBe('11111111-1111-4111-8111-111111111111');
    expect(verifyTicket('y'.repeat(40), token)).toBeUndefined();
    expect(verifyTicket(secret, token.replace('1111.', '1112.'))).toBeUndefined();
    expect(verifyTicket(secret, 'garbage')).toBeUndefined();
    expect(newShortCode()).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    const svg = await qrSvg(checkInUrl('http://gongjin.test', 's1', token));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });
});

describe('press kit announcement', () => {
  const a = {
    heading: '国产数据库 共话未来趋势 第 3 期',
    title: '图数据库 <实战> & "评测"',
    when: '2030年3月1日周五 14:00–17:30 北京时间',
    where: '上海 · 清流图谱',
    host: '清流图谱、东湖大学',
    description: '第一行\n第二行',
    agenda: [{ title: '公开课：图查询', kind: '公开课', speaker: '李慧', minutes: 40 }],
    registerUrl: 'http://gongjin.test/salons/1',
    labels: {
      when: '时间：',
      where: '地点：',
      host: '主办：',
      agenda: '议程',
      register: '报名：',
      minutes: '{n} 分钟',
    },
  };

  it('is WeChat-friendly HTML: inline styles only, no classes, scripts or style blocks, values escaped', async () => {
    const { announcementHtml, announcementText } = await import('./press-kit.ts');
    const html = announcementHtml(a);
    expect(html).not.toMatch(/<style|<script|class=|<link/i);
    expect(html).toContain(
      '<h2 style="margin:0 0 8px;font-size:20px;font-weight:bold;color:#1d4ed8;">图数据库 &lt;实战&gt; &amp; &quot;评测&quot;</h2>',
    );
    expect(html).toContain('第一行<br/>第二行');
    expect(html).toContain('公开课 · 40 分钟 · 李慧');
    // Every element carries its look inline.
    const tags = [...html.matchAll(/<(\w+)([^>]*)>/g)].filter(([, name]) => name !== 'br');
    expect(tags.filter(([, name, attrs]) => name !== 'ol' && !/style="/.test(attrs))).toEqual([]);
    expect(announcementText(a).split('\n').slice(0, 4)).toEqual([
      '国产数据库 共话未来趋势 第 3 期',
      '图数据库 <实战> & "评测"',
      '',
      '时间：2030年3月1日周五 14:00–17:30 北京时间',
    ]);
  });
});
