/**
 * Hackathons (黑客松): member companies sponsor and set problems (出题) with their own prize
 * tracks; teams of registered participants submit versioned projects before a server-enforced
 * deadline; a judge pool shared across hackathons scores them by rubric or pairwise (CrowdBT),
 * with conflicts of interest computed from identity's organisations; awards become credentials.
 * People and organisations are identity's, referenced by id only.
 */
import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamptz as at, now } from '../../db/columns.ts';

export const HACKATHON_STATUSES = ['draft', 'published', 'judging', 'results_published'] as const;
export type HackathonStatus = (typeof HACKATHON_STATUSES)[number];
/** What happens to a submission after the deadline: refused, or accepted within a grace period and marked late. */
export const LATE_POLICIES = ['refuse', 'accept_marked'] as const;
export type LatePolicy = (typeof LATE_POLICIES)[number];
export const ELIGIBILITIES = ['open', 'listed_orgs'] as const;
export type Eligibility = (typeof ELIGIBILITIES)[number];
export const SPONSOR_KINDS = ['title', 'prize'] as const;
export type SponsorKind = (typeof SPONSOR_KINDS)[number];

/** A rubric criterion: scored 1–5, weighted. At most six per rubric (as Devpost). */
export type Criterion = { key: string; label: string; weight: number };

export const hackathons = pgTable('hackathons', {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  title: text().notNull(),
  theme: text().notNull().default(''),
  /** Markdown, sanitised when rendered. */
  rules: text().notNull().default(''),
  city: text().notNull().default(''),
  online: boolean().notNull().default(false),
  /** IANA time zone the hackathon's times are shown in. */
  timezone: text().notNull().default('Asia/Shanghai'),
  startsAt: at().notNull(),
  endsAt: at().notNull(),
  registrationOpensAt: at().notNull(),
  registrationClosesAt: at().notNull(),
  submissionDeadline: at().notNull(),
  latePolicy: text().$type<LatePolicy>().notNull().default('refuse'),
  /** With `accept_marked`: how long after the deadline a submission is still taken (marked late). */
  lateGraceMinutes: integer().notNull().default(0),
  minTeamSize: integer().notNull().default(1),
  maxTeamSize: integer().notNull().default(5),
  eligibility: text().$type<Eligibility>().notNull().default('open'),
  /** With `listed_orgs`: identity organisation ids (schools, studios) whose members may enter. */
  eligibleOrgIds: jsonb().$type<string[]>().notNull().default([]),
  /** The organising organisation (its admins run the hackathon). */
  organizerOrgId: uuid().notNull(),
  /** The general rubric; a problem may bring its own. */
  criteria: jsonb().$type<Criterion[]>().notNull().default([]),
  /** Credentials issuer for the awards, and the named issuing body that co-signs them. */
  issuerId: uuid(),
  coIssuerId: uuid(),
  status: text().$type<HackathonStatus>().notNull().default('draft'),
  resultsPublishedAt: at(),
  createdBy: uuid(),
  createdAt: now(),
  updatedAt: now(),
});

export const hackathonSponsors = pgTable(
  'hackathon_sponsors',
  {
    hackathonId: uuid()
      .notNull()
      .references(() => hackathons.id, { onDelete: 'cascade' }),
    orgId: uuid().notNull(),
    kind: text().$type<SponsorKind>().notNull(),
    /** Whole yuan (CNY). */
    amountCny: integer().notNull().default(0),
    createdAt: now(),
  },
  (t) => [primaryKey({ columns: [t.hackathonId, t.orgId] })],
);

