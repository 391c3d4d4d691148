/**
 * Salon posters: a 1080×1920 share card (WeChat Moments, stories) and a 1080×1080 square, with the
 * series and number, title, city, date, agenda highlights, host and co-host logos with their names
 * and a QR code to the registration page. Laid out with satori and rendered by resvg, with the Noto
 * Sans SC fonts from npm: no system fonts, nothing fetched (ADR 0016).
 *
 * Drawing happens in one worker thread (poster-worker.ts): satori lays out on the thread that calls
 * it, and the first call parses two 10 MB CJK fonts, which must not stall a server answering
 * requests. The worker starts on the first poster and stops after a quiet minute, as the grader's
 * pool does; the fonts it parsed go with it.
 */
import { Worker } from 'node:worker_threads';
import type { PosterData, PosterFormat } from './poster-types.ts';

export { POSTER_FORMATS, type PosterData, type PosterFormat, type PosterHost } from './poster-types.ts';

const ENTRY = new URL('./poster-worker.mjs', import.meta.url);
const IDLE_CLOSE_MS = 60_000;

type Pending = { resolve: (png: Buffer) => void; reject: (err: Error) => void };
let worker: Worker | undefined;
let idle: NodeJS.Timeout | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function start(): Worker {
  const w = new Worker(ENTRY);
  w.on('message', (m: { id: number; png?: Uint8Array; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.png) p?.resolve(Buffer.from(m.png.buffer, m.png.byteOffset, m.png.byteLength));
    else p?.reject(new Error(`poster: ${m.error}`));
    if (pending.size === 0) {
      w.unref(); // an idle worker must not keep a CLI process alive
      closeWhenIdle();
    }
  });
  // A crashed worker fails what it was drawing; the next poster starts a new one.
  const fail = (err: Error) => {
    if (worker === w) worker = undefined;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`poster worker exited with code ${code}`)));
  return w;
}

function closeWhenIdle() {
  clearTimeout(idle);
  idle = setTimeout(() => void closePosterWorker(), IDLE_CLOSE_MS);
  idle.unref();
}

/** Draws one poster as PNG in the poster worker. */
export function renderPosterPng(data: PosterData, format: PosterFormat): Promise<Buffer> {
  clearTimeout(idle);
  worker ??= start();
  const id = nextId++;
  const w = worker;
  w.ref();
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ id, data, format });
  });
}

/** Stops the worker now (tests, shutdown); the next poster starts it again. */
export async function closePosterWorker(): Promise<void> {
  clearTimeout(idle);
  const w = worker;
  worker = undefined;
  await w?.terminate();
}
