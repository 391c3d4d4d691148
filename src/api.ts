/**
 * The JSON API under /api: every route is declared with Zod schemas through @hono/zod-openapi, so
 * /api/openapi.json (OpenAPI 3.1) is generated from the same schemas that validate requests.
 * /api/docs serves Swagger UI from the swagger-ui-dist package (no CDN).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { html } from 'hono/html';
import { verifyOnline } from './modules/credentials/online.ts';
import { findCredential } from './modules/credentials/queries.ts';
import { credentialContext } from './modules/credentials/routes.tsx';
import { cachedOrganizationList, findOrganizationBySlug } from './modules/identity/queries.ts';
import { MEMBERSHIP_STATUSES, ORG_TYPES } from './modules/identity/schema.ts';
import { cachedWallData, filterWall } from './modules/members/queries.ts';
import { COMPATIBILITY, DEPLOYMENTS } from './modules/members/schema.ts';
import { salonApi } from './modules/salons/api.ts';
import type { AppEnv } from './platform/context.ts';
import { AppError, ERROR_STATUS } from './platform/errors.ts';
import { enforceHot, LIMITS } from './platform/rate-limit.ts';
import { ASSETS } from './ui/assets.ts';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(
        Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...Array<keyof typeof ERROR_STATUS>],
      ),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
      /** The request's X-Request-Id, also in the server's log line for it. */
      requestId: z.string().optional(),
    }),
  })
  .openapi('Error');

const Me = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    displayName: z.string(),
    emailVerified: z.boolean(),
    roles: z.array(z.string()),
    organizations: z.array(z.object({ id: z.string().uuid(), role: z.enum(['admin', 'member']) })),
  })
  .openapi('Me');

