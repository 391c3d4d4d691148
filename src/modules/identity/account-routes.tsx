/** Routes for accounts: sign-up, confirmation, log-in/out, password reset, profile, language. */
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../../platform/context.ts';
import { rotateCsrfToken } from '../../platform/csrf.ts';
import { AppError } from '../../platform/errors.ts';
import { storeImage } from '../../platform/files.ts';
import { parseForm, validate } from '../../platform/forms.ts';
import { requireActor, requirePermission } from '../../platform/permissions.ts';
import { requestInfo, safeNext } from '../../platform/request.ts';
import { titled } from '../../ui/respond.tsx';
import {
  confirmEmail,
  logIn,
  logOut,
  requestPasswordReset,
  resendConfirmation,
  resetPassword,
  setLocale,
  signUp,
  updateProfile,
} from './accounts.ts';
import { certificateNameRoutes } from './certificate-name-routes.tsx';
import { forgotForm, localeForm, loginForm, profileForm, resetForm, signupForm } from './forms.ts';
import { users } from './schema.ts';
import { clearSessionCookie, SESSION_COOKIE, setLangCookie, setSessionCookie } from './session.ts';
import { ForgotPage, LoginPage, NoticePage, ProfilePage, ResetPage, SignupPage } from './views/account.tsx';

const AVATAR_MAX_BYTES = 1024 * 1024;

