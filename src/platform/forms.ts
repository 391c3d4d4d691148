/**
 * Form parsing with one Zod schema per form. Messages in schemas are catalogue keys, so the same
 * schema validates and re-renders the form with localised field errors.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { isMessageKey, type MessageKey } from '../i18n/index.ts';

export type FieldErrors = Partial<Record<string, MessageKey>>;
export type FormValues = Record<string, string>;

export type FormResult<T> =
  | { ok: true; data: T; values: FormValues }
  | { ok: false; errors: FieldErrors; values: FormValues };

/** Plain string values of a parsed body (files and the CSRF token left out), for re-rendering. */
export function formValues(body: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') values[k] = v;
  return values;
}

export function validate<S extends z.ZodType>(
  schema: S,
  body: Record<string, unknown>,
): FormResult<z.output<S>> {
  const values = formValues(body);
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    // Zod's own messages (type errors) are not catalogue keys: fall back to a generic one.
    errors[field] ??= isMessageKey(issue.message) ? (issue.message as MessageKey) : 'validation.invalid';
  }
  return { ok: false, errors, values };
}

export async function parseForm<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<FormResult<z.output<S>>> {
  const body = (await c.req.parseBody({ all: false })) as Record<string, unknown>;
  return validate(schema, body);
}
