/**
 * The public salons API: `/api/v1/salons` and `/api/v1/salons/{id}`, declared with Zod schemas so
 * they appear in /api/openapi.json. Only what the public salon pages show: drafts, registrations,
 * attendees and budgets never appear here.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid } from '../../platform/request.ts';
import { findSalon, listAgenda, listSalons, listStreams, type OrgRef, type Salon } from './queries.ts';
import { AGENDA_KINDS, HOT_SUB_KINDS, SALON_STATUSES } from './schema.ts';

const Org = z
  .object({ slug: z.string(), nameZh: z.string(), nameEn: z.string() })
  .openapi('SalonOrganization');

const SalonSummary = z
  .object({
    id: z.string().uuid(),
    series: z.object({ slug: z.string(), titleZh: z.string(), titleEn: z.string() }),
    number: z.number().int().openapi({ description: 'The salon’s number in its series (第 N 期)' }),
    title: z.string(),
    city: z.string(),
    venue: z.string(),
    address: z.string(),
    mapUrl: z.string(),
    startsAt: z.string().openapi({ format: 'date-time' }),
    endsAt: z.string().openapi({ format: 'date-time' }),
    timezone: z.string().openapi({ description: 'IANA time zone id', example: 'Asia/Shanghai' }),
    status: z.enum(SALON_STATUSES),
    capacity: z.number().int(),
    seatsTaken: z.number().int(),
    host: Org.nullable(),
    cohosts: z.array(Org),
    sponsors: z.array(Org).openapi({ description: 'Gift sponsors' }),
    url: z.string().openapi({ description: 'The public salon page' }),
  })
  .openapi('SalonSummary');

const SalonDetail = SalonSummary.extend({
  description: z.string(),
  agenda: z.array(
    z.object({
      id: z.string().uuid(),
      kind: z.enum(AGENDA_KINDS),
      subKind: z.enum(HOT_SUB_KINDS).nullable(),
      title: z.string(),
      abstract: z.string(),
      speaker: z.string().nullable(),
      durationMinutes: z.number().int(),
      slidesUrl: z.string(),
      replayUrl: z.string(),
      recap: z.string().openapi({ description: 'Markdown, as written; render it sanitised' }),
    }),
  ),
  streams: z.array(z.object({ platform: z.string(), url: z.string() })),
}).openapi('Salon');

/** Built with the API's error body (passed in, as api.ts owns it). */
const salonsRouteWith = (ErrorShape: z.ZodType) =>
  createRoute({
    operationId: 'listSalons',
    method: 'get',
    path: '/v1/salons',
    summary: 'Salons shown to the public (not drafts), newest first',
    tags: ['salons'],
    responses: {
      200: {
        description: 'The salons',
        content: { 'application/json': { schema: z.object({ salons: z.array(SalonSummary) }) } },
      },
      400: {
        description:
          'A malformed URL (invalid percent-encoding or control characters), refused by the input guard',
        content: { 'application/json': { schema: ErrorShape } },
      },
    },
  });

export function salonApi(api: OpenAPIHono<AppEnv>, errorBody: z.ZodType) {
  const salonsRoute = salonsRouteWith(errorBody);
  const salonRoute = createRoute({
    operationId: 'getSalon',
    method: 'get',
    path: '/v1/salons/{id}',
    summary: 'One salon with its agenda and live-stream links',
    tags: ['salons'],
    request: {
      params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }) }),
    },
    responses: {
      200: { description: 'The salon', content: { 'application/json': { schema: SalonDetail } } },
      404: {
        description: 'No such salon (or a draft)',
        content: { 'application/json': { schema: errorBody } },
      },
    },
  });

  const org = (o: OrgRef) => ({ slug: o.slug, nameZh: o.nameZh, nameEn: o.nameEn });
  const summary = (s: Salon, publicUrl: string) => ({
    id: s.id,
    series: { slug: s.series.slug, titleZh: s.series.titleZh, titleEn: s.series.titleEn },
    number: s.number,
    title: s.title,
    city: s.city,
    venue: s.venue,
    address: s.address,
    mapUrl: s.mapUrl,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    timezone: s.timezone,
    status: s.status,
    capacity: s.capacity,
    seatsTaken: s.seatsTaken,
    host: s.host ? org(s.host) : null,
    cohosts: s.cohosts.map(org),
    sponsors: s.sponsors.map(org),
    url: `${publicUrl}/salons/${s.id}`,
  });

  api.openapi(salonsRoute, async (c) => {
    const { db, config } = c.get('deps');
    const list = (await listSalons(db, { includeDrafts: false })).sort(
      (a, b) => b.startsAt.getTime() - a.startsAt.getTime(),
    );
    return c.json({ salons: list.map((s) => summary(s, config.PUBLIC_URL)) }, 200);
  });

  api.openapi(salonRoute, async (c) => {
    const { db, config } = c.get('deps');
    const id = c.req.valid('param').id;
    const salon = isUuid(id) ? await findSalon(db, id) : undefined;
    if (!salon || salon.status === 'draft')
      throw new AppError('NOT_FOUND', { messageKey: 'salons.notFound' });
    const [agenda, streams] = await Promise.all([listAgenda(db, salon.id), listStreams(db, salon.id)]);
    return c.json(
      {
        ...summary(salon, config.PUBLIC_URL),
        description: salon.description,
        agenda: agenda.map((a) => ({
          id: a.id,
          kind: a.kind,
          subKind: a.subKind,
          title: a.title,
          abstract: a.abstract,
          speaker: a.speakerName ?? null,
          durationMinutes: a.durationMinutes,
          slidesUrl: a.slidesUrl,
          replayUrl: a.replayUrl,
          recap: a.recap,
        })),
        streams: streams.filter((s) => s.url).map((s) => ({ platform: s.platform, url: s.url })),
      },
      200,
    );
  });
}
