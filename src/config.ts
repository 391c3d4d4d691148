/**
 * One Zod schema over the environment, parsed once at start-up. A wrong value stops the process
 * with a message that names the variable, so a misconfigured deployment never half-starts.
 */
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
  /** Signs CSRF tokens and derives encryption keys. Required (≥ 32 chars) in production. */
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
});

export type Config = z.output<typeof configSchema> & {
  GONGJIN_SECRET: string;
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
    // Development and tests get a fixed, clearly-named secret; production must set its own.
    GONGJIN_SECRET: c.GONGJIN_SECRET ?? 'gongjin-development-secret-do-not-use-in-production',
    PUBLIC_URL: (c.PUBLIC_URL ?? `http://${c.HOST === '0.0.0.0' ? 'localhost' : c.HOST}:${c.PORT}`).replace(
      /\/$/,
      '',
    ),
    dataDir: path.resolve(c.GONGJIN_DATA_DIR),
  };
}
