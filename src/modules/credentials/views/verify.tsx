/** The verification platform (查证平台): lookup and paste forms, and the result with every check. */
import type { Locale, MessageKey } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import { Field, Form, type FormState, Submit } from '../../../ui/form.tsx';
import type { JsonObject } from '../data-integrity.ts';
import { textOf } from '../language.ts';
import type { Check, Verification } from '../verify.ts';

export function VerifyPage(props: { lookup?: FormState; paste?: FormState; notFound?: boolean }) {
  const { t } = useView();
  return (
    <section class="page narrow">
      <h1>{t('credentials.verify.title')}</h1>
      <p class="lead">{t('credentials.verify.lead')}</p>
      {props.notFound && (
        <p class="alert alert-error" role="alert">
          {t('credentials.notFound')}
        </p>
      )}
      <section>
        <h2>{t('credentials.verify.lookup')}</h2>
        <Form action="/verify" method="get" state={props.lookup} id="lookup">
          <Field name="id" label="credentials.verify.field.id" state={props.lookup} required />
          <Field name="name" label="credentials.verify.field.name" state={props.lookup} required />
          <Submit label="credentials.verify.submit" />
        </Form>
      </section>
      <section>
        <h2>{t('credentials.verify.paste')}</h2>
        <Form action="/verify" state={props.paste} id="paste">
          <Field
            name="credential"
            label="credentials.verify.field.json"
            state={props.paste}
            multiline
            required
          />
          <Submit label="credentials.verify.submit" />
        </Form>
      </section>
    </section>
  );
}

const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Who holds the credential and what it is for, in the reader's language (the page's title and share text). */
export function credentialHeadline(credential: JsonObject | null, locale: Locale) {
  const subject = (asArray(credential?.credentialSubject)[0] ?? {}) as JsonObject;
  const holder = asArray(subject.identifier)
    .map((i) => str((i as JsonObject)?.identityHash))
    .filter(Boolean)
    .join(', ');
  return { holder, achievement: textOf(subject.achievement, 'name', locale) };
}

function CheckRow({ check }: { check: Check }) {
  const { t } = useView();
  const state = check.ok === null ? 'skipped' : check.ok ? 'pass' : 'fail';
  return (
    <li class={`check check-${state}`} data-check={check.id} data-ok={String(check.ok)}>
      <strong>{t(`credentials.check.${check.id}` as MessageKey)}</strong>{' '}
      <span class="check-result">{t(`credentials.result.${state}` as MessageKey)}</span>
      {' · '}
      <span class="check-code">{t(`credentials.code.${check.code}` as MessageKey)}</span>
      {check.subject && <code class="check-subject">{check.subject}</code>}
    </li>
  );
}

export function ResultPage(props: {
  result: Verification;
  credentialId?: string;
  base?: string;
  k?: string;
}) {
  const { t, locale } = useView();
  const { result } = props;
  // Names and descriptions are signed in both languages: show the reader's.
  const text = (node: unknown, prop: 'name' | 'description') => textOf(node, prop, locale);
  const cred = (result.credential ?? {}) as JsonObject;
  const subject = (asArray(cred.credentialSubject)[0] ?? {}) as JsonObject;
  const achievement = (subject.achievement ?? {}) as JsonObject;
  const { holder } = credentialHeadline(result.credential, locale);
  const issuers = [cred.issuer, achievement.creator].filter(Boolean) as Array<JsonObject | string>;
  return (
    <section class="page narrow">
      <h1>{t('credentials.result.title')}</h1>
      <p class={result.valid ? 'alert alert-success' : 'alert alert-error'} role="status" id="verdict">
        {t(result.valid ? 'credentials.result.valid' : 'credentials.result.invalid')}
      </p>
      <h2>{t('credentials.result.checks')}</h2>
      <ul class="checks">
        {result.checks.map((c) => (
          <CheckRow check={c} />
        ))}
      </ul>
      {result.credential && (
        <dl class="credential-facts">
          <dt>{t('credentials.result.holder')}</dt>
          <dd id="holder">{holder}</dd>
          <dt>{t('credentials.result.achievement')}</dt>
          <dd>
            <strong id="achievement">{text(achievement, 'name')}</strong>
            <p>{text(achievement, 'description')}</p>
          </dd>
          <dt>{t('credentials.result.issuers')}</dt>
          <dd>
            <ul>
              {issuers.map((i) => (
                <li>
                  {typeof i === 'string' ? i : text(i, 'name')}{' '}
                  <code>{typeof i === 'string' ? '' : str(i.id)}</code>
                </li>
              ))}
            </ul>
          </dd>
          <dt>{t('credentials.result.issuedOn')}</dt>
          <dd>{str(cred.validFrom)}</dd>
          <dt>{t('credentials.result.credentialId')}</dt>
          <dd>
            <code>{props.credentialId ?? str(cred.id)}</code>
          </dd>
          {asArray(cred.evidence).length > 0 && (
            <>
              <dt>{t('credentials.result.evidence')}</dt>
              <dd>
                <ul>
                  {asArray(cred.evidence).map((e) => {
                    const ev = e as JsonObject;
                    return (
                      <li>
                        {ev.id ? <a href={str(ev.id)}>{text(ev, 'name') || str(ev.id)}</a> : text(ev, 'name')}
                      </li>
                    );
                  })}
                </ul>
              </dd>
            </>
          )}
        </dl>
      )}
      {props.base && props.k && (
        <ul class="downloads">
          {/* Both languages, the reader's first. */}
          {(locale === 'en' ? (['en', 'zh-CN'] as const) : (['zh-CN', 'en'] as const)).map((lang) => (
            <li>
              <a href={`${props.base}/certificate.pdf?k=${props.k}&lang=${lang}`} hreflang={lang}>
                {t(lang === 'en' ? 'credentials.result.pdfEn' : 'credentials.result.pdf')}
              </a>
            </li>
          ))}
          <li>
            <a href={`${props.base}/share.png?k=${props.k}`}>{t('credentials.result.shareCard')}</a>
          </li>
          <li>
            <a href={`${props.base}/credential.json?k=${props.k}`} download>
              {t('credentials.result.download')}
            </a>
          </li>
        </ul>
      )}
    </section>
  );
}
