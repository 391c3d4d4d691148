/**
 * Reads the CNCF landscape from a local git mirror of cncf/landscape (`landscape.yml` and
 * `hosted_logos/`), for the real-file test and the benchmark (ADR 0039). The files are never
 * copied into Gongjin (their licence is the CNCF's); one `git cat-file --batch` reads them all.
 * The mirror may leave its largest blobs out: those logos are simply absent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { LandscapeFixture } from './landscape-fixture.ts';

export const DEFAULT_MIRROR = '/work/.mirror/cncf+landscape/repo';

export function mirrorPath(): string | undefined {
  const dir = process.env.LANDSCAPE_GIT ?? DEFAULT_MIRROR;
  return existsSync(dir) ? dir : undefined;
}

export function readMirror(gitDir: string): LandscapeFixture & { absent: string[] } {
  const git = (args: string[], input?: string) =>
    execFileSync('git', ['--git-dir', gitDir, ...args], { input, maxBuffer: 512 << 20 });
  const yaml = git(['show', 'HEAD:landscape.yml']).toString('utf8');
  const entries = git(['ls-tree', 'HEAD', 'hosted_logos/'])
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [meta, name] = line.split('\t');
      return { sha: meta.split(' ')[2], file: name.slice('hosted_logos/'.length) };
    });
  // "<sha> blob <size>\n<bytes>\n" per object, or "<sha> missing\n".
  const out = git(['cat-file', '--batch'], `${entries.map((e) => e.sha).join('\n')}\n`);
  const logos = new Map<string, Uint8Array>();
  const absent: string[] = [];
  let at = 0;
  for (const e of entries) {
    const eol = out.indexOf(0x0a, at);
    const header = out.subarray(at, eol).toString('utf8');
    at = eol + 1;
    if (header.endsWith(' missing')) {
      absent.push(e.file);
      continue;
    }
    const size = Number(header.split(' ')[2]);
    logos.set(e.file, new Uint8Array(out.subarray(at, at + size)));
    at += size + 1;
  }
  return { yaml, logos, absent };
}
