/**
 * Salons: the alliance's recurring low-cost meetups (国产数据库 共话未来趋势). A series has numbered
 * salons hosted in turn by member organisations; each salon has an agenda, registrations with a
 * waitlist, and check-in tickets. Organisations and people are referenced by id only: their tables
 * belong to identity and are read through identity's queries.
 */

import {
  bigserial,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { now } from '../../db/columns.ts';

const at = () => timestamp({ withTimezone: true, mode: 'date' });

export const SALON_STATUSES = [
  'draft',
  'announced',
  'registration_open',
  'registration_closed',
  'live',
  'finished',
  'recap_published',
] as const;
export type SalonStatus = (typeof SALON_STATUSES)[number];

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const AGENDA_KINDS = ['public_class', 'mini_talk', 'hot_segment'] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];
export const HOT_SUB_KINDS = ['hot_questions', 'competition', 'pk', 'live_practice', 'roundtable'] as const;
export type HotSubKind = (typeof HOT_SUB_KINDS)[number];

/** A custom registration question; answers are kept by question id. */
export type SalonQuestion = { id: string; label: string; required: boolean };

export const salonSeries = pgTable('salon_series', {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  titleZh: text().notNull(),
  titleEn: text().notNull().default(''),
  description: text().notNull().default(''),
  createdBy: uuid(),
  createdAt: now(),
});

export const salons = pgTable(
  'salons',
  {
    id: uuid().primaryKey().defaultRandom(),
    seriesId: uuid()
      .notNull()
      .references(() => salonSeries.id, { onDelete: 'cascade' }),
    /** The salon's number in its series (第 N 期). */
    number: integer().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    city: text().notNull(),
    venue: text().notNull().default(''),
    address: text().notNull().default(''),
    mapUrl: text().notNull().default(''),
    startsAt: at().notNull(),
    endsAt: at().notNull(),
    /** IANA time zone id the salon's times are shown in. */
    timezone: text().notNull().default('Asia/Shanghai'),
    /** identity organisation id. */
    hostOrgId: uuid().notNull(),
    status: text().$type<SalonStatus>().notNull().default('draft'),
    capacity: integer().notNull().default(100),
    /**
     * Confirmed seats, kept in step with the confirmed registrations: a registration takes a seat with
     * one `UPDATE … SET seats_taken = seats_taken + 1 WHERE seats_taken < capacity`, so the seat
     * decision needs no count under a lock (ADR 0010).
     */
    seatsTaken: integer().notNull().default(0),
    registrationDeadline: at(),
    questions: jsonb().$type<SalonQuestion[]>().notNull().default([]),
    createdAt: now(),
    updatedAt: now(),
  },
  (t) => [
    uniqueIndex('salons_series_number_idx').on(t.seriesId, t.number),
    index('salons_starts_idx').on(t.startsAt),
  ],
);

export const salonCohosts = pgTable(
  'salon_cohosts',
  {
    salonId: uuid()
      .notNull()
      .references(() => salons.id, { onDelete: 'cascade' }),
    orgId: uuid().notNull(),
  },
  (t) => [primaryKey({ columns: [t.salonId, t.orgId] })],
);

/** Organisations that give the gifts (prizes, souvenirs) at a salon, named on its page. */
export const salonSponsors = pgTable(
  'salon_sponsors',
  {
    salonId: uuid()
      .notNull()
      .references(() => salons.id, { onDelete: 'cascade' }),
    orgId: uuid().notNull(),
  },
  (t) => [primaryKey({ columns: [t.salonId, t.orgId] })],
);

export const salonRegistrations = pgTable(
  'salon_registrations',
  {
    id: uuid().primaryKey().defaultRandom(),
    salonId: uuid()
      .notNull()
      .references(() => salons.id, { onDelete: 'cascade' }),
    userId: uuid().notNull(),
    status: text().$type<RegistrationStatus>().notNull(),
    answers: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** Short code staff can type at the door; unique per salon. */
    shortCode: text().notNull(),
    /** Queue order: the waitlist is promoted by this. */
    seq: bigserial({ mode: 'number' }).notNull(),
    checkedInAt: at(),
    checkedInBy: uuid(),
    cancelledAt: at(),
    createdAt: now(),
    updatedAt: now(),
  },
  (t) => [
    uniqueIndex('salon_registrations_person_idx').on(t.salonId, t.userId),
    uniqueIndex('salon_registrations_code_idx').on(t.salonId, t.shortCode),
    index('salon_registrations_queue_idx').on(t.salonId, t.status, t.seq),
  ],
);

export const salonAgendaItems = pgTable(
  'salon_agenda_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    salonId: uuid()
      .notNull()
      .references(() => salons.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    kind: text().$type<AgendaKind>().notNull(),
    subKind: text().$type<HotSubKind>(),
    title: text().notNull(),
    abstract: text().notNull().default(''),
    /** identity user id of the speaker, when chosen from people. */
    speakerId: uuid(),
    durationMinutes: integer().notNull().default(30),
    /** Set by the speaker (or the host): where the slides are. */
    slidesUrl: text().notNull().default(''),
    /** After the salon: the talk's replay video. */
    replayUrl: text().notNull().default(''),
    /** After the salon: a recap in Markdown, rendered sanitised (platform/markdown.ts). */
    recap: text().notNull().default(''),
    /** When the replay or recap was last set, for "latest recaps" lists. */
    recapAt: at(),
    createdAt: now(),
  },
  (t) => [index('salon_agenda_salon_idx').on(t.salonId, t.position)],
);

