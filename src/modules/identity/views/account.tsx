/** Pages for sign-up, log-in, email confirmation, password reset and the profile. */
import type { MessageKey } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import { ActionButton, Field, Form, type FormState, Submit } from '../../../ui/form.tsx';
import type { ProfileLink } from '../schema.ts';

export function SignupPage({ state, next }: { state?: FormState; next?: string }) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('accounts.signup.title')}</h1>
      <Form action="/signup" state={state} id="signup">
        {next && <input type="hidden" name="next" value={next} />}
        <Field
          name="email"
          type="email"
          label="accounts.field.email"
          required
          autocomplete="email"
          state={state}
          inputmode="email"
        />
        <Field
          name="displayName"
          label="accounts.field.displayName"
          required
          autocomplete="nickname"
          state={state}
          maxlength={60}
        />
        <Field
          name="password"
          type="password"
          label="accounts.field.password"
          required
          autocomplete="new-password"
          hint="accounts.field.passwordHint"
          state={state}
        />
        <Submit label="accounts.signup.submit" />
      </Form>
      <p>
        {t('accounts.signup.haveAccount')}{' '}
        <a href={next ? `/login?next=${encodeURIComponent(next)}` : '/login'}>{t('nav.login')}</a>
      </p>
    </section>
  );
}

/** A short page that says what happened and what to do next. */
export function NoticePage(props: {
  title: MessageKey;
  body: MessageKey;
  vars?: Record<string, string>;
  link?: { href: string; label: MessageKey };
}) {
  const { t } = useView();
  return (
    <section class="card stack notice">
      <h1>{t(props.title)}</h1>
      <p>{t(props.body, props.vars)}</p>
      {props.link && (
        <p>
          <a class="button button-primary" href={props.link.href}>
            {t(props.link.label)}
          </a>
        </p>
      )}
    </section>
  );
}

export function LoginPage({ state, next }: { state?: FormState; next?: string }) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('accounts.login.title')}</h1>
      <Form action="/login" state={state} id="login">
        {next && <input type="hidden" name="next" value={next} />}
        <Field
          name="email"
          type="email"
          label="accounts.field.email"
          required
          autocomplete="username"
          state={state}
          inputmode="email"
        />
        <Field
          name="password"
          type="password"
          label="accounts.field.password"
          required
          autocomplete="current-password"
          state={state}
        />
        <Submit label="accounts.login.submit" />
      </Form>
      <p>
        <a href="/forgot-password">{t('accounts.login.forgot')}</a> ·{' '}
        <a href={next ? `/signup?next=${encodeURIComponent(next)}` : '/signup'}>{t('nav.signup')}</a>
      </p>
    </section>
  );
}

export function ForgotPage({ state }: { state?: FormState }) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('accounts.forgot.title')}</h1>
      <p class="muted">{t('accounts.forgot.lead')}</p>
      <Form action="/forgot-password" state={state} id="forgot">
        <Field
          name="email"
          type="email"
          label="accounts.field.email"
          required
          autocomplete="email"
          state={state}
          inputmode="email"
        />
        <Submit label="accounts.forgot.submit" />
      </Form>
    </section>
  );
}

export function ResetPage({ state, token }: { state?: FormState; token: string }) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('accounts.reset.title')}</h1>
      <Form action="/reset-password" state={state} id="reset">
        <input type="hidden" name="token" value={token} />
        <Field
          name="password"
          type="password"
          label="accounts.field.newPassword"
          required
          autocomplete="new-password"
          hint="accounts.field.passwordHint"
          state={state}
        />
        <Field
          name="confirm"
          type="password"
          label="accounts.field.confirmPassword"
          required
          autocomplete="new-password"
          state={state}
        />
        <Submit label="accounts.reset.submit" />
      </Form>
    </section>
  );
}

export type ProfileView = {
  email: string;
  emailVerified: boolean;
  displayName: string;
  bio: string;
  affiliation: string;
  title: string;
  links: ProfileLink[];
  avatarSha256: string | null;
  certificateName?: string | null;
  certificateNameConfirmedAt?: Date | null;
};

export function linksToText(links: ProfileLink[]): string {
  return links.map((l) => `${l.label} ${l.url}`).join('\n');
}

export function ProfilePage({
  profile,
  state,
  saved,
}: {
  profile: ProfileView;
  state?: FormState;
  saved?: boolean;
}) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('accounts.profile.title')}</h1>
      {saved && (
        <p class="alert alert-success" role="status">
          {t('form.saved')}
        </p>
      )}
      {!profile.emailVerified && (
        <div class="alert alert-error" role="status">
          {t('accounts.profile.unconfirmed', { email: profile.email })}{' '}
          <ActionButton action="/profile/resend-confirmation" label="accounts.profile.resend" />
        </div>
      )}
      <div class="profile-head">
        {profile.avatarSha256 ? (
          <img class="avatar" src={`/files/${profile.avatarSha256}`} alt={t('accounts.field.avatar')} />
        ) : null}
        <p class="muted">{profile.email}</p>
      </div>
      <p>
        <a href="/profile/certificate-name">{t('accounts.certificateName.link')}</a>
        {profile.certificateNameConfirmedAt && profile.certificateName ? ` · ${profile.certificateName}` : ''}
      </p>
      <Form action="/profile" state={state} id="profile" multipart>
        <Field
          name="displayName"
          label="accounts.field.displayName"
          required
          state={state}
          value={profile.displayName}
          maxlength={60}
        />
        <Field
          name="affiliation"
          label="accounts.field.affiliation"
          state={state}
          value={profile.affiliation}
          maxlength={120}
        />
        <Field name="title" label="accounts.field.title" state={state} value={profile.title} maxlength={60} />
        <Field
          name="bio"
          label="accounts.field.bio"
          multiline
          state={state}
          value={profile.bio}
          maxlength={1000}
        />
        <Field
          name="links"
          label="accounts.field.links"
          multiline
          hint="accounts.field.linksHint"
          state={state}
          value={linksToText(profile.links)}
        />
        <Field
          name="avatar"
          type="file"
          label="accounts.field.avatar"
          accept="image/png,image/jpeg,image/webp,image/gif"
          hint="accounts.field.avatarHint"
          state={state}
        />
        <Submit label="form.save" />
      </Form>
    </section>
  );
}
