/**
 * Suggestions for one party among 10,000 open posts (issue 13: p99 < 100 ms), run by
 * `node bin/run-ts.mjs bench/exchange.ts`: a fresh on-disk PGlite, migrated, 10,000 posts by
 * 2,000 parties written in bulk (with their jieba terms, as createPost stores them), then
 * `suggestionsFor` timed for 300 parties picked at random. Prints p50, p95, p99 and the load.
 */

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { countOfferTerms, postTerms } from '../src/modules/exchange/posts.ts';
import { CATEGORIES, exchangePosts } from '../src/modules/exchange/schema.ts';
import { suggestionsFor } from '../src/modules/exchange/suggest.ts';
import { openAndMigrate } from '../src/server.ts';

const POSTS = Number(process.env.POSTS ?? 10_000);
const PARTIES = POSTS / 5;
const RUNS = 300;

// A seeded generator: the same board every run.
let state = 42;
const rand = () => {
  state = (state + 0x6d2b79f5) | 0;
  let x = Math.imul(state ^ (state >>> 15), 1 | state);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

const WORDS = [
  'PostgreSQL',
  '内核',
  '迁移',
  '时序',
  '图数据库',
  '运维',
  '金融',
  '物流',
  '实习',
  '校招',
  '直播',
  '案例',
  '分布式',
  '优化器',
  '存储引擎',
  '监控',
  '国产化',
  '教材',
  '实践课',
  '比赛',
  '经费',
  '场地',
  '认证',
  '题库',
  '物联网',
  'AI',
];
const TAGS = [
  'postgresql',
  '内核',
  '迁移',
  '时序',
  '运维',
  '实习',
  '金融',
  '直播',
  '案例',
  '分布式',
  '认证',
  '场地',
];

const dir = mkdtempSync(path.join(os.tmpdir(), 'gongjin-bench-exchange-'));
const config = loadConfig({ GONGJIN_DATA_DIR: dir, PUBLIC_URL: 'http://localhost:3000' });
const database = await openAndMigrate(config);
const db = database.db;
const parties = Array.from({ length: PARTIES }, () => `user:${randomUUID()}`);
const author = randomUUID();
const rows = [];
for (let i = 0; i < POSTS; i++) {
  // Each party posts both needs and offers (five posts: alternating by round over the parties).
  const kind = Math.floor(i / PARTIES) % 2 === 0 ? 'need' : 'offer';
  const title = `${pick(WORDS)}${pick(WORDS)}：${pick(WORDS)}与${pick(WORDS)}`;
  const body = Array.from({ length: 6 }, () => pick(WORDS)).join('，');
  rows.push({
    kind: kind as 'need' | 'offer',
    party: parties[i % PARTIES],
    authorId: author,
    category: pick(CATEGORIES),
    purpose: kind === 'need' ? ('end' as const) : null,
    metricLevel: kind === 'need' ? ('process' as const) : null,
    title,
    body,
    tags: [...new Set([pick(TAGS), pick(TAGS)])],
    terms: postTerms(title, body),
  });
}
for (let i = 0; i < rows.length; i += 500) await db.insert(exchangePosts).values(rows.slice(i, i + 500));
for (const r of rows) if (r.kind === 'offer') await countOfferTerms(db, r.terms, 1);
await database.pglite?.exec('analyze');

for (let i = 0; i < 20; i++) await suggestionsFor(db, pick(parties)); // warm up
const times: number[] = [];
let found = 0;
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  found += (await suggestionsFor(db, pick(parties))).length;
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
console.log(
  `suggestionsFor among ${POSTS} posts (${PARTIES} parties), ${RUNS} runs: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms; ${(found / RUNS).toFixed(1)} suggestions each (${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} load)`,
);
await database.close();
rmSync(dir, { recursive: true, force: true });
