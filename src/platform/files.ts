/** Stores uploaded images by content hash; only raster formats whose magic bytes match are accepted. */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { AppError } from './errors.ts';
import { files } from './schema.ts';

const SIGNATURES: Array<{ mime: string; test: (b: Uint8Array) => boolean }> = [
  { mime: 'image/png', test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: 'image/webp',
    test: (b) =>
      String.fromCharCode(...b.slice(0, 4)) === 'RIFF' && String.fromCharCode(...b.slice(8, 12)) === 'WEBP',
  },
  { mime: 'image/gif', test: (b) => String.fromCharCode(...b.slice(0, 4)) === 'GIF8' },
];

export function sniffImage(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find((s) => s.test(bytes))?.mime;
}

/** Saves an image (idempotent by hash) and returns its hash. Throws for non-images or oversize files. */
export async function storeImage(db: Db, bytes: Uint8Array, maxBytes: number): Promise<string> {
  if (bytes.byteLength > maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', { vars: { kb: Math.round(maxBytes / 1024) } });
  }
  const mime = sniffImage(bytes);
  if (!mime) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await db.insert(files).values({ sha256, mime, size: bytes.byteLength, bytes }).onConflictDoNothing();
  return sha256;
}

export async function loadFile(db: Db, sha256: string) {
  const [row] = await db.select().from(files).where(eq(files.sha256, sha256));
  return row;
}
