/**
 * Routes for internships under /internships: the public list (filters in the URL, pinyin search),
 * a posting and its apply form, the company's posting form, applicants and CSV export, the moves
 * along the pipeline (company's and student's), and a student's own applications. Handlers parse,
 * check the rule, call one service function and render.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireActor } from '../../platform/permissions.ts';
import { isUuid, requestInfo } from '../../platform/request.ts';
import { organizationsByIds, peopleByIds, userIdByEmail } from '../identity/queries.ts';
import {
  applicantsCsv,
  apply,
  completeInternship,
  findApplication,
  listApplicants,
  moveApplication,
  myApplications,
} from './applications.ts';
import { decideIdentity, proposeIdentities } from './contributions.ts';
import { fail } from './fail.ts';
import { say } from './messages.ts';
import {
  createPosting,
  filterFromQuery,
  findPosting,
  listPostings,
  type Posting,
  type PostingInput,
} from './postings.ts';
import { allowed, requireRule } from './rules.ts';
import {
  INTERNSHIP_APPLICATION_STATUSES,
  type InternshipApplicationStatus,
  TERMS,
  type Term,
} from './schema.ts';
import {
  ApplicantsPage,
  IdentitiesPage,
  MinePage,
  PostingFormPage,
  type PostingFormState,
  PostingPage,
  PostingsPage,
} from './views/postings.tsx';

type C = Context<AppEnv>;
const title = (c: C, key: Parameters<typeof say>[1], vars?: Record<string, string | number>) => ({
  title: say(c.get('locale'), key, vars),
});
const info = (c: C) => ({ actorId: c.get('actor')?.userId ?? null, ip: requestInfo(c).ip });
const mailCtx = (c: C) => ({ publicUrl: c.get('deps').config.PUBLIC_URL, locale: c.get('locale') });

async function postingOr404(c: C, id: string): Promise<Posting> {
  const posting = isUuid(id) ? await findPosting(c.get('deps').db, id) : undefined;
  if (!posting) throw fail('NOT_FOUND', 'internships.postings.notFound');
  return posting;
}

/** The organisations the actor may post for: every one they belong to (a school is refused later). */
async function postingOrgs(c: C) {
  const actor = requireActor(c);
  const ids = [...actor.orgRoles.keys()];
  const orgs = await organizationsByIds(c.get('deps').db, ids);
  const locale = c.get('locale');
  return [...orgs.values()].map((o) => ({
    id: o.id,
    name: locale === 'en' && o.nameEn ? o.nameEn : o.nameZh,
  }));
}

const int = (v: unknown) =>
  typeof v === 'string' && /^\d{1,7}$/.test(v.trim()) ? Number(v.trim()) : Number.NaN;

