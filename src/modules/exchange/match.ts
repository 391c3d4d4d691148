/**
 * Mutual matching (ADR 0037). How well party B answers party A is s(A→B): for each of A's open
 * needs n and each of B's open offers o,
 *
 *   fit(n, o) = 0.4·[same category] + 0.3·Jaccard(tags) + 0.3·(1 − e^(−BM25(n→o)/4))
 *
 * and s(A→B) is the best fit over all pairs (one well-answered need is worth an introduction; an
 * average would punish a party for posting many needs). BM25 compares the jieba terms of the need
 * with those of the offer, with idf over every open offer on the board, so a common word such as
 * 数据库 counts for little and 时序 for much. The mutual score is the harmonic mean of s(A→B) and
 * s(B→A): both sides must get something, and a lopsided pair scores near its weaker side. A
 * "no thanks" or a competitor exclusion sets the pair to 0 (the caller filters those out first).
 * Pure functions over plain values: the queries gather the posts and statistics.
 */

export type MatchPost = {
  id: string;
  kind: 'offer' | 'need';
  party: string;
  category: string;
  tags: readonly string[];
  terms: readonly string[];
};

/** What idf needs: the number of open posts of the compared kind, their mean length, and df of terms. */
export type CollectionStats = { docs: number; avgLength: number; df: ReadonlyMap<string, number> };

export type Reason =
  | { kind: 'category'; category: string }
  | { kind: 'tags'; tags: string[] }
  | { kind: 'words'; words: string[] };

export type PairFit = { needId: string; offerId: string; score: number; reasons: Reason[] };

const WEIGHTS = { category: 0.4, tags: 0.3, text: 0.3 } as const;
const K1 = 1.2;
const B = 0.75;
/** A BM25 sum of 4 (two rare shared words) reads as a text similarity of 0.63. */
const TEXT_SCALE = 4;

export function idf(stats: CollectionStats, term: string): number {
  const df = stats.df.get(term) ?? 0;
  return Math.log(1 + (stats.docs - df + 0.5) / (df + 0.5));
}

/** BM25 of a need's terms against one offer, and the shared terms that scored (best first). */
export function bm25(stats: CollectionStats, query: readonly string[], doc: readonly string[]) {
  const tf = new Map<string, number>();
  for (const t of doc) tf.set(t, (tf.get(t) ?? 0) + 1);
  const norm = K1 * (1 - B + (B * doc.length) / (stats.avgLength || 1));
  let score = 0;
  const shared: Array<{ term: string; part: number }> = [];
  for (const term of new Set(query)) {
    const f = tf.get(term);
    if (!f) continue;
    const part = (idf(stats, term) * (f * (K1 + 1))) / (f + norm);
    score += part;
    shared.push({ term, part });
  }
  shared.sort((a, b) => b.part - a.part || a.term.localeCompare(b.term));
  return { score, shared: shared.map((s) => s.term) };
}

function jaccard(a: readonly string[], b: readonly string[]): { value: number; shared: string[] } {
  if (a.length === 0 || b.length === 0) return { value: 0, shared: [] };
  const setB = new Set(b);
  const shared = [...new Set(a)].filter((x) => setB.has(x));
  const union = new Set([...a, ...b]).size;
  return { value: shared.length / union, shared };
}

/** How well one offer answers one need, in [0, 1], with the reasons that made it. */
export function pairFit(stats: CollectionStats, need: MatchPost, offer: MatchPost): PairFit {
  const reasons: Reason[] = [];
  const sameCategory = need.category === offer.category;
  if (sameCategory) reasons.push({ kind: 'category', category: need.category });
  const tags = jaccard(need.tags, offer.tags);
  if (tags.shared.length) reasons.push({ kind: 'tags', tags: tags.shared });
  const text = bm25(stats, need.terms, offer.terms);
  // Words already named as tags say nothing new.
  const words = text.shared.filter((w) => !tags.shared.includes(w)).slice(0, 5);
  if (words.length) reasons.push({ kind: 'words', words });
  const score =
    WEIGHTS.category * (sameCategory ? 1 : 0) +
    WEIGHTS.tags * tags.value +
    WEIGHTS.text * (1 - Math.exp(-text.score / TEXT_SCALE));
  return { needId: need.id, offerId: offer.id, score, reasons };
}

/** s(A→B): the best fit of B's offers to A's needs (score 0 and no pair when nothing fits). */
export function directional(
  stats: CollectionStats,
  needs: readonly MatchPost[],
  offers: readonly MatchPost[],
): PairFit | undefined {
  let best: PairFit | undefined;
  for (const n of needs) {
    for (const o of offers) {
      const f = pairFit(stats, n, o);
      if (f.score > 0 && (!best || f.score > best.score)) best = f;
    }
  }
  return best;
}

/** Harmonic mean: 0 when either side gets nothing. */
export function mutualScore(ab: number, ba: number): number {
  return ab > 0 && ba > 0 ? (2 * ab * ba) / (ab + ba) : 0;
}

/** Reasons as stored with an introduction and shown on a suggestion: `category:talent`, `tags:a,b`, `words:x,y`. */
export function reasonStrings(reasons: readonly Reason[]): string[] {
  return reasons.map((r) =>
    r.kind === 'category'
      ? `category:${r.category}`
      : r.kind === 'tags'
        ? `tags:${r.tags.join(',')}`
        : `words:${r.words.join(',')}`,
  );
}
