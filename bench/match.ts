/**
 * Match round throughput: 100,000 students × 5,000 postings × 10 choices, each posting ranking
 * every student who chose it (a fixed pseudo-random order), 25 seats a posting. Prints the time of
 * `stableMatch` alone and how many were matched. Run: `npx tsx bench/match.ts`.
 */
import { type MatchInput, stableMatch } from '../src/modules/internships/match.ts';

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STUDENTS = Number(process.env.STUDENTS ?? 100_000);
const POSTINGS = Number(process.env.POSTINGS ?? 5_000);
const CHOICES = 10;
const rand = mulberry32(42);
const students: Record<string, string[]> = {};
const applicants: string[][] = Array.from({ length: POSTINGS }, () => []);
for (let s = 0; s < STUDENTS; s++) {
  const picked = new Set<number>();
  // Popularity is skewed (a few postings are wanted by many), as real rounds are.
  while (picked.size < CHOICES) picked.add(Math.floor(rand() ** 2 * POSTINGS));
  students[`s${s}`] = [...picked].map((p) => `p${p}`);
  for (const p of picked) applicants[p].push(`s${s}`);
}
const postings: Record<string, string[]> = {};
const capacity: Record<string, number> = {};
for (let p = 0; p < POSTINGS; p++) {
  const list = applicants[p];
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  postings[`p${p}`] = list;
  capacity[`p${p}`] = 25;
}
const input: MatchInput = { students, postings, capacity };
for (let run = 1; run <= 3; run++) {
  const t0 = performance.now();
  const result = stableMatch(input);
  const ms = performance.now() - t0;
  const matched = Object.values(result.outcomes).filter((o) => o.posting).length;
  console.log(
    `run ${run}: ${STUDENTS} students × ${POSTINGS} postings × ${CHOICES} choices: ${ms.toFixed(0)} ms, ${matched} matched`,
  );
}
