/** The credentials admin page: issue by hand, change a credential's status, rotate issuer keys. */
import type { MessageKey } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import { ActionButton, Field, Form, type FormState, Select, Submit } from '../../../ui/form.tsx';

export type AdminData = {
  achievements: Array<{ id: string; nameZh: string; nameEn: string }>;
  issuers: Array<{ id: string; slug: string; nameZh: string; nameEn: string; logoSha256: string | null }>;
  recent: Array<{
    id: string;
    recipientName: string;
    status: string;
    achievementZh: string;
    achievementEn: string;
    issuedAt: Date;
    verifyUrl: string;
  }>;
};

export function CredentialsAdminPage(props: {
  data: AdminData;
  state?: FormState;
  batchState?: FormState;
  issuerState?: FormState;
  /** A failed logo upload: which issuer's form shows the error. */
  logoState?: { slug: string; state: FormState };
  achievementState?: FormState;
  notice?: MessageKey;
  noticeVars?: Record<string, string | number>;
  issuedLink?: string;
}) {
  const { t, locale } = useView();
  const local = (zh: string, en: string) => (locale === 'en' ? en : zh);
  return (
    <section class="page">
      <h1>{t('credentials.admin.title')}</h1>
      {props.notice && (
        <p class="alert alert-success" role="status">
          {t(props.notice, props.noticeVars)}{' '}
          {props.issuedLink && <a href={props.issuedLink}>{props.issuedLink}</a>}
        </p>
      )}
      <section>
        <h2>{t('credentials.admin.issue')}</h2>
        {props.data.achievements.length === 0 ? (
          <p>{t('credentials.admin.noAchievements')}</p>
        ) : (
          <Form action="/admin/credentials/issue" state={props.state} id="issue">
            <Select
              name="achievementId"
              label="credentials.admin.field.achievement"
              options={props.data.achievements.map((a) => ({
                value: a.id,
                label: local(a.nameZh, a.nameEn),
              }))}
              state={props.state}
              required
            />
            <Field
              name="recipientName"
              label="credentials.admin.field.recipientName"
              state={props.state}
              required
            />
            <Field
              name="recipientEmail"
              label="credentials.admin.field.recipientEmail"
              type="email"
              state={props.state}
            />
            <Field name="evidenceName" label="credentials.admin.field.evidenceName" state={props.state} />
            <Field
              name="evidenceUrl"
              label="credentials.admin.field.evidenceUrl"
              type="url"
              state={props.state}
            />
            <Submit label="credentials.admin.issue" />
          </Form>
        )}
      </section>
      {props.data.achievements.length > 0 && (
        <section>
          <h2>{t('credentials.batch.title')}</h2>
          <p class="hint">{t('credentials.batch.hint')}</p>
          <Form action="/admin/credentials/batch" state={props.batchState} id="batch">
            <Select
              name="achievementId"
              label="credentials.admin.field.achievement"
              options={props.data.achievements.map((a) => ({
                value: a.id,
                label: local(a.nameZh, a.nameEn),
              }))}
              state={props.batchState}
              required
            />
            <Field
              name="csv"
              label="credentials.batch.field.csv"
              state={props.batchState}
              multiline
              required
            />
            <Submit label="credentials.batch.submit" />
          </Form>
        </section>
      )}
      <section>
        <h2>{t('credentials.admin.recent')}</h2>
        <ul class="credential-list">
          {props.data.recent.map((r) => (
            <li data-credential={r.id}>
              <a href={r.verifyUrl}>{r.recipientName}</a> · {local(r.achievementZh, r.achievementEn)} ·{' '}
              <span class="status">{t(`credentials.status.${r.status}` as MessageKey)}</span>
              {r.status !== 'revoked' && (
                <>
                  {r.status === 'active' ? (
                    <ActionButton
                      action={`/admin/credentials/${r.id}/status`}
                      label="credentials.admin.suspend"
                      fields={{ status: 'suspended' }}
                    />
                  ) : (
                    <ActionButton
                      action={`/admin/credentials/${r.id}/status`}
                      label="credentials.admin.reinstate"
                      fields={{ status: 'active' }}
                    />
                  )}
                  <ActionButton
                    action={`/admin/credentials/${r.id}/status`}
                    label="credentials.admin.revoke"
                    fields={{ status: 'revoked' }}
                    variant="danger"
                  />
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('credentials.admin.issuers')}</h2>
        <ul>
          {props.data.issuers.map((i) => (
            <li>
              {local(i.nameZh, i.nameEn)} ·{' '}
              <a href={`/issuers/${i.slug}/did.json`}>{t('credentials.admin.didDocument')}</a>{' '}
              <ActionButton
                action={`/admin/credentials/issuers/${i.slug}/rotate`}
                label="credentials.admin.rotate"
              />
              {i.logoSha256 && (
                <>
                  <img
                    class="issuer-logo"
                    src={`/files/${i.logoSha256}`}
                    alt={t('credentials.form.logo')}
                    height={40}
                  />{' '}
                  <ActionButton
                    action={`/admin/credentials/issuers/${i.slug}/logo/remove`}
                    label="credentials.admin.removeLogo"
                    variant="danger"
                  />
                </>
              )}
              <Form
                action={`/admin/credentials/issuers/${i.slug}/logo`}
                state={props.logoState?.slug === i.slug ? props.logoState.state : undefined}
                id={`logo-${i.slug}`}
                multipart
              >
                <Field
                  name="logo"
                  type="file"
                  label="credentials.form.logo"
                  accept="image/png,image/jpeg"
                  hint="credentials.form.logoHint"
                  state={props.logoState?.slug === i.slug ? props.logoState.state : undefined}
                  required
                />
                <Submit label="credentials.admin.setLogo" />
              </Form>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('credentials.admin.newIssuer')}</h2>
        <Form action="/admin/credentials/issuers" state={props.issuerState} id="new-issuer">
          <Field
            name="slug"
            label="credentials.form.slug"
            hint="credentials.form.slugHint"
            state={props.issuerState}
            required
          />
          <Field name="nameZh" label="credentials.form.nameZh" state={props.issuerState} required />
          <Field name="nameEn" label="credentials.form.nameEn" state={props.issuerState} required />
          <Field name="url" label="credentials.form.url" type="url" state={props.issuerState} />
          <Submit label="credentials.admin.newIssuer" />
        </Form>
      </section>
      {props.data.issuers.length > 0 && (
        <section>
          <h2>{t('credentials.admin.newAchievement')}</h2>
          <Form action="/admin/credentials/achievements" state={props.achievementState} id="new-achievement">
            <Field
              name="slug"
              label="credentials.form.slug"
              hint="credentials.form.slugHint"
              state={props.achievementState}
              required
            />
            <Field name="nameZh" label="credentials.form.nameZh" state={props.achievementState} required />
            <Field name="nameEn" label="credentials.form.nameEn" state={props.achievementState} required />
            <Field
              name="descriptionZh"
              label="credentials.form.descriptionZh"
              state={props.achievementState}
              multiline
              required
            />
            <Field
              name="descriptionEn"
              label="credentials.form.descriptionEn"
              state={props.achievementState}
              multiline
              required
            />
            <Field
              name="criteriaZh"
              label="credentials.form.criteriaZh"
              state={props.achievementState}
              multiline
              required
            />
            <Field
              name="criteriaEn"
              label="credentials.form.criteriaEn"
              state={props.achievementState}
              multiline
              required
            />
            <Field
              name="creditsAvailable"
              label="credentials.form.credits"
              inputmode="numeric"
              state={props.achievementState}
            />
            <Select
              name="issuerId"
              label="credentials.form.issuer"
              options={props.data.issuers.map((i) => ({ value: i.id, label: local(i.nameZh, i.nameEn) }))}
              state={props.achievementState}
              required
            />
            <Select
              name="coIssuerId"
              label="credentials.form.coIssuer"
              options={[
                { value: '', label: t('credentials.form.noCoIssuer') },
                ...props.data.issuers.map((i) => ({ value: i.id, label: local(i.nameZh, i.nameEn) })),
              ]}
              state={props.achievementState}
            />
            <Submit label="credentials.admin.newAchievement" />
          </Form>
        </section>
      )}
    </section>
  );
}
