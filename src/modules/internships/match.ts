/**
 * Stable match rounds: student-proposing deferred acceptance with capacities (Gale–Shapley, the
 * hospital/residents form of Gusfield & Irving 1989), the rules NRMP uses. Pure and synchronous, no
 * database: the service loads a round's rankings, calls `stableMatch`, and stores what it returns.
 *
 * Rules (ADR 0036):
 * - A pair is acceptable only when both sides ranked it: a student never lands at a posting that did
 *   not rank them, nor at one they did not rank.
 * - A posting with capacity 0 (or none given) takes nobody.
 * - The result is the student-optimal stable matching: no student and posting would both rather
 *   have each other than what they got.
 * - Rankings are strict orders. Ties the service finds (two applicants given the same rank) are
 *   broken before this is called, by a deterministic key (`tieBreakKey`), so a re-run gives the
 *   same result.
 */
import { createHash } from 'node:crypto';

export type MatchInput = {
  /** student → postings, most wanted first. */
  students: Readonly<Record<string, readonly string[]>>;
  /** posting → students, most wanted first. */
  postings: Readonly<Record<string, readonly string[]>>;
  /** posting → seats. Missing means 0. */
  capacity: Readonly<Record<string, number>>;
};

/** Why a student did not get a posting ranked above what they got (or any posting, if unmatched). */
export type MissReason =
  /** The posting did not rank this student (or the student is not in the round's lists). */
  | 'unranked'
  /** The posting has no seats in this round. */
  | 'no_capacity'
  /** Every seat went to applicants the posting ranked higher. */
  | 'capacity'
  /** The posting is not part of this round. */
  | 'unknown_posting';

export type StudentOutcome = {
  student: string;
  /** The posting matched, or null. */
  posting: string | null;
  /** 1-based position of the matched posting in the student's list, or null. */
  choice: number | null;
  /** For each posting ranked above the match (all of them when unmatched), why it was not this one. */
  misses: { posting: string; reason: MissReason }[];
};

export type MatchResult = {
  /** posting → matched students, in the posting's order of preference (every posting listed). */
  assignments: Record<string, string[]>;
  outcomes: Record<string, StudentOutcome>;
};

/**
 * Runs student-proposing deferred acceptance. O(total length of the lists · log seats): each
 * student proposes down their list at most once per entry; each posting keeps its held students in
 * a max-heap by its rank of them, so the worst held one is evicted in O(log seats).
 */
