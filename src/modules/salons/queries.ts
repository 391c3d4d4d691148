/** Reads of salon data used by views, exports and the API. */
import { and, asc, count, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { instantToZoned } from '../../platform/time.ts';
import { digest } from '../../platform/tokens.ts';
import {
  listOrganizations,
  organizationsByIds,
  organizationsOfPeople,
  peopleByIds,
} from '../identity/queries.ts';
import { attentionLift, type Lift } from './live-data.ts';
import { costs } from './report.ts';
import {
  type RegistrationStatus,
  salonAgendaItems,
  salonAttention,
  salonBudgetLines,
  salonChannels,
  salonCohosts,
  salonPosters,
  salonRegistrations,
  salonSeries,
  salonSpeakerInvites,
  salonSponsors,
  salonStreams,
  salons,
  salonWalkIns,
} from './schema.ts';

/** Cache tags: every salon page depends on `salons`; one salon's page also on `salon:<id>`. */
export const SALON_CACHE_TAGS = { all: 'salons', salon: (id: string) => `salon:${id}` } as const;

export type OrgRef = { id: string; slug: string; nameZh: string; nameEn: string };
export type Series = typeof salonSeries.$inferSelect;
export type SalonRow = typeof salons.$inferSelect;
export type Salon = SalonRow & {
  series: Series;
  host: OrgRef | undefined;
  cohosts: OrgRef[];
  /** Gift sponsors. */
  sponsors: OrgRef[];
};

export async function listSeries(db: Db): Promise<Series[]> {
  return db.select().from(salonSeries).orderBy(asc(salonSeries.createdAt), asc(salonSeries.slug));
}

export async function findSeriesBySlug(db: Db, slug: string): Promise<Series | undefined> {
  const [row] = await db.select().from(salonSeries).where(eq(salonSeries.slug, slug));
  return row;
}

export async function findSeriesById(db: Db, id: string): Promise<Series | undefined> {
  const [row] = await db.select().from(salonSeries).where(eq(salonSeries.id, id));
  return row;
}

async function withOrgs(db: Db, rows: Array<{ salon: SalonRow; series: Series }>): Promise<Salon[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.salon.id);
  const [cohostRows, sponsorRows] = await Promise.all([
    db.select().from(salonCohosts).where(inArray(salonCohosts.salonId, ids)),
    db.select().from(salonSponsors).where(inArray(salonSponsors.salonId, ids)),
  ]);
  const orgs = await organizationsByIds(db, [
    ...rows.map((r) => r.salon.hostOrgId),
    ...cohostRows.map((c) => c.orgId),
    ...sponsorRows.map((c) => c.orgId),
  ]);
  return rows.map(({ salon, series }) => ({
    ...salon,
    series,
    host: orgs.get(salon.hostOrgId),
    cohosts: cohostRows
      .filter((c) => c.salonId === salon.id)
      .map((c) => orgs.get(c.orgId))
      .filter((o): o is OrgRef => !!o),
    sponsors: sponsorRows
      .filter((c) => c.salonId === salon.id)
      .map((c) => orgs.get(c.orgId))
      .filter((o): o is OrgRef => !!o)
      .sort((a, b) => a.nameZh.localeCompare(b.nameZh, 'zh-CN')),
  }));
}

export async function findSalon(db: Db, id: string): Promise<Salon | undefined> {
  const rows = await db
    .select({ salon: salons, series: salonSeries })
    .from(salons)
    .innerJoin(salonSeries, eq(salonSeries.id, salons.seriesId))
    .where(eq(salons.id, id));
  return (await withOrgs(db, rows))[0];
}

