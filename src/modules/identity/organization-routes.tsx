/** Routes for organisations: directory, creation, members, invitations, alliance membership. */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { parseForm } from '../../platform/forms.ts';
import { can, requireActor, requirePermission } from '../../platform/permissions.ts';
import { isUuid, requestInfo } from '../../platform/request.ts';
import type { FormState } from '../../ui/form.tsx';
import { respond, titled } from '../../ui/respond.tsx';
import { allianceForm, inviteForm, memberRoleForm, orgEditForm, orgForm, orgTypeFilter } from './forms.ts';
import {
  acceptInvitation,
  createOrganization,
  findOpenInvitation,
  inviteMember,
  recordAllianceMembership,
  removeMember,
  revokeInvitation,
  setMemberRole,
  updateOrganization,
} from './organizations.ts';
import {
  cachedOrganizationList,
  findOrganizationBySlug,
  listAllianceTiers,
  listMembers,
  listPendingInvitations,
  type OrgProfile,
  organizationSlug,
} from './queries.ts';
import {
  AllianceFormPage,
  InvitationPage,
  localName,
  type MembersNotice,
  OrgDirectoryPage,
  OrgFormPage,
  OrgMembersPage,
  OrgProfilePage,
  OrgResults,
} from './views/organization.tsx';

type C = Context<AppEnv>;

/** Success notices after a redirect back to the members page (`?done=`). */
const DONE: Record<string, MembersNotice['message']> = {
  invited: 'org.invite.sent',
  revoked: 'org.invitations.revoked',
  role: 'org.members.roleChanged',
  removed: 'org.members.removed',
};

