/**
 * Bitstring Status List encoding: 131,072 bits (16 KiB) per list, GZIP-compressed and multibase
 * base64url ('u' prefix, no padding). Index 0 is the most significant bit of the first byte.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

export const STATUS_LIST_SIZE = 131_072;

export function encodeStatusList(setIndices: Iterable<number>, size = STATUS_LIST_SIZE): string {
  const bytes = new Uint8Array(size / 8);
  for (const i of setIndices) {
    if (i < 0 || i >= size) throw new RangeError(`status index ${i} outside the list`);
    bytes[i >> 3] |= 0x80 >> (i & 7);
  }
  return `u${gzipSync(bytes).toString('base64url')}`;
}

/** Decodes an encodedList; throws on anything that is not multibase base64url GZIP of ≥16 KiB. */
export function decodeStatusList(encoded: string): Uint8Array {
  if (!encoded.startsWith('u')) throw new Error('encodedList is not multibase base64url');
  const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'), { maxOutputLength: 16 * 1024 * 1024 });
  if (bytes.length * 8 < STATUS_LIST_SIZE) throw new Error('status list shorter than 131,072 entries');
  return new Uint8Array(bytes);
}

export function statusBit(list: Uint8Array, index: number): boolean {
  if (index < 0 || index >= list.length * 8) throw new RangeError('status index outside the list');
  return (list[index >> 3] & (0x80 >> (index & 7))) !== 0;
}
