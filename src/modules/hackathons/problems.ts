/**
 * The module's typed errors: an AppError whose message is one of this module's catalogue keys.
 * (The catalogue's MessageKey gains these keys once the module is listed in the manifest.)
 */
import type { MessageKey } from '../../i18n/index.ts';
import { AppError, type ErrorCode } from '../../platform/errors.ts';
import type { HackathonMessageKey } from './messages.ts';

export const key = (k: HackathonMessageKey) => k as unknown as MessageKey;

export function problem(
  code: ErrorCode,
  messageKey: HackathonMessageKey,
  opts: { field?: string; vars?: Record<string, string | number> } = {},
): AppError {
  return new AppError(code, {
    messageKey: key(messageKey),
    vars: opts.vars,
    fields: opts.field ? { [opts.field]: key(messageKey) } : undefined,
  });
}
