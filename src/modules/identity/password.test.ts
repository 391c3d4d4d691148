import { verify } from '@node-rs/argon2';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from './accounts.ts';

// The test-only argon2 cost (vitest.config.ts sets GONGJIN_TEST_FAST_HASH=1) must never reach a
// real deployment, and hashes made either way must verify.
describe('password hashing cost', () => {
  const saved = { NODE_ENV: process.env.NODE_ENV, fast: process.env.GONGJIN_TEST_FAST_HASH };
  afterEach(() => {
    for (const [key, value] of [
      ['NODE_ENV', saved.NODE_ENV],
      ['GONGJIN_TEST_FAST_HASH', saved.fast],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('uses the full argon2id cost outside tests, even with the test flag set', async () => {
    process.env.NODE_ENV = 'production';
    process.env.GONGJIN_TEST_FAST_HASH = '1';
    const hash = await hashPassword('正确的马');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verify(hash, '正确的马')).toBe(true);
    expect(await verify(hash, '错误的马')).toBe(false);
  });

  it('uses the full cost in tests without the flag', async () => {
    process.env.NODE_ENV = 'test';
    delete process.env.GONGJIN_TEST_FAST_HASH;
    expect(await hashPassword('x')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('uses the cheap cost in test runs with the flag, still a verifiable argon2id hash', async () => {
    process.env.NODE_ENV = 'test';
    process.env.GONGJIN_TEST_FAST_HASH = '1';
    const hash = await hashPassword('正确的马');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(await verify(hash, '正确的马')).toBe(true);
    expect(await verify(hash, '错误的马')).toBe(false);
  });
});