/** A problem (出题) set by a company, with its own prize track. */
export const hackathonTracks = pgTable(
  'hackathon_tracks',
  {
    id: uuid().primaryKey().defaultRandom(),
    hackathonId: uuid()
      .notNull()
      .references(() => hackathons.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    description: text().notNull().default(''),
    resources: text().notNull().default(''),
    /** The company that set the problem and funds its prize (null: the organiser's own track). */
    sponsorOrgId: uuid(),
    prizeCny: integer().notNull().default(0),
    /** Its own rubric; empty: the hackathon's. */
    criteria: jsonb().$type<Criterion[]>().notNull().default([]),
    createdBy: uuid(),
    createdAt: now(),
  },
  (t) => [index().on(t.hackathonId)],
);

/** A registered participant: their school or studio, and their advisor (teacher), feed conflict checks. */
export const hackathonParticipants = pgTable(
  'hackathon_participants',
  {
    hackathonId: uuid()
      .notNull()
      .references(() => hackathons.id, { onDelete: 'cascade' }),
    userId: uuid().notNull(),
    /** The school or studio they enter for (identity organisation), if any. */
    orgId: uuid(),
    advisorUserId: uuid(),
    skills: text().notNull().default(''),
    lookingForTeam: boolean().notNull().default(true),
    createdAt: now(),
  },
  (t) => [primaryKey({ columns: [t.hackathonId, t.userId] })],
);

export const hackathonTeams = pgTable(
  'hackathon_teams',
  {
    id: uuid().primaryKey().defaultRandom(),
    hackathonId: uuid()
      .notNull()
      .references(() => hackathons.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    captainId: uuid().notNull(),
    /** Shared by the captain; whoever has it may join while the team has room. */
    inviteCode: text().notNull().unique(),
    lookingForMembers: boolean().notNull().default(true),
    createdAt: now(),
  },
  (t) => [uniqueIndex().on(t.hackathonId, t.name)],
);

/** One team per person per hackathon: the unique index is the rule. */
export const hackathonTeamMembers = pgTable(
  'hackathon_team_members',
  {
    teamId: uuid()
      .notNull()
      .references(() => hackathonTeams.id, { onDelete: 'cascade' }),
    hackathonId: uuid().notNull(),
    userId: uuid().notNull(),
    joinedAt: now(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), uniqueIndex().on(t.hackathonId, t.userId)],
);

export const JOIN_REQUEST_STATUSES = ['pending', 'accepted', 'declined'] as const;
export type JoinRequestStatus = (typeof JOIN_REQUEST_STATUSES)[number];

export const hackathonJoinRequests = pgTable(
  'hackathon_join_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    teamId: uuid()
      .notNull()
      .references(() => hackathonTeams.id, { onDelete: 'cascade' }),
    userId: uuid().notNull(),
    message: text().notNull().default(''),
    status: text().$type<JoinRequestStatus>().notNull().default('pending'),
    createdAt: now(),
    decidedAt: at(),
  },
  (t) => [index().on(t.teamId)],
);

/** A team's project: the current version's fields, copied from the newest version. */
export const hackathonSubmissions = pgTable(
  'hackathon_submissions',
  {
    id: uuid().primaryKey().defaultRandom(),
    hackathonId: uuid()
      .notNull()
      .references(() => hackathons.id, { onDelete: 'cascade' }),
    teamId: uuid()
      .notNull()
      .unique()
      .references(() => hackathonTeams.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    repoUrl: text().notNull(),
    videoUrl: text().notNull().default(''),
    description: text().notNull().default(''),
    trackIds: jsonb().$type<string[]>().notNull().default([]),
    version: integer().notNull().default(1),
    late: boolean().notNull().default(false),
    submittedAt: at().notNull(),
    /** Judges who found the team absent at the expo (pairwise); hidden from judging at the limit. */
    absentCount: integer().notNull().default(0),
    hidden: boolean().notNull().default(false),
    /** In the final round's shortlist. */
    shortlisted: boolean().notNull().default(false),
  },
  (t) => [index().on(t.hackathonId)],
);

export const hackathonSubmissionVersions = pgTable(
  'hackathon_submission_versions',
  {
    submissionId: uuid()
      .notNull()
      .references(() => hackathonSubmissions.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    title: text().notNull(),
    repoUrl: text().notNull(),
    videoUrl: text().notNull(),
    description: text().notNull(),
    trackIds: jsonb().$type<string[]>().notNull(),
    late: boolean().notNull(),
    submittedBy: uuid().notNull(),
    submittedAt: at().notNull(),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.version] })],
);

/**
 * The judge pool, across hackathons. A judge starts from an emailed magic link (no account
 * needed) and may bind it to an account later; `orgIds` are the organisations they declared
 * (their account's memberships count too).
 */
export const hackathonJudges = pgTable('hackathon_judges', {
  id: uuid().primaryKey().defaultRandom(),
  email: text().notNull().unique(),
  name: text().notNull(),
  userId: uuid(),
  orgIds: jsonb().$type<string[]>().notNull().default([]),
  expertise: jsonb().$type<string[]>().notNull().default([]),
  availability: text().notNull().default(''),
  createdAt: now(),
});

/** A judge on one hackathon's panel; `trackId`: a sponsor-track judge, who sees only that track. */
export const hackathonPanel = pgTable(
  'hackathon_panel',
  {
    id: uuid().primaryKey().defaultRandom(),
    hackathonId: uuid()
      .notNull()
      .references(() => hackathons.id, { onDelete: 'cascade' }),
    judgeId: uuid()
      .notNull()
      .references(() => hackathonJudges.id, { onDelete: 'cascade' }),
    trackId: uuid(),
    /** SHA-256 of the magic-link token (the link is the judge's key to this panel). */
    tokenDigest: text().notNull().unique(),
    invitedBy: uuid(),
    createdAt: now(),
  },
  (t) => [uniqueIndex().on(t.hackathonId, t.judgeId)],
);

