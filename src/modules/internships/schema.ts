/**
 * Internships (实习): postings by member companies, students' applications with their status
 * pipeline, stable match rounds, and contributions to members' open-source projects scored into
 * certificates. Organisations and people are referenced by id only (identity's tables).
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { now, timestamptz } from '../../db/columns.ts';

export const POSTING_STATUSES = ['open', 'closed'] as const;
export type PostingStatus = (typeof POSTING_STATUSES)[number];

/** School terms a posting fits (学期): the long vacations and the two semesters. */
export const TERMS = ['summer', 'winter', 'spring', 'autumn'] as const;
export type Term = (typeof TERMS)[number];

export const INTERNSHIP_APPLICATION_STATUSES = [
  'applied',
  'screening',
  'interview',
  'offer',
  'accepted',
  'declined',
  'rejected',
  'withdrawn',
] as const;
export type InternshipApplicationStatus = (typeof INTERNSHIP_APPLICATION_STATUSES)[number];

export const internshipPostings = pgTable(
  'internship_postings',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    skills: jsonb().$type<string[]>().notNull().default([]),
    city: text().notNull().default(''),
    remote: boolean().notNull().default(false),
    durationWeeks: integer().notNull(),
    /** Monthly stipend range in yuan; 0–0 is unpaid. */
    stipendMin: integer().notNull().default(0),
    stipendMax: integer().notNull().default(0),
    slots: integer().notNull(),
    /** The named mentor (GSoC's rule: no posting without one), a person of the company. */
    mentorId: uuid().notNull(),
    terms: jsonb().$type<Term[]>().notNull().default([]),
    status: text().$type<PostingStatus>().notNull().default('open'),
    /** Lower-cased title, skills, city and company names with their pinyin, for search. */
    searchText: text().notNull().default(''),
    createdBy: uuid(),
    createdAt: now(),
    updatedAt: now(),
  },
  (t) => [
    index('internship_postings_org_idx').on(t.orgId),
    index('internship_postings_status_idx').on(t.status),
  ],
);

/** A school that limits which companies' postings reach its students lists them here. */
export const internshipSchoolPolicies = pgTable('internship_school_policies', {
  schoolOrgId: uuid().primaryKey(),
  restricted: boolean().notNull().default(false),
  updatedAt: now(),
});

export const internshipSchoolAllowed = pgTable(
  'internship_school_allowed',
  { schoolOrgId: uuid().notNull(), companyOrgId: uuid().notNull() },
  (t) => [primaryKey({ columns: [t.schoolOrgId, t.companyOrgId] })],
);

export const internshipApplications = pgTable(
  'internship_applications',
  {
    id: uuid().primaryKey().defaultRandom(),
    postingId: uuid()
      .notNull()
      .references(() => internshipPostings.id),
    studentId: uuid().notNull(),
    status: text().$type<InternshipApplicationStatus>().notNull().default('applied'),
    motivation: text().notNull().default(''),
    /** Set when the company confirms an accepted internship was completed and certifies it. */
    completedAt: timestamptz(),
    credentialId: uuid(),
    createdAt: now(),
    updatedAt: now(),
  },
  (t) => [
    uniqueIndex('internship_applications_once').on(t.postingId, t.studentId),
    index('internship_applications_student_idx').on(t.studentId),
  ],
);

/** Every move along the pipeline, with the message sent to the student (if any). */
export const internshipApplicationEvents = pgTable(
  'internship_application_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    applicationId: uuid()
      .notNull()
      .references(() => internshipApplications.id),
    fromStatus: text().$type<InternshipApplicationStatus>(),
    toStatus: text().$type<InternshipApplicationStatus>().notNull(),
    actorId: uuid(),
    message: text().notNull().default(''),
    createdAt: now(),
  },
  (t) => [index('internship_application_events_app_idx').on(t.applicationId)],
);

export const ROUND_STATUSES = ['ranking', 'matched'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const matchRounds = pgTable('internship_match_rounds', {
  id: uuid().primaryKey().defaultRandom(),
  title: text().notNull(),
  status: text().$type<RoundStatus>().notNull().default('ranking'),
  createdBy: uuid(),
  createdAt: now(),
  matchedAt: timestamptz(),
});

export const matchRoundPostings = pgTable(
  'internship_match_round_postings',
  {
    roundId: uuid()
      .notNull()
      .references(() => matchRounds.id),
    postingId: uuid()
      .notNull()
      .references(() => internshipPostings.id),
    capacity: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.postingId] })],
);

/** One side's rank of the other: `side` 'student' (student ranks posting) or 'company'. */
export const matchRanks = pgTable(
  'internship_match_ranks',
  {
    roundId: uuid()
      .notNull()
      .references(() => matchRounds.id),
    side: text().$type<'student' | 'company'>().notNull(),
    studentId: uuid().notNull(),
    postingId: uuid().notNull(),
    rank: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.side, t.studentId, t.postingId] })],
);

