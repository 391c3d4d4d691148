/**
 * CrowdBT in memory, at the sizes: 200 judges × 300 projects. Prints the time of one
 * next-project choice (Gavel's preferred_items + expected-information-gain argmax over every
 * candidate) and of recomputing a ranking from a 20,000-decision log. The database path
 * (session locks, conflict facts per action) is not measured here: see ADR 0035.
 *
 *   node bin/run-ts.mjs bench/hackathons-crowdbt.ts
 */
import { performance } from 'node:perf_hooks';
import {
  applyDecision,
  chooseNext,
  type Decision,
  type Item,
  type JudgeBelief,
  replay,
  type Standing,
} from '../src/modules/hackathons/crowdbt.ts';

const PROJECTS = 300;
const JUDGES = 200;
const DECISIONS = 20_000;

let seed = 42;
const random = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};

const ids = Array.from({ length: PROJECTS }, (_, i) => `p${i}`);
const quality = new Map(ids.map((id) => [id, random() * 4 - 2]));
const items = new Map<string, Standing>(ids.map((id) => [id, { mu: 0, sigmaSq: 1 }]));
const views = new Map(ids.map((id) => [id, 0]));
const judges = new Map<string, JudgeBelief>();
const seen = new Map<string, Set<string>>();
const prev = new Map<string, string>();
const log: Decision[] = [];
const choiceMs: number[] = [];

for (let n = 0; n < DECISIONS; n++) {
  const j = `j${n % JUDGES}`;
  const belief = judges.get(j) ?? { alpha: 10, beta: 1 };
  const ignored = seen.get(j) ?? new Set<string>();
  // A judge who has seen everything starts over (a new round, as far as the bench cares).
  if (ignored.size >= PROJECTS - 1) ignored.clear();
  const p = prev.get(j) ?? ids[n % PROJECTS];
  const pool: Item[] = ids.map((id) => ({
    id,
    ...(items.get(id) as Standing),
    views: views.get(id) ?? 0,
    active: true,
  }));
  const prevItem = pool.find((i) => i.id === p) ?? null;
  const t0 = performance.now();
  const next = chooseNext(belief, prevItem, pool, new Set([...ignored, p]), new Set(), random);
  choiceMs.push(performance.now() - t0);
  if (!next) continue;
  // The better project usually wins (a judge right 90% of the time).
  const better = (quality.get(next.id) ?? 0) > (quality.get(p) ?? 0);
  const nextWins = random() < 0.9 ? better : !better;
  const d = { judgeId: j, winnerId: nextWins ? next.id : p, loserId: nextWins ? p : next.id };
  applyDecision(items, judges, d);
  log.push(d);
  views.set(next.id, (views.get(next.id) ?? 0) + 1);
  ignored.add(p);
  seen.set(j, ignored);
  prev.set(j, next.id);
}

const t1 = performance.now();
const again = replay(log, ids);
const replayMs = performance.now() - t1;
const sorted = [...choiceMs].sort((a, b) => a - b);
const pct = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const same = [...again.items].every(
  ([id, s]) => s.mu === items.get(id)?.mu && s.sigmaSq === items.get(id)?.sigmaSq,
);
const ranked = [...items].sort((a, b) => b[1].mu - a[1].mu).map(([id]) => id);
const truth = [...quality].sort((a, b) => b[1] - a[1]).map(([id]) => id);
const topOverlap = ranked.slice(0, 10).filter((id) => truth.slice(0, 10).includes(id)).length;

console.log(`projects ${PROJECTS}, judges ${JUDGES}, decisions ${log.length}`);
console.log(
  `next-project choice: p50 ${pct(0.5).toFixed(3)} ms, p99 ${pct(0.99).toFixed(3)} ms, max ${sorted[sorted.length - 1].toFixed(3)} ms`,
);
console.log(`recompute from the log: ${replayMs.toFixed(1)} ms (equal to live: ${same})`);
console.log(`true top 10 found in the CrowdBT top 10: ${topOverlap}/10`);
