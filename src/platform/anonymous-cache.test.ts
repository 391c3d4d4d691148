import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../seed/demo.ts';
import { TEST_PUBLIC_URL, useTestApp } from '../testing/harness.ts';
import { pickEncoding } from './anonymous-cache.ts';

const t = useTestApp();

describe('anonymous page cache', () => {
  it('picks brotli, then gzip, and never an encoding refused with q=0', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(pickEncoding('deflate')).toBeUndefined();
    expect(pickEncoding('*')).toBe('gzip');
    expect(pickEncoding(undefined)).toBeUndefined();
  });

  it('serves a cached page compressed to a phone that accepts it, the same page as uncompressed', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
    const get = (encoding?: string) =>
      t.app.request(`${TEST_PUBLIC_URL}/wall`, {
        headers: encoding ? { 'accept-encoding': encoding } : {},
      });
    const first = await (await get()).text(); // rendered, then kept
    const plain = await get();
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toContain('Accept-Encoding');
    expect(await plain.text()).toBe(first);
    const br = await get('gzip, deflate, br');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toContain('Accept-Encoding');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.byteLength).toBeLessThan(Buffer.byteLength(first) / 3);
    expect(brotliDecompressSync(brBytes).toString('utf8')).toBe(first);
    const gz = await get('gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8')).toBe(first);
  });
});
