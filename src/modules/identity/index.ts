/** Identity: accounts, sessions, profiles and organisations (ADR 0034 for the manifest's shape). */

import { defineModule } from '../../platform/module.ts';
import type { Rule } from '../../platform/permissions.ts';
import { orgAdmin, orgMember } from '../../platform/permissions.ts';
import { accountRoutes } from './account-routes.tsx';
import * as accounts from './messages/accounts.ts';
import * as organizations from './messages/organizations.ts';
import { organizationRoutes } from './organization-routes.tsx';
import { CACHE_TAGS } from './queries.ts';

const everyoneSignedIn: Rule = () => true;

export const identityModule = defineModule({
  name: 'identity',
  messages: {
    zh: { ...accounts.zh, ...organizations.zh },
    en: { ...accounts.en, ...organizations.en },
  },
  permissions: {
    /** Any signed-in person: edit own profile, change language. */
    'profile:edit': everyoneSignedIn,
    /** Create an organisation (the creator becomes its admin). Needs a confirmed email. */
    'org:create': (a) => a.emailVerified,
    'org:view_members': orgMember,
    'org:manage': orgAdmin,
    'org:invite': orgAdmin,
  },
  auditActions: [
    'account.certificate_name_confirmed',
    'account.confirmation_resent',
    'account.email_confirmed',
    'account.locale_changed',
    'account.logged_in',
    'account.logged_out',
    'account.login_failed',
    'account.password_reset',
    'account.password_reset_requested',
    'account.profile_updated',
    'account.signed_up',
    'account.signup_existing',
    'account.role_granted',
    'account.role_revoked',
    'account.updated_by_cli',
    'account.created_by_cli',
    'alliance.membership_recorded',
    'alliance.tier_saved',
    'organization.created',
    'organization.invitation_accepted',
    'organization.invitation_revoked',
    'organization.member_invited',
    'organization.member_removed',
    'organization.member_role_changed',
    'organization.updated',
  ],
  routes: () => [
    { prefix: '/', app: accountRoutes() },
    { prefix: '/', app: organizationRoutes() },
  ],
  nav: [
    { href: '/orgs', label: 'nav.organizations', place: 'main', order: 20 },
    { href: '/profile', label: 'nav.profile', place: 'account', order: 10 },
  ],
  cacheTags: Object.values(CACHE_TAGS),
  matrix: async () => ({
    accounts: (await import('./permission-matrix.rows.ts')).ACCOUNTS,
    orgs: (await import('./permission-matrix.rows.ts')).ORGS,
  }),
});
