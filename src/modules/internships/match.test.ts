import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type MatchInput, stableMatch, strictOrder } from './match.ts';

type VectorCase = {
  name: string;
  applicants: MatchInput['students'];
  positions: MatchInput['postings'];
  capacity: MatchInput['capacity'];
  expected: Record<string, string[]>;
};
const vectors = JSON.parse(
  readFileSync(path.resolve(process.cwd(), '../shared/vectors/hospital-residents.json'), 'utf8'),
) as { cases: VectorCase[] };

/** No student and posting both prefer each other to what they got (and each other is acceptable). */
function blockingPairs(input: MatchInput, assignments: Record<string, string[]>): string[] {
  const at = new Map<string, string>();
  for (const [p, ss] of Object.entries(assignments)) for (const s of ss) at.set(s, p);
  const found: string[] = [];
  for (const [s, list] of Object.entries(input.students)) {
    const mine = at.get(s);
    for (const p of list) {
      if (p === mine) break;
      const ranks = input.postings[p] ?? [];
      if (!ranks.includes(s)) continue;
      const held = assignments[p] ?? [];
      const cap = input.capacity[p] ?? 0;
      if (cap === 0) continue;
      if (held.length < cap || held.some((h) => ranks.indexOf(h) > ranks.indexOf(s))) found.push(`${s}-${p}`);
    }
  }
  return found;
}

describe('stableMatch', () => {
  for (const c of vectors.cases) {
    it(`matches the shared vector "${c.name}"`, () => {
      const input = { students: c.applicants, postings: c.positions, capacity: c.capacity };
      const result = stableMatch(input);
      expect(result.assignments).toEqual(c.expected);
      expect(blockingPairs(input, result.assignments)).toEqual([]);
    });
  }

  it('gives nobody a seat at a posting with capacity 0, and says so', () => {
    const r = stableMatch({
      students: { a: ['X', 'Y'] },
      postings: { X: ['a'], Y: ['a'] },
      capacity: { X: 0, Y: 1 },
    });
    expect(r.assignments).toEqual({ X: [], Y: ['a'] });
    expect(r.outcomes.a).toEqual({
      student: 'a',
      posting: 'Y',
      choice: 2,
      misses: [{ posting: 'X', reason: 'no_capacity' }],
    });
  });

  it('never matches a pair only one side ranked', () => {
    const r = stableMatch({
      students: { a: ['X'], b: [] },
      postings: { X: ['b'] },
      capacity: { X: 3 },
    });
    expect(r.assignments).toEqual({ X: [] });
    expect(r.outcomes.a).toEqual({
      student: 'a',
      posting: null,
      choice: null,
      misses: [{ posting: 'X', reason: 'unranked' }],
    });
    expect(r.outcomes.b).toEqual({ student: 'b', posting: null, choice: null, misses: [] });
  });

  it('explains a miss by capacity when the seats went to applicants ranked higher', () => {
    const r = stableMatch({
      students: { a: ['X', 'Y'], b: ['X'] },
      postings: { X: ['b', 'a'], Y: ['a'] },
      capacity: { X: 1, Y: 1 },
    });
    expect(r.assignments).toEqual({ X: ['b'], Y: ['a'] });
    expect(r.outcomes.a.misses).toEqual([{ posting: 'X', reason: 'capacity' }]);
    expect(r.outcomes.a.choice).toBe(2);
  });

  it('handles empty lists and a posting missing from the round', () => {
    expect(stableMatch({ students: {}, postings: {}, capacity: {} })).toEqual({
      assignments: {},
      outcomes: {},
    });
    const r = stableMatch({ students: { a: ['gone'] }, postings: {}, capacity: {} });
    expect(r.outcomes.a.misses).toEqual([{ posting: 'gone', reason: 'unknown_posting' }]);
  });

  it('is the student-optimal matching: a student swap the company would accept is taken', () => {
    // Both stable matchings exist; students get their first choices in the student-optimal one.
    const r = stableMatch({
      students: { a: ['X', 'Y'], b: ['Y', 'X'] },
      postings: { X: ['b', 'a'], Y: ['a', 'b'] },
      capacity: { X: 1, Y: 1 },
    });
    expect(r.assignments).toEqual({ X: ['a'], Y: ['b'] });
  });

  it('gives the same result whatever order the students are listed in', () => {
    const students = { a: ['X', 'Y'], b: ['X', 'Y'], c: ['X', 'Y'], d: ['Y', 'X'] };
    const postings = { X: ['d', 'c', 'b', 'a'], Y: ['a', 'b', 'c', 'd'] };
    const capacity = { X: 2, Y: 1 };
    const forward = stableMatch({ students, postings, capacity });
    const reversed = stableMatch({
      students: Object.fromEntries(Object.entries(students).reverse()),
      postings,
      capacity,
    });
    expect(reversed.assignments).toEqual(forward.assignments);
    expect(forward.assignments).toEqual({ X: ['d', 'c'], Y: ['a'] });
    expect(forward.outcomes.b.misses).toEqual([
      { posting: 'X', reason: 'capacity' },
      { posting: 'Y', reason: 'capacity' },
    ]);
  });
});

describe('strictOrder', () => {
  it('breaks equal ranks by a key fixed per round, the same on every run', () => {
    const entries = [
      { id: 's1', rank: 1 },
      { id: 's2', rank: 1 },
      { id: 's3', rank: 1 },
      { id: 's0', rank: 0 },
    ];
    const once = strictOrder('round-1', entries);
    expect(once[0]).toBe('s0');
    expect(strictOrder('round-1', [...entries].reverse())).toEqual(once);
    expect(new Set(once)).toEqual(new Set(['s0', 's1', 's2', 's3']));
  });
});
