/**
 * Salon-specific wall-clock pieces (iCalendar times, a salon's date range in its own zone). The
 * generic conversions (`zonedToInstant`, `instantToZoned`, offsets) live in `platform/time.ts`.
 */
import { cachedFormat as format, pad2 as pad, zonedParts as parts } from '../../platform/time.ts';

/** `YYYYMMDDTHHMMSS` local time in the zone, for iCalendar DATE-TIME with TZID. */
export function icalLocal(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.y}${pad(p.mo)}${pad(p.d)}T${pad(p.h)}${pad(p.mi)}${pad(p.s)}`;
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function icalUtc(instant: Date): string {
  return `${instant.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
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
  return `${day} ${time.format(start)}–${time.format(end)} (${timeZone})`;
}
