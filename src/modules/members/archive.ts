/**
 * Reads a landscape2 data directory uploaded as one file: a .zip or a .tar.gz holding `data.yml`
 * and `logos/` (at the root, or inside one top-level folder, as archiving a folder makes). Only
 * those entries are read, into memory, never written to disk; sizes are capped before inflating,
 * so a small archive cannot expand into gigabytes. node:zlib does the inflating: no dependency.
 */
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { MAPPING_FILE } from './landscape-mapping.ts';

export type LandscapeDir = { dataYml: string; logos: Map<string, Uint8Array>; mapping?: string };

export class ArchiveError extends Error {
  constructor(readonly key: 'members.import.err.archive' | 'members.import.err.noDataYml') {
    super(key);
  }
}

/**
 * The largest upload the admin page's import accepts (the request body, before inflating): a
 * logos folder of a few hundred SVG/PNG files. Every other route keeps the 2 MB limit (app.tsx's
 * ROUTE_BODY_LIMITS; ADR 0020). Larger sets go through `gongjin import wall DIR`.
 */
export const MAX_LANDSCAPE_UPLOAD_BYTES = 32 * 1024 * 1024;

/** Everything read from an archive together: data.yml and logos are a few MB at most. */
const MAX_TOTAL = 64 * 1024 * 1024;
/** A logo larger than this is refused by the import anyway (512 KB); read a little more to say so. */
const MAX_ENTRY = 8 * 1024 * 1024;

export const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
export const isGzip = (b: Uint8Array) => b[0] === 0x1f && b[1] === 0x8b;

/**
 * `data.yml` and `logos/<file>` — or the CNCF landscape repository's `landscape.yml` and
 * `hosted_logos/<file>` — with an optional `gongjin-mapping.yml`, under an optional single
 * top-level folder; other entries are ignored.
 */
function collect(entries: Array<{ name: string; read: () => Uint8Array }>): LandscapeDir {
  const names = entries.map((e) => e.name.replace(/^\.\//, ''));
  const dataFile = /^(?:[^/]+\/)?(data|landscape)\.yml$/;
  const found = names.find((n) => n === 'data.yml') ?? names.find((n) => dataFile.test(n));
  if (found === undefined) throw new ArchiveError('members.import.err.noDataYml');
  const root = found.slice(0, found.lastIndexOf('/') + 1);
  const dataName = found.slice(root.length);
  const logosDir = dataName === 'data.yml' ? 'logos' : 'hosted_logos';
  let dataYml = '';
  let mapping: string | undefined;
  const logos = new Map<string, Uint8Array>();
  let total = 0;
  entries.forEach((e, i) => {
    const name = names[i];
    if (!name.startsWith(root)) return;
    const rel = name.slice(root.length);
    const logo = rel.startsWith(`${logosDir}/`) && !rel.slice(logosDir.length + 1).includes('/');
    if (rel !== dataName && rel !== MAPPING_FILE && !logo) return;
    const bytes = e.read();
    total += bytes.byteLength;
    if (total > MAX_TOTAL) throw new ArchiveError('members.import.err.archive');
    if (logo) logos.set(rel.slice(logosDir.length + 1), bytes);
    else if (rel === MAPPING_FILE) mapping = new TextDecoder().decode(bytes);
    else dataYml = new TextDecoder().decode(bytes);
  });
  return { dataYml, logos, mapping };
}

/** Entries of a zip file, from its central directory (stored or deflated entries). */
export function readZip(buf: Uint8Array): LandscapeDir {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  // The end-of-central-directory record is in the last 64 KB + 22 bytes.
  let eocd = -1;
  for (let i = buf.byteLength - 22; i >= Math.max(0, buf.byteLength - 65557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ArchiveError('members.import.err.archive');
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: Array<{ name: string; read: () => Uint8Array }> = [];
  try {
    for (let n = 0; n < count; n++) {
      if (view.getUint32(at, true) !== 0x02014b50) throw new ArchiveError('members.import.err.archive');
      const method = view.getUint16(at + 10, true);
      const compressed = view.getUint32(at + 20, true);
      const size = view.getUint32(at + 24, true);
      const nameLen = view.getUint16(at + 28, true);
      const extraLen = view.getUint16(at + 30, true);
      const commentLen = view.getUint16(at + 32, true);
      const local = view.getUint32(at + 42, true);
      const name = new TextDecoder().decode(buf.subarray(at + 46, at + 46 + nameLen));
      at += 46 + nameLen + extraLen + commentLen;
      if (name.endsWith('/')) continue;
      entries.push({
        name,
        read: () => {
          if (size > MAX_ENTRY) return new Uint8Array(MAX_ENTRY + 1);
          const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
          const data = buf.subarray(start, start + compressed);
          if (method === 0) return data;
          if (method !== 8) throw new ArchiveError('members.import.err.archive');
          return new Uint8Array(inflateRawSync(data, { maxOutputLength: MAX_ENTRY + 1 }));
        },
      });
    }
    return collect(entries);
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError('members.import.err.archive');
  }
}

/** Entries of a gzip-compressed tar file (ustar; GNU long names are not needed for data.yml and logos). */
export function readTarGz(buf: Uint8Array): LandscapeDir {
  let tar: Buffer;
  try {
    tar = gunzipSync(buf, { maxOutputLength: MAX_TOTAL });
  } catch {
    throw new ArchiveError('members.import.err.archive');
  }
  const entries: Array<{ name: string; read: () => Uint8Array }> = [];
  const text = (from: number, len: number) =>
    tar
      .subarray(from, from + len)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.byteLength; ) {
    const name = text(at, 100);
    if (!name) break; // two zero blocks end the archive
    const size = Number.parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = text(at + 156, 1);
    const prefix = text(at + 345, 155);
    if (!Number.isFinite(size) || size < 0) throw new ArchiveError('members.import.err.archive');
    const start = at + 512;
    if (type === '0' || type === '') {
      const body = tar.subarray(start, start + size);
      entries.push({ name: prefix ? `${prefix}/${name}` : name, read: () => new Uint8Array(body) });
    }
    at = start + Math.ceil(size / 512) * 512;
  }
  return collect(entries);
}

/** A .zip or .tar.gz by its first bytes, or undefined for anything else (a bare data.yml). */
export function readLandscapeArchive(buf: Uint8Array): LandscapeDir | undefined {
  if (isZip(buf)) return readZip(buf);
  if (isGzip(buf)) return readTarGz(buf);
  return undefined;
}
