/**
 * Large static files served compressed (the SQL lab's PGlite build: 15 MB as is, ~5 MB gzipped).
 * Each file is compressed once per encoding, off the event loop (zlib's thread pool), on its first
 * request; later requests — and requests arriving while it is being compressed — share the result
 * kept in memory. Brotli is preferred when the browser accepts it, then gzip, else the bytes as is.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { pickEncoding } from './anonymous-cache.ts';

export type Encoding = 'br' | 'gzip' | 'identity';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** The encoding to send: the anonymous page cache's choice (brotli, then gzip, when accepted). */
export function chooseEncoding(header: string | undefined): Encoding {
  return pickEncoding(header) ?? 'identity';
}

const variants = new Map<string, Promise<Buffer>>();

/** `body` in `encoding`, compressed once per `key` and kept; identity returns it unchanged. */
export function compressedVariant(key: string, body: Buffer, encoding: Encoding): Promise<Buffer> {
  if (encoding === 'identity') return Promise.resolve(body);
  const id = `${encoding}:${key}`;
  let found = variants.get(id);
  if (!found) {
    found =
      encoding === 'br'
        ? brotli(body, {
            params: {
              // Quality 9 is within a few per cent of 11 on wasm and several times faster to make.
              [constants.BROTLI_PARAM_QUALITY]: 9,
              [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          })
        : gz(body, { level: 9 });
    // A failure is not kept: the next request tries again.
    found.catch(() => variants.delete(id));
    variants.set(id, found);
  }
  return found;
}