/** Salons of a series, by number; drafts only when asked (for those who manage them). */
export async function listSalons(
  db: Db,
  filter: { seriesId?: string; includeDrafts?: boolean } = {},
): Promise<Salon[]> {
  const rows = await db
    .select({ salon: salons, series: salonSeries })
    .from(salons)
    .innerJoin(salonSeries, eq(salonSeries.id, salons.seriesId))
    .where(
      and(
        filter.seriesId ? eq(salons.seriesId, filter.seriesId) : undefined,
        filter.includeDrafts ? undefined : sql`${salons.status} <> 'draft'`,
      ),
    )
    .orderBy(desc(salons.startsAt));
  return withOrgs(db, rows);
}

export type AgendaItem = typeof salonAgendaItems.$inferSelect & { speakerName: string | undefined };

export async function listAgenda(db: Db, salonId: string): Promise<AgendaItem[]> {
  const items = await db
    .select()
    .from(salonAgendaItems)
    .where(eq(salonAgendaItems.salonId, salonId))
    .orderBy(asc(salonAgendaItems.position), asc(salonAgendaItems.createdAt));
  const people = await peopleByIds(
    db,
    items.map((i) => i.speakerId).filter((x): x is string => !!x),
  );
  return items.map((i) => ({
    ...i,
    speakerName: i.speakerId ? people.get(i.speakerId)?.displayName : undefined,
  }));
}

export type SalonCounts = {
  confirmed: number;
  waitlisted: number;
  cancelled: number;
  checkedIn: number;
  walkIns: number;
};

export async function salonCounts(db: Db, salonId: string): Promise<SalonCounts> {
  const [rows, [walkIns]] = await Promise.all([
    db
      .select({
        status: salonRegistrations.status,
        n: count(),
        checkedIn: sql<number>`count(${salonRegistrations.checkedInAt})::int`,
      })
      .from(salonRegistrations)
      .where(eq(salonRegistrations.salonId, salonId))
      .groupBy(salonRegistrations.status),
    db.select({ n: count() }).from(salonWalkIns).where(eq(salonWalkIns.salonId, salonId)),
  ]);
  const out: SalonCounts = {
    confirmed: 0,
    waitlisted: 0,
    cancelled: 0,
    checkedIn: 0,
    walkIns: Number(walkIns.n),
  };
  for (const r of rows) {
    out[r.status] = Number(r.n);
    out.checkedIn += Number(r.checkedIn);
  }
  return out;
}

export type WalkIn = typeof salonWalkIns.$inferSelect;

/** The salon's walk-ins, newest first. */
export function listWalkIns(db: Db, salonId: string, limit = 200): Promise<WalkIn[]> {
  return db
    .select()
    .from(salonWalkIns)
    .where(eq(salonWalkIns.salonId, salonId))
    .orderBy(desc(salonWalkIns.createdAt))
    .limit(limit);
}

export type Registration = typeof salonRegistrations.$inferSelect;

export async function findRegistration(db: Db, id: string): Promise<Registration | undefined> {
  const [row] = await db.select().from(salonRegistrations).where(eq(salonRegistrations.id, id));
  return row;
}

export async function registrationOf(
  db: Db,
  salonId: string,
  userId: string,
): Promise<Registration | undefined> {
  const [row] = await db
    .select()
    .from(salonRegistrations)
    .where(and(eq(salonRegistrations.salonId, salonId), eq(salonRegistrations.userId, userId)));
  return row;
}

/** The waitlist position (1-based) of a waitlisted registration. */
export async function waitlistPosition(db: Db, reg: Registration): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(salonRegistrations)
    .where(
      and(
        eq(salonRegistrations.salonId, reg.salonId),
        eq(salonRegistrations.status, 'waitlisted'),
        sql`${salonRegistrations.seq} <= ${reg.seq}`,
      ),
    );
  return Number(row.n);
}

export type Attendee = {
  id: string;
  displayName: string;
  email: string;
  status: RegistrationStatus;
  shortCode: string;
  answers: Record<string, string>;
  registeredAt: Date;
  checkedInAt: Date | null;
};

