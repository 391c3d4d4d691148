/**
 * The supply–demand board (供需连): every organisation and person posts what it offers and what it
 * needs, typed by the alliance plan's role table; the board suggests mutual matches and brokers
 * introductions that are accepted by both sides and followed up with an outcome. Parties are
 * organisations or people, referenced by id only (identity owns their tables) and written as one
 * text key, `org:<uuid>` or `user:<uuid>`, so a pair of parties is two plain columns.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { now, timestamptz } from '../../db/columns.ts';

/** What a post is about: the plan's supply–demand table (供需模型), one word per kind of value. */
export const CATEGORIES = [
  'customers',
  'cases',
  'influence',
  'partners',
  'users',
  'talent',
  'solutions',
  'products',
  'venues',
  'funds',
  'jobs',
  'internships',
  'lower_cost',
  'traffic',
  'expertise',
  'relationships',
  'skills',
  'career',
  'circle',
  'achievements',
  'students',
  'teaching',
  'projects',
  'certificates',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const POST_KINDS = ['offer', 'need'] as const;
export type PostKind = (typeof POST_KINDS)[number];
/** The plan: "需求要分清 目的/手段" and "北极星指标/过程指标" — asked of every need. */
export const PURPOSES = ['end', 'means'] as const;
export const METRIC_LEVELS = ['north_star', 'process'] as const;

export const exchangePosts = pgTable(
  'exchange_posts',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: POST_KINDS }).notNull(),
    /** `org:<uuid>` or `user:<uuid>`: who offers or needs (not necessarily who typed it). */
    party: text().notNull(),
    authorId: uuid().notNull(),
    category: text({ enum: CATEGORIES }).notNull(),
    /** Needs only: an end in itself or a means to one. */
    purpose: text({ enum: PURPOSES }),
    /** Needs only: the party's north-star metric or a process metric beneath it. */
    metricLevel: text({ enum: METRIC_LEVELS }),
    title: text().notNull(),
    body: text().notNull().default(''),
    /** Lower-cased, trimmed, unique. */
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    /** Title, body and tags cut by jieba at write time: what matching compares (GIN-indexed). */
    terms: text().array().notNull().default(sql`'{}'::text[]`),
    status: text({ enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    createdAt: now(),
    updatedAt: now(),
  },
  (t) => [
    index('exchange_posts_party').on(t.party, t.kind),
    index('exchange_posts_open_kind').on(t.kind, t.category).where(sql`${t.status} = 'open'`),
    index('exchange_posts_terms').using('gin', t.terms),
    index('exchange_posts_tags').using('gin', t.tags),
    check(
      'exchange_posts_need_fields',
      sql`(${t.kind} = 'need') = (${t.purpose} is not null and ${t.metricLevel} is not null)`,
    ),
  ],
);

/**
 * A party's "no thanks" to another, or its request never to be matched with a competitor: either
 * sets the pair's score to 0 in both directions and refuses introductions between them.
 */
export const exchangeBlocks = pgTable(
  'exchange_blocks',
  {
    party: text().notNull(),
    other: text().notNull(),
    reason: text({ enum: ['no_thanks', 'competitor'] }).notNull(),
    byUserId: uuid().notNull(),
    createdAt: now(),
  },
  (t) => [primaryKey({ columns: [t.party, t.other] }), index('exchange_blocks_other').on(t.other)],
);

export const INTRO_STATUSES = ['requested', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type IntroStatus = (typeof INTRO_STATUSES)[number];

/** The outcome ladder (b2match's survey), asked some weeks after an accepted introduction. */
export const OUTCOME_LEVELS = [0, 1, 2, 3, 4] as const;
export type OutcomeLevel = (typeof OUTCOME_LEVELS)[number];

export const exchangeIntroductions = pgTable(
  'exchange_introductions',
  {
    id: uuid().primaryKey().defaultRandom(),
    fromParty: text().notNull(),
    toParty: text().notNull(),
    requestedBy: uuid().notNull(),
    /** The requester's need and the other side's offer that the suggestion paired. */
    needId: uuid(),
    offerId: uuid(),
    note: text().notNull().default(''),
    status: text({ enum: INTRO_STATUSES }).notNull().default('requested'),
    /** The mutual score and reasons when asked, kept as the organisers' record of why. */
    score: real().notNull(),
    reasons: jsonb().$type<string[]>().notNull().default([]),
    respondBy: timestamptz().notNull(),
    respondedBy: uuid(),
    respondedAt: timestamptz(),
    outcome: integer(),
    outcomeAt: timestamptz(),
    createdAt: now(),
  },
  (t) => [
    index('exchange_intros_from').on(t.fromParty, t.status),
    index('exchange_intros_to').on(t.toParty, t.status),
    check('exchange_intros_outcome', sql`${t.outcome} is null or ${t.outcome} between 0 and 4`),
  ],
);

/** The introduction's log: every step, who took it and when (the broker's record). */
export const exchangeIntroductionEvents = pgTable(
  'exchange_introduction_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    introductionId: uuid()
      .notNull()
      .references(() => exchangeIntroductions.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    actorId: uuid(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: now(),
  },
  (t) => [index('exchange_intro_events_intro').on(t.introductionId, t.at)],
);

/**
 * Document frequency of each term over the open offers (what needs are compared against), kept
 * by the post services as offers open and close, so idf is one index lookup per term instead of
 * a scan of every offer that shares a common word (ADR 0037).
 */
export const exchangeOfferTerms = pgTable('exchange_offer_terms', {
  term: text().primaryKey(),
  offers: integer().notNull(),
});
