/**
 * Salon-specific wall-clock pieces (iCalendar times, a salon's date range in its own zone). The
 * generic conversions (`zonedToInstant`, `instantToZoned`, offsets) live in `platform/time.ts`.
 */
import { cachedFormat as format, pad2 as pad, zonedParts as parts, SHANGHAI } from '../../platform/time.ts';

/** `YYYYMMDDTHHMMSS` local time in the zone, for iCalendar DATE-TIME with TZID. */
export function icalLocal(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.y}${pad(p.mo)}${pad(p.d)}T${pad(p.h)}${pad(p.mi)}${pad(p.s)}`;
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function icalUtc(instant: Date): string {
  return `${instant.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
}

/**
 * How a zone is named after a time: 北京时间 / Beijing time for Asia/Shanghai (the name Chinese
 * readers use, as exams already do), the IANA name in brackets for any other zone.
 */
export function zoneLabel(timeZone: string, locale: string): string {
  if (timeZone === SHANGHAI) return locale === 'en' ? 'Beijing time' : '北京时间';
  return `(${timeZone})`;
}

/** A calendar leaf's three lines (1月 / 30 / 周六) in the salon's zone and the reader's language. */
export function dateLeaf(instant: Date, timeZone: string, locale: string) {
  return {
    month: format(locale, { timeZone, month: 'short' }).format(instant),
    day: String(parts(instant, timeZone).d),
    weekday: format(locale, { timeZone, weekday: 'short' }).format(instant),
  };
}

/** A readable date and time range in the salon's zone and the reader's language. */
export function formatRange(start: Date, end: Date, timeZone: string, locale: string): string {
  const day = format(locale, {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
  }).format(start);
  const time = format(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return `${day} ${time.format(start)}–${time.format(end)} ${zoneLabel(timeZone, locale)}`;
}