/** Everyone registered (cancelled last), in queue order, for the host's list and CSV. */
export async function listAttendees(db: Db, salonId: string): Promise<Attendee[]> {
  const rows = await db
    .select()
    .from(salonRegistrations)
    .where(eq(salonRegistrations.salonId, salonId))
    .orderBy(
      sql`case ${salonRegistrations.status} when 'confirmed' then 0 when 'waitlisted' then 1 else 2 end`,
      asc(salonRegistrations.seq),
    );
  const people = await peopleByIds(
    db,
    rows.map((r) => r.userId),
  );
  return rows.map((r) => ({
    id: r.id,
    displayName: people.get(r.userId)?.displayName ?? '',
    email: people.get(r.userId)?.email ?? '',
    status: r.status,
    shortCode: r.shortCode,
    answers: r.answers,
    registeredAt: r.createdAt,
    checkedInAt: r.checkedInAt,
  }));
}

/** The latest check-ins, newest first (for the staff page). */
export async function recentCheckIns(db: Db, salonId: string, limit = 10) {
  const rows = await db
    .select({
      userId: salonRegistrations.userId,
      at: salonRegistrations.checkedInAt,
      code: salonRegistrations.shortCode,
    })
    .from(salonRegistrations)
    .where(and(eq(salonRegistrations.salonId, salonId), isNotNull(salonRegistrations.checkedInAt)))
    .orderBy(desc(salonRegistrations.checkedInAt))
    .limit(limit);
  const people = await peopleByIds(
    db,
    rows.map((r) => r.userId),
  );
  return rows.map((r) => ({ name: people.get(r.userId)?.displayName ?? '', code: r.code, at: r.at as Date }));
}

/** Organisations a salon can name as host or co-host: all for platform admins, else those given. */
export async function hostOptions(db: Db, onlyIds?: string[]): Promise<OrgRef[]> {
  const orgs = await listOrganizations(db);
  return orgs
    .filter((o) => !onlyIds || onlyIds.includes(o.id))
    .map((o) => ({ id: o.id, slug: o.slug, nameZh: o.nameZh, nameEn: o.nameEn }));
}

export async function cohostOptions(db: Db): Promise<OrgRef[]> {
  return hostOptions(db);
}

export type BudgetLine = typeof salonBudgetLines.$inferSelect & { payer: OrgRef | undefined };

export async function listBudget(db: Db, salonId: string): Promise<BudgetLine[]> {
  const lines = await db
    .select()
    .from(salonBudgetLines)
    .where(eq(salonBudgetLines.salonId, salonId))
    .orderBy(asc(salonBudgetLines.position));
  const orgs = await organizationsByIds(
    db,
    lines.map((l) => l.payerOrgId).filter((x): x is string => !!x),
  );
  return lines.map((l) => ({ ...l, payer: l.payerOrgId ? orgs.get(l.payerOrgId) : undefined }));
}

export type SeriesCostRow = {
  salon: Salon;
  plannedCny: number;
  actualCny: number;
  confirmed: number;
  checkedIn: number;
  walkIns: number;
  viewers: number;
  /** Actual cost per person in the room (checked in plus walk-ins; per confirmed one before the day), in yuan. */
  perAttendee: number | null;
  /** Actual cost per thousand online viewers, in yuan. */
  perThousandViewers: number | null;
};

