/**
 * Builds the lab island (lab-island.ts with the grader's pure comparison) into one browser ES
 * module with esbuild, on first use, and keeps it in memory under a content-hashed URL so browsers
 * cache it for a year. Built at run time rather than committed, so it can never drift from the
 * comparison the server uses.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lab-island.ts');

let built: { url: string; file: string; body: Uint8Array } | undefined;

export function labIsland(): { url: string; file: string; body: Uint8Array } {
  if (built) return built;
  const out = buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const body = out.outputFiles[0].contents;
  const file = `lab.${createHash('sha256').update(body).digest('hex').slice(0, 12)}.js`;
  built = { url: `/learn/assets/${file}`, file, body };
  return built;
}
