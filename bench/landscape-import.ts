/**
 * The CNCF landscape through `importLandscape` (ADR 0039): a file of the CNCF shape made by
 * landscape-fixture.ts (15 categories, 2,413 items, 2,413 logos of ~22 KB with `<style>`), or the
 * real `landscape.yml` + `hosted_logos/` from a local mirror (`--real`, LANDSCAPE_GIT). Each run
 * imports into an empty PGlite installation in a temporary folder, then exports, imports that
 * export into a second empty installation and exports again. The installations are created and
 * migrated by a child process first (PGlite's initdb is not the import's cost, and its memory
 * peak would hide the import's), then a second child reopens them, as `gongjin import wall` does,
 * and measures. Prints the import's wall-clock and CPU time (CPU time says more on a shared,
 * loaded machine), the measuring process's peak RSS (PGlite's WebAssembly memory included), what
 * was created and left out, and whether the two exports are byte-identical.
 * Budget from issue 20: < 15 s and < 400 MB.
 *
 *   node bin/run-ts.mjs bench/landscape-import.ts [--real]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPglite } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { cncfShapedLandscape } from '../src/modules/members/landscape-fixture.ts';
import { importLandscape } from '../src/modules/members/landscape-import.ts';
import { exportLandscape, landscapeLogoFiles } from '../src/modules/members/landscape-io.ts';
import { mirrorPath, readMirror } from '../src/modules/members/landscape-mirror.ts';
import { loadWallData } from '../src/modules/members/queries.ts';
import { translator } from '../src/platform/i18n.ts';

const real = process.argv.includes('--real');
const mode = process.argv[2];
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const peak = () => process.resourceUsage().maxRSS * 1024;

if (mode === '--prepare') {
  for (const dir of process.argv.slice(3)) {
    const database = await openPglite(dir);
    await migrate(database);
    await database.close();
  }
} else if (mode === '--measure') {
  await measure(process.argv[3], process.argv[4]);
} else {
  const mirror = mirrorPath();
  if (real && !mirror) {
    console.error('--real needs a cncf/landscape git mirror (LANDSCAPE_GIT); none found.');
    process.exit(2);
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gj-bench-landscape-'));
  try {
    const run = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [...process.execArgv, 'bin/run-ts.mjs', 'bench/landscape-import.ts', ...args],
        {
          stdio: 'inherit',
          env: process.env,
        },
      ).status;
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    if (run('--prepare', a, b) !== 0) throw new Error('could not create the installations');
    process.exitCode = run('--measure', a, b, ...(real ? ['--real'] : [])) ?? 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function measure(dirA: string, dirB: string) {
  const mirror = mirrorPath();
  const source = real && mirror ? readMirror(mirror) : cncfShapedLandscape();
  console.log(
    `${real ? `real CNCF files from ${mirror}` : 'generated file of the CNCF shape'}: data ${mb(source.yaml.length)}, ${source.logos.size} logos (${mb([...source.logos.values()].reduce((n, b) => n + b.byteLength, 0))})`,
  );
  const t = translator('en');
  const first = await openPglite(dirA);
  const before = peak();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const done = await importLandscape(
    first.db,
    source.yaml,
    { ip: null, actorId: null },
    (f) => source.logos.get(f),
    {
      acceptSkips: true,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const rss = peak();
  console.log(
    `import: ${seconds.toFixed(1)} s wall clock, ${cpuSeconds.toFixed(1)} s CPU (budget 15 s); peak RSS ${mb(rss)} (budget 400 MB; ${mb(before)} with the data read and the installation open); load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
  );
  console.log(
    `  ${done.created} products, ${done.createdOrganizations} organisations, ${done.createdCategories} categories, ${done.createdSubcategories} subcategories, ${done.logos} organisation logos; ${done.skipped.length} parts left out`,
  );
  for (const s of done.skipped) console.log(`    line ${s.line}: ${t(s.key, s.vars)}`);

  const exportAll = async (db: typeof first.db) => {
    const yaml = await exportLandscape(db);
    const files = await landscapeLogoFiles(db, await loadWallData(db));
    return { yaml, files: new Map(files.map((f) => [f.file, Buffer.from(f.bytes)])) };
  };
  const a = await exportAll(first.db);
  await first.close();
  const second = await openPglite(dirB);
  const again = await importLandscape(second.db, a.yaml, { ip: null, actorId: null }, (f) => a.files.get(f));
  const b = await exportAll(second.db);
  await second.close();
  const sameFiles =
    a.files.size === b.files.size && [...a.files].every(([f, bytes]) => b.files.get(f)?.equals(bytes));
  console.log(
    `round trip into an empty installation: ${again.created} products, ${again.skipped.length} left out; data.yml ${a.yaml === b.yaml ? 'byte-identical' : 'DIFFERS'} (${mb(a.yaml.length)}), logos ${sameFiles ? 'byte-identical' : 'DIFFER'} (${a.files.size} files)`,
  );
  console.log(`peak RSS over the whole measuring run: ${mb(peak())}`);
  if (cpuSeconds >= 15 || rss >= 400 * 1024 * 1024 || a.yaml !== b.yaml || !sameFiles) process.exitCode = 1;
}
