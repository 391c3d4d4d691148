import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, resolveSecret, SECRET_FILE } from './config.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../bin/gongjin.mjs');

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

  it('reads X-Forwarded-For through one proxy unless told how many there are', () => {
    expect(loadConfig({}).TRUST_PROXY_HOPS).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2' }).TRUST_PROXY_HOPS).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY_HOPS: '0' })).toThrowError(
      new ConfigError('Invalid configuration:\n  TRUST_PROXY_HOPS: TRUST_PROXY_HOPS must be at least 1'),
    );
  });
});

describe('the secret', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gongjin-secret-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is never a constant from the source: without GONGJIN_SECRET a process gets a random one', () => {
    const a = loadConfig({});
    const b = loadConfig({});
    expect(a.secretSource).toBe('ephemeral');
    expect(a.GONGJIN_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b.GONGJIN_SECRET).not.toBe(a.GONGJIN_SECRET);
    expect(a.GONGJIN_SECRET).not.toBe('gongjin-development-secret-do-not-use-in-production');
  });

  it('is generated into the data directory (mode 0600) on first use and read back later', () => {
    const dir = path.join(tempDir(), 'data');
    const first = resolveSecret(loadConfig({ GONGJIN_DATA_DIR: dir }));
    const file = path.join(dir, SECRET_FILE);
    expect(first.secretSource).toBe('created');
    expect(readFileSync(file, 'utf8')).toBe(`${first.GONGJIN_SECRET}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const later = resolveSecret(loadConfig({ GONGJIN_DATA_DIR: dir }));
    expect(later.secretSource).toBe('file');
    expect(later.GONGJIN_SECRET).toBe(first.GONGJIN_SECRET);
  });

  it('comes from GONGJIN_SECRET when set, and then no file is written', () => {
    const dir = tempDir();
    const secret = 's'.repeat(40);
    const c = resolveSecret(loadConfig({ GONGJIN_DATA_DIR: dir, GONGJIN_SECRET: secret }));
    expect(c.secretSource).toBe('env');
    expect(c.GONGJIN_SECRET).toBe(secret);
    expect(() => statSync(path.join(dir, SECRET_FILE))).toThrowError(/ENOENT/);
  });

  it('refuses a kept secret file that was truncated', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, SECRET_FILE), 'short\n', { mode: 0o600 });
    expect(() => resolveSecret(loadConfig({ GONGJIN_DATA_DIR: dir }))).toThrowError(
      new ConfigError(
        `Invalid configuration:\n  GONGJIN_SECRET: ${path.join(dir, SECRET_FILE)} holds fewer than 32 characters; delete it or set GONGJIN_SECRET`,
      ),
    );
  });

  it('the command line generates it once and says so, and production refuses to start without one', async () => {
    const dir = path.join(tempDir(), 'data');
    const file = path.join(dir, SECRET_FILE);
    // An unreachable database: the secret is resolved (and logged) before the database is opened.
    const env = {
      ...process.env,
      NODE_ENV: 'development',
      GONGJIN_SECRET: '',
      GONGJIN_DATA_DIR: dir,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    };
    const first = await run(process.execPath, [BIN, 'migrate'], { env }).catch((e) => e);
    expect(first.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const logged = (out: string) =>
      out
        .split('\n')
        .filter((l) => l.includes('GONGJIN_SECRET is not set'))
        .map((l) => {
          const { msg, file } = JSON.parse(l);
          return { msg, file };
        });
    expect(logged(first.stderr)).toEqual([
      { msg: 'GONGJIN_SECRET is not set: generated one and stored it', file },
    ]);
    const prod = await run(process.execPath, [BIN, 'serve'], {
      env: { ...env, NODE_ENV: 'production' },
    }).catch((e) => e);
    expect(prod.code).toBe(1);
    expect(prod.stderr).toBe(
      'Invalid configuration:\n  GONGJIN_SECRET: required in production (32+ characters)\n',
    );
  }, 60_000);
});
