/** The module's one way to raise an AppError with one of its own catalogue keys. */
import type { MessageKey } from '../../i18n/index.ts';
import { AppError, type ErrorCode } from '../../platform/errors.ts';
import type { InternshipsKey } from './messages.ts';

export function fail(
  code: ErrorCode,
  key: InternshipsKey,
  opts: { vars?: Record<string, string | number>; fields?: Record<string, InternshipsKey> } = {},
): AppError {
  // The catalogue gathers module messages once the manifest is in place; until then the key is
  // this module's own, checked against messages.ts by InternshipsKey.
  return new AppError(code, {
    messageKey: key as unknown as MessageKey,
    vars: opts.vars,
    fields: opts.fields as unknown as Record<string, MessageKey> | undefined,
  });
}
