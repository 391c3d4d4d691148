/**
 * The agenda as Frab-compatible schedule JSON (the c3voc schedule schema,
 * https://c3voc.de/schedule/schema.json, that pretalx and frab export): one day, one room (the
 * venue), agenda items laid end to end from the salon's start in the order the host set.
 */
import { createHash } from 'node:crypto';
import { isoOffset, offsetMinutes } from '../../platform/time.ts';

export type FrabInput = {
  baseUrl: string;
  url: string;
  acronym: string;
  title: string;
  version: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  room: string;
  language: string;
  items: Array<{
    id: string;
    title: string;
    abstract: string;
    type: string;
    track: string | null;
    durationMinutes: number;
    speaker: { id: string; name: string } | null;
  }>;
};

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** A stable UUID-shaped guid from a string (a name-based id, like frab's). */
function guid(s: string): string {
  const h = createHash('sha1').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Local ISO time (`2025-03-01T14:00:00+08:00`) in the salon's zone. */
function localIso(instant: Date, tz: string): string {
  const off = offsetMinutes(instant, tz);
  const local = new Date(instant.getTime() + off * 60000).toISOString().slice(0, 19);
  return `${local}${isoOffset(off)}`;
}

/**
 * The conference acronym as c3voc's schema writes it (`^[a-z0-9_-][a-z0-9_]{3,}…`): lower case,
 * underscores instead of hyphens (a hyphen is only allowed first, or before a year suffix), at
 * least four characters. `db-tech-3` → `db_tech_3`.
 */
export function frabAcronym(s: string): string {
  const a = s
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return a.length >= 4 ? a : `salon_${a}`;
}

/** An event code as the schema writes it (`^[A-Z0-9]+$`): the item id's first 8 letters and digits. */
const eventCode = (id: string) =>
  id
    .replace(/[^a-z0-9]/gi, '')
    .slice(0, 8)
    .toUpperCase() || 'X';

export function buildFrabSchedule(input: FrabInput) {
  const acronym = frabAcronym(input.acronym);
  const date = localIso(input.startsAt, input.timezone).slice(0, 10);
  let cursor = input.startsAt.getTime();
  const events = input.items.map((item, i) => {
    const start = new Date(cursor);
    cursor += item.durationMinutes * 60000;
    const local = localIso(start, input.timezone);
    return {
      guid: guid(`${input.url}#${item.id}`),
      id: i + 1,
      code: eventCode(item.id),
      logo: null,
      date: local,
      start: local.slice(11, 16),
      duration: hhmm(item.durationMinutes),
      room: input.room,
      slug: `${acronym}-${i + 1}`,
      url: `${input.url}#agenda-${item.id}`,
      title: item.title,
      subtitle: '',
      track: item.track,
      type: item.type,
      language: input.language,
      abstract: item.abstract,
      description: '',
      recording_license: '',
      do_not_record: false,
      persons: item.speaker
        ? [
            {
              guid: guid(`person:${item.speaker.id}`),
              name: item.speaker.name,
              public_name: item.speaker.name,
            },
          ]
        : [],
      links: [],
      attachments: [],
    };
  });
  return {
    $schema: 'https://c3voc.de/schedule/schema.json',
    generator: { name: 'gongjin' },
    schedule: {
      url: input.url,
      version: input.version,
      base_url: input.baseUrl,
      conference: {
        acronym,
        title: input.title,
        start: localIso(input.startsAt, input.timezone),
        end: localIso(input.endsAt, input.timezone),
        daysCount: 1,
        timeslot_duration: '00:05',
        time_zone_name: input.timezone,
        rooms: [{ name: input.room, guid: guid(`${input.url}#room`) }],
        days: [
          {
            index: 1,
            date,
            day_start: localIso(input.startsAt, input.timezone),
            day_end: localIso(input.endsAt, input.timezone),
            rooms: { [input.room]: events },
          },
        ],
      },
    },
  };
}
