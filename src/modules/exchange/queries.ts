/** Reads for the board's pages: posts, introductions with their log, and the organisers' funnel. */
import { and, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { postTerms } from './posts.ts';
import {
  type Category,
  exchangeBlocks,
  exchangeIntroductionEvents,
  exchangeIntroductions,
  exchangePosts,
  type IntroStatus,
  type PostKind,
} from './schema.ts';

export type Post = typeof exchangePosts.$inferSelect;
export type Introduction = typeof exchangeIntroductions.$inferSelect;

export const BOARD_PAGE = 50;

/** Open posts, newest first, filtered by kind, category, party and a search (words or title). */
export async function listPosts(
  db: Db,
  filter: { kind?: PostKind; category?: Category; party?: string; q?: string; includeClosed?: boolean } = {},
  limit = BOARD_PAGE,
): Promise<Post[]> {
  const where: SQL[] = [];
  if (!filter.includeClosed) where.push(eq(exchangePosts.status, 'open'));
  if (filter.kind) where.push(eq(exchangePosts.kind, filter.kind));
  if (filter.category) where.push(eq(exchangePosts.category, filter.category));
  if (filter.party) where.push(eq(exchangePosts.party, filter.party));
  const q = filter.q?.trim();
  if (q) {
    const words = postTerms(q, '');
    const tag = q.toLowerCase();
    const any: SQL[] = [sql`${exchangePosts.tags} @> ${sql.param([tag])}::text[]`];
    if (words.length) any.push(sql`${exchangePosts.terms} @> ${sql.param(words)}::text[]`);
    where.push(or(...any) as SQL);
  }
  return db
    .select()
    .from(exchangePosts)
    .where(and(...where))
    .orderBy(desc(exchangePosts.createdAt), desc(exchangePosts.id))
    .limit(limit);
}

export async function findPost(db: Db, id: string): Promise<Post | undefined> {
  const [post] = await db.select().from(exchangePosts).where(eq(exchangePosts.id, id));
  return post;
}

export async function postsByIds(db: Db, ids: string[]): Promise<Map<string, Post>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(exchangePosts).where(inArray(exchangePosts.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Introductions a set of parties asked for or received, newest first. */
export async function introductionsOf(db: Db, parties: string[]): Promise<Introduction[]> {
  if (parties.length === 0) return [];
  return db
    .select()
    .from(exchangeIntroductions)
    .where(
      or(inArray(exchangeIntroductions.fromParty, parties), inArray(exchangeIntroductions.toParty, parties)),
    )
    .orderBy(desc(exchangeIntroductions.createdAt), desc(exchangeIntroductions.id))
    .limit(200);
}

export async function findIntroduction(db: Db, id: string) {
  const [intro] = await db.select().from(exchangeIntroductions).where(eq(exchangeIntroductions.id, id));
  if (!intro) return undefined;
  const events = await db
    .select()
    .from(exchangeIntroductionEvents)
    .where(eq(exchangeIntroductionEvents.introductionId, id))
    .orderBy(exchangeIntroductionEvents.at, exchangeIntroductionEvents.id);
  return { intro, events };
}

/** The blocks a party set, newest first (so it can lift them). */
export async function blocksBy(db: Db, party: string) {
  return db
    .select()
    .from(exchangeBlocks)
    .where(eq(exchangeBlocks.party, party))
    .orderBy(desc(exchangeBlocks.createdAt));
}

export type Funnel = {
  posts: { offers: number; needs: number; parties: number };
  byStatus: Record<IntroStatus, number>;
  /** Accepted introductions by their latest outcome level (index 0–4), and those not answered yet. */
  byOutcome: number[];
  unanswered: number;
};

/** The organisers' funnel: posts → requests → accepted → outcome levels. */
export async function introductionFunnel(db: Db): Promise<Funnel> {
  const [posts] = await db
    .select({
      offers: sql<number>`count(*) filter (where kind = 'offer')::int`,
      needs: sql<number>`count(*) filter (where kind = 'need')::int`,
      parties: sql<number>`count(distinct party)::int`,
    })
    .from(exchangePosts)
    .where(eq(exchangePosts.status, 'open'));
  const rows = await db
    .select({
      status: exchangeIntroductions.status,
      outcome: exchangeIntroductions.outcome,
      n: sql<number>`count(*)::int`,
    })
    .from(exchangeIntroductions)
    .groupBy(exchangeIntroductions.status, exchangeIntroductions.outcome);
  const byStatus: Record<IntroStatus, number> = {
    requested: 0,
    accepted: 0,
    declined: 0,
    expired: 0,
    withdrawn: 0,
  };
  const byOutcome = [0, 0, 0, 0, 0];
  let unanswered = 0;
  for (const r of rows) {
    byStatus[r.status] += Number(r.n);
    if (r.status !== 'accepted') continue;
    if (r.outcome === null) unanswered += Number(r.n);
    else byOutcome[r.outcome] += Number(r.n);
  }
  return {
    posts: { offers: Number(posts.offers), needs: Number(posts.needs), parties: Number(posts.parties) },
    byStatus,
    byOutcome,
    unanswered,
  };
}

/**
 * Accepted introductions whose latest outcome is at least `level`, with when it was recorded: the
 * events behind the metrics module's "introductions that reached an outcome".
 */
export async function introductionsWithOutcome(db: Db, level = 2, since?: Date) {
  const where = [
    eq(exchangeIntroductions.status, 'accepted'),
    sql`${exchangeIntroductions.outcome} >= ${level}`,
  ];
  if (since) where.push(sql`${exchangeIntroductions.outcomeAt} >= ${since}`);
  return db
    .select({
      id: exchangeIntroductions.id,
      fromParty: exchangeIntroductions.fromParty,
      toParty: exchangeIntroductions.toParty,
      outcome: exchangeIntroductions.outcome,
      outcomeAt: exchangeIntroductions.outcomeAt,
    })
    .from(exchangeIntroductions)
    .where(and(...where))
    .orderBy(desc(exchangeIntroductions.outcomeAt));
}
