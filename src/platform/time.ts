/**
 * Wall-clock time, converted to and from instants with Intl only, and the one formatter for
 * 北京时间 (Asia/Shanghai) that every module uses. Salon-specific pieces (iCalendar, a salon's
 * date range) stay in `modules/salons/time.ts` and are built on these.
 */

/** The alliance's time zone: UTC+8 all year (no daylight saving since 1991). */
export const SHANGHAI = 'Asia/Shanghai';

/**
 * Building an Intl.DateTimeFormat costs far more than formatting with one (it showed up as the
 * largest single cost of a registration's mail), so each is built once per zone, language and style.
 */
const formats = new Map<string, Intl.DateTimeFormat>();
export function cachedFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    if (formats.size > 500) formats.clear();
    formats.set(key, f);
  }
  return f;
}

/** The instant's wall-clock fields in `timeZone`. */
export function zonedParts(instant: Date, timeZone: string) {
  const f = cachedFormat('en-US', {
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
  const p = zonedParts(instant, timeZone);
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

export const pad2 = (n: number) => String(n).padStart(2, '0');

/** The instant as `YYYY-MM-DDTHH:mm` wall-clock time in `timeZone` (for datetime-local inputs). */
export function instantToZoned(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${p.y}-${pad2(p.mo)}-${pad2(p.d)}T${pad2(p.h)}:${pad2(p.mi)}`;
}

/** `+08:00` style offset. */
export function isoOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

/**
 * The one 北京时间 formatter: `2025-03-04 09:05` (or `2025-03-04 09:05:00` with seconds) in
 * Asia/Shanghai — sortable, unambiguous and the same in both languages.
 */
export function formatShanghai(instant: Date, opts: { seconds?: boolean } = {}): string {
  const p = zonedParts(instant, SHANGHAI);
  const minutes = `${p.y}-${pad2(p.mo)}-${pad2(p.d)} ${pad2(p.h)}:${pad2(p.mi)}`;
  return opts.seconds ? `${minutes}:${pad2(p.s)}` : minutes;
}

/** Midnight at the start of a YYYY-MM-DD day in Asia/Shanghai. */
export function shanghaiDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}