export function organizationRoutes() {
  const app = new Hono<AppEnv>();

  const loadOrg = async (c: C): Promise<OrgProfile> => {
    const org = await findOrganizationBySlug(c.get('deps').db, c.req.param('slug') ?? '');
    if (!org) throw new AppError('NOT_FOUND', { messageKey: 'org.notFound' });
    return org;
  };

  /** A uuid path parameter; anything else cannot name a row, so it is a 404 rather than a SQL error. */
  const uuidParam = (c: C, name: string): string => {
    const v = c.req.param(name) ?? '';
    if (!isUuid(v)) throw new AppError('NOT_FOUND');
    return v;
  };

  const renderMembers = async (
    c: C,
    org: OrgProfile,
    extra: { state?: FormState; notice?: MembersNotice } = {},
  ) => {
    const { db } = c.get('deps');
    const [members, invitations] = await Promise.all([
      listMembers(db, org.id),
      listPendingInvitations(db, org.id),
    ]);
    const canManage = can(c.get('actor'), 'org:manage', { orgId: org.id });
    return c.render(
      <OrgMembersPage
        org={org}
        members={members}
        invitations={invitations}
        canManage={canManage}
        {...extra}
      />,
      titled(c, 'org.members.title'),
    );
  };

  // ---- Directory and creation ------------------------------------------------------------------

  app.get('/orgs', async (c) => {
    const type = orgTypeFilter.parse(c.req.query('type'));
    const orgs = await cachedOrganizationList(c.get('deps'), type);
    return respond(c, {
      page: <OrgDirectoryPage orgs={orgs} type={type} />,
      fragment: <OrgResults orgs={orgs} type={type} />,
      ...titled(c, 'org.directory.title'),
    });
  });

  app.get('/orgs/new', (c) => {
    requirePermission(c, 'org:create');
    return c.render(<OrgFormPage />, titled(c, 'org.create.title'));
  });

  app.post('/orgs', async (c) => {
    const actor = requirePermission(c, 'org:create');
    const form = await parseForm(c, orgForm);
    if (!form.ok) {
      c.status(400);
      return c.render(<OrgFormPage state={form} />, titled(c, 'org.create.title'));
    }
    const { db } = c.get('deps');
    let slug: string;
    try {
      slug = (await createOrganization(db, actor.userId, form.data, requestInfo(c))).slug;
    } catch (err) {
      if (err instanceof AppError && err.fields) {
        c.status(err.status);
        return c.render(
          <OrgFormPage state={{ values: form.values, errors: err.fields }} />,
          titled(c, 'org.create.title'),
        );
      }
      throw err;
    }
    return c.redirect(`/orgs/${slug}`, 303);
  });

  // ---- Profile and editing ---------------------------------------------------------------------

  app.get('/orgs/:slug', async (c) => {
    const org = await loadOrg(c);
    const actor = c.get('actor');
    const scope = { orgId: org.id };
    const showMembers = can(actor, 'org:view_members', scope);
    const members = showMembers ? await listMembers(c.get('deps').db, org.id) : undefined;
    return c.render(
      <OrgProfilePage
        org={org}
        members={members}
        saved={c.req.query('saved') === '1'}
        can={{
          edit: can(actor, 'org:manage', scope),
          members: showMembers,
          alliance: can(actor, 'alliance:manage_membership', scope),
        }}
      />,
      { title: localName(org, c.get('locale')) },
    );
  });

  app.get('/orgs/:slug/edit', async (c) => {
    const org = await loadOrg(c);
    requirePermission(c, 'org:manage', { orgId: org.id });
    return c.render(<OrgFormPage slug={org.slug} org={org} />, titled(c, 'org.edit.title'));
  });

  app.post('/orgs/:slug/edit', async (c) => {
    const org = await loadOrg(c);
    requirePermission(c, 'org:manage', { orgId: org.id });
    const form = await parseForm(c, orgEditForm);
    if (!form.ok) {
      c.status(400);
      return c.render(<OrgFormPage slug={org.slug} org={org} state={form} />, titled(c, 'org.edit.title'));
    }
    await updateOrganization(c.get('deps').db, org.id, form.data, requestInfo(c));
    return c.redirect(`/orgs/${org.slug}?saved=1`, 303);
  });

  // ---- Members and invitations -----------------------------------------------------------------

  app.get('/orgs/:slug/members', async (c) => {
    const org = await loadOrg(c);
    requirePermission(c, 'org:view_members', { orgId: org.id });
    const done = DONE[c.req.query('done') ?? ''];
    return renderMembers(c, org, done ? { notice: { kind: 'success', message: done } } : {});
  });

  app.post('/orgs/:slug/invitations', async (c) => {
    const org = await loadOrg(c);
    const actor = requirePermission(c, 'org:invite', { orgId: org.id });
    const form = await parseForm(c, inviteForm);
    if (!form.ok) {
      c.status(400);
      return renderMembers(c, org, { state: form });
    }
    try {
      await inviteMember(
        c.get('deps').db,
        { orgId: org.id, ...form.data, inviterId: actor.userId, locale: c.get('locale') },
        requestInfo(c),
      );
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT') {
        c.status(err.status);
        return renderMembers(c, org, {
          state: { values: form.values, errors: err.fields, message: err.messageKey, messageVars: err.vars },
        });
      }
      throw err;
    }
    return c.redirect(`/orgs/${org.slug}/members?done=invited`, 303);
  });

  app.post('/orgs/:slug/invitations/:id/revoke', async (c) => {
    const org = await loadOrg(c);
    requirePermission(c, 'org:manage', { orgId: org.id });
    await revokeInvitation(c.get('deps').db, org.id, uuidParam(c, 'id'), requestInfo(c));
    return c.redirect(`/orgs/${org.slug}/members?done=revoked`, 303);
  });

  /** Runs a member change; a CONFLICT (the last admin) re-renders the members page with its message. */
  const memberChange = async (c: C, org: OrgProfile, change: () => Promise<void>, next: string) => {
    try {
      await change();
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT') {
        c.status(err.status);
        return renderMembers(c, org, { notice: { kind: 'error', message: err.messageKey } });
      }
      throw err;
    }
    return c.redirect(next, 303);
  };

  app.post('/orgs/:slug/members/:userId/role', async (c) => {
    const org = await loadOrg(c);
    requirePermission(c, 'org:manage', { orgId: org.id });
    const userId = uuidParam(c, 'userId');
    const form = await parseForm(c, memberRoleForm);
    if (!form.ok) throw new AppError('INVALID_INPUT');
    const { db } = c.get('deps');
    return memberChange(
      c,
      org,
      () => setMemberRole(db, org.id, userId, form.data.role, requestInfo(c)),
      `/orgs/${org.slug}/members?done=role`,
    );
  });

  app.post('/orgs/:slug/members/:userId/remove', async (c) => {
    const org = await loadOrg(c);
    const actor = requirePermission(c, 'org:manage', { orgId: org.id });
    const userId = uuidParam(c, 'userId');
    const { db } = c.get('deps');
    return memberChange(
      c,
      org,
      () => removeMember(db, org.id, userId, requestInfo(c)),
      // Someone who left may no longer see the members page: back to the public profile.
      userId === actor.userId ? `/orgs/${org.slug}` : `/orgs/${org.slug}/members?done=removed`,
    );
  });

  // ---- Accepting an invitation -----------------------------------------------------------------

  app.get('/invitations/:token', async (c) => {
    const token = c.req.param('token');
    const found = await findOpenInvitation(c.get('deps').db, token);
    if (!found) throw new AppError('GONE', { messageKey: 'org.invite.invalid' });
    const actor = c.get('actor');
    const email = found.invitation.email;
    return c.render(
      <InvitationPage
        token={token}
        org={found.org}
        role={found.invitation.role}
        email={email}
        matches={actor ? actor.email.trim().toLowerCase() === email : null}
      />,
      titled(c, 'org.invite.acceptTitle'),
    );
  });

  app.post('/invitations/:token', async (c) => {
    // Any signed-in person may try; the service checks the invited address.
    const actor = requireActor(c);
    const { db } = c.get('deps');
    const orgId = await acceptInvitation(
      db,
      c.req.param('token'),
      { userId: actor.userId, email: actor.email },
      requestInfo(c),
    );
    const slug = await organizationSlug(db, orgId);
    return c.redirect(`/orgs/${slug}`, 303);
  });

  // ---- Alliance membership (platform admins) ---------------------------------------------------

  app.get('/orgs/:slug/alliance', async (c) => {
    const org = await loadOrg(c);
    requirePermission(c, 'alliance:manage_membership', { orgId: org.id });
    const tiers = await listAllianceTiers(c.get('deps').db);
    const current = org.alliance
      ? { tierSlug: org.alliance.tier.slug, joinedOn: org.alliance.joinedOn, status: org.alliance.status }
      : undefined;
    return c.render(
      <AllianceFormPage org={org} tiers={tiers} current={current} />,
      titled(c, 'org.alliance.title'),
    );
  });

  app.post('/orgs/:slug/alliance', async (c) => {
    const org = await loadOrg(c);
    requirePermission(c, 'alliance:manage_membership', { orgId: org.id });
    const { db } = c.get('deps');
    const form = await parseForm(c, allianceForm);
    let state: FormState | undefined;
    if (!form.ok) state = form;
    else {
      try {
        await recordAllianceMembership(db, org.id, form.data, requestInfo(c));
      } catch (err) {
        if (!(err instanceof AppError && err.fields)) throw err;
        state = { values: form.values, errors: err.fields };
      }
    }
    if (state) {
      c.status(400);
      const tiers = await listAllianceTiers(db);
      return c.render(
        <AllianceFormPage org={org} tiers={tiers} state={state} />,
        titled(c, 'org.alliance.title'),
      );
    }
    return c.redirect(`/orgs/${org.slug}?saved=1`, 303);
  });

  return app;
}
