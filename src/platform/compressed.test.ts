import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressedVariant } from './compressed.ts';

describe('compressed static files', () => {
  it('chooses brotli, then gzip, else the bytes as they are', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip, br;q=0')).toBe('gzip');
    expect(chooseEncoding('identity')).toBe('identity');
    expect(chooseEncoding(undefined)).toBe('identity');
  });

  it('compresses a file once per encoding and gives the same bytes to every request', async () => {
    const body = Buffer.from('SELECT * FROM emp;\n'.repeat(5000));
    const [a, b] = await Promise.all([
      compressedVariant('t/one', body, 'br'),
      compressedVariant('t/one', body, 'br'),
    ]);
    expect(a).toBe(b);
    expect(brotliDecompressSync(a).equals(body)).toBe(true);
    expect(a.length).toBeLessThan(body.length / 50);
    const g = await compressedVariant('t/one', body, 'gzip');
    expect(gunzipSync(g).equals(body)).toBe(true);
    expect(await compressedVariant('t/one', body, 'identity')).toBe(body);
  });
});
