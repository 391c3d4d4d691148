import { describe, expect, it } from 'vitest';
import { normaliseScores, weightedScore } from './normalise.ts';

const criteria = [
  { key: 'impact', label: '价值', weight: 2 },
  { key: 'tech', label: '技术', weight: 1 },
];

describe('rubric normalisation on a fixed table', () => {
  it('weights criteria', () => {
    expect(weightedScore(criteria, { impact: 5, tech: 2 })).toBe(4);
  });

  it('removes a harsh judge’s bias: z-scores per judge, averaged per project', () => {
    // Judge "harsh" scores everything 2 lower than "lenient" but in the same order; "flat" gives all 3.
    const sheet = (judgeId: string, submissionId: string, s: number) => ({
      judgeId,
      submissionId,
      scores: { impact: s, tech: s },
    });
    const result = normaliseScores(criteria, [
      sheet('lenient', 'A', 5),
      sheet('lenient', 'B', 4),
      sheet('lenient', 'C', 3),
      sheet('harsh', 'A', 3),
      sheet('harsh', 'B', 2),
      sheet('harsh', 'C', 1),
      sheet('flat', 'C', 3),
      sheet('flat', 'B', 3),
    ]);
    const z = Math.sqrt(3 / 2); // (5 − 4) / sd(5, 4, 3) with the population sd √(2/3)
    expect(result.map((r) => r.submissionId)).toEqual(['A', 'B', 'C']);
    const byId = Object.fromEntries(result.map((r) => [r.submissionId, r]));
    expect(byId.A.raw).toBe(4);
    expect(byId.A.normalised).toBeCloseTo(z, 12);
    expect(byId.A.judges).toBe(2);
    expect(byId.B.raw).toBe(3);
    expect(byId.B.normalised).toBe(0);
    expect(byId.C.raw).toBeCloseTo(7 / 3, 12);
    // Two z-scores of −√1.5 and the flat judge's 0.
    expect(byId.C.normalised).toBeCloseTo((-2 * z) / 3, 12);
  });
});
