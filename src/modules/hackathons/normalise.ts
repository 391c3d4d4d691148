/**
 * Rubric scoring with judge normalisation. A project's raw score from one judge is the weighted
 * mean of their criterion scores (1–5). Judges differ in harshness, so each judge's raw scores are
 * turned into z-scores over the projects that judge scored (z = (x − mean) / standard deviation,
 * population form); a project's normalised score is the mean of its z-scores. A judge who gave
 * every project the same score carries no ranking information: their z-scores are 0.
 */

export type Criterion = { key: string; label: string; weight: number };
export type ScoreSheet = { judgeId: string; submissionId: string; scores: Record<string, number> };

/** Weighted mean of one sheet over the criteria (weights need not sum to 1). */
export function weightedScore(criteria: readonly Criterion[], scores: Record<string, number>): number {
  let total = 0;
  let weights = 0;
  for (const c of criteria) {
    const s = scores[c.key];
    if (typeof s !== 'number') continue;
    total += s * c.weight;
    weights += c.weight;
  }
  return weights === 0 ? 0 : total / weights;
}

export type ProjectScore = {
  submissionId: string;
  /** Mean of the judges' weighted raw scores, on the 1–5 scale. */
  raw: number;
  /** Mean of the judges' z-scores. */
  normalised: number;
  judges: number;
};

export function normaliseScores(
  criteria: readonly Criterion[],
  sheets: readonly ScoreSheet[],
): ProjectScore[] {
  const byJudge = new Map<string, Array<{ submissionId: string; raw: number }>>();
  for (const s of sheets) {
    const list = byJudge.get(s.judgeId) ?? [];
    list.push({ submissionId: s.submissionId, raw: weightedScore(criteria, s.scores) });
    byJudge.set(s.judgeId, list);
  }
  const perProject = new Map<string, { raw: number[]; z: number[] }>();
  for (const list of byJudge.values()) {
    const mean = list.reduce((a, b) => a + b.raw, 0) / list.length;
    const sd = Math.sqrt(list.reduce((a, b) => a + (b.raw - mean) ** 2, 0) / list.length);
    for (const { submissionId, raw } of list) {
      const p = perProject.get(submissionId) ?? { raw: [], z: [] };
      p.raw.push(raw);
      p.z.push(sd === 0 ? 0 : (raw - mean) / sd);
      perProject.set(submissionId, p);
    }
  }
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [...perProject]
    .map(([submissionId, p]) => ({
      submissionId,
      raw: avg(p.raw),
      normalised: avg(p.z),
      judges: p.raw.length,
    }))
    .sort(
      (a, b) => b.normalised - a.normalised || b.raw - a.raw || a.submissionId.localeCompare(b.submissionId),
    );
}