export function accountRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/signup', (c) =>
    c.render(<SignupPage next={safeNext(c.req.query('next'), '')} />, titled(c, 'accounts.signup.title')),
  );
  app.post('/signup', async (c) => {
    const form = await parseForm(c, signupForm);
    const next = safeNext(form.values.next, '');
    if (!form.ok) {
      c.status(400);
      return c.render(<SignupPage state={form} next={next} />, titled(c, 'accounts.signup.title'));
    }
    try {
      const { db } = c.get('deps');
      await signUp(db, { ...form.data, next, locale: c.get('locale') }, requestInfo(c));
    } catch (err) {
      if (err instanceof AppError && err.fields) {
        c.status(err.status);
        return c.render(
          <SignupPage state={{ values: form.values, errors: err.fields }} next={next} />,
          titled(c, 'accounts.signup.title'),
        );
      }
      throw err;
    }
    return c.render(
      <NoticePage
        title="accounts.signup.checkEmailTitle"
        body="accounts.signup.checkEmail"
        vars={{ email: form.data.email }}
      />,
      titled(c, 'accounts.signup.checkEmailTitle'),
    );
  });

  app.get('/confirm-email', async (c) => {
    const { db } = c.get('deps');
    await confirmEmail(db, c.req.query('token') ?? '', requestInfo(c));
    // Back to where sign-up began (an invitation, say), through the log-in page when needed.
    const next = safeNext(c.req.query('next'), '');
    const signedIn = !!c.get('actor');
    const link = next
      ? {
          href: signedIn ? next : `/login?next=${encodeURIComponent(next)}`,
          label: 'accounts.confirm.continue' as const,
        }
      : signedIn
        ? { href: '/profile', label: 'nav.profile' as const }
        : { href: '/login', label: 'nav.login' as const };
    return c.render(
      <NoticePage title="accounts.confirm.doneTitle" body="accounts.confirm.done" link={link} />,
      titled(c, 'accounts.confirm.doneTitle'),
    );
  });

  app.get('/login', (c) =>
    c.render(<LoginPage next={safeNext(c.req.query('next'), '')} />, titled(c, 'accounts.login.title')),
  );
  app.post('/login', async (c) => {
    const form = await parseForm(c, loginForm);
    const next = safeNext(form.values.next, '/profile');
    if (!form.ok) {
      c.status(400);
      return c.render(<LoginPage state={form} next={next} />, titled(c, 'accounts.login.title'));
    }
    try {
      const session = await logIn(
        c.get('deps').db,
        { ...form.data, userAgent: c.req.header('user-agent') },
        requestInfo(c),
      );
      setSessionCookie(c, session.token);
      // A token from before the log-in (possibly planted) must not carry over into the session.
      rotateCsrfToken(c, session.token);
      if (session.locale) setLangCookie(c, session.locale);
      return c.redirect(next, 303);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'INVALID_INPUT' || err.code === 'RATE_LIMITED')) {
        c.status(err.status);
        return c.render(
          <LoginPage
            state={{ values: form.values, message: err.messageKey, messageVars: err.vars }}
            next={next}
          />,
          titled(c, 'accounts.login.title'),
        );
      }
      throw err;
    }
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await logOut(c.get('deps').db, token, requestInfo(c));
    clearSessionCookie(c);
    rotateCsrfToken(c, undefined);
    return c.redirect('/', 303);
  });

  app.get('/forgot-password', (c) => c.render(<ForgotPage />, titled(c, 'accounts.forgot.title')));
  app.post('/forgot-password', async (c) => {
    const form = await parseForm(c, forgotForm);
    if (!form.ok) {
      c.status(400);
      return c.render(<ForgotPage state={form} />, titled(c, 'accounts.forgot.title'));
    }
    await requestPasswordReset(c.get('deps').db, form.data.email, requestInfo(c));
    return c.render(
      <NoticePage
        title="accounts.forgot.sentTitle"
        body="accounts.forgot.sent"
        vars={{ email: form.data.email }}
      />,
      titled(c, 'accounts.forgot.sentTitle'),
    );
  });

  app.get('/reset-password', (c) =>
    c.render(<ResetPage token={c.req.query('token') ?? ''} />, titled(c, 'accounts.reset.title')),
  );
  app.post('/reset-password', async (c) => {
    const form = await parseForm(c, resetForm);
    const token = form.values.token ?? '';
    if (!form.ok) {
      c.status(400);
      return c.render(<ResetPage state={form} token={token} />, titled(c, 'accounts.reset.title'));
    }
    await resetPassword(c.get('deps').db, form.data.token, form.data.password, requestInfo(c));
    clearSessionCookie(c);
    rotateCsrfToken(c, undefined);
    return c.render(
      <NoticePage
        title="accounts.reset.doneTitle"
        body="accounts.reset.done"
        link={{ href: '/login', label: 'nav.login' }}
      />,
      titled(c, 'accounts.reset.doneTitle'),
    );
  });

  const loadProfile = async (db: AppEnv['Variables']['deps']['db'], userId: string) => {
    const [u] = await db.select().from(users).where(eq(users.id, userId));
    if (!u) throw new AppError('NOT_FOUND');
    return { ...u, emailVerified: !!u.emailVerifiedAt };
  };

  app.get('/profile', async (c) => {
    const actor = requirePermission(c, 'profile:edit');
    const profile = await loadProfile(c.get('deps').db, actor.userId);
    return c.render(
      <ProfilePage profile={profile} saved={c.req.query('saved') === '1'} />,
      titled(c, 'accounts.profile.title'),
    );
  });
  app.post('/profile', async (c) => {
    const actor = requirePermission(c, 'profile:edit');
    const { db } = c.get('deps');
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const form = validate(profileForm, body);
    const profile = await loadProfile(db, actor.userId);
    if (!form.ok) {
      c.status(400);
      return c.render(<ProfilePage profile={profile} state={form} />, titled(c, 'accounts.profile.title'));
    }
    let avatarSha256: string | undefined;
    const avatar = body.avatar;
    if (avatar instanceof File && avatar.size > 0) {
      try {
        avatarSha256 = await storeImage(db, new Uint8Array(await avatar.arrayBuffer()), AVATAR_MAX_BYTES);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        c.status(400);
        return c.render(
          <ProfilePage
            profile={profile}
            state={{
              values: form.values,
              errors: {
                avatar:
                  err.code === 'PAYLOAD_TOO_LARGE'
                    ? 'accounts.field.avatarTooLarge'
                    : 'accounts.field.avatarType',
              },
            }}
          />,
          titled(c, 'accounts.profile.title'),
        );
      }
    }
    await updateProfile(db, actor.userId, { ...form.data, avatarSha256 }, requestInfo(c));
    return c.redirect('/profile?saved=1', 303);
  });

  app.route('/', certificateNameRoutes());

  app.post('/profile/resend-confirmation', async (c) => {
    const actor = requireActor(c);
    await resendConfirmation(c.get('deps').db, actor.userId, requestInfo(c));
    return c.render(
      <NoticePage
        title="accounts.signup.checkEmailTitle"
        body="accounts.signup.checkEmail"
        vars={{ email: actor.email }}
      />,
      titled(c, 'accounts.signup.checkEmailTitle'),
    );
  });

  // Anonymous visitors switch with a GET form: it only sets the language cookie.
  app.get('/lang', (c) => {
    const form = validate(localeForm, c.req.query());
    if (!form.ok) throw new AppError('INVALID_INPUT', { messageKey: 'accounts.lang.unknown' });
    setLangCookie(c, form.data.locale);
    return c.redirect(safeNext(form.data.next), 303);
  });

  app.post('/lang', async (c) => {
    const form = await parseForm(c, localeForm);
    if (!form.ok) throw new AppError('INVALID_INPUT', { messageKey: 'accounts.lang.unknown' });
    const actor = c.get('actor');
    if (actor) await setLocale(c.get('deps').db, actor.userId, form.data.locale, requestInfo(c));
    setLangCookie(c, form.data.locale);
    return c.redirect(safeNext(form.data.next), 303);
  });

  return app;
}