export const matchResults = pgTable(
  'internship_match_results',
  {
    roundId: uuid()
      .notNull()
      .references(() => matchRounds.id),
    studentId: uuid().notNull(),
    postingId: uuid(),
    choice: integer(),
    misses: jsonb().$type<{ posting: string; reason: string }[]>().notNull().default([]),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.studentId] })],
);

// —— Contributions ——

export const HOSTS = ['github', 'gitee', 'gitcode'] as const;
export type Host = (typeof HOSTS)[number];

export const contributionProjects = pgTable(
  'contribution_projects',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid().notNull(),
    host: text().$type<Host>().notNull(),
    owner: text().notNull(),
    repo: text().notNull(),
    /** The mentor who approves certificates for work on this project. */
    mentorId: uuid().notNull(),
    /** HMAC key of the push/pull-request webhook (never shown after creation). */
    webhookSecret: text().notNull(),
    lastImportedAt: timestamptz(),
    createdAt: now(),
  },
  (t) => [
    uniqueIndex('contribution_projects_repo').on(t.host, sql`lower(${t.owner})`, sql`lower(${t.repo})`),
  ],
);

export const EVENT_KINDS = [
  'issue_opened',
  'issue_comment',
  'pr_opened',
  'review_comment',
  'pr_merged',
  'commit',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One piece of activity on a project, as the host reported it (or the local clone's git log). */
export const contributionEvents = pgTable(
  'contribution_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    projectId: uuid()
      .notNull()
      .references(() => contributionProjects.id),
    kind: text().$type<EventKind>().notNull(),
    /** The host's id of the item (PR number, comment id, commit hash): re-imports are idempotent. */
    externalId: text().notNull(),
    /** Lower-cased login on the host, or '' for a commit known only by email. */
    login: text().notNull().default(''),
    email: text().notNull().default(''),
    bot: boolean().notNull().default(false),
    title: text().notNull().default(''),
    url: text().notNull().default(''),
    labels: jsonb().$type<string[]>().notNull().default([]),
    occurredAt: timestamptz().notNull(),
  },
  (t) => [
    uniqueIndex('contribution_events_once').on(t.projectId, t.kind, t.externalId),
    index('contribution_events_login_idx').on(t.login),
  ],
);

export const IDENTITY_KINDS = ['github', 'gitee', 'gitcode', 'email'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** A login or email the platform proposed as a student's, and whether the student confirmed it. */
export const contributorIdentities = pgTable(
  'contributor_identities',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().notNull(),
    kind: text().$type<IdentityKind>().notNull(),
    handle: text().notNull(),
    status: text().$type<'proposed' | 'confirmed' | 'rejected'>().notNull().default('proposed'),
    /** Why the platform proposed it (the evidence shown to the student). */
    reason: text().notNull().default(''),
    createdAt: now(),
    decidedAt: timestamptz(),
  },
  (t) => [
    uniqueIndex('contributor_identities_once').on(t.userId, t.kind, t.handle),
    // A handle is confirmed by one person at most: two students cannot both claim one login.
    uniqueIndex('contributor_identities_confirmed')
      .on(t.kind, t.handle)
      .where(sql`${t.status} = 'confirmed'`),
  ],
);

/** A programme's points rules (r2cn-style) and the achievement its certificates are for. */
export const contributionProgrammes = pgTable('contribution_programmes', {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  nameZh: text().notNull(),
  nameEn: text().notNull().default(''),
  achievementId: uuid().notNull(),
  /** Points a merged PR earns when it carries no `points:N` label. */
  defaultPoints: integer().notNull().default(2),
  /** Points that earn the certificate, counted within `windowMonths` before the request. */
  threshold: integer().notNull().default(120),
  windowMonths: integer().notNull().default(12),
  /** OSPP's rule: work merged after this instant does not count (null: no deadline). */
  mergedBy: timestamptz(),
  createdBy: uuid(),
  createdAt: now(),
});

export const contributionAwards = pgTable(
  'contribution_awards',
  {
    id: uuid().primaryKey().defaultRandom(),
    programmeId: uuid()
      .notNull()
      .references(() => contributionProgrammes.id),
    userId: uuid().notNull(),
    points: integer().notNull(),
    /** contribution_events ids of the merged PRs counted. */
    eventIds: jsonb().$type<number[]>().notNull(),
    approvedBy: uuid().notNull(),
    credentialId: uuid().notNull(),
    createdAt: now(),
  },
  (t) => [uniqueIndex('contribution_awards_once').on(t.programmeId, t.userId)],
);

/**
 * The achievement a company's internship certificates are for, linked by a platform admin (who holds
 * `credentials:manage`): a company cannot mint credentials under an issuer it was not given.
 */
export const internshipCertificateAchievements = pgTable('internship_certificate_achievements', {
  orgId: uuid().primaryKey(),
  achievementId: uuid().notNull(),
  linkedBy: uuid(),
  createdAt: now(),
});
