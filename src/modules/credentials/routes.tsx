/**
 * Routes for credentials: issuer DID documents and status lists (public JSON), the verification
 * platform (查证平台) pages, and the admin page to issue and change status by hand.
 */
import { type Context, Hono } from 'hono';
import type { Locale, MessageKey } from '../../i18n/index.ts';
import { cacheForAnonymous } from '../../platform/anonymous-cache.ts';
import type { AppEnv } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { parseForm, validate } from '../../platform/forms.ts';
import { requireActor, requirePermission } from '../../platform/permissions.ts';
import { enforceHot, LIMITS } from '../../platform/rate-limit.ts';
import { requestInfo } from '../../platform/request.ts';
import type { FormState } from '../../ui/form.tsx';
import { userIdByEmail } from '../identity/queries.ts';
import { renderCertificatePdf } from './certificate.ts';
import { parseRecipientsCsv } from './csv.ts';
import { verificationPageUrl } from './did.ts';
import {
  achievementForm,
  batchForm,
  issueForm,
  issuerForm,
  lookupForm,
  pasteForm,
  statusForm,
  visibilityForm,
} from './forms.ts';
import { textOf } from './language.ts';
import { verificationKey, verifyOnline } from './online.ts';
import {
  credentialsOfHolder,
  findCredential,
  findIssuedCredential,
  findIssuerBySlug,
  issuerDidDocument,
  issuerLogos,
  listAchievements,
  listCredentials,
  listIssuers,
  sameName,
} from './queries.ts';
import {
  type CredentialContext,
  createAchievement,
  createIssuer,
  issueCredential,
  issueCredentials,
  removeIssuerLogo,
  rotateIssuerKey,
  setCredentialStatus,
  setCredentialVisibility,
  setIssuerLogo,
  signedStatusList,
  VERIFICATION_PAGE_TAG,
} from './service.ts';
import { renderShareCardPng } from './share-card.ts';
import { clockChangesAt, MAX_CREDENTIAL_BYTES } from './verify.ts';
import { CredentialsAdminPage } from './views/admin.tsx';
import { HolderPage } from './views/holder.tsx';
import { credentialHeadline, ResultPage, VerifyPage } from './views/verify.tsx';

type C = Context<AppEnv>;

export function credentialContext(c: C): CredentialContext {
  const { db, dbKind, config } = c.get('deps');
  return {
    db,
    secret: config.GONGJIN_SECRET,
    publicUrl: config.PUBLIC_URL,
    embedded: dbKind === 'pglite',
  };
}

/** The verification page link for a credential, carrying the key that opens it without a name. */
export function verifyLink(ctx: CredentialContext, id: string): string {
  return `${verificationPageUrl(ctx.publicUrl, id)}?k=${verificationKey(ctx.secret, id)}`;
}

const limitLookups = (c: C) =>
  enforceHot(c.get('deps').db, c.get('deps').dbKind === 'pglite', LIMITS.publicLookup, c.get('clientIp'));

/** The names of the issuer and co-issuer as the credential states them, in the reader's language. */
function issuerNamesOf(doc: Record<string, unknown>, locale: Locale): string[] {
  const subject = doc.credentialSubject as Record<string, unknown> | undefined;
  const creator = (subject?.achievement as Record<string, unknown> | undefined)?.creator;
  return [doc.issuer, creator]
    .map((p) => (p && typeof p === 'object' ? textOf(p, 'name', locale) : ''))
    .filter(Boolean);
}

/** The did:web ids of the issuer and co-issuer the credential lists, in the same order as their names. */
function issuerIdsOf(doc: Record<string, unknown>): string[] {
  const subject = doc.credentialSubject as Record<string, unknown> | undefined;
  const creator = (subject?.achievement as Record<string, unknown> | undefined)?.creator;
  return [doc.issuer, creator]
    .map((p) =>
      typeof p === 'string' ? p : p && typeof p === 'object' ? (p as { id?: unknown }).id : undefined,
    )
    .filter((id): id is string => typeof id === 'string');
}