/** An organiser's audited decision to let a conflicted judge see one project anyway. */
export const hackathonConflictOverrides = pgTable(
  'hackathon_conflict_overrides',
  {
    hackathonId: uuid()
      .notNull()
      .references(() => hackathons.id, { onDelete: 'cascade' }),
    judgeId: uuid().notNull(),
    submissionId: uuid()
      .notNull()
      .references(() => hackathonSubmissions.id, { onDelete: 'cascade' }),
    note: text().notNull(),
    createdBy: uuid(),
    createdAt: now(),
  },
  (t) => [primaryKey({ columns: [t.judgeId, t.submissionId] })],
);

/** Rubric round: which judge scores which project, and their scores once given. */
export const hackathonAssignments = pgTable(
  'hackathon_assignments',
  {
    id: uuid().primaryKey().defaultRandom(),
    hackathonId: uuid()
      .notNull()
      .references(() => hackathons.id, { onDelete: 'cascade' }),
    round: integer().notNull().default(1),
    judgeId: uuid().notNull(),
    submissionId: uuid()
      .notNull()
      .references(() => hackathonSubmissions.id, { onDelete: 'cascade' }),
    scores: jsonb().$type<Record<string, number>>(),
    scoredAt: at(),
  },
  (t) => [uniqueIndex().on(t.round, t.judgeId, t.submissionId), index().on(t.hackathonId)],
);

/** A judge's pairwise session in one round: Gavel's annotator (prev, next, and when next was shown). */
export const hackathonPairwiseSessions = pgTable(
  'hackathon_pairwise_sessions',
  {
    hackathonId: uuid()
      .notNull()
      .references(() => hackathons.id, { onDelete: 'cascade' }),
    round: integer().notNull(),
    judgeId: uuid().notNull(),
    alpha: doublePrecision().notNull(),
    beta: doublePrecision().notNull(),
    prevId: uuid(),
    nextId: uuid(),
    nextShownAt: at(),
  },
  (t) => [primaryKey({ columns: [t.hackathonId, t.round, t.judgeId] })],
);

/** A project's live CrowdBT belief in one round (recomputed from the decision log on undo). */
export const hackathonPairwiseItems = pgTable(
  'hackathon_pairwise_items',
  {
    hackathonId: uuid()
      .notNull()
      .references(() => hackathons.id, { onDelete: 'cascade' }),
    round: integer().notNull(),
    submissionId: uuid()
      .notNull()
      .references(() => hackathonSubmissions.id, { onDelete: 'cascade' }),
    mu: doublePrecision().notNull(),
    sigmaSq: doublePrecision().notNull(),
    views: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.hackathonId, t.round, t.submissionId] })],
);

export const DECISION_KINDS = ['vote', 'skip', 'absent', 'view'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/**
 * The append-only decision log. `vote`: winner beat loser; `view`: the judge saw a project
 * (counts toward MIN_VIEWS); `skip`/`absent`: the judge passed on `submissionId`. An undo sets
 * `undoneAt` and the round is recomputed from the rows left.
 */
export const hackathonDecisions = pgTable(
  'hackathon_decisions',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    hackathonId: uuid()
      .notNull()
      .references(() => hackathons.id, { onDelete: 'cascade' }),
    round: integer().notNull(),
    judgeId: uuid().notNull(),
    kind: text().$type<DecisionKind>().notNull(),
    winnerId: uuid(),
    loserId: uuid(),
    submissionId: uuid(),
    undoneAt: at(),
    createdAt: now(),
  },
  (t) => [index().on(t.hackathonId, t.round, t.id)],
);

/** An award of a track (or of the whole hackathon, trackId null) to a project. */
export const hackathonAwards = pgTable(
  'hackathon_awards',
  {
    id: uuid().primaryKey().defaultRandom(),
    hackathonId: uuid()
      .notNull()
      .references(() => hackathons.id, { onDelete: 'cascade' }),
    trackId: uuid(),
    submissionId: uuid()
      .notNull()
      .references(() => hackathonSubmissions.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    rank: integer().notNull().default(1),
    prizeCny: integer().notNull().default(0),
    /** Credit hours the credit letter states. */
    creditHours: integer().notNull().default(0),
    achievementId: uuid(),
    publishedAt: at(),
    createdAt: now(),
  },
  (t) => [index().on(t.hackathonId)],
);

/** The credential each team member received for an award. */
export const hackathonAwardCredentials = pgTable(
  'hackathon_award_credentials',
  {
    awardId: uuid()
      .notNull()
      .references(() => hackathonAwards.id, { onDelete: 'cascade' }),
    userId: uuid().notNull(),
    credentialId: uuid().notNull(),
  },
  (t) => [primaryKey({ columns: [t.awardId, t.userId] })],
);
