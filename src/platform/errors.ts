/**
 * One error type with a closed set of codes, mapped to HTTP status once. The app's onError renders
 * it as JSON under /api, as a fragment for htmx, and as a localised page otherwise.
 */
import type { MessageKey } from '../i18n/index.ts';

export const ERROR_STATUS = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Catalogue key of the user-facing message; defaults to `errors.<code>`. */
  readonly messageKey: MessageKey;
  readonly vars?: Record<string, string | number>;
  /** Field → catalogue key, for forms and INVALID_INPUT answers. */
  readonly fields?: Record<string, MessageKey>;

  constructor(
    code: ErrorCode,
    opts: {
      messageKey?: MessageKey;
      vars?: Record<string, string | number>;
      fields?: Record<string, MessageKey>;
      cause?: unknown;
    } = {},
  ) {
    super(code, { cause: opts.cause });
    this.code = code;
    this.messageKey = opts.messageKey ?? (`errors.${code}` as MessageKey);
    this.vars = opts.vars;
    this.fields = opts.fields;
  }

  get status() {
    return ERROR_STATUS[this.code];
  }
}