export function stableMatch(input: MatchInput): MatchResult {
  const postingIds = Object.keys(input.postings);
  for (const id of Object.keys(input.capacity)) if (!(id in input.postings)) postingIds.push(id);
  const postingIndex = new Map(postingIds.map((id, i) => [id, i]));
  const studentIds = Object.keys(input.students);
  const studentIndex = new Map(studentIds.map((id, i) => [id, i]));

  // Every student's list flattened (CSR: `offsets[s]` … `offsets[s + 1]`) as posting indexes, -1 for
  // a posting not in the round; typed arrays keep a 1,000,000-entry round clear of the GC.
  const offsets = new Int32Array(studentIds.length + 1);
  studentIds.forEach((id, s) => {
    offsets[s + 1] = offsets[s] + input.students[id].length;
  });
  const choice = new Int32Array(offsets[studentIds.length]);
  const perPosting = new Int32Array(postingIds.length + 1);
  studentIds.forEach((id, s) => {
    const list = input.students[id];
    for (let i = 0; i < list.length; i++) {
      const p = postingIndex.get(list[i]) ?? -1;
      choice[offsets[s] + i] = p;
      if (p >= 0) perPosting[p + 1]++;
    }
  });
  // Who chose each posting (entry positions into `choice`), to look up the posting's rank of them.
  for (let p = 0; p < postingIds.length; p++) perPosting[p + 1] += perPosting[p];
  const fill = perPosting.slice(0, postingIds.length);
  const chosenBy = new Int32Array(perPosting[postingIds.length]);
  for (let s = 0; s < studentIds.length; s++) {
    for (let e = offsets[s]; e < offsets[s + 1]; e++) {
      const p = choice[e];
      if (p >= 0) chosenBy[fill[p]++] = e;
    }
  }
  // rank[e]: the posting's rank of the student at entry e (lower is better), -1 when unranked.
  const rank = new Int32Array(choice.length).fill(-1);
  const ownerOf = new Int32Array(choice.length);
  for (let s = 0; s < studentIds.length; s++) ownerOf.fill(s, offsets[s], offsets[s + 1]);
  const rankOf = new Int32Array(studentIds.length).fill(-1);
  postingIds.forEach((id, p) => {
    const list = input.postings[id] ?? [];
    const seen: number[] = [];
    for (let r = 0; r < list.length; r++) {
      const s = studentIndex.get(list[r]);
      if (s !== undefined && rankOf[s] < 0) {
        rankOf[s] = r;
        seen.push(s);
      }
    }
    for (let k = perPosting[p]; k < perPosting[p + 1]; k++) {
      const e = chosenBy[k];
      rank[e] = rankOf[ownerOf[e]];
    }
    for (const s of seen) rankOf[s] = -1;
  });
  const seats = postingIds.map((id) => Math.max(0, Math.floor(input.capacity[id] ?? 0)));

  const held: Heap[] = postingIds.map(() => new Heap());
  const next = new Int32Array(studentIds.length);
  for (let s = 0; s < studentIds.length; s++) next[s] = offsets[s];
  const matchedAt = new Int32Array(studentIds.length).fill(-1);
  // A stack of free students; starting in reverse keeps the first student first (any order gives
  // the same student-optimal result, but a fixed order keeps the work repeatable).
  const free: number[] = [];
  for (let s = studentIds.length - 1; s >= 0; s--) free.push(s);

  while (free.length > 0) {
    const s = free.pop() as number;
    const end = offsets[s + 1];
    while (next[s] < end) {
      const e = next[s]++;
      const p = choice[e];
      const r = rank[e];
      if (p < 0 || r < 0 || seats[p] === 0) continue;
      const heap = held[p];
      if (heap.size < seats[p]) {
        heap.push(r, s);
        matchedAt[s] = e;
        break;
      }
      if (heap.topRank() > r) {
        const evicted = heap.replaceTop(r, s);
        matchedAt[s] = e;
        matchedAt[evicted] = -1;
        free.push(evicted);
        break;
      }
    }
  }

  const assignments: Record<string, string[]> = {};
  postingIds.forEach((id, p) => {
    assignments[id] = held[p].items().map((s) => studentIds[s]);
  });
  const outcomes: Record<string, StudentOutcome> = {};
  studentIds.forEach((id, s) => {
    const e = matchedAt[s];
    const list = input.students[id];
    const upto = e < 0 ? list.length : e - offsets[s];
    const misses: StudentOutcome['misses'] = [];
    for (let i = 0; i < upto; i++) {
      const q = choice[offsets[s] + i];
      const reason: MissReason =
        q < 0
          ? 'unknown_posting'
          : seats[q] === 0
            ? 'no_capacity'
            : rank[offsets[s] + i] >= 0
              ? 'capacity'
              : 'unranked';
      misses.push({ posting: list[i], reason });
    }
    outcomes[id] = {
      student: id,
      posting: e < 0 ? null : postingIds[choice[e]],
      choice: e < 0 ? null : upto + 1,
      misses,
    };
  });
  return { assignments, outcomes };
}

/**
 * The key that orders applicants a company ranked equally: a hash of the round and the student, so
 * the order is fixed for a round, differs between rounds, and favours no one by name or sign-up date.
 */
export function tieBreakKey(roundId: string, studentId: string): string {
  return createHash('sha256').update(`${roundId}\u0000${studentId}`).digest('hex');
}

/** Orders `{ id, rank }` entries by rank, equal ranks by `tieBreakKey`. */
export function strictOrder(roundId: string, entries: readonly { id: string; rank: number }[]): string[] {
  return entries
    .map((e) => ({ ...e, key: tieBreakKey(roundId, e.id) }))
    .sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((e) => e.id);
}

/** A max-heap of (rank, student) by rank: the top is the held student the posting likes least. */
class Heap {
  private ranks: number[] = [];
  private ids: number[] = [];
  get size() {
    return this.ranks.length;
  }
  topRank() {
    return this.ranks[0];
  }
  push(rank: number, id: number) {
    this.ranks.push(rank);
    this.ids.push(id);
    let i = this.ranks.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.ranks[parent] >= this.ranks[i]) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  /** Replaces the top with (rank, id); returns the id that was on top. */
  replaceTop(rank: number, id: number): number {
    const out = this.ids[0];
    this.ranks[0] = rank;
    this.ids[0] = id;
    let i = 0;
    const n = this.ranks.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let big = i;
      if (l < n && this.ranks[l] > this.ranks[big]) big = l;
      if (r < n && this.ranks[r] > this.ranks[big]) big = r;
      if (big === i) break;
      this.swap(i, big);
      i = big;
    }
    return out;
  }
  /** Held students, best ranked first. */
  items(): number[] {
    return this.ranks
      .map((r, k) => [r, this.ids[k]] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, id]) => id);
  }
  private swap(a: number, b: number) {
    [this.ranks[a], this.ranks[b]] = [this.ranks[b], this.ranks[a]];
    [this.ids[a], this.ids[b]] = [this.ids[b], this.ids[a]];
  }
}