/** The series cost report: planned and actual totals per salon, and the cost per attendee. */
export async function seriesCostReport(db: Db, seriesId: string): Promise<SeriesCostRow[]> {
  const list = (await listSalons(db, { seriesId, includeDrafts: true })).reverse();
  if (list.length === 0) return [];
  const ids = list.map((s) => s.id);
  const totals = await db
    .select({
      salonId: salonBudgetLines.salonId,
      planned: sql<number>`coalesce(sum(${salonBudgetLines.plannedCny}), 0)::int`,
      actual: sql<number>`coalesce(sum(${salonBudgetLines.actualCny}), 0)::int`,
    })
    .from(salonBudgetLines)
    .where(inArray(salonBudgetLines.salonId, ids))
    .groupBy(salonBudgetLines.salonId);
  const people = await db
    .select({
      salonId: salonRegistrations.salonId,
      confirmed: sql<number>`count(*) filter (where ${salonRegistrations.status} = 'confirmed')::int`,
      checkedIn: sql<number>`count(${salonRegistrations.checkedInAt})::int`,
    })
    .from(salonRegistrations)
    .where(inArray(salonRegistrations.salonId, ids))
    .groupBy(salonRegistrations.salonId);
  const walkIns = await db
    .select({ salonId: salonWalkIns.salonId, n: sql<number>`count(*)::int` })
    .from(salonWalkIns)
    .where(inArray(salonWalkIns.salonId, ids))
    .groupBy(salonWalkIns.salonId);
  const online = await db
    .select({ salonId: salonStreams.salonId, n: sql<number>`coalesce(sum(${salonStreams.viewers}), 0)::int` })
    .from(salonStreams)
    .where(inArray(salonStreams.salonId, ids))
    .groupBy(salonStreams.salonId);
  return list.map((salon) => {
    const money = totals.find((t) => t.salonId === salon.id);
    const heads = people.find((p) => p.salonId === salon.id);
    const walkInCount = Number(walkIns.find((w) => w.salonId === salon.id)?.n ?? 0);
    const viewers = Number(online.find((o) => o.salonId === salon.id)?.n ?? 0);
    const actual = Number(money?.actual ?? 0);
    const inRoom = Number(heads?.checkedIn ?? 0) + walkInCount;
    const c = costs(actual, inRoom || Number(heads?.confirmed ?? 0), viewers);
    return {
      salon,
      plannedCny: Number(money?.planned ?? 0),
      actualCny: actual,
      confirmed: Number(heads?.confirmed ?? 0),
      checkedIn: Number(heads?.checkedIn ?? 0),
      walkIns: walkInCount,
      viewers,
      perAttendee: c.perAttendee,
      perThousandViewers: c.perThousandViewers,
    };
  });
}

export type Channel = typeof salonChannels.$inferSelect & { owner: OrgRef | undefined };

export async function listChannels(db: Db, salonId: string): Promise<Channel[]> {
  const rows = await db
    .select()
    .from(salonChannels)
    .where(eq(salonChannels.salonId, salonId))
    .orderBy(asc(salonChannels.windowStart), asc(salonChannels.createdAt));
  const orgs = await organizationsByIds(
    db,
    rows.map((r) => r.ownerOrgId),
  );
  return rows.map((r) => ({ ...r, owner: orgs.get(r.ownerOrgId) }));
}

export type HostedSalon = {
  id: string;
  number: number;
  title: string;
  city: string;
  startsAt: Date;
  timezone: string;
};

/** Published salons an organisation hosted or will host, newest first (for member pages). */
export async function salonsHostedBy(db: Db, orgId: string): Promise<HostedSalon[]> {
  return db
    .select({
      id: salons.id,
      number: salons.number,
      title: salons.title,
      city: salons.city,
      startsAt: salons.startsAt,
      timezone: salons.timezone,
    })
    .from(salons)
    .where(and(eq(salons.hostOrgId, orgId), sql`${salons.status} <> 'draft'`))
    .orderBy(desc(salons.startsAt));
}

export type OrgMemberTalk = {
  salonId: string;
  salonNumber: number;
  salonTitle: string;
  startsAt: Date;
  timezone: string;
  title: string;
  speakerName: string;
};

/**
 * Talks on published salons' agendas given by people who belong to these organisations, by
 * organisation, newest salon first (for member pages and the wall's static export; the members
 * module reads salons only through this). Two queries however many organisations are asked about.
 */
