/** Draws posters on request from the main thread (poster.ts), one at a time. */
import { parentPort } from 'node:worker_threads';
import { drawPosterPng } from './poster-draw.ts';
import type { PosterData, PosterFormat } from './poster-types.ts';

type Request = { id: number; data: PosterData; format: PosterFormat };

parentPort?.on('message', async ({ id, data, format }: Request) => {
  try {
    const png = await drawPosterPng(data, format);
    const bytes = new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
    parentPort?.postMessage({ id, png: bytes });
  } catch (err) {
    parentPort?.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