/**
 * An invitation to claim an agenda item as its speaker: the link carries a random token (only its
 * digest is kept); whoever opens it signed in becomes the item's speaker, once.
 */
export const salonSpeakerInvites = pgTable(
  'salon_speaker_invites',
  {
    id: uuid().primaryKey().defaultRandom(),
    itemId: uuid()
      .notNull()
      .references(() => salonAgendaItems.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    tokenDigest: text().notNull().unique(),
    invitedBy: uuid(),
    claimedBy: uuid(),
    claimedAt: at(),
    createdAt: now(),
  },
  (t) => [index('salon_speaker_invites_item_idx').on(t.itemId)],
);

/**
 * People who came without registering, added by staff at the door (name and phone only: they need
 * no account). They take no seat and are counted apart from the registrations (ADR 0016).
 */
export const salonWalkIns = pgTable(
  'salon_walk_ins',
  {
    id: uuid().primaryKey().defaultRandom(),
    salonId: uuid()
      .notNull()
      .references(() => salons.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    phone: text().notNull().default(''),
    /** identity user id of the staff member who added them. */
    addedBy: uuid(),
    createdAt: now(),
  },
  (t) => [index('salon_walk_ins_salon_idx').on(t.salonId, t.createdAt)],
);

/** Reminder mails already queued, so a reminder is never sent twice. */
export const salonReminders = pgTable(
  'salon_reminders',
  {
    registrationId: uuid()
      .notNull()
      .references(() => salonRegistrations.id, { onDelete: 'cascade' }),
    kind: text().$type<'day' | 'hours'>().notNull(),
    sentAt: now(),
  },
  (t) => [primaryKey({ columns: [t.registrationId, t.kind] })],
);

export const BUDGET_CATEGORIES = ['venue', 'tea', 'poster', 'dinner', 'gifts', 'other'] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

/** A salon's budget: planned and actual amounts in whole yuan (CNY), and who pays. */
export const salonBudgetLines = pgTable(
  'salon_budget_lines',
  {
    id: uuid().primaryKey().defaultRandom(),
    salonId: uuid()
      .notNull()
      .references(() => salons.id, { onDelete: 'cascade' }),
    category: text().$type<BudgetCategory>().notNull(),
    note: text().notNull().default(''),
    plannedCny: integer().notNull().default(0),
    actualCny: integer(),
    /** identity organisation id of the payer. */
    payerOrgId: uuid(),
    position: integer().notNull(),
  },
  (t) => [index('salon_budget_salon_idx').on(t.salonId, t.position)],
);

/**
 * Synchronized promotion (同步曝光): the channels that announce a salon in the same window — members'
 * official accounts, media partners, live-stream platforms — and the link each owner published.
 */
export const salonChannels = pgTable(
  'salon_channels',
  {
    id: uuid().primaryKey().defaultRandom(),
    salonId: uuid()
      .notNull()
      .references(() => salons.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** identity organisation id of the channel's owner, whose admins record the publication. */
    ownerOrgId: uuid().notNull(),
    windowStart: text().notNull(),
    windowEnd: text().notNull(),
    publishedUrl: text(),
    publishedAt: at(),
    publishedBy: uuid(),
    createdAt: now(),
  },
  (t) => [index('salon_channels_salon_idx').on(t.salonId)],
);

/** A salon's live stream on one platform, and how many watched there (entered or imported after). */
export const salonStreams = pgTable(
  'salon_streams',
  {
    id: uuid().primaryKey().defaultRandom(),
    salonId: uuid()
      .notNull()
      .references(() => salons.id, { onDelete: 'cascade' }),
    platform: text().notNull(),
    url: text().notNull().default(''),
    viewers: integer(),
    updatedAt: now(),
  },
  (t) => [uniqueIndex('salon_streams_platform_idx').on(t.salonId, t.platform)],
);

/** Daily attention index values (e.g. the WeChat index) per keyword around a salon. */
export const salonAttention = pgTable(
  'salon_attention',
  {
    salonId: uuid()
      .notNull()
      .references(() => salons.id, { onDelete: 'cascade' }),
    keyword: text().notNull(),
    /** YYYY-MM-DD, the index's own day. */
    day: text().notNull(),
    value: doublePrecision().notNull(),
  },
  (t) => [primaryKey({ columns: [t.salonId, t.keyword, t.day] })],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** The salon's rendered posters (PNG), redrawn by the `salon.posters` job whenever the salon changes. */
export const salonPosters = pgTable(
  'salon_posters',
  {
    salonId: uuid()
      .notNull()
      .references(() => salons.id, { onDelete: 'cascade' }),
    /** `story` (1080×1920) or `square` (1080×1080). */
    format: text().notNull(),
    png: bytea().notNull(),
    renderedAt: now(),
  },
  (t) => [primaryKey({ columns: [t.salonId, t.format] })],
);
