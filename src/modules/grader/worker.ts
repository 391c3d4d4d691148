/**
 * One grader worker: its own PGlite, started from a template data directory (initdb is slow, so
 * the first worker on a machine makes the template and later ones load it), and a GraderEngine.
 * Messages: in `{ id, type: 'grade' | 'run', … }`; out `ready`, `arm`/`disarm` (the pool's
 * deadline clock), `done` with the result, or `fatal` when the database broke.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { type EngineLimits, GraderEngine } from './engine.ts';
import type { WorkerJob, WorkerMessage } from './protocol.ts';
import { loadParser } from './sql.ts';

const port = parentPort;
if (!port) throw new Error('grader worker: no parent port');
const { templatePath, limits } = workerData as { templatePath: string; limits: EngineLimits };
const post = (message: WorkerMessage) => port.postMessage(message);

async function openDatabase(): Promise<PGlite> {
  if (existsSync(templatePath)) {
    try {
      const db = new PGlite({ loadDataDir: new Blob([readFileSync(templatePath)]) });
      await db.waitReady;
      return db;
    } catch {
      // A damaged template (a full disk, a PGlite upgrade in place): make a new one below.
    }
  }
  const db = new PGlite();
  await db.waitReady;
  const dump = await db.dumpDataDir('none');
  // Written aside then renamed, so a concurrent reader never sees half a template.
  const partial = `${templatePath}.${process.pid}-${threadId}.partial`;
  writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
  renameSync(partial, templatePath);
  return db;
}

const [db] = await Promise.all([openDatabase(), loadParser()]);
/** PGlite's WebAssembly memory: grows with a big query and never shrinks (the pool recycles). */
const memoryBytes = () => (db.Module as unknown as { HEAPU8?: Uint8Array }).HEAPU8?.byteLength ?? 0;
let current = 0;
const engine = new GraderEngine(db, limits, {
  arm: () => post({ type: 'arm', id: current }),
  disarm: () => post({ type: 'disarm', id: current }),
});

// A cold PGlite runs its first queries several times slower (compilation, JIT): grade a small
// question a few times before taking work, so a first candidate does not run into the deadline.
const warmUp = {
  setupSql:
    "CREATE TABLE warm (id serial PRIMARY KEY, name text, amount numeric); INSERT INTO warm (name, amount) SELECT 'n' || g, g / 3.0 FROM generate_series(1, 300) g",
  referenceSql: 'SELECT name, amount FROM warm WHERE amount > 10 ORDER BY amount',
  variants: ["INSERT INTO warm (name, amount) VALUES ('x', NULL)"],
  allowedKinds: ['select' as const],
  checkSql: '',
  compareColumnNames: false,
  tolerance: 0,
};
for (let i = 0; i < 3; i++)
  await engine.grade(warmUp, 'SELECT name, amount FROM warm WHERE amount > 10 ORDER BY 2');

port.on('message', async (job: WorkerJob) => {
  current = job.id;
  try {
    const result =
      job.type === 'grade'
        ? await engine.grade(job.spec, job.sql)
        : await engine.run(job.setupSql, job.sql, job.allowedKinds);
    post({ type: 'done', id: job.id, result, memoryBytes: memoryBytes() });
  } catch (error) {
    post({ type: 'fatal', id: job.id, message: error instanceof Error ? error.message : String(error) });
  }
});
post({ type: 'ready' });
