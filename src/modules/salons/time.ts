/** Wall-clock times in a salon's IANA time zone, converted to and from instants with Intl only. */

/**
 * Building an Intl.DateTimeFormat costs far more than formatting with one (it showed up as the
 * largest single cost of a registration's mail), so each is built once per zone, language and style.
 */
const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    if (formats.size > 500) formats.clear();
    formats.set(key, f);
  }
  return f;
}

function parts(instant: Date, timeZone: string) {
  const f = format('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  return { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute, s: +p.second };
}

/** The zone's offset from UTC at an instant, in minutes (Asia/Shanghai → 480). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `2025-03-01T14:00` read as a wall-clock time in `timeZone` → the instant. */
export function zonedToInstant(local: string, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(local.trim());
  if (!m) return undefined;
  const guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let instant = guess - offsetMinutes(new Date(guess), timeZone) * 60000;
  // Once more, in case the offset differs on either side of a DST change.
  instant = guess - offsetMinutes(new Date(instant), timeZone) * 60000;
  const result = new Date(instant);
  // Month 13, 31 February or a time skipped by a DST change does not name an instant.
  return instantToZoned(result, timeZone) === `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}` ? result : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant as `YYYY-MM-DDTHH:mm` wall-clock time in `timeZone` (for datetime-local inputs). */
export function instantToZoned(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}`;
}

/** `YYYYMMDDTHHMMSS` local time in the zone, for iCalendar DATE-TIME with TZID. */
export function icalLocal(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.y}${pad(p.mo)}${pad(p.d)}T${pad(p.h)}${pad(p.mi)}${pad(p.s)}`;
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function icalUtc(instant: Date): string {
  return `${instant.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
}

/** `+08:00` style offset. */
export function isoOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
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
