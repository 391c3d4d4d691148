/**
 * Suggestions for one party: who answers its needs and whose needs it answers, scored by
 * `match.ts`, with the reasons and the caps. Four statements whatever the board's size: the
 * party's own posts; the open offers that share a term, a tag or a category with its needs (GIN
 * indexes); those parties' open needs; and the collection statistics for idf. Blocked pairs score
 * 0 and are left out; parties with a full inbox are shown as such and cannot be asked.
 */
import { and, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { type CollectionStats, directional, type MatchPost, mutualScore, type PairFit } from './match.ts';
import {
  type Category,
  exchangeBlocks,
  exchangeIntroductions,
  exchangeOfferTerms,
  exchangePosts,
} from './schema.ts';

/** A party may have this many of its own requests waiting for an answer at once. */
export const OUTGOING_CAP = 5;
/**
 * A party receives at most this many waiting requests; beyond it, it is not suggested until it
 * answers some, so the most popular parties do not absorb every introduction.
 */
export const INCOMING_CAP = 8;

/** How many of the offers sharing most with a party's needs are scored in full (ADR 0037). */
export const CANDIDATE_OFFERS = 300;

export type Suggestion = {
  party: string;
  score: number;
  /** s(me→them): how well their offers answer my needs; and the pair that made it. */
  forward: PairFit | undefined;
  /** s(them→me). */
  backward: PairFit | undefined;
  atCapacity: boolean;
  /** An introduction between the two already asked for or accepted. */
  open?: { id: string; status: 'requested' | 'accepted' };
};

const matchColumns = {
  id: exchangePosts.id,
  kind: exchangePosts.kind,
  party: exchangePosts.party,
  category: exchangePosts.category,
  tags: exchangePosts.tags,
  terms: exchangePosts.terms,
};

const open = eq(exchangePosts.status, 'open');

async function postsOf(db: Db, parties: string[]): Promise<MatchPost[]> {
  if (parties.length === 0) return [];
  return db
    .select(matchColumns)
    .from(exchangePosts)
    .where(and(open, inArray(exchangePosts.party, parties)));
}

/** idf statistics over every open offer (what needs are compared against), for the given terms only. */
export async function offerStats(db: Db, terms: string[]): Promise<CollectionStats> {
  const [totals] = await queryRows<{ docs: number | string; avg: number | string | null }>(
    db,
    sql`select count(*) as docs, avg(cardinality(terms))::float8 as avg
      from exchange_posts where kind = 'offer' and status = 'open'`,
  );
  const df = new Map<string, number>();
  if (terms.length) {
    const rows = await db
      .select()
      .from(exchangeOfferTerms)
      .where(inArray(exchangeOfferTerms.term, [...new Set(terms)]));
    for (const r of rows) df.set(r.term, r.offers);
  }
  return { docs: Number(totals.docs), avgLength: Number(totals.avg ?? 0), df };
}

async function blockedWith(db: Db, party: string): Promise<Set<string>> {
  const rows = await db
    .select({ party: exchangeBlocks.party, other: exchangeBlocks.other })
    .from(exchangeBlocks)
    .where(or(eq(exchangeBlocks.party, party), eq(exchangeBlocks.other, party)));
  return new Set(rows.map((r) => (r.party === party ? r.other : r.party)));
}

/** Whether either side of the pair said no thanks or excluded the other. */
export async function isBlocked(db: Db, a: string, b: string): Promise<boolean> {
  return (await blockedWith(db, a)).has(b);
}

/** Waiting requests received, by party. */
export async function incomingWaiting(db: Db, parties: string[]): Promise<Map<string, number>> {
  if (parties.length === 0) return new Map();
  const rows = await db
    .select({ party: exchangeIntroductions.toParty, n: sql<number>`count(*)::int` })
    .from(exchangeIntroductions)
    .where(
      and(eq(exchangeIntroductions.status, 'requested'), inArray(exchangeIntroductions.toParty, parties)),
    )
    .groupBy(exchangeIntroductions.toParty);
  return new Map(rows.map((r) => [r.party, Number(r.n)]));
}

function score(stats: CollectionStats, mine: MatchPost[], theirs: MatchPost[]) {
  const forward = directional(
    stats,
    mine.filter((p) => p.kind === 'need'),
    theirs.filter((p) => p.kind === 'offer'),
  );
  const backward = directional(
    stats,
    theirs.filter((p) => p.kind === 'need'),
    mine.filter((p) => p.kind === 'offer'),
  );
  return { forward, backward, score: mutualScore(forward?.score ?? 0, backward?.score ?? 0) };
}

const allTerms = (posts: MatchPost[]) => [...new Set(posts.flatMap((p) => p.terms))];

/** The score of one pair now (0 when blocked), as an introduction request records it. */
export async function pairScore(db: Db, a: string, b: string) {
  if (await isBlocked(db, a, b)) return { forward: undefined, backward: undefined, score: 0 };
  const posts = await postsOf(db, [a, b]);
  const mine = posts.filter((p) => p.party === a);
  const stats = await offerStats(db, allTerms(posts));
  return score(
    stats,
    mine,
    posts.filter((p) => p.party === b),
  );
}

/**
 * The best matches for a party, mutual score first (then how well they answer its needs). Only
 * parties whose offers answer at least one of its needs are listed; a party with needs but no
 * offers still sees them, with a mutual score of 0 that says the other side gets nothing yet.
 */
export async function suggestionsFor(db: Db, party: string, limit = 20): Promise<Suggestion[]> {
  const mine = await postsOf(db, [party]);
  const needs = mine.filter((p) => p.kind === 'need');
  if (needs.length === 0) return [];
  const needTerms = allTerms(needs);
  const needTags = [...new Set(needs.flatMap((n) => n.tags))];
  const needCategories = [...new Set(needs.map((n) => n.category))];
  const touching = [inArray(exchangePosts.category, needCategories as Category[])];
  if (needTerms.length) touching.push(sql`${exchangePosts.terms} && ${sql.param(needTerms)}::text[]`);
  if (needTags.length) touching.push(sql`${exchangePosts.tags} && ${sql.param(needTags)}::text[]`);
  // Only the offers that share the most with the needs are scored: on a busy board with a small
  // vocabulary nearly every offer shares a word, and scoring all of them costs more than it tells.
  const shared = sql`(${needCategories.length ? sql`(${exchangePosts.category} = any(${sql.param(needCategories)}::text[]))::int * 3` : sql`0`}
    + (select count(*) from unnest(${exchangePosts.tags}) x where x = any(${sql.param(needTags)}::text[])) * 2
    + (select count(*) from unnest(${exchangePosts.terms}) x where x = any(${sql.param(needTerms)}::text[])))`;
  const offers = await db
    .select(matchColumns)
    .from(exchangePosts)
    .where(and(open, eq(exchangePosts.kind, 'offer'), ne(exchangePosts.party, party), or(...touching)))
    .orderBy(desc(shared), exchangePosts.id)
    .limit(CANDIDATE_OFFERS);
  const blocked = await blockedWith(db, party);
  const candidates = [...new Set(offers.map((o) => o.party))].filter((p) => !blocked.has(p));
  if (candidates.length === 0) return [];
  const theirNeeds = await db
    .select(matchColumns)
    .from(exchangePosts)
    .where(and(open, eq(exchangePosts.kind, 'need'), inArray(exchangePosts.party, candidates)));
  const stats = await offerStats(db, allTerms(mine));
  const byParty = new Map<string, MatchPost[]>();
  for (const p of [...offers, ...theirNeeds]) {
    const list = byParty.get(p.party);
    if (list) list.push(p);
    else byParty.set(p.party, [p]);
  }
  const scored: Suggestion[] = [];
  for (const other of candidates) {
    const s = score(stats, mine, byParty.get(other) ?? []);
    if (!s.forward) continue;
    scored.push({ party: other, ...s, atCapacity: false });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      (b.forward?.score ?? 0) - (a.forward?.score ?? 0) ||
      a.party.localeCompare(b.party),
  );
  const top = scored.slice(0, limit);
  const parties = top.map((s) => s.party);
  const waiting = await incomingWaiting(db, parties);
  const existing = parties.length
    ? await db
        .select({
          id: exchangeIntroductions.id,
          from: exchangeIntroductions.fromParty,
          to: exchangeIntroductions.toParty,
          status: exchangeIntroductions.status,
        })
        .from(exchangeIntroductions)
        .where(
          and(
            inArray(exchangeIntroductions.status, ['requested', 'accepted']),
            or(
              and(
                eq(exchangeIntroductions.fromParty, party),
                inArray(exchangeIntroductions.toParty, parties),
              ),
              and(
                eq(exchangeIntroductions.toParty, party),
                inArray(exchangeIntroductions.fromParty, parties),
              ),
            ),
          ),
        )
    : [];
  for (const s of top) {
    s.atCapacity = (waiting.get(s.party) ?? 0) >= INCOMING_CAP;
    const e = existing.find((x) => x.from === s.party || x.to === s.party);
    if (e) s.open = { id: e.id, status: e.status as 'requested' | 'accepted' };
  }
  return top;
}
