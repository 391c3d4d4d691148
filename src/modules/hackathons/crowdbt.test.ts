import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyDecision,
  CROWD_BT,
  chooseNext,
  copeland,
  type Decision,
  expectedInformationGain,
  type Item,
  type JudgeBelief,
  preferredItems,
  replay,
  type Standing,
  update,
} from './crowdbt.ts';

type Vectors = {
  update: Array<{ in: number[]; out: Record<string, number> }>;
  expected_information_gain: Array<{ in: number[]; out: number }>;
};

// The shared vectors live beside the repository (../shared/vectors/ from the worktree's root).
const vectors = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../shared/vectors/crowdbt.json'), 'utf8'),
) as Vectors;

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(1e-8);

describe('CrowdBT reproduces the published vectors', () => {
  it.each(vectors.update.map((v, i) => [i, v] as const))('update vector %i', (_i, v) => {
    const [a, b, mw, sw, ml, sl] = v.in;
    const u = update(a, b, mw, sw, ml, sl);
    close(u.alpha, v.out.alpha);
    close(u.beta, v.out.beta);
    close(u.muWinner, v.out.mu_winner);
    close(u.sigmaSqWinner, v.out.sigma_sq_winner);
    close(u.muLoser, v.out.mu_loser);
    close(u.sigmaSqLoser, v.out.sigma_sq_loser);
  });

  it.each(vectors.expected_information_gain.map((v, i) => [i, v] as const))(
    'information gain vector %i',
    (_i, v) => {
      const [a, b, ma, sa, mb, sb] = v.in;
      close(expectedInformationGain(a, b, ma, sa, mb, sb), v.out);
    },
  );

  it('uses Gavel constants', () => {
    expect([CROWD_BT.GAMMA, CROWD_BT.KAPPA, CROWD_BT.EPSILON, CROWD_BT.MIN_VIEWS]).toEqual([
      0.1, 1e-4, 0.25, 2,
    ]);
    expect([CROWD_BT.ALPHA_PRIOR, CROWD_BT.BETA_PRIOR, CROWD_BT.MU_PRIOR, CROWD_BT.SIGMA_SQ_PRIOR]).toEqual([
      10, 1, 0, 1,
    ]);
    expect(CROWD_BT.BUSY_TIMEOUT_MS).toBe(300_000);
  });
});

/** A small deterministic generator (mulberry32) so property runs repeat. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('choosing the next project', () => {
  const item = (id: string, over: Partial<Item> = {}): Item => ({
    id,
    mu: 0,
    sigmaSq: 1,
    views: 5,
    active: true,
    ...over,
  });

  it('prefers unseen, non-busy, under-viewed active projects, falling back in that order', () => {
    const items = [
      item('a', { views: 0 }),
      item('b', { views: 1 }),
      item('c'),
      item('d', { active: false, views: 0 }),
    ];
    expect(preferredItems(items, new Set(), new Set()).map((i) => i.id)).toEqual(['a', 'b']);
    expect(preferredItems(items, new Set(['a']), new Set(['b'])).map((i) => i.id)).toEqual(['c']);
    // Everything left is busy: busy projects are still better than none.
    expect(preferredItems(items, new Set(['a', 'c']), new Set(['b'])).map((i) => i.id)).toEqual(['b']);
    expect(preferredItems(items, new Set(['a', 'b', 'c']), new Set())).toEqual([]);
  });

  it('takes the largest information gain unless exploring', () => {
    const judge: JudgeBelief = { alpha: 10, beta: 1 };
    const prev = item('p');
    // Against an equal project the gain is larger than against one far ahead (vectors 0 and 2).
    const items = [item('far', { mu: 2 }), item('equal')];
    const noExplore = () => 0.99; // never below ε
    expect(chooseNext(judge, prev, items, new Set(['p']), new Set(), noExplore)?.id).toBe('equal');
  });
});

describe('the decision log', () => {
  it('replayed from the priors equals the live state, for random sessions', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = rng(seed);
      const ids = Array.from({ length: 8 }, (_, i) => `p${i}`);
      const live = new Map<string, Standing>(ids.map((id) => [id, { mu: 0, sigmaSq: 1 }]));
      const judges = new Map<string, JudgeBelief>();
      const log: Decision[] = [];
      for (let n = 0; n < 60; n++) {
        const a = ids[Math.floor(random() * ids.length)];
        let b = ids[Math.floor(random() * ids.length)];
        if (a === b) b = ids[(ids.indexOf(a) + 1) % ids.length];
        const d = { judgeId: `j${Math.floor(random() * 3)}`, winnerId: a, loserId: b };
        applyDecision(live, judges, d);
        log.push(d);
      }
      const again = replay(log, ids);
      expect(again.items).toEqual(live);
      expect(again.judges).toEqual(judges);
      const rank = (m: Map<string, Standing>) => [...m].sort((x, y) => y[1].mu - x[1].mu).map(([id]) => id);
      expect(rank(again.items)).toEqual(rank(live));
    }
  });

  it('Copeland counts head-to-head majorities', () => {
    const d = (w: string, l: string) => ({ judgeId: 'j', winnerId: w, loserId: l });
    const scores = copeland(
      [d('a', 'b'), d('a', 'b'), d('b', 'a'), d('b', 'c'), d('c', 'a'), d('a', 'c')],
      ['a', 'b', 'c'],
    );
    // a beats b (2–1), b beats c (1–0), a and c tie (1–1).
    expect(Object.fromEntries(scores)).toEqual({ a: 1, b: 0, c: -1 });
  });
});
