/**
 * CrowdBT pairwise judging, exactly as Gavel computes it (Chen et al., "Pairwise ranking
 * aggregation in a crowdsourced setting", WSDM 2013; Gavel's `crowd_bt.py`). Each project has a
 * Gaussian belief (μ, σ²) over its quality; each judge has a Beta(α, β) belief over how reliable
 * they are. A decision "winner beat loser" moves all four by moment matching. The next project a
 * judge sees is the one whose comparison with their previous project has the largest expected
 * information gain (KL divergence of the posteriors from the priors, weighted by the chance of
 * each outcome), except with probability ε, when it is a random one (exploration).
 *
 * Pure functions, no database: the judging service replays the decision log through `update`.
 */

export const CROWD_BT = {
  /** Weight of the judge-reliability term in the information gain. */
  GAMMA: 0.1,
  /** Gavel's λ: the prior's tie to the data (kept for reference; it is 1 so it drops out). */
  LAMBDA: 1,
  /** Floor of the variance shrink factor, so σ² never reaches zero. */
  KAPPA: 1e-4,
  ALPHA_PRIOR: 10,
  BETA_PRIOR: 1,
  MU_PRIOR: 0,
  SIGMA_SQ_PRIOR: 1,
  /** Chance of showing a random project instead of the most informative one. */
  EPSILON: 0.25,
  /** Projects seen fewer times than this are shown first. */
  MIN_VIEWS: 2,
  /** A project shown to a judge counts as busy (not shown to another) for this long. */
  BUSY_TIMEOUT_MS: 5 * 60 * 1000,
  /** A project marked absent this many times is hidden from judging. */
  ABSENT_LIMIT: 3,
} as const;

export type Update = {
  alpha: number;
  beta: number;
  muWinner: number;
  sigmaSqWinner: number;
  muLoser: number;
  sigmaSqLoser: number;
};

// Lanczos approximation (g = 7, n = 9): ~15 significant digits for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln B(a, b). */
export const betaln = (a: number, b: number) => lnGamma(a) + lnGamma(b) - lnGamma(a + b);

/** ψ(x) for x > 0: recurrence up to x ≥ 6, then the asymptotic series (error < 1e-13). */
export function digamma(x: number): number {
  let result = 0;
  let v = x;
  while (v < 6) {
    result -= 1 / v;
    v += 1;
  }
  const f = 1 / (v * v);
  return (
    result +
    Math.log(v) -
    0.5 / v -
    f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - (691 / 32760) * f)))))
  );
}

export function divergenceGaussian(mu1: number, sigmaSq1: number, mu2: number, sigmaSq2: number): number {
  const ratio = sigmaSq1 / sigmaSq2;
  return (mu1 - mu2) ** 2 / (2 * sigmaSq2) + (ratio - 1 - Math.log(ratio)) / 2;
}

export function divergenceBeta(alpha1: number, beta1: number, alpha2: number, beta2: number): number {
  return (
    betaln(alpha2, beta2) -
    betaln(alpha1, beta1) +
    (alpha1 - alpha2) * digamma(alpha1) +
    (beta1 - beta2) * digamma(beta1) +
    (alpha2 - alpha1 + beta2 - beta1) * digamma(alpha1 + beta1)
  );
}

function updatedMus(alpha: number, beta: number, muW: number, sW: number, muL: number, sL: number) {
  const eW = Math.exp(muW);
  const eL = Math.exp(muL);
  const mult = (alpha * eW) / (alpha * eW + beta * eL) - eW / (eW + eL);
  return [muW + sW * mult, muL - sL * mult] as const;
}

function updatedSigmaSqs(alpha: number, beta: number, muW: number, sW: number, muL: number, sL: number) {
  const eW = Math.exp(muW);
  const eL = Math.exp(muL);
  const mult = (alpha * eW * beta * eL) / (alpha * eW + beta * eL) ** 2 - (eW * eL) / (eW + eL) ** 2;
  return [
    sW * Math.max(1 + sW * mult, CROWD_BT.KAPPA),
    sL * Math.max(1 + sL * mult, CROWD_BT.KAPPA),
  ] as const;
}

