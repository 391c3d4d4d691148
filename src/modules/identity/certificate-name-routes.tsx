/**
 * `/profile/certificate-name`: the person types the name their certificates will carry, sees it
 * once more as it will be printed, and confirms (ADR 0024). A certification exam sends people
 * here (with `next` back to the exam) when they have not confirmed one yet.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { formValues } from '../../platform/forms.ts';
import { requirePermission } from '../../platform/permissions.ts';
import { requestInfo, safeNext } from '../../platform/request.ts';
import { titled } from '../../ui/respond.tsx';
import {
  confirmCertificateName,
  confirmedCertificateName,
  validCertificateName,
} from './certificate-name.ts';
import { CertificateNameConfirmPage, CertificateNamePage } from './views/certificate-name.tsx';

export function certificateNameRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/profile/certificate-name', async (c) => {
    const actor = requirePermission(c, 'profile:edit');
    const current = await confirmedCertificateName(c.get('deps').db, actor.userId);
    const next = safeNext(c.req.query('next'), '');
    return c.render(
      <CertificateNamePage
        current={current}
        next={next}
        state={{ values: { certificateName: current ?? actor.displayName } }}
      />,
      titled(c, 'accounts.certificateName.title'),
    );
  });

  // Step one (no `confirm`): show the name as it will be printed. Step two (`confirm=yes`): save it.
  app.post('/profile/certificate-name', async (c) => {
    const actor = requirePermission(c, 'profile:edit');
    const { db } = c.get('deps');
    const values = formValues((await c.req.parseBody({ all: false })) as Record<string, unknown>);
    const name = (values.certificateName ?? '').trim();
    const next = safeNext(values.next, '');
    if (!validCertificateName(name)) {
      c.status(400);
      return c.render(
        <CertificateNamePage
          current={await confirmedCertificateName(db, actor.userId)}
          next={next}
          state={{ values, errors: { certificateName: 'accounts.certificateName.invalid' } }}
        />,
        titled(c, 'accounts.certificateName.title'),
      );
    }
    if (values.confirm !== 'yes')
      return c.render(
        <CertificateNameConfirmPage
          name={name}
          next={next}
          current={await confirmedCertificateName(db, actor.userId)}
        />,
        titled(c, 'accounts.certificateName.confirmTitle'),
      );
    try {
      await confirmCertificateName(db, actor.userId, name, requestInfo(c));
    } catch (err) {
      if (!(err instanceof AppError && err.fields)) throw err;
      c.status(400);
      return c.render(
        <CertificateNamePage current={null} next={next} state={{ values, errors: err.fields }} />,
        titled(c, 'accounts.certificateName.title'),
      );
    }
    return c.redirect(next || '/profile?certificateName=1', 303);
  });

  return app;
}