export async function talksByOrganizationMembers(
  db: Db,
  orgIds: string[],
): Promise<Map<string, OrgMemberTalk[]>> {
  const out = new Map<string, OrgMemberTalk[]>();
  if (orgIds.length === 0) return out;
  const rows = await db
    .select({
      salonId: salons.id,
      salonNumber: salons.number,
      salonTitle: salons.title,
      startsAt: salons.startsAt,
      timezone: salons.timezone,
      title: salonAgendaItems.title,
      speakerId: salonAgendaItems.speakerId,
    })
    .from(salonAgendaItems)
    .innerJoin(salons, eq(salons.id, salonAgendaItems.salonId))
    .where(and(isNotNull(salonAgendaItems.speakerId), sql`${salons.status} <> 'draft'`))
    .orderBy(desc(salons.startsAt), asc(salonAgendaItems.position));
  if (rows.length === 0) return out;
  const wanted = new Set(orgIds);
  const people = await organizationsOfPeople(
    db,
    rows.map((r) => r.speakerId as string),
  );
  for (const { speakerId, ...talk } of rows) {
    for (const p of people) {
      if (p.userId !== speakerId || !wanted.has(p.orgId)) continue;
      out.set(p.orgId, [...(out.get(p.orgId) ?? []), { ...talk, speakerName: p.displayName }]);
    }
  }
  return out;
}

/** The published talks one person gave, newest first: what their public speaker page lists. */
export async function talksBySpeaker(db: Db, userId: string): Promise<Omit<OrgMemberTalk, 'speakerName'>[]> {
  return db
    .select({
      salonId: salons.id,
      salonNumber: salons.number,
      salonTitle: salons.title,
      startsAt: salons.startsAt,
      timezone: salons.timezone,
      title: salonAgendaItems.title,
    })
    .from(salonAgendaItems)
    .innerJoin(salons, eq(salons.id, salonAgendaItems.salonId))
    .where(and(eq(salonAgendaItems.speakerId, userId), sql`${salons.status} <> 'draft'`))
    .orderBy(desc(salons.startsAt), asc(salonAgendaItems.position));
}

export type AgendaItemRow = typeof salonAgendaItems.$inferSelect;

export async function findAgendaItem(
  db: Db,
  salonId: string,
  itemId: string,
): Promise<AgendaItemRow | undefined> {
  const [row] = await db
    .select()
    .from(salonAgendaItems)
    .where(and(eq(salonAgendaItems.id, itemId), eq(salonAgendaItems.salonId, salonId)));
  return row;
}

/** A speaker invitation by the token in its link, with its talk and salon. */
export async function findSpeakerInvite(db: Db, token: string) {
  const [row] = await db
    .select({
      invite: salonSpeakerInvites,
      item: { id: salonAgendaItems.id, title: salonAgendaItems.title, salonId: salonAgendaItems.salonId },
      salon: {
        title: salons.title,
        startsAt: salons.startsAt,
        endsAt: salons.endsAt,
        timezone: salons.timezone,
      },
    })
    .from(salonSpeakerInvites)
    .innerJoin(salonAgendaItems, eq(salonAgendaItems.id, salonSpeakerInvites.itemId))
    .innerJoin(salons, eq(salons.id, salonAgendaItems.salonId))
    .where(eq(salonSpeakerInvites.tokenDigest, digest(token)));
  return row;
}

export type Stream = typeof salonStreams.$inferSelect;

export function listStreams(db: Db, salonId: string): Promise<Stream[]> {
  return db
    .select()
    .from(salonStreams)
    .where(eq(salonStreams.salonId, salonId))
    .orderBy(asc(salonStreams.platform));
}

/** The attention lift per keyword around the salon's local day, keywords in alphabetical order. */
export async function attentionLifts(
  db: Db,
  salon: { id: string; startsAt: Date; timezone: string },
): Promise<Lift[]> {
  const rows = await db
    .select({ keyword: salonAttention.keyword, day: salonAttention.day, value: salonAttention.value })
    .from(salonAttention)
    .where(eq(salonAttention.salonId, salon.id));
  const day = instantToZoned(salon.startsAt, salon.timezone).slice(0, 10);
  const byKeyword = new Map<string, Array<{ day: string; value: number }>>();
  for (const r of rows) byKeyword.set(r.keyword, [...(byKeyword.get(r.keyword) ?? []), r]);
  return [...byKeyword]
    .sort((a, b) => a[0].localeCompare(b[0], 'zh-CN'))
    .map(([keyword, points]) => attentionLift(keyword, points, day));
}

