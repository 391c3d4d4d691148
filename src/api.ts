/**
 * The JSON API under /api: every route is declared with Zod schemas through @hono/zod-openapi, so
 * /api/openapi.json (OpenAPI 3.1) is generated from the same schemas that validate requests.
 * /api/docs serves Swagger UI from the swagger-ui-dist package (no CDN).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { html } from 'hono/html';
import type { AppEnv } from './platform/context.ts';
import { AppError, ERROR_STATUS } from './platform/errors.ts';
import { ASSETS } from './ui/assets.ts';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(
        Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...Array<keyof typeof ERROR_STATUS>],
      ),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
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
  method: 'get',
  path: '/v1/me',
  summary: 'The signed-in person',
  tags: ['accounts'],
  responses: {
    200: {
      description: 'The person behind the session cookie',
      content: { 'application/json': { schema: Me } },
    },
    401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorBody } } },
  },
});

export function apiRoutes() {
  const api = new OpenAPIHono<AppEnv>({
    // Request validation failures use the same typed error body as every other error.
    defaultHook: (result) => {
      if (!result.success) throw new AppError('INVALID_INPUT');
    },
  });

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

  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Gongjin API',
      version: '1',
      description: '共进 Gongjin — database industry alliance platform',
    },
  });

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