/** The judge's updated (α, β) and c, the probability that the judge ranks `winner` above `loser`. */
function updatedAnnotator(alpha: number, beta: number, muW: number, sW: number, muL: number, sL: number) {
  const eW = Math.exp(muW);
  const eL = Math.exp(muL);
  const c1 = eW / (eW + eL) + (0.5 * (sW + sL) * (eW * eL * (eL - eW))) / (eW + eL) ** 3;
  const c2 = 1 - c1;
  const c = (c1 * alpha + c2 * beta) / (alpha + beta);
  const expt = (c1 * (alpha + 1) * alpha + c2 * alpha * beta) / (c * (alpha + beta + 1) * (alpha + beta));
  const exptSq =
    (c1 * (alpha + 2) * (alpha + 1) * alpha + c2 * (alpha + 1) * alpha * beta) /
    (c * (alpha + beta + 2) * (alpha + beta + 1) * (alpha + beta));
  const variance = exptSq - expt ** 2;
  return {
    alpha: ((expt - exptSq) * expt) / variance,
    beta: ((expt - exptSq) * (1 - expt)) / variance,
    c,
  };
}

/** One decision: the judge (α, β) preferred the project (μw, σ²w) over (μl, σ²l). */
export function update(
  alpha: number,
  beta: number,
  muW: number,
  sW: number,
  muL: number,
  sL: number,
): Update {
  const a = updatedAnnotator(alpha, beta, muW, sW, muL, sL);
  const [muWinner, muLoser] = updatedMus(alpha, beta, muW, sW, muL, sL);
  const [sigmaSqWinner, sigmaSqLoser] = updatedSigmaSqs(alpha, beta, muW, sW, muL, sL);
  return { alpha: a.alpha, beta: a.beta, muWinner, sigmaSqWinner, muLoser, sigmaSqLoser };
}

/** What the judge (α, β) is expected to teach us by comparing project a (their last) with b. */
export function expectedInformationGain(
  alpha: number,
  beta: number,
  muA: number,
  sA: number,
  muB: number,
  sB: number,
): number {
  const one = updatedAnnotator(alpha, beta, muA, sA, muB, sB);
  const [muA1, muB1] = updatedMus(alpha, beta, muA, sA, muB, sB);
  const [sA1, sB1] = updatedSigmaSqs(alpha, beta, muA, sA, muB, sB);
  const two = updatedAnnotator(alpha, beta, muB, sB, muA, sA);
  const [muB2, muA2] = updatedMus(alpha, beta, muB, sB, muA, sA);
  const [sB2, sA2] = updatedSigmaSqs(alpha, beta, muB, sB, muA, sA);
  const p = one.c;
  return (
    p *
      (divergenceGaussian(muA1, sA1, muA, sA) +
        divergenceGaussian(muB1, sB1, muB, sB) +
        CROWD_BT.GAMMA * divergenceBeta(one.alpha, one.beta, alpha, beta)) +
    (1 - p) *
      (divergenceGaussian(muA2, sA2, muA, sA) +
        divergenceGaussian(muB2, sB2, muB, sB) +
        CROWD_BT.GAMMA * divergenceBeta(two.alpha, two.beta, alpha, beta))
  );
}

// ---------------------------------------------------------------------------------------------
// Choosing the next project and replaying a decision log.

export type Item = { id: string; mu: number; sigmaSq: number; views: number; active: boolean };
export type JudgeBelief = { alpha: number; beta: number };

/**
 * Gavel's `preferred_items`: active projects the judge has not seen or skipped, without those
 * another judge is looking at right now (unless that leaves none), and among them the ones seen
 * fewer than MIN_VIEWS times (unless that leaves none).
 */
export function preferredItems(
  items: readonly Item[],
  ignored: ReadonlySet<string>,
  busy: ReadonlySet<string>,
) {
  const available = items.filter((i) => i.active && !ignored.has(i.id));
  const nonBusy = available.filter((i) => !busy.has(i.id));
  const preferred = nonBusy.length > 0 ? nonBusy : available;
  const lessSeen = preferred.filter((i) => i.views < CROWD_BT.MIN_VIEWS);
  return lessSeen.length > 0 ? lessSeen : preferred;
}

