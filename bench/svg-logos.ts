/**
 * Real logos through the sanitiser, rasterised before and after (ADR 0039). Reads every SVG/PNG
 * logo of a landscape's logos folder — by default `hosted_logos/` of a local mirror of
 * cncf/landscape (LANDSCAPE_GIT=/path/to/git-dir), or any folder (LOGOS_DIR) — runs
 * `prepareLogo` (the import's own check), renders the original and the kept SVG with resvg at
 * 160 px wide, and prints how many are accepted, how many of those render like the original
 * (fewer than 0.5 % of pixels differ by more than 24 in a channel), the refusals by reason,
 * and the files that differ. Nothing is written; the CNCF files are not part of Gongjin.
 * resvg panics (aborting the process) on a few real files, so the work runs in child processes
 * that report one line per logo; a child that dies loses only the logo it was drawing.
 *
 *   LANDSCAPE_GIT=/work/.mirror/cncf+landscape/repo node bin/run-ts.mjs bench/svg-logos.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { prepareLogo } from '../src/modules/members/service.ts';
import { AppError } from '../src/platform/errors.ts';

const WIDTH = 160;
const git = process.env.LANDSCAPE_GIT ?? '/work/.mirror/cncf+landscape/repo';

function logoSource(): Array<{ file: string; read: () => Uint8Array | undefined }> {
  if (process.env.LOGOS_DIR) {
    const dir = process.env.LOGOS_DIR;
    return readdirSync(dir).map((file) => ({
      file,
      read: () => new Uint8Array(readFileSync(path.join(dir, file))),
    }));
  }
  if (!existsSync(git)) {
    console.error(
      `No logos: set LOGOS_DIR, or LANDSCAPE_GIT to a cncf/landscape git dir (${git} is absent).`,
    );
    process.exit(2);
  }
  const tree = execFileSync('git', ['--git-dir', git, 'ls-tree', 'HEAD', 'hosted_logos/'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return tree
    .trim()
    .split('\n')
    .map((line) => {
      const [meta, name] = line.split('\t');
      const sha = meta.split(' ')[2];
      return {
        file: path.basename(name),
        read: () => {
          try {
            return new Uint8Array(
              execFileSync('git', ['--git-dir', git, 'cat-file', 'blob', sha], { maxBuffer: 64 << 20 }),
            );
          } catch {
            return undefined; // the mirror leaves its largest blobs out
          }
        },
      };
    });
}

function render(svg: Uint8Array | string): Uint8Array | undefined {
  try {
    const r = new Resvg(typeof svg === 'string' ? svg : Buffer.from(svg), {
      fitTo: { mode: 'width', value: WIDTH },
      background: 'rgba(255,255,255,1)',
      font: { loadSystemFonts: false },
    });
    const img = r.render();
    return img.width && img.height ? new Uint8Array(img.pixels) : undefined;
  } catch {
    return undefined;
  }
}

/** Share of pixels that differ by more than 24 in any channel (1 when sizes differ). */
function difference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return 1;
  let off = 0;
  for (let i = 0; i < a.length; i += 4)
    if (
      Math.abs(a[i] - b[i]) > 24 ||
      Math.abs(a[i + 1] - b[i + 1]) > 24 ||
      Math.abs(a[i + 2] - b[i + 2]) > 24 ||
      Math.abs(a[i + 3] - b[i + 3]) > 24
    )
      off += 1;
  return off / (a.length / 4);
}

type Outcome =
  | { file: string; kind: 'missing' | 'png' | 'unrenderable' | 'same' }
  | { file: string; kind: 'refused'; key: string; detail: string }
  | { file: string; kind: 'differs'; share: number };

function judge(file: string, bytes: Uint8Array | undefined): Outcome {
  if (!bytes) return { file, kind: 'missing' };
  let kept: ReturnType<typeof prepareLogo>;
  try {
    kept = prepareLogo(bytes, file);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { file, kind: 'refused', key: err.messageKey, detail: String(err.vars?.detail ?? '') };
  }
  if (kept.mime !== 'image/svg+xml') return { file, kind: 'png' }; // stored as uploaded
  const before = render(bytes);
  if (!before) return { file, kind: 'unrenderable' }; // resvg cannot draw the original either
  const after = render(kept.bytes);
  const share = after ? difference(before, after) : 1;
  return share < 0.005 ? { file, kind: 'same' } : { file, kind: 'differs', share };
}

const logos = logoSource();
if (process.argv[2] === '--child') {
  // One JSON line per logo, "start" first, so the parent knows which logo a crash was on.
  for (let i = Number(process.argv[3]); i < logos.length; i++) {
    process.stdout.write(`start ${i}\n`);
    process.stdout.write(`${JSON.stringify(judge(logos[i].file, logos[i].read()))}\n`);
  }
} else {
  const started = performance.now();
  const outcomes: Outcome[] = [];
  for (let from = 0; from < logos.length; ) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, 'bin/run-ts.mjs', 'bench/svg-logos.ts', '--child', String(from)],
      {
        encoding: 'utf8',
        maxBuffer: 256 << 20,
        env: process.env,
      },
    );
    let last = from - 1;
    let done = true;
    for (const line of child.stdout.split('\n')) {
      if (line.startsWith('start ')) {
        last = Number(line.slice(6));
        done = false;
      } else if (line) {
        outcomes.push(JSON.parse(line) as Outcome);
        done = true;
      }
    }
    if (child.status === 0) break;
    if (!done) outcomes.push({ file: logos[last].file, kind: 'unrenderable' }); // resvg aborted on it
    from = last + 1;
  }
  const count = (k: Outcome['kind']) => outcomes.filter((o) => o.kind === k).length;
  const read = outcomes.length - count('missing');
  const refused = outcomes.filter((o) => o.kind === 'refused');
  const compared = count('same') + count('differs');
  const like = count('same') + count('png');
  const pct = (n: number, of: number) => `${((100 * n) / Math.max(of, 1)).toFixed(2)} %`;
  console.log(`logos read: ${read} (${count('missing')} absent from the mirror)`);
  console.log(
    `accepted: ${read - refused.length} (${pct(read - refused.length, read)}), refused: ${refused.length}`,
  );
  const byKey = new Map<string, string[]>();
  for (const r of refused)
    if (r.kind === 'refused')
      byKey.set(r.key, [...(byKey.get(r.key) ?? []), `${r.file} ${JSON.stringify(r.detail)}`]);
  for (const [key, files] of byKey) console.log(`  ${key}: ${files.length}\n    ${files.join('\n    ')}`);
  console.log(
    `SVGs compared: ${compared}; rendered like the original: ${count('same')} (${pct(count('same'), compared)})`,
  );
  console.log(`originals resvg cannot draw (not compared): ${count('unrenderable')}`);
  console.log(`PNG logos (stored as uploaded): ${count('png')}`);
  console.log(
    `render like the original, of all comparable logos read: ${pct(like, read - count('unrenderable'))}`,
  );
  const differ = outcomes.filter((o) => o.kind === 'differs');
  if (differ.length)
    console.log(
      `differ:\n  ${differ.map((o) => (o.kind === 'differs' ? `${o.file} ${(o.share * 100).toFixed(1)} % of pixels` : '')).join('\n  ')}`,
    );
  console.log(`time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
