/**
 * Okapi BM25 over a small in-memory collection (one course's lessons and question explanations,
 * a few hundred passages at most, so no index store is needed). Scores follow Robertson's
 * formula with the non-negative idf of Lucene: idf = ln(1 + (N − df + 0.5) / (df + 0.5)).
 */

export type Bm25Options = { k1?: number; b?: number };

export type Ranked<T> = { item: T; score: number };

export class Bm25Index<T> {
  private readonly docs: { item: T; tf: Map<string, number>; length: number }[] = [];
  private readonly df = new Map<string, number>();
  private totalLength = 0;
  private readonly k1: number;
  private readonly b: number;

  constructor(opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
  }

  add(item: T, terms: string[]): void {
    const tf = new Map<string, number>();
    for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + 1);
    for (const term of tf.keys()) this.df.set(term, (this.df.get(term) ?? 0) + 1);
    this.docs.push({ item, tf, length: terms.length });
    this.totalLength += terms.length;
  }

  get size(): number {
    return this.docs.length;
  }

  idf(term: string): number {
    const n = this.docs.length;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Documents with a positive score, best first (ties keep insertion order). */
  search(queryTerms: string[], limit = 5): Ranked<T>[] {
    if (this.docs.length === 0) return [];
    const avgLength = this.totalLength / this.docs.length || 1;
    // A term repeated in the question counts once: people repeat words, not intent.
    const unique = [...new Set(queryTerms)];
    const scored: Ranked<T>[] = [];
    for (const doc of this.docs) {
      let score = 0;
      for (const term of unique) {
        const f = doc.tf.get(term);
        if (!f) continue;
        const norm = this.k1 * (1 - this.b + (this.b * doc.length) / avgLength);
        score += (this.idf(term) * (f * (this.k1 + 1))) / (f + norm);
      }
      if (score > 0) scored.push({ item: doc.item, score });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
