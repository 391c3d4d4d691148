import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults for a laptop: PGlite in ./data, port 3000, zh-CN mail sender', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.PUBLIC_URL).toBe('http://127.0.0.1:3000');
    expect(c.GONGJIN_INPROCESS_WORKER).toBe(true);
  });

  it('stops with a message naming each bad variable', () => {
    expect(() =>
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail' }),
    ).toThrowError(
      new ConfigError(
        'Invalid configuration:\n  PORT: Invalid input: expected number, received NaN\n  DATABASE_URL: DATABASE_URL must start with postgres:// or postgresql://\n  SMTP_URL: SMTP_URL must start with smtp:// or smtps://',
      ),
    );
  });

  it('requires a long secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrowError(
      /GONGJIN_SECRET: required in production/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', GONGJIN_SECRET: 'short' })).toThrowError(
      /GONGJIN_SECRET: GONGJIN_SECRET must be at least 32 characters/,
    );
    const secret = 'x'.repeat(40);
    expect(loadConfig({ NODE_ENV: 'production', GONGJIN_SECRET: secret }).GONGJIN_SECRET).toBe(secret);
  });

  it('treats empty variables as unset and strips a trailing slash from PUBLIC_URL', () => {
    const c = loadConfig({ DATABASE_URL: '', PUBLIC_URL: 'https://gongjin.example.org/' });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.PUBLIC_URL).toBe('https://gongjin.example.org');
  });
});
