/**
 * One Zod schema over the environment, parsed once at start-up. A wrong value stops the process
 * with a message that names the variable, so a misconfigured deployment never half-starts.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const url = (name: string) =>
  z.string().refine((v) => URL.canParse(v), { message: `${name} must be an absolute URL` });

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** postgres://… to run on a PostgreSQL server; unset means embedded PGlite in GONGJIN_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  GONGJIN_DATA_DIR: z.string().min(1).default('./data'),
  /**
   * Signs CSRF tokens and tickets and derives encryption keys. Required (≥ 32 chars) in production;
   * elsewhere the command line keeps a generated one in the data directory (resolveSecret).
   */
  GONGJIN_SECRET: z.string().min(32, 'GONGJIN_SECRET must be at least 32 characters').optional(),
  PUBLIC_URL: url('PUBLIC_URL').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('共进 Gongjin <noreply@gongjin.local>'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Run the job worker inside `serve` (set false when a separate `gongjin worker` runs). */
  GONGJIN_INPROCESS_WORKER: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Who may frame /embed/wall: a CSP frame-ancestors source list ("*" = any site, "'none'" = nobody). */
  EMBED_FRAME_ANCESTORS: z
    .string()
    .regex(/^[^;,\r\n]+$/, 'EMBED_FRAME_ANCESTORS is a space-separated list of CSP sources')
    .default('*'),
  /** The tutor's optional language model: an OpenAI-compatible base URL (…/v1); unset means off. */
  LLM_BASE_URL: url('LLM_BASE_URL').optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** Behind a TLS-terminating proxy: trust X-Forwarded-Proto / -For. */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** With TRUST_PROXY: how many proxies append to X-Forwarded-For (read from the right). */
  TRUST_PROXY_HOPS: z.coerce
    .number({ message: 'TRUST_PROXY_HOPS must be a whole number of proxies' })
    .int('TRUST_PROXY_HOPS must be a whole number of proxies')
    .min(1, 'TRUST_PROXY_HOPS must be at least 1')
    .max(10, 'TRUST_PROXY_HOPS must be at most 10')
    .default(1),
});

export type Config = z.output<typeof configSchema> & {
  GONGJIN_SECRET: string;
  /**
   * Where the secret came from: `env` (GONGJIN_SECRET), `file` / `created` (the data directory's
   * secret file, see resolveSecret), or `ephemeral` (random for this process only: what a library
   * caller such as a test gets without GONGJIN_SECRET; nothing signed with it outlives the process).
   */
  secretSource: 'env' | 'file' | 'created' | 'ephemeral';
  PUBLIC_URL: string;
  dataDir: string;
};

export class ConfigError extends Error {}

/** Parses `env` (default process.env). Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  ) as Record<string, string>;
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (!c.GONGJIN_SECRET && c.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  GONGJIN_SECRET: required in production (32+ characters)',
    );
  }
  return {
    ...c,
    // Never a constant from the source: a public default would let anyone forge tickets and CSRF
    // tokens. Without GONGJIN_SECRET a process gets a random one; the CLI swaps in a kept one.
    GONGJIN_SECRET: c.GONGJIN_SECRET ?? randomBytes(32).toString('base64url'),
    secretSource: c.GONGJIN_SECRET ? 'env' : 'ephemeral',
    PUBLIC_URL: (c.PUBLIC_URL ?? `http://${c.HOST === '0.0.0.0' ? 'localhost' : c.HOST}:${c.PORT}`).replace(
      /\/$/,
      '',
    ),
    dataDir: path.resolve(c.GONGJIN_DATA_DIR),
  };
}

/** The file in the data directory that keeps a generated secret between starts. */
export const SECRET_FILE = 'gongjin-secret';

/**
 * The secret every command of one installation shares: GONGJIN_SECRET when set, otherwise the one
 * kept in `<data dir>/gongjin-secret`, generated (32 random bytes, file mode 0600) on first use.
 * Production never gets here without GONGJIN_SECRET (loadConfig refuses). The file is per machine:
 * several app processes on one PostgreSQL must share GONGJIN_SECRET instead.
 */
export function resolveSecret(config: Config): Config {
  if (config.secretSource === 'env') return config;
  const file = path.join(config.dataDir, SECRET_FILE);
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length < 32) {
      throw new ConfigError(
        `Invalid configuration:\n  GONGJIN_SECRET: ${file} holds fewer than 32 characters; delete it or set GONGJIN_SECRET`,
      );
    }
    return { ...config, GONGJIN_SECRET: kept, secretSource: 'file' };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  // `wx`: two processes starting at once must not both write; the loser reads the winner's file.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return resolveSecret(config);
    throw err;
  }
  chmodSync(file, 0o600); // the umask may have masked bits away, never added: this is belt and braces
  return { ...config, GONGJIN_SECRET: secret, secretSource: 'created' };
}
