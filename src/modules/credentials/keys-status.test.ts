import { describe, expect, it } from 'vitest';
import { decryptSecretKey, encryptSecretKey } from './keys.ts';
import { generateEd25519 } from './multikey.ts';
import { decodeStatusList, encodeStatusList, STATUS_LIST_SIZE, statusBit } from './status-list.ts';

describe('issuer key encryption', () => {
  const secret = 'a-test-secret-that-is-long-enough-0123456789';
  it('round-trips and never stores the key in clear', () => {
    const { secretKeyMultibase } = generateEd25519();
    const sealed = encryptSecretKey(secret, 'row-1', secretKeyMultibase);
    expect(sealed.includes(secretKeyMultibase)).toBe(false);
    expect(decryptSecretKey(secret, 'row-1', sealed)).toBe(secretKeyMultibase);
  });
  it('fails with another secret, another row, or a changed byte', () => {
    const { secretKeyMultibase } = generateEd25519();
    const sealed = encryptSecretKey(secret, 'row-1', secretKeyMultibase);
    expect(() => decryptSecretKey(`${secret}x`, 'row-1', sealed)).toThrow();
    expect(() => decryptSecretKey(secret, 'row-2', sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = (parts[3][0] === 'A' ? 'B' : 'A') + parts[3].slice(1);
    expect(() => decryptSecretKey(secret, 'row-1', parts.join('.'))).toThrow();
  });
});

describe('bitstring status list', () => {
  it('puts index 0 in the most significant bit of the first byte', () => {
    const bytes = decodeStatusList(encodeStatusList([0, 9, STATUS_LIST_SIZE - 1]));
    expect(bytes.length).toBe(16_384);
    expect(bytes[0]).toBe(0b1000_0000);
    expect(bytes[1]).toBe(0b0100_0000);
    expect(bytes[16_383]).toBe(0b0000_0001);
    expect([0, 1, 8, 9, STATUS_LIST_SIZE - 1].map((i) => statusBit(bytes, i))).toEqual([
      true,
      false,
      false,
      true,
      true,
    ]);
  });
  it('is multibase base64url (u prefix) over GZIP', () => {
    const encoded = encodeStatusList([]);
    expect(encoded[0]).toBe('u');
    expect(Buffer.from(encoded.slice(1), 'base64url').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });
  it('rejects a list shorter than 131,072 entries', () => {
    expect(() => decodeStatusList(encodeStatusList([], 1024))).toThrow(/131,072/);
  });
});