const meRoute = createRoute({
  operationId: 'getMe',
  method: 'get',
  path: '/v1/me',
  summary: 'The signed-in person',
  tags: ['accounts'],
  security: [{ session: [] }],
  responses: {
    200: {
      description: 'The person behind the session cookie',
      content: { 'application/json': { schema: Me } },
    },
    401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const AllianceTier = z
  .object({ slug: z.string(), nameZh: z.string(), nameEn: z.string() })
  .openapi('AllianceTier');

const OrganizationSummary = z
  .object({
    id: z.string().uuid(),
    slug: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    type: z.enum(ORG_TYPES),
    city: z.string(),
    website: z.string(),
    alliance: z
      .object({ tier: AllianceTier, joinedOn: z.string().openapi({ format: 'date' }) })
      .nullable()
      .openapi({ description: 'Set while the alliance membership is active' }),
  })
  .openapi('OrganizationSummary');

// Public data only: member lists and email addresses never appear here.
const Organization = OrganizationSummary.extend({
  description: z.string().openapi({ description: 'In Chinese' }),
  descriptionEn: z.string().openapi({ description: 'In English' }),
  createdAt: z.string().openapi({ format: 'date-time' }),
  alliance: z
    .object({
      tier: AllianceTier,
      joinedOn: z.string().openapi({ format: 'date' }),
      status: z.enum(MEMBERSHIP_STATUSES),
    })
    .nullable(),
}).openapi('Organization');

const organizationsRoute = createRoute({
  operationId: 'listOrganizations',
  method: 'get',
  path: '/v1/organizations',
  summary: 'The public directory of organisations',
  tags: ['organizations'],
  request: {
    query: z.object({
      type: z
        .enum(ORG_TYPES)
        .optional()
        .openapi({ param: { name: 'type', in: 'query' }, example: 'vendor' }),
    }),
  },
  responses: {
    200: {
      description: 'Active alliance members first (by tier rank), then the others, each by slug',
      content: {
        'application/json': { schema: z.object({ organizations: z.array(OrganizationSummary) }) },
      },
    },
    400: { description: 'Unknown type', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const organizationRoute = createRoute({
  operationId: 'getOrganization',
  method: 'get',
  path: '/v1/organizations/{slug}',
  summary: "An organisation's public profile",
  tags: ['organizations'],
  request: {
    params: z.object({
      slug: z.string().openapi({ param: { name: 'slug', in: 'path' }, example: 'yunhai-db' }),
    }),
  },
  responses: {
    200: { description: 'The organisation', content: { 'application/json': { schema: Organization } } },
    404: { description: 'No such organisation', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const VerificationCheck = z
  .object({
    id: z.enum(['size', 'format', 'proof', 'issuers', 'key_validity', 'status', 'validity']),
    ok: z.boolean().nullable().openapi({ description: 'null when the check could not run' }),
    code: z.string().openapi({ example: 'valid' }),
    subject: z
      .string()
      .optional()
      .openapi({ description: 'The verification method, issuer or status purpose checked' }),
  })
  .openapi('VerificationCheck');

const Verification = z
  .object({ valid: z.boolean(), checks: z.array(VerificationCheck) })
  .openapi('Verification');

const verifyRoute = createRoute({
  operationId: 'verifyCredential',
  method: 'post',
  path: '/v1/verify',
  summary: 'Verify a credential: every proof, issuer keys, status and validity dates',
  tags: ['credentials'],
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              credential: z.record(z.string(), z.unknown()),
              contexts: z
                .record(z.string().url(), z.record(z.string(), z.unknown()))
                .refine((m) => Object.keys(m).length <= 8, { message: 'At most 8 contexts' })
                .optional()
                .openapi({
                  description:
                    'Extra JSON-LD context documents by URL, for contexts the credential names that are not ' +
                    'bundled (VC 2.0 and Open Badges 3.0 are); a bundled URL always uses the bundled copy',
                }),
            })
            .openapi({ description: 'An Open Badges 3.0 / W3C VC 2.0 credential (at most 64 KiB)' }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The checks, each pass or fail',
      content: { 'application/json': { schema: Verification } },
    },
    400: { description: 'Not a JSON object', content: { 'application/json': { schema: ErrorBody } } },
    415: { description: 'The body is not JSON', content: { 'application/json': { schema: ErrorBody } } },
    429: { description: 'Too many lookups', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const credentialRoute = createRoute({
  operationId: 'getCredential',
  method: 'get',
  path: '/v1/credentials/{id}',
  summary: 'A public credential as issued (the signed JSON-LD document)',
  tags: ['credentials'],
  request: {
    params: z.object({
      id: z
        .string()
        .uuid()
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: {
    200: {
      description: 'The credential',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()).openapi('Credential') } },
    },
    404: { description: 'No such public credential', content: { 'application/json': { schema: ErrorBody } } },
    429: { description: 'Too many lookups', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const WallFilterQuery = z.object({
  type: z
    .enum(ORG_TYPES)
    .optional()
    .openapi({ param: { name: 'type', in: 'query' }, example: 'vendor' }),
  tier: z
    .string()
    .max(100)
    .optional()
    .openapi({ param: { name: 'tier', in: 'query' }, example: 'council' }),
  category: z
    .string()
    .max(100)
    .optional()
    .openapi({
      param: { name: 'category', in: 'query' },
      description: 'A category or subcategory slug',
      example: 'time-series',
    }),
  license: z
    .string()
    .max(100)
    .optional()
    .openapi({
      param: { name: 'license', in: 'query' },
      description: 'An SPDX id, `commercial`, or `open` for any open-source licence',
      example: 'open',
    }),
  compat: z
    .enum(COMPATIBILITY)
    .optional()
    .openapi({ param: { name: 'compat', in: 'query' } }),
  deploy: z
    .enum(DEPLOYMENTS)
    .optional()
    .openapi({ param: { name: 'deploy', in: 'query' } }),
  city: z
    .string()
    .max(100)
    .optional()
    .openapi({ param: { name: 'city', in: 'query' }, example: '杭州' }),
  q: z
    .string()
    .max(100)
    .optional()
    .openapi({
      param: { name: 'q', in: 'query' },
      description: 'Search names and descriptions: Chinese, English, pinyin or pinyin initials',
      example: 'yhsj',
    }),
});

const Member = z
  .object({
    slug: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    type: z.enum(ORG_TYPES),
    city: z.string(),
    website: z.string(),
    descriptionZh: z.string().openapi({ description: 'The organisation described in Chinese' }),
    descriptionEn: z.string().openapi({ description: 'The organisation described in English' }),
    logoUrl: z.string(),
    tier: AllianceTier,
    joinedOn: z.string().openapi({ format: 'date' }),
    products: z.array(z.string()).openapi({ description: 'Slugs of the matching products' }),
  })
  .openapi('Member');

const Product = z
  .object({
    slug: z.string(),
    name: z.string(),
    organization: z.string().openapi({ description: 'Slug of the organisation' }),
    subcategory: z.string(),
    descriptionZh: z.string(),
    descriptionEn: z.string(),
    license: z.string().openapi({ description: 'SPDX id or `commercial`' }),
    compatibility: z.array(z.enum(COMPATIBILITY)),
    deployment: z.array(z.enum(DEPLOYMENTS)),
    homepageUrl: z.string(),
    githubUrl: z.string(),
    giteeUrl: z.string(),
    gitcodeUrl: z.string(),
    docsUrl: z.string(),
  })
  .openapi('Product');

const membersRoute = createRoute({
  operationId: 'listMembers',
  method: 'get',
  path: '/v1/members',
  summary: 'Active alliance members on the wall, with the wall filters',
  tags: ['members'],
  request: { query: WallFilterQuery },
  responses: {
    200: {
      description: 'Members by tier rank, then slug',
      content: { 'application/json': { schema: z.object({ members: z.array(Member) }) } },
    },
    400: { description: 'Unknown filter value', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const productsRoute = createRoute({
  operationId: 'listProducts',
  method: 'get',
  path: '/v1/products',
  summary: 'Products of the landscape, with the wall filters',
  tags: ['members'],
  request: { query: WallFilterQuery },
  responses: {
    200: {
      description: 'Products by slug',
      content: { 'application/json': { schema: z.object({ products: z.array(Product) }) } },
    },
    400: { description: 'Unknown filter value', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function apiRoutes() {
  const api = new OpenAPIHono<AppEnv>({
    // Request validation failures use the same typed error body as every other error.
    defaultHook: (result) => {
      if (!result.success) throw new AppError('INVALID_INPUT');
    },
  }).basePath('/api'); // so the OpenAPI document names the real paths

  api.openapi(meRoute, (c) => {
    const actor = c.get('actor');
    if (!actor) throw new AppError('UNAUTHENTICATED');
    return c.json(
      {
        id: actor.userId,
        email: actor.email,
        displayName: actor.displayName,
        emailVerified: actor.emailVerified,
        roles: [...actor.roles],
        organizations: [...actor.orgRoles].map(([id, role]) => ({ id, role })),
      },
      200,
    );
  });

  api.openapi(organizationsRoute, async (c) => {
    const { type } = c.req.valid('query');
    const organizations = await cachedOrganizationList(c.get('deps'), type);
    return c.json({ organizations }, 200);
  });

  api.openapi(organizationRoute, async (c) => {
    const org = await findOrganizationBySlug(c.get('deps').db, c.req.valid('param').slug);
    if (!org) throw new AppError('NOT_FOUND', { messageKey: 'org.notFound' });
    return c.json(
      {
        id: org.id,
        slug: org.slug,
        nameZh: org.nameZh,
        nameEn: org.nameEn,
        type: org.type,
        city: org.city,
        website: org.website,
        description: org.description,
        descriptionEn: org.descriptionEn,
        createdAt: org.createdAt.toISOString(),
        alliance: org.alliance,
      },
      200,
    );
  });

  // The JSON validator answers a non-JSON body with a bare HTTPException; answer with our typed error.
  api.use('/v1/verify', async (c, next) => {
    if (c.req.method === 'POST' && !/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', { messageKey: 'credentials.verify.jsonRequired' });
    }
    return next();
  });

  api.openapi(verifyRoute, async (c) => {
    const { db, dbKind } = c.get('deps');
    await enforceHot(db, dbKind === 'pglite', LIMITS.publicLookup, c.get('clientIp'));
    // A body sent as anything but JSON skips the validator: refuse it the same way.
    const body = c.req.valid('json') as
      | { credential?: Record<string, unknown>; contexts?: Record<string, unknown> }
      | undefined;
    const credential = body?.credential;
    if (!credential) throw new AppError('INVALID_INPUT');
    const contexts = new Map(Object.entries(body?.contexts ?? {}));
    const result = await verifyOnline(credentialContext(c), credential, undefined, contexts);
    return c.json({ valid: result.valid, checks: result.checks }, 200);
  });

  api.openapi(credentialRoute, async (c) => {
    const { db, dbKind } = c.get('deps');
    await enforceHot(db, dbKind === 'pglite', LIMITS.publicLookup, c.get('clientIp'));
    const row = await findCredential(db, c.req.valid('param').id.toLowerCase());
    const notFound = new AppError('NOT_FOUND', { messageKey: 'credentials.notFound' });
    if (!row) throw notFound;
    if (row.public !== 1) throw notFound;
    return c.json(row.document, 200);
  });

  salonApi(api, ErrorBody);

  api.openapi(membersRoute, async (c) => {
    const data = await cachedWallData(c.get('deps'));
    const { orgs, products } = filterWall(data, c.req.valid('query'));
    const rank = new Map(data.tiers.map((tier, i) => [tier.slug, i]));
    const members = orgs
      .filter((o) => o.alliance)
      .sort((a, b) => (rank.get(a.alliance!.tier.slug) ?? 0) - (rank.get(b.alliance!.tier.slug) ?? 0))
      .map((o) => ({
        slug: o.slug,
        nameZh: o.nameZh,
        nameEn: o.nameEn,
        type: o.type,
        city: o.city,
        website: o.website,
        descriptionZh: o.description,
        descriptionEn: o.descriptionEn,
        logoUrl: o.logoUrl,
        tier: o.alliance!.tier,
        joinedOn: o.alliance!.joinedOn,
        products: products.filter((p) => p.org.slug === o.slug).map((p) => p.slug),
      }));
    return c.json({ members }, 200);
  });

  api.openapi(productsRoute, async (c) => {
    const data = await cachedWallData(c.get('deps'));
    const { products } = filterWall(data, c.req.valid('query'));
    return c.json(
      {
        products: products.map((p) => ({
          slug: p.slug,
          name: p.name,
          organization: p.org.slug,
          subcategory: p.subcategorySlug,
          descriptionZh: p.descriptionZh,
          descriptionEn: p.descriptionEn,
          license: p.license,
          compatibility: p.compatibility,
          deployment: p.deployment,
          homepageUrl: p.homepageUrl,
          githubUrl: p.githubUrl,
          giteeUrl: p.giteeUrl,
          gitcodeUrl: p.gitcodeUrl,
          docsUrl: p.docsUrl,
        })),
      },
      200,
    );
  });

  // The session cookie the browser already holds (set at sign-in, HttpOnly): the only credential
  // the API takes. Reads are public, so each operation accepts no credential too, except /v1/me.
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'gj_session',
    description: 'The session cookie set when signing in on this site',
  });
  api.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'Gongjin API',
      version: '1',
      description: '共进 Gongjin — database industry alliance platform',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    // This installation, as PUBLIC_URL names it: the paths below start with /api.
    servers: [{ url: c.get('deps').config.PUBLIC_URL, description: 'This Gongjin installation' }],
    security: [{} as Record<string, string[]>, { session: [] as string[] }],
  }));

  api.get('/docs', (c) => {
    // Swagger UI styles its widgets inline; this page alone allows inline styles.
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
    );
    return c.html(html`<!doctype html>
      <html lang="${c.get('locale')}">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>${c.get('t')('api.docs.title')}</title>
          <link rel="icon" href="${ASSETS.logo}" type="image/svg+xml" />
          <link rel="stylesheet" href="${ASSETS.swaggerCss}" />
        </head>
        <body>
          <div id="swagger-ui"></div>
          <script src="${ASSETS.swaggerJs}"></script>
          <script src="${ASSETS.swaggerInit}"></script>
        </body>
      </html>`);
  });

  return api;
}
