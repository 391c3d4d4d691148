/**
 * iCalendar (RFC 5545) for salons: one VEVENT per salon, times as local DATE-TIME with a TZID
 * naming the IANA zone, and a VTIMEZONE for every TZID used (RFC 5545 §3.6.5 requires one). Lines
 * end in CRLF and are folded at 75 octets (§3.1); TEXT values are escaped (§3.3.11).
 */

import { isoOffset, offsetMinutes } from '../../platform/time.ts';
import { icalLocal, icalUtc } from './time.ts';

export type IcsEvent = {
  uid: string;
  title: string;
  description: string;
  location: string;
  url: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  updatedAt: Date;
  cancelled?: boolean;
};

export function escapeText(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 character (§3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with one space
    if (octets + n > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

const offsetValue = (minutes: number) => isoOffset(minutes).replace(':', '');

/**
 * A VTIMEZONE good for the events' dates: one STANDARD observance with the zone's offset. Zones
 * with daylight saving get the offset in force at the first event (enough for calendar apps,
 * which prefer their own definition of a known IANA id).
 */
function vtimezone(tz: string, at: Date): string[] {
  const off = offsetValue(offsetMinutes(at, tz));
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${tz}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    `TZOFFSETFROM:${off}`,
    `TZOFFSETTO:${off}`,
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
}

/** 2020-01-01T00:00:00Z: SEQUENCE counts seconds from here, so it fits a signed 32-bit integer until 2088. */
const SEQUENCE_EPOCH_MS = Date.UTC(2020, 0, 1);

/**
 * RFC 5545 §3.8.7.4 SEQUENCE: must grow with every revision the organiser publishes, so calendar
 * apps replace the copy they hold instead of ignoring the update. A salon's `updatedAt` only moves
 * forward with each change, so the seconds since 2020 of it are such a counter without a column.
 */
export function icsSequence(updatedAt: Date): number {
  return Math.max(0, Math.floor((updatedAt.getTime() - SEQUENCE_EPOCH_MS) / 1000));
}

export function buildCalendar(opts: { name: string; events: IcsEvent[]; now?: Date }): string {
  const stamp = icalUtc(opts.now ?? new Date());
  const zones = new Map<string, Date>();
  for (const e of opts.events) if (!zones.has(e.timezone)) zones.set(e.timezone, e.startsAt);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Gongjin//Salons//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(opts.name)}`,
    ...[...zones].flatMap(([tz, at]) => vtimezone(tz, at)),
    ...opts.events.flatMap((e) => [
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${stamp}`,
      `LAST-MODIFIED:${icalUtc(e.updatedAt)}`,
      `SEQUENCE:${icsSequence(e.updatedAt)}`,
      `DTSTART;TZID=${e.timezone}:${icalLocal(e.startsAt, e.timezone)}`,
      `DTEND;TZID=${e.timezone}:${icalLocal(e.endsAt, e.timezone)}`,
      `SUMMARY:${escapeText(e.title)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      `LOCATION:${escapeText(e.location)}`,
      `URL:${e.url}`,
      `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

export type SalonForIcs = {
  id: string;
  number: number;
  title: string;
  description: string;
  city: string;
  venue: string;
  address: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  updatedAt: Date;
};

/**
 * A salon as a calendar event. The UID is stable and names no host (the salon's UUID is unique on
 * its own), so a calendar that subscribed before PUBLIC_URL changed still updates the same event
 * rather than duplicating it.
 */
export function salonEvent(s: SalonForIcs, seriesTitle: string, publicUrl: string): IcsEvent {
  return {
    uid: `salon-${s.id}@gongjin`,
    title: `${seriesTitle} #${s.number} ${s.title}`,
    description: s.description,
    location: [s.city, s.venue, s.address].filter(Boolean).join(' '),
    url: `${publicUrl}/salons/${s.id}`,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    timezone: s.timezone,
    updatedAt: s.updatedAt,
  };
}