/**
 * Gavel's `choose_next`: shuffle the preferred projects (ties broken at random), then with
 * probability ε the first of them, otherwise the one with the largest expected information gain
 * against the judge's previous project (the first one when there is no previous project yet).
 */
export function chooseNext(
  judge: JudgeBelief,
  prev: Item | null,
  items: readonly Item[],
  ignored: ReadonlySet<string>,
  busy: ReadonlySet<string>,
  random: () => number = Math.random,
): Item | null {
  const candidates = [...preferredItems(items, ignored, busy)];
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
  }
  if (candidates.length === 0) return null;
  if (!prev || random() < CROWD_BT.EPSILON) return candidates[0];
  let best = candidates[0];
  let bestGain = Number.NEGATIVE_INFINITY;
  for (const c of candidates) {
    const gain = expectedInformationGain(judge.alpha, judge.beta, prev.mu, prev.sigmaSq, c.mu, c.sigmaSq);
    if (gain > bestGain) {
      bestGain = gain;
      best = c;
    }
  }
  return best;
}

export type Decision = { judgeId: string; winnerId: string; loserId: string };
export type Standing = { mu: number; sigmaSq: number };

/** Replays votes in order from the priors: the state every live update must equal. */
export function replay(decisions: readonly Decision[], itemIds: readonly string[]) {
  const items = new Map<string, Standing>(
    itemIds.map((id) => [id, { mu: CROWD_BT.MU_PRIOR, sigmaSq: CROWD_BT.SIGMA_SQ_PRIOR }]),
  );
  const judges = new Map<string, JudgeBelief>();
  for (const d of decisions) applyDecision(items, judges, d);
  return { items, judges };
}

/** One live update of the maps (what a vote does; `replay` is a loop over it). */
export function applyDecision(items: Map<string, Standing>, judges: Map<string, JudgeBelief>, d: Decision) {
  const judge = judges.get(d.judgeId) ?? { alpha: CROWD_BT.ALPHA_PRIOR, beta: CROWD_BT.BETA_PRIOR };
  const w = items.get(d.winnerId) ?? { mu: CROWD_BT.MU_PRIOR, sigmaSq: CROWD_BT.SIGMA_SQ_PRIOR };
  const l = items.get(d.loserId) ?? { mu: CROWD_BT.MU_PRIOR, sigmaSq: CROWD_BT.SIGMA_SQ_PRIOR };
  const u = update(judge.alpha, judge.beta, w.mu, w.sigmaSq, l.mu, l.sigmaSq);
  judges.set(d.judgeId, { alpha: u.alpha, beta: u.beta });
  items.set(d.winnerId, { mu: u.muWinner, sigmaSq: u.sigmaSqWinner });
  items.set(d.loserId, { mu: u.muLoser, sigmaSq: u.sigmaSqLoser });
}

/**
 * Copeland aggregation, the cross-check HackUTD's Jury uses: for every pair of projects compared,
 * the one that won more of their head-to-head decisions gets +1 and the other −1 (a tie: 0 each).
 */
export function copeland(decisions: readonly Decision[], itemIds: readonly string[]): Map<string, number> {
  const wins = new Map<string, number>();
  const key = (a: string, b: string) => `${a}|${b}`;
  for (const d of decisions)
    wins.set(key(d.winnerId, d.loserId), (wins.get(key(d.winnerId, d.loserId)) ?? 0) + 1);
  const score = new Map<string, number>(itemIds.map((id) => [id, 0]));
  const seen = new Set<string>();
  for (const d of decisions) {
    const [a, b] = d.winnerId < d.loserId ? [d.winnerId, d.loserId] : [d.loserId, d.winnerId];
    if (seen.has(key(a, b))) continue;
    seen.add(key(a, b));
    const ab = wins.get(key(a, b)) ?? 0;
    const ba = wins.get(key(b, a)) ?? 0;
    if (ab === ba) continue;
    const [w, l] = ab > ba ? [a, b] : [b, a];
    score.set(w, (score.get(w) ?? 0) + 1);
    score.set(l, (score.get(l) ?? 0) - 1);
  }
  return score;
}
