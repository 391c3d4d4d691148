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
    const db = new PGlite({ loadDataDir: new Blob([readFileSync(templatePath)]) });
    await db.waitReady;
    return db;
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
let current = 0;
const engine = new GraderEngine(db, limits, {
  arm: () => post({ type: 'arm', id: current }),
  disarm: () => post({ type: 'disarm', id: current }),
});

port.on('message', async (job: WorkerJob) => {
  current = job.id;
  try {
    const result =
      job.type === 'grade'
        ? await engine.grade(job.spec, job.sql)
        : await engine.run(job.setupSql, job.sql, job.allowedKinds);
    post({ type: 'done', id: job.id, result });
  } catch (error) {
    post({ type: 'fatal', id: job.id, message: error instanceof Error ? error.message : String(error) });
  }
});
post({ type: 'ready' });
