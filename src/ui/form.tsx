/**
 * Accessible form parts: every input has a label, and an error is tied to its field with
 * aria-describedby and aria-invalid, with a summary at the top that screen readers announce.
 */
import type { Child } from 'hono/jsx';
import type { MessageKey } from '../i18n/index.ts';
import type { FieldErrors, FormValues } from '../platform/forms.ts';
import { useView } from './context.ts';

export type FormState = {
  values?: FormValues;
  errors?: FieldErrors;
  /** A message for the whole form (e.g. wrong password, rate limited) instead of the generic summary. */
  message?: MessageKey;
  messageVars?: Record<string, string | number>;
};

export function Form(props: {
  action: string;
  method?: 'post' | 'get';
  multipart?: boolean;
  state?: FormState;
  id?: string;
  children: Child;
  class?: string;
}) {
  const { t, csrfToken } = useView();
  const method = props.method ?? 'post';
  const errors = props.state?.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0 || !!props.state?.message;
  return (
    <form
      id={props.id}
      class={props.class ?? 'form'}
      action={props.action}
      method={method}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      novalidate
    >
      {method === 'post' && <input type="hidden" name="_csrf" value={csrfToken} />}
      {hasErrors && (
        <div class="alert alert-error" role="alert" id={props.id ? `${props.id}-errors` : undefined}>
          {props.state?.message ? t(props.state.message, props.state.messageVars) : t('form.errorSummary')}
          {errors._form && <p>{t(errors._form)}</p>}
        </div>
      )}
      {props.children}
    </form>
  );
}

type FieldProps = {
  name: string;
  label: MessageKey;
  state?: FormState;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  hint?: MessageKey;
  value?: string;
  maxlength?: number;
  multiline?: boolean;
  accept?: string;
  inputmode?: 'email' | 'numeric' | 'tel' | 'url' | 'text';
};

export function Field(p: FieldProps) {
  const { t } = useView();
  const id = `f-${p.name}`;
  const error = p.state?.errors?.[p.name];
  const value =
    p.type === 'password' || p.type === 'file' ? undefined : (p.state?.values?.[p.name] ?? p.value ?? '');
  const describedBy =
    [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: p.name,
    required: p.required,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy,
    maxlength: p.maxlength,
  };
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>
        {t(p.label)}
        {!p.required && p.type !== 'checkbox' && <span class="optional">{t('form.optionalMark')}</span>}
      </label>
      {p.multiline ? (
        <textarea {...common} rows={4}>
          {value}
        </textarea>
      ) : (
        <input
          {...common}
          type={p.type ?? 'text'}
          value={value}
          autocomplete={p.autocomplete}
          accept={p.accept}
          inputmode={p.inputmode}
        />
      )}
      {p.hint && (
        <p class="hint" id={`${id}-hint`}>
          {t(p.hint)}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {t(error)}
        </p>
      )}
    </div>
  );
}

export function Select(p: {
  name: string;
  label: MessageKey;
  options: Array<{ value: string; label: string }>;
  state?: FormState;
  value?: string;
  required?: boolean;
}) {
  const { t } = useView();
  const id = `f-${p.name}`;
  const error = p.state?.errors?.[p.name];
  const current = p.state?.values?.[p.name] ?? p.value ?? '';
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{t(p.label)}</label>
      <select
        id={id}
        name={p.name}
        required={p.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p class="error" id={`${id}-error`}>
          {t(error)}
        </p>
      )}
    </div>
  );
}

export function Submit(p: { label?: MessageKey }) {
  const { t } = useView();
  return (
    <button type="submit" class="button button-primary">
      {t(p.label ?? 'form.submit')}
    </button>
  );
}

/** A one-button form for a POST action (log out, accept, remove …). */
export function ActionButton(p: {
  action: string;
  label: MessageKey;
  fields?: Record<string, string>;
  variant?: 'primary' | 'plain' | 'danger';
}) {
  const { t, csrfToken } = useView();
  return (
    <form action={p.action} method="post" class="inline-form">
      <input type="hidden" name="_csrf" value={csrfToken} />
      {Object.entries(p.fields ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={`button button-${p.variant ?? 'plain'}`}>
        {t(p.label)}
      </button>
    </form>
  );
}