export function internshipRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const filter = filterFromQuery(c.req.query());
    const db = c.get('deps').db;
    const [postings, all] = await Promise.all([listPostings(db, filter), listPostings(db)]);
    const cities = [...new Set(all.map((p) => p.city).filter(Boolean))].sort();
    return c.render(
      <PostingsPage
        postings={postings}
        filter={filter}
        cities={cities}
        canPost={allowed(c.get('actor'), 'internships:post')}
      />,
      title(c, 'internships.title'),
    );
  });

  app.get('/postings/new', async (c) => {
    requireRule(c, 'internships:post');
    return c.render(<PostingFormPage orgs={await postingOrgs(c)} />, title(c, 'internships.postings.new'));
  });

  app.post('/postings', async (c) => {
    requireRule(c, 'internships:post');
    const body = await c.req.parseBody();
    const values = Object.fromEntries(
      Object.entries(body).filter(([, v]) => typeof v === 'string'),
    ) as Record<string, string>;
    const orgId = values.orgId ?? '';
    const rerender = async (state: PostingFormState) => {
      c.status(400);
      return c.render(
        <PostingFormPage orgs={await postingOrgs(c)} state={state} />,
        title(c, 'internships.postings.new'),
      );
    };
    if (!isUuid(orgId)) return rerender({ values, message: 'internships.error.mentor' });
    requireRule(c, 'internships:manage', { orgId });
    const db = c.get('deps').db;
    const mentorId = values.mentor?.trim() ? await userIdByEmail(db, values.mentor.trim()) : undefined;
    if (!mentorId) return rerender({ values, errors: { mentor: 'internships.error.mentor' } });
    const input: PostingInput = {
      orgId,
      title: (values.title ?? '').trim(),
      description: (values.description ?? '').slice(0, 5000),
      skills: (values.skills ?? '').split(/[,，、]/),
      city: (values.city ?? '').trim().slice(0, 40),
      remote: values.remote === '1',
      durationWeeks: int(values.durationWeeks),
      stipendMin: int(values.stipendMin || '0'),
      stipendMax: int(values.stipendMax || '0'),
      slots: int(values.slots),
      mentorId,
      terms: TERMS.filter((t) => values[`term_${t}`] === '1') as Term[],
    };
    try {
      const posting = await createPosting(db, input, info(c));
      return c.redirect(`/internships/postings/${posting.id}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_INPUT')
        return rerender({
          values,
          errors: (err.fields ?? {}) as unknown as PostingFormState['errors'],
          message: err.messageKey as never,
        });
      throw err;
    }
  });

  app.get('/postings/:id', async (c) => {
    const posting = await postingOr404(c, c.req.param('id'));
    const db = c.get('deps').db;
    const actor = c.get('actor');
    const [org] = [...(await organizationsByIds(db, [posting.orgId])).values()];
    const mentor = (await peopleByIds(db, [posting.mentorId])).get(posting.mentorId);
    const mine = actor
      ? (await myApplications(db, actor.userId)).find((a) => a.postingId === posting.id)
      : undefined;
    return c.render(
      <PostingPage
        posting={posting}
        org={org}
        mentorName={mentor?.displayName ?? ''}
        canApply={allowed(actor, 'internships:apply')}
        applied={mine?.status ?? null}
        canManage={allowed(actor, 'internships:manage', { orgId: posting.orgId })}
        notice={c.req.query('applied') === '1' ? 'internships.apply.done' : undefined}
      />,
      { title: posting.title },
    );
  });

  app.post('/postings/:id/apply', async (c) => {
    const actor = requireActor(c);
    if (!allowed(actor, 'internships:apply')) throw fail('FORBIDDEN', 'internships.apply.notStudent');
    const posting = await postingOr404(c, c.req.param('id'));
    const body = await c.req.parseBody();
    const motivation = typeof body.motivation === 'string' ? body.motivation : '';
    await apply(
      c.get('deps').db,
      { postingId: posting.id, studentId: actor.userId, motivation },
      mailCtx(c),
      info(c),
    );
    return c.redirect(`/internships/postings/${posting.id}?applied=1`, 303);
  });

  app.get('/postings/:id/applicants', async (c) => {
    requireActor(c);
    const posting = await postingOr404(c, c.req.param('id'));
    requireRule(c, 'internships:manage', { orgId: posting.orgId });
    const applicants = await listApplicants(c.get('deps').db, posting.id);
    return c.render(
      <ApplicantsPage posting={posting} applicants={applicants} />,
      title(c, 'internships.applicants.title', { title: posting.title }),
    );
  });

  app.get('/postings/:id/applicants.csv', async (c) => {
    requireActor(c);
    const posting = await postingOr404(c, c.req.param('id'));
    requireRule(c, 'internships:manage', { orgId: posting.orgId });
    const csv = applicantsCsv(await listApplicants(c.get('deps').db, posting.id), c.get('locale'));
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="applicants-${posting.id}.csv"`);
    return c.body(csv);
  });

  app.post('/applications/:id/move', async (c) => {
    const actor = requireActor(c);
    const id = c.req.param('id');
    const db = c.get('deps').db;
    const application = isUuid(id) ? await findApplication(db, id) : undefined;
    if (!application) throw fail('NOT_FOUND', 'internships.postings.notFound');
    const posting = await postingOr404(c, application.postingId);
    const body = await c.req.parseBody();
    const side = body.side === 'student' ? 'student' : 'company';
    // The student moves only their own application; the company only its posting's. To anyone
    // else the application does not exist.
    const mayMove =
      side === 'student'
        ? application.studentId === actor.userId
        : allowed(actor, 'internships:manage', { orgId: posting.orgId });
    if (!mayMove) throw fail('NOT_FOUND', 'internships.postings.notFound');
    const to = String(body.to ?? '');
    if (!(INTERNSHIP_APPLICATION_STATUSES as readonly string[]).includes(to))
      throw fail('INVALID_INPUT', 'internships.status.badMove', {
        vars: { from: application.status, to: to.slice(0, 20) },
      });
    const message = typeof body.message === 'string' ? body.message : '';
    await moveApplication(
      db,
      application.id,
      to as InternshipApplicationStatus,
      side,
      message,
      mailCtx(c),
      info(c),
    );
    return c.redirect(
      side === 'student'
        ? '/internships/mine'
        : `/internships/postings/${posting.id}/applicants#application-${application.id}`,
      303,
    );
  });

  app.post('/applications/:id/complete', async (c) => {
    requireActor(c);
    const id = c.req.param('id');
    const application = isUuid(id) ? await findApplication(c.get('deps').db, id) : undefined;
    if (!application) throw fail('NOT_FOUND', 'internships.postings.notFound');
    const posting = await postingOr404(c, application.postingId);
    if (!allowed(c.get('actor'), 'internships:manage', { orgId: posting.orgId }))
      throw fail('NOT_FOUND', 'internships.postings.notFound');
    const { db, dbKind, config } = c.get('deps');
    const credentials = {
      db,
      secret: config.GONGJIN_SECRET,
      publicUrl: config.PUBLIC_URL,
      embedded: dbKind === 'pglite',
    };
    await completeInternship(credentials, application.id, info(c));
    return c.redirect(`/internships/postings/${posting.id}/applicants#application-${application.id}`, 303);
  });

  app.get('/identities', async (c) => {
    const actor = requireRule(c, 'internships:apply');
    const identities = await proposeIdentities(c.get('deps').db, actor.userId);
    return c.render(<IdentitiesPage identities={identities} />, title(c, 'internships.identities.title'));
  });

  app.post('/identities/:id', async (c) => {
    const actor = requireRule(c, 'internships:apply');
    const id = c.req.param('id');
    if (!isUuid(id)) throw fail('NOT_FOUND', 'internships.postings.notFound');
    const body = await c.req.parseBody();
    if (body.decision !== 'confirm' && body.decision !== 'reject')
      throw fail('INVALID_INPUT', 'internships.identities.none');
    await decideIdentity(c.get('deps').db, actor.userId, id, body.decision === 'confirm', info(c));
    return c.redirect(`/internships/identities#identity-${id}`, 303);
  });

  app.get('/mine', async (c) => {
    const actor = requireActor(c);
    return c.render(
      <MinePage applications={await myApplications(c.get('deps').db, actor.userId)} />,
      title(c, 'internships.mine.title'),
    );
  });

  return app;
}