export type RecentRecap = {
  salonId: string;
  salonTitle: string;
  itemId: string;
  title: string;
  speakerName: string | undefined;
  replayUrl: string;
  hasRecap: boolean;
  recapAt: Date;
};

/** The latest talks with a replay or a recap, newest first, from salons shown to the public. */
export async function latestRecaps(db: Db, limit = 6): Promise<RecentRecap[]> {
  const rows = await db
    .select({
      salonId: salons.id,
      salonTitle: salons.title,
      itemId: salonAgendaItems.id,
      title: salonAgendaItems.title,
      speakerId: salonAgendaItems.speakerId,
      replayUrl: salonAgendaItems.replayUrl,
      recap: salonAgendaItems.recap,
      recapAt: salonAgendaItems.recapAt,
    })
    .from(salonAgendaItems)
    .innerJoin(salons, eq(salons.id, salonAgendaItems.salonId))
    .where(
      and(
        isNotNull(salonAgendaItems.recapAt),
        sql`${salons.status} <> 'draft'`,
        sql`(${salonAgendaItems.replayUrl} <> '' or ${salonAgendaItems.recap} <> '')`,
      ),
    )
    .orderBy(desc(salonAgendaItems.recapAt))
    .limit(limit);
  const people = await peopleByIds(
    db,
    rows.map((r) => r.speakerId).filter((x): x is string => !!x),
  );
  return rows.map((r) => ({
    salonId: r.salonId,
    salonTitle: r.salonTitle,
    itemId: r.itemId,
    title: r.title,
    speakerName: r.speakerId ? people.get(r.speakerId)?.displayName : undefined,
    replayUrl: r.replayUrl,
    hasRecap: r.recap !== '',
    recapAt: r.recapAt as Date,
  }));
}

/** Registrations per day of the salon's time zone (every registration, by when it was made). */
export async function registrationsPerDay(
  db: Db,
  salon: { id: string; timezone: string },
): Promise<Array<{ day: string; n: number }>> {
  const day = sql<string>`to_char(${salonRegistrations.createdAt} at time zone ${salon.timezone}, 'YYYY-MM-DD')`;
  const rows = await db
    .select({ day, n: count() })
    .from(salonRegistrations)
    .where(eq(salonRegistrations.salonId, salon.id))
    // By position: the day expression carries a parameter, and PostgreSQL does not match two
    // separately parameterised copies of it.
    .groupBy(sql`1`);
  return rows.map((r) => ({ day: r.day, n: Number(r.n) }));
}

/** The salon's actual spending so far, in yuan (lines without an actual amount count as 0). */
export async function actualCost(db: Db, salonId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${salonBudgetLines.actualCny}), 0)::int` })
    .from(salonBudgetLines)
    .where(eq(salonBudgetLines.salonId, salonId));
  return Number(row?.n ?? 0);
}

/** When the job last drew the salon's poster in this format (undefined: not yet). */
export async function posterRenderedAt(db: Db, salonId: string, format: string): Promise<Date | undefined> {
  const [row] = await db
    .select({ at: salonPosters.renderedAt })
    .from(salonPosters)
    .where(and(eq(salonPosters.salonId, salonId), eq(salonPosters.format, format)));
  return row?.at;
}

/** A stored poster's PNG, if the job has drawn it. */
export async function findPoster(db: Db, salonId: string, format: string): Promise<Uint8Array | undefined> {
  const [row] = await db
    .select({ png: salonPosters.png })
    .from(salonPosters)
    .where(and(eq(salonPosters.salonId, salonId), eq(salonPosters.format, format)));
  return row?.png;
}
