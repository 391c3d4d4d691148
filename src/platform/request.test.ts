import { describe, expect, it } from 'vitest';
import { clientIpFrom, safeNext } from './request.ts';

describe('safeNext', () => {
  it('keeps a same-origin path with its query and fragment', () => {
    expect(safeNext('/invitations/abc')).toBe('/invitations/abc');
    expect(safeNext('/salons?page=2#list')).toBe('/salons?page=2#list');
    expect(safeNext('/a/./b/../c')).toBe('/a/c');
  });

  it('refuses what a browser would follow off-site, and anything that is not a path', () => {
    const refused = [
      '//evil.example',
      '/\t/evil.example',
      '/\r\n/evil.example',
      '/\n/evil.example',
      '/\\evil.example',
      '/\\/evil.example',
      '\\\\evil.example',
      '/\u0000/evil.example',
      '/\u001f/x',
      '/\u007f/x',
      'https://evil.example/',
      'javascript:alert(1)',
      'evil.example',
      '',
    ];
    expect(refused.map((n) => safeNext(n, 'FALLBACK'))).toEqual(refused.map(() => 'FALLBACK'));
    expect(safeNext(undefined)).toBe('/');
    expect(safeNext(['/x'])).toBe('/');
  });
});

describe('clientIpFrom', () => {
  it('reads X-Forwarded-For from the right, trusting only the configured proxies', () => {
    // One proxy: it appended the address it saw; what the client wrote to the left is ignored.
    expect(clientIpFrom('6.6.6.6, 203.0.113.7', '10.0.0.1', 1)).toBe('203.0.113.7');
    expect(clientIpFrom('203.0.113.7', '10.0.0.1', 1)).toBe('203.0.113.7');
    // Two proxies: the rightmost entry is the first proxy's address.
    expect(clientIpFrom('6.6.6.6, 203.0.113.7, 10.0.0.2', '10.0.0.1', 2)).toBe('203.0.113.7');
    // Fewer entries than proxies: the leftmost one there is.
    expect(clientIpFrom('203.0.113.7', '10.0.0.1', 3)).toBe('203.0.113.7');
  });

  it('uses the socket without trusted proxies or without the header', () => {
    expect(clientIpFrom('6.6.6.6', '10.0.0.1', 0)).toBe('10.0.0.1');
    expect(clientIpFrom(undefined, '10.0.0.1', 1)).toBe('10.0.0.1');
    expect(clientIpFrom(' , ', '10.0.0.1', 1)).toBe('10.0.0.1');
  });
});