/** The achievement as the credential states it (what was signed), in the reader's language. */
function achievementOf(doc: Record<string, unknown>, locale: Locale) {
  const subject = doc.credentialSubject as Record<string, unknown> | undefined;
  const achievement = (subject?.achievement ?? {}) as Record<string, unknown>;
  return {
    name: textOf(achievement, 'name', locale),
    description: textOf(achievement, 'description', locale),
  };
}

const DONE: Record<string, MessageKey> = {
  status: 'credentials.admin.updated',
  rotated: 'credentials.admin.rotated',
  issuer: 'credentials.admin.issuerCreated',
  logo: 'credentials.admin.logoSet',
  logoRemoved: 'credentials.admin.logoRemoved',
  achievement: 'credentials.admin.achievementCreated',
};

export function credentialRoutes() {
  const app = new Hono<AppEnv>();
  const title = (c: C) => ({ title: c.get('t')('credentials.verify.title') });

  app.get('/issuers/:slug/did.json', async (c) => {
    const ctx = credentialContext(c);
    const doc = await issuerDidDocument(ctx.db, ctx.publicUrl, c.req.param('slug'));
    if (!doc) throw new AppError('NOT_FOUND');
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(doc, 200, { 'Content-Type': 'application/did+json' });
  });

  app.get('/credentials/status/:slug/:purpose/:list', async (c) => {
    const { slug, purpose, list } = c.req.param();
    if ((purpose !== 'revocation' && purpose !== 'suspension') || !/^\d{1,9}$/.test(list))
      throw new AppError('NOT_FOUND');
    const doc = await signedStatusList(credentialContext(c), slug, purpose, Number(list));
    if (!doc) throw new AppError('NOT_FOUND');
    // Verifiers must see a revocation promptly: no shared caching.
    c.header('Cache-Control', 'no-cache');
    return c.json(doc, 200, { 'Content-Type': 'application/vc+ld+json' });
  });

  // ---- The verification platform -----------------------------------------------------------------

  app.get('/verify', async (c) => {
    const query = c.req.query();
    if (query.id === undefined && query.name === undefined) return c.render(<VerifyPage />, title(c));
    const form = validate(lookupForm, query);
    if (!form.ok) {
      c.status(400);
      return c.render(<VerifyPage lookup={form} />, title(c));
    }
    await limitLookups(c);
    const ctx = credentialContext(c);
    const row = await findCredential(ctx.db, form.data.id.toLowerCase());
    if (!row || !sameName(row.recipientName, form.data.name)) {
      c.status(404);
      return c.render(<VerifyPage lookup={{ values: form.values }} notFound />, title(c));
    }
    return c.redirect(verifyLink(ctx, row.id), 303);
  });

  app.post('/verify', async (c) => {
    await limitLookups(c);
    // Pasted text, or an uploaded .json file (the form is multipart so both work).
    const body = (await c.req.parseBody({ all: false })) as Record<string, unknown>;
    const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
    if (file && file.size > MAX_CREDENTIAL_BYTES) {
      c.status(413);
      return c.render(<VerifyPage paste={{ errors: { file: 'credentials.code.too_large' } }} />, title(c));
    }
    const text = file ? await file.text() : typeof body.credential === 'string' ? body.credential : '';
    const form = validate(pasteForm, { credential: text });
    if (!form.ok) {
      c.status(400);
      return c.render(<VerifyPage paste={form} />, title(c));
    }
    const result = await verifyOnline(credentialContext(c), form.data.credential);
    return c.render(<ResultPage result={result} />, title(c));
  });

  /** Opened from the QR code: `k` proves the link came from the holder; otherwise the name must match. */
  const openCredential = async (c: C) => {
    const ctx = credentialContext(c);
    const row = await findIssuedCredential(ctx.db, (c.req.param('id') ?? '').toLowerCase());
    const k = c.req.query('k');
    const name = c.req.query('name');
    const byKey = !!row && k !== undefined && k === verificationKey(ctx.secret, row.id);
    const allowed = row && (byKey || (name !== undefined && sameName(row.recipientName, name)));
    if (!row || !allowed) throw new AppError('NOT_FOUND', { messageKey: 'credentials.notFound' });
    return { ctx, row, byKey };
  };

  app.get('/verify/:id', async (c) => {
    await limitLookups(c);
    const { ctx, row, byKey } = await openCredential(c);
    const now = new Date();
    const result = await verifyOnline(ctx, row.document, now);
    const k = verificationKey(ctx.secret, row.id);
    // The QR code's link (a valid key and nothing else in the query) is the same page for every
    // anonymous reader: kept until a status change, key rotation or issuer change bumps the tag,
    // or the clock reaches a validity boundary (ADR 0019). A wrong key never gets here.
    const query = c.req.queries();
    if (byKey && Object.keys(query).length === 1 && query.k?.length === 1) {
      cacheForAnonymous(c, [VERIFICATION_PAGE_TAG], { until: clockChangesAt(row.document, now) });
    }
    // A link pasted into a chat names the holder and the achievement and shows the share card.
    const { holder, achievement } = credentialHeadline(result.credential, c.get('locale'));
    const t = c.get('t');
    return c.render(<ResultPage result={result} credentialId={row.id} base={`/verify/${row.id}`} k={k} />, {
      title: holder && achievement ? t('credentials.share.title', { holder, achievement }) : title(c).title,
      share: {
        description: t('credentials.share.description', { holder, achievement }),
        image: `/verify/${row.id}/share.png?k=${k}`,
        url: `/verify/${row.id}?k=${k}`,
      },
    });
  });

  app.get('/verify/:id/credential.json', async (c) => {
    await limitLookups(c);
    const { row } = await openCredential(c);
    c.header('Content-Disposition', `attachment; filename="credential-${row.id}.json"`);
    return c.json(row.document, 200, { 'Content-Type': 'application/vc+ld+json' });
  });

  app.get('/verify/:id/certificate.pdf', async (c) => {
    await limitLookups(c);
    const { ctx, row } = await openCredential(c);
    // The reader's language (cookie, account or browser), unless the link asks for one.
    const lang = c.req.query('lang');
    const locale: Locale = lang === 'en' || lang === 'zh-CN' ? lang : c.get('locale');
    const achievement = achievementOf(row.document, locale);
    const pdf = await renderCertificatePdf(
      {
        credentialId: row.id,
        holderName: row.recipientName,
        achievementName: achievement.name,
        achievementDescription: achievement.description,
        issuerNames: issuerNamesOf(row.document, locale),
        issuerLogos: await issuerLogos(ctx.db, ctx.publicUrl, issuerIdsOf(row.document)),
        issuedAt: row.issuedAt,
        verifyUrl: verifyLink(ctx, row.id),
      },
      locale,
    );
    return c.body(new Uint8Array(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="certificate-${row.id}.pdf"`,
    });
  });

  app.get('/verify/:id/share.png', async (c) => {
    await limitLookups(c);
    const { ctx, row } = await openCredential(c);
    const png = renderShareCardPng({
      holderName: row.recipientName,
      achievementName: achievementOf(row.document, c.get('locale')).name,
      issuerNames: issuerNamesOf(row.document, c.get('locale')),
      issuerLogos: await issuerLogos(ctx.db, ctx.publicUrl, issuerIdsOf(row.document)),
      verifyUrl: verifyLink(ctx, row.id),
      footer: c.get('t')('credentials.share.footer'),
    });
    return c.body(new Uint8Array(png), 200, {
      'Content-Type': 'image/png',
      'Cache-Control': 'private, max-age=3600',
    });
  });

  // ---- The holder's own credentials ----------------------------------------------------------------

  app.get('/my/credentials', async (c) => {
    const actor = requireActor(c);
    const ctx = credentialContext(c);
    const rows = await credentialsOfHolder(ctx.db, actor.userId);
    const items = rows.map((r) => ({
      ...r,
      verifyUrl: verifyLink(ctx, r.id),
      pdfUrl: `/verify/${r.id}/certificate.pdf?k=${verificationKey(ctx.secret, r.id)}`,
    }));
    return c.render(<HolderPage items={items} />, { title: c.get('t')('credentials.mine.title') });
  });

  app.post('/my/credentials/:id/visibility', async (c) => {
    const actor = requireActor(c);
    const form = await parseForm(c, visibilityForm);
    if (!form.ok) throw new AppError('INVALID_INPUT');
    const ctx = credentialContext(c);
    const id = (c.req.param('id') ?? '').toLowerCase();
    if (!(await findCredential(ctx.db, id))) throw new AppError('NOT_FOUND');
    await setCredentialVisibility(ctx, actor.userId, id, form.data.public === 'true', requestInfo(c));
    return c.redirect('/my/credentials', 303);
  });

  // ---- Admin: issue by hand, change status, rotate keys ----------------------------------------------

  const renderAdmin = async (
    c: C,
    extra: {
      state?: FormState;
      batchState?: FormState;
      issuerState?: FormState;
      logoState?: { slug: string; state: FormState };
      achievementState?: FormState;
      notice?: MessageKey;
      noticeVars?: Record<string, string | number>;
      issuedLink?: string;
    } = {},
  ) => {
    const ctx = credentialContext(c);
    const [achievements, issuers, recent] = await Promise.all([
      listAchievements(ctx.db),
      listIssuers(ctx.db),
      listCredentials(ctx.db),
    ]);
    return c.render(
      <CredentialsAdminPage
        data={{
          achievements,
          issuers,
          recent: recent.map((r) => ({ ...r, verifyUrl: verifyLink(ctx, r.id) })),
        }}
        {...extra}
      />,
      { title: c.get('t')('credentials.admin.title') },
    );
  };

  app.get('/admin/credentials', async (c) => {
    requirePermission(c, 'credentials:manage');
    const done = c.req.query('done');
    return renderAdmin(c, { notice: done ? DONE[done] : undefined });
  });

  app.post('/admin/credentials/issue', async (c) => {
    requirePermission(c, 'credentials:manage');
    const form = await parseForm(c, issueForm);
    if (!form.ok) {
      c.status(400);
      return renderAdmin(c, { state: form });
    }
    const ctx = credentialContext(c);
    let userId: string | null = null;
    if (form.data.recipientEmail) {
      userId = (await userIdByEmail(ctx.db, form.data.recipientEmail)) ?? null;
      if (!userId) {
        c.status(400);
        return renderAdmin(c, {
          state: { values: form.values, errors: { recipientEmail: 'credentials.admin.unknownRecipient' } },
        });
      }
    }
    const evidence = form.data.evidenceName
      ? [{ name: form.data.evidenceName, url: form.data.evidenceUrl || undefined }]
      : [];
    const row = await issueCredential(
      ctx,
      form.data.achievementId,
      { name: form.data.recipientName, userId },
      evidence,
      requestInfo(c),
    );
    c.status(201);
    return renderAdmin(c, { notice: 'credentials.admin.issued', issuedLink: verifyLink(ctx, row.id) });
  });

  app.post('/admin/credentials/batch', async (c) => {
    requirePermission(c, 'credentials:manage');
    const form = await parseForm(c, batchForm);
    if (!form.ok) {
      c.status(400);
      return renderAdmin(c, { batchState: form });
    }
    const ctx = credentialContext(c);
    const { recipients, badLines } = parseRecipientsCsv(form.data.csv);
    const resolved = [];
    for (const r of recipients) {
      const userId = r.email ? ((await userIdByEmail(ctx.db, r.email)) ?? null) : null;
      if (r.email && !userId) badLines.push(r.line);
      const evidence = r.evidenceName ? [{ name: r.evidenceName, url: r.evidenceUrl || undefined }] : [];
      resolved.push({ name: r.name, userId, evidence });
    }
    if (badLines.length > 0 || resolved.length === 0) {
      c.status(400);
      const lines = badLines.sort((a, b) => a - b).join(', ');
      return renderAdmin(c, {
        batchState: {
          values: form.values,
          message: lines ? 'credentials.batch.badLines' : 'credentials.batch.empty',
          messageVars: { lines },
        },
      });
    }
    const rows = await issueCredentials(ctx, form.data.achievementId, resolved, requestInfo(c));
    c.status(201);
    return renderAdmin(c, { notice: 'credentials.batch.issued', noticeVars: { count: rows.length } });
  });

  app.post('/admin/credentials/issuers', async (c) => {
    requirePermission(c, 'credentials:manage');
    const form = await parseForm(c, issuerForm);
    if (!form.ok) {
      c.status(400);
      return renderAdmin(c, { issuerState: form });
    }
    try {
      await createIssuer(credentialContext(c), form.data, requestInfo(c));
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT') {
        c.status(409);
        return renderAdmin(c, { issuerState: { values: form.values, errors: { slug: err.messageKey } } });
      }
      throw err;
    }
    return c.redirect('/admin/credentials?done=issuer', 303);
  });

  app.post('/admin/credentials/achievements', async (c) => {
    requirePermission(c, 'credentials:manage');
    const form = await parseForm(c, achievementForm);
    if (!form.ok) {
      c.status(400);
      return renderAdmin(c, { achievementState: form });
    }
    const { creditsAvailable, coIssuerId, alignmentName, alignmentUrl, ...rest } = form.data;
    try {
      await createAchievement(
        credentialContext(c),
        {
          ...rest,
          creditsAvailable: creditsAvailable === '' ? null : creditsAvailable,
          alignmentName: alignmentName || null,
          alignmentUrl: alignmentUrl || null,
          coIssuerId: coIssuerId || null,
        },
        requestInfo(c),
      );
    } catch (err) {
      if (err instanceof AppError && (err.code === 'CONFLICT' || err.code === 'INVALID_INPUT')) {
        c.status(err.status);
        return renderAdmin(c, {
          achievementState: {
            values: form.values,
            errors: { [err.code === 'CONFLICT' ? 'slug' : 'coIssuerId']: err.messageKey },
          },
        });
      }
      throw err;
    }
    return c.redirect('/admin/credentials?done=achievement', 303);
  });

  app.post('/admin/credentials/:id/status', async (c) => {
    requirePermission(c, 'credentials:manage');
    const form = await parseForm(c, statusForm);
    if (!form.ok) throw new AppError('INVALID_INPUT');
    const ctx = credentialContext(c);
    const row = await findCredential(ctx.db, c.req.param('id').toLowerCase());
    if (!row) throw new AppError('NOT_FOUND');
    await setCredentialStatus(ctx, row.id, form.data.status, form.data.reason, requestInfo(c));
    return c.redirect('/admin/credentials?done=status', 303);
  });

  app.post('/admin/credentials/issuers/:slug/rotate', async (c) => {
    requirePermission(c, 'credentials:manage');
    const ctx = credentialContext(c);
    const issuer = await findIssuerBySlug(ctx.db, c.req.param('slug'));
    if (!issuer) throw new AppError('NOT_FOUND');
    await rotateIssuerKey(ctx, issuer.id, requestInfo(c));
    return c.redirect('/admin/credentials?done=rotated', 303);
  });

  app.post('/admin/credentials/issuers/:slug/logo', async (c) => {
    requirePermission(c, 'credentials:manage');
    const ctx = credentialContext(c);
    const issuer = await findIssuerBySlug(ctx.db, c.req.param('slug'));
    if (!issuer) throw new AppError('NOT_FOUND');
    const logo = (await c.req.parseBody()).logo;
    const failed = (error: MessageKey) => {
      c.status(400);
      return renderAdmin(c, {
        logoState: { slug: issuer.slug, state: { values: {}, errors: { logo: error } } },
      });
    };
    if (!(logo instanceof File) || logo.size === 0) return failed('credentials.form.logoMissing');
    try {
      await setIssuerLogo(ctx, issuer.id, new Uint8Array(await logo.arrayBuffer()), requestInfo(c));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'PAYLOAD_TOO_LARGE') return failed('credentials.form.logoTooLarge');
      if (err.code === 'UNSUPPORTED_MEDIA_TYPE') return failed('credentials.form.logoType');
      throw err;
    }
    return c.redirect('/admin/credentials?done=logo', 303);
  });

  app.post('/admin/credentials/issuers/:slug/logo/remove', async (c) => {
    requirePermission(c, 'credentials:manage');
    const ctx = credentialContext(c);
    const issuer = await findIssuerBySlug(ctx.db, c.req.param('slug'));
    if (!issuer) throw new AppError('NOT_FOUND');
    await removeIssuerLogo(ctx, issuer.id, requestInfo(c));
    return c.redirect('/admin/credentials?done=logoRemoved', 303);
  });

  return app;
}
