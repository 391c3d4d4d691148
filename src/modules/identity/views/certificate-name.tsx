/** The certificate-name pages: the form, and the confirmation of the name as it will be printed. */
import { useView } from '../../../ui/context.ts';
import { Field, Form, type FormState, Submit } from '../../../ui/form.tsx';

export function CertificateNamePage(p: { current: string | null; next: string; state?: FormState }) {
  const { t } = useView();
  return (
    <section class="card stack" data-testid="certificate-name">
      <h1>{t('accounts.certificateName.title')}</h1>
      <p>{t('accounts.certificateName.intro')}</p>
      {p.current && <p>{t('accounts.certificateName.current', { name: p.current })}</p>}
      <Form action="/profile/certificate-name" state={p.state}>
        <input type="hidden" name="next" value={p.next} />
        <Field
          name="certificateName"
          label="accounts.certificateName.field"
          hint="accounts.certificateName.hint"
          state={p.state}
          required
          maxlength={100}
        />
        <Submit label="accounts.certificateName.review" />
      </Form>
    </section>
  );
}

export function CertificateNameConfirmPage(p: { name: string; next: string; current: string | null }) {
  const { t } = useView();
  return (
    <section class="card stack" data-testid="certificate-name-confirm">
      <h1>{t('accounts.certificateName.confirmTitle')}</h1>
      <p class="certificate-name">{p.name}</p>
      <p>
        {t(p.current ? 'accounts.certificateName.confirmChange' : 'accounts.certificateName.confirmBody')}
      </p>
      <Form action="/profile/certificate-name">
        <input type="hidden" name="next" value={p.next} />
        <input type="hidden" name="certificateName" value={p.name} />
        <input type="hidden" name="confirm" value="yes" />
        <Submit label="accounts.certificateName.confirm" />
      </Form>
      <p>
        <a href={`/profile/certificate-name${p.next ? `?next=${encodeURIComponent(p.next)}` : ''}`}>
          {t('accounts.certificateName.back')}
        </a>
      </p>
    </section>
  );
}
