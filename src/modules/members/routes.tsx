/**
 * Routes of the members module: the public wall and item pages (cached for anonymous visitors),
 * logos by content hash and monograms, CSV and data.yml exports; organisation admins' products
 * and logo; platform admins' data.yml import.
 */
import { type Context, Hono } from 'hono';
import { RequestContext } from 'hono/jsx-renderer';
import { cacheForAnonymous } from '../../platform/anonymous-cache.ts';
import type { AppEnv } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { formValues, parseForm, validate } from '../../platform/forms.ts';
import { can, requireActor, requirePermission } from '../../platform/permissions.ts';
import { requestInfo } from '../../platform/request.ts';
import { CONTENT_SECURITY_POLICY } from '../../platform/security-headers.ts';
import { xlsxWorkbook } from '../../platform/xlsx.ts';
import type { FormState } from '../../ui/form.tsx';
import { respond, wantsFragment } from '../../ui/respond.tsx';
import {
  cachedOrganizationList,
  findOrganizationBySlug,
  listAllianceTiers,
  type OrgProfile,
} from '../identity/queries.ts';
import { localName } from '../identity/views/organization.tsx';
import { SALON_CACHE_TAGS, talksBySpeaker } from '../salons/queries.ts';
import {
  applicationsOf,
  approveApplication,
  listApplications,
  rejectApplication,
  submitApplication,
} from './applications.ts';
import { ArchiveError, readLandscapeArchive } from './archive.ts';
import { memberRows, membersCsv, productRows, productsCsv } from './csv.ts';
import { applyForm, approveForm, productForm, rejectForm, wallFilters } from './forms.ts';
import { importLandscape, LandscapeImportError, type LogoFolder } from './landscape-import.ts';
import { exportLandscape } from './landscape-io.ts';
import { MAPPING_FILE } from './landscape-mapping.ts';
import {
  cachedSpeakers,
  cachedWallData,
  filterWall,
  findLogo,
  hasLogo,
  listOrgProducts,
  memberExtras,
  partnersOf,
  SPEAKER_CACHE_TAGS,
  WALL_CACHE_TAGS,
  wallView,
} from './queries.ts';
import {
  createProduct,
  deleteProduct,
  removeOrganizationLogo,
  setOrganizationLogo,
  updateProduct,
} from './service.ts';
import { CHARTS, renderChart, wallStats } from './stats.ts';
import { monogramSvg } from './svg.ts';
import { ApplyPage, ReviewPage } from './views/apply.tsx';
import { EmbedItem, EmbedWall } from './views/embed.tsx';
import { EditProductPage, ImportPage, type ManageNotice, ManageProductsPage } from './views/manage.tsx';
import { PartnersPage, SpeakerDetailPage, SpeakersPage, WallPeople } from './views/people.tsx';
import { StatsPage } from './views/stats.tsx';
import { MemberDetailPage, ProductDetailPage, WallPage, WallResults } from './views/wall.tsx';

type C = Context<AppEnv>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A logo is an image, never a document: no scripts even if opened directly. */
// img-src data: lets a logo's embedded PNG/JPEG show when the SVG is opened directly (ADR 0031).
const LOGO_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

const NOTICES: Record<string, ManageNotice> = {
  saved: 'members.manage.saved',
  deleted: 'members.manage.deleted',
  logo: 'members.logo.updated',
  logoRemoved: 'members.logo.removed',
};

export function membersRoutes() {
  const app = new Hono<AppEnv>();

  const loadOrg = async (c: C): Promise<OrgProfile> => {
    const org = await findOrganizationBySlug(c.get('deps').db, c.req.param('slug') ?? '');
    if (!org) throw new AppError('NOT_FOUND', { messageKey: 'org.notFound' });
    return org;
  };

  const filtersOf = (c: C) => wallFilters.parse(c.req.query());

  // ---- Public wall ------------------------------------------------------------------------------

  app.get('/wall', async (c) => {
    const filters = filtersOf(c);
    const deps = c.get('deps');
    const [data, speakers] = await Promise.all([cachedWallData(deps), cachedSpeakers(deps)]);
    const view = wallView(data, filters);
    // The wall shows a few speakers too, so a change to people must drop the cached page.
    cacheForAnonymous(c, SPEAKER_CACHE_TAGS);
    return respond(c, {
      page: (
        <WallPage
          data={data}
          view={view}
          filters={filters}
          publicUrl={deps.config.PUBLIC_URL}
          people={<WallPeople partners={partnersOf(data)} speakers={speakers} />}
        />
      ),
      fragment: <WallResults view={view} filters={filters} />,
      title: c.get('t')('members.wall.title'),
      share: { description: c.get('t')('members.wall.lead') },
    });
  });

  app.get('/wall/members/:slug', async (c) => {
    const data = await cachedWallData(c.get('deps'));
    const wallOrg = data.orgs.find((o) => o.slug === c.req.param('slug'));
    if (!wallOrg) throw new AppError('NOT_FOUND', { messageKey: 'org.notFound' });
    const org = await loadOrg(c);
    const canManage = can(c.get('actor'), 'org:manage', { orgId: org.id });
    const extras = await memberExtras(c.get('deps'), org.id);
    cacheForAnonymous(c, [...SPEAKER_CACHE_TAGS, SALON_CACHE_TAGS.all]);
    return c.render(
      <MemberDetailPage
        org={org}
        logoUrl={wallOrg.logoUrl}
        products={data.products.filter((p) => p.orgId === org.id)}
        categories={data.categories}
        canManage={canManage}
        {...extras}
      />,
      {
        title: localName(org, c.get('locale')),
        share: { description: (c.get('locale') === 'en' && org.descriptionEn) || org.description },
      },
    );
  });

  app.get('/wall/products/:slug', async (c) => {
    const data = await cachedWallData(c.get('deps'));
    const product = data.products.find((p) => p.slug === c.req.param('slug'));
    if (!product) throw new AppError('NOT_FOUND', { messageKey: 'members.product.notFound' });
    cacheForAnonymous(c, WALL_CACHE_TAGS);
    return c.render(<ProductDetailPage product={product} categories={data.categories} />, {
      title: product.name,
      share: { description: (c.get('locale') === 'en' && product.descriptionEn) || product.descriptionZh },
    });
  });

  app.get('/wall/partners', async (c) => {
    const data = await cachedWallData(c.get('deps'));
    const partners = partnersOf(data);
    cacheForAnonymous(c, WALL_CACHE_TAGS);
    return c.render(<PartnersPage partners={partners} />, { title: c.get('t')('members.partners.title') });
  });

  app.get('/wall/speakers', async (c) => {
    const deps = c.get('deps');
    const [speakers, data] = await Promise.all([cachedSpeakers(deps), cachedWallData(deps)]);
    cacheForAnonymous(c, SPEAKER_CACHE_TAGS);
    const locale = c.get('locale');
    const orgNames = new Map(data.orgs.map((o) => [o.id, locale === 'en' && o.nameEn ? o.nameEn : o.nameZh]));
    return c.render(<SpeakersPage speakers={speakers} orgNames={orgNames} />, {
      title: c.get('t')('members.speakers.title'),
    });
  });

  /** A guest speaker with their organisations and talks (404 for anyone else); cached for anonymous visitors. */
  const loadSpeaker = async (c: C) => {
    const deps = c.get('deps');
    const id = c.req.param('id') ?? '';
    const notFound = () => new AppError('NOT_FOUND', { messageKey: 'members.speaker.notFound' });
    if (!UUID.test(id)) throw notFound();
    const [speakers, data] = await Promise.all([cachedSpeakers(deps), cachedWallData(deps)]);
    const speaker = speakers.find((s) => s.id === id);
    if (!speaker) throw notFound();
    const talks = await talksBySpeaker(deps.db, speaker.id);
    cacheForAnonymous(c, [...SPEAKER_CACHE_TAGS, SALON_CACHE_TAGS.all]);
    const orgs = data.orgs
      .filter((o) => speaker.orgIds.includes(o.id))
      .map((o) => ({ slug: o.slug, name: localName(o, c.get('locale')) }));
    return { speaker, orgs, talks };
  };

  app.get('/wall/speakers/:id', async (c) => {
    const { speaker, orgs, talks } = await loadSpeaker(c);
    return c.render(<SpeakerDetailPage speaker={speaker} orgs={orgs} talks={talks} />, {
      title: speaker.displayName,
    });
  });

  app.get('/wall/members.csv', async (c) => {
    const data = await cachedWallData(c.get('deps'));
    const { orgs, products } = filterWall(data, filtersOf(c));
    const counts = new Map<string, number>();
    for (const p of products) counts.set(p.org.slug, (counts.get(p.org.slug) ?? 0) + 1);
    return c.body(membersCsv(orgs, counts), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="gongjin-members.csv"',
    });
  });

  app.get('/wall/products.csv', async (c) => {
    const data = await cachedWallData(c.get('deps'));
    const { products } = filterWall(data, filtersOf(c));
    return c.body(productsCsv(products), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="gongjin-products.csv"',
    });
  });

  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

  app.get('/wall/members.xlsx', async (c) => {
    const data = await cachedWallData(c.get('deps'));
    const { orgs, products } = filterWall(data, filtersOf(c));
    const counts = new Map<string, number>();
    for (const p of products) counts.set(p.org.slug, (counts.get(p.org.slug) ?? 0) + 1);
    // `joined` as a date and `products` as a number (columns 6 and 9 of memberRows).
    const columns = ['text', 'text', 'text', 'text', 'text', 'date', 'text', 'text', 'number'] as const;
    const book = xlsxWorkbook('members', memberRows(orgs, counts), { columns: [...columns] });
    return c.body(new Uint8Array(book), 200, {
      'Content-Type': XLSX,
      'Content-Disposition': 'attachment; filename="gongjin-members.xlsx"',
    });
  });

  app.get('/wall/products.xlsx', async (c) => {
    const data = await cachedWallData(c.get('deps'));
    const { products } = filterWall(data, filtersOf(c));
    return c.body(new Uint8Array(xlsxWorkbook('products', productRows(products))), 200, {
      'Content-Type': XLSX,
      'Content-Disposition': 'attachment; filename="gongjin-products.xlsx"',
    });
  });

  app.get('/wall/data.yml', async (c) => {
    const { cache, db } = c.get('deps');
    const text = await cache.get('members:data.yml', WALL_CACHE_TAGS, () => exportLandscape(db));
    return c.body(text, 200, {
      'Content-Type': 'application/yaml; charset=utf-8',
      'Content-Disposition': 'attachment; filename="data.yml"',
    });
  });

  app.get('/wall/stats', async (c) => {
    const data = await cachedWallData(c.get('deps'));
    cacheForAnonymous(c, WALL_CACHE_TAGS);
    return c.render(<StatsPage stats={wallStats(data, c.get('locale'), c.get('t'))} />, {
      title: c.get('t')('members.stats.title'),
    });
  });

  app.get('/wall/stats/:file', async (c) => {
    const name = CHARTS.find((n) => c.req.param('file') === `${n}.svg`);
    if (!name) throw new AppError('NOT_FOUND');
    const deps = c.get('deps');
    const locale = c.get('locale');
    const svg = await deps.cache.get(`members:chart:${name}:${locale}`, WALL_CACHE_TAGS, async () =>
      renderChart(name, wallStats(await cachedWallData(deps), locale, c.get('t'))[name]),
    );
    cacheForAnonymous(c, WALL_CACHE_TAGS);
    return c.body(svg, 200, {
      'Content-Type': 'image/svg+xml',
      'Cache-Control': 'public, max-age=300',
      'Content-Security-Policy': LOGO_CSP,
    });
  });

  // ---- Embed -----------------------------------------------------------------------------------

  /** The embed may be framed by the sites in EMBED_FRAME_ANCESTORS (and nowhere else is framing allowed). */
  const allowFraming = (c: C) => {
    c.header(
      'Content-Security-Policy',
      CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'",
        `frame-ancestors ${c.get('deps').config.EMBED_FRAME_ANCESTORS}`,
      ),
    );
    c.header('X-Frame-Options', undefined);
  };

  const embedHtml = (c: C, view: Parameters<typeof c.html>[0]) =>
    c.html(<RequestContext.Provider value={c}>{view}</RequestContext.Provider>);

  app.get('/embed/wall', async (c) => {
    const filters = filtersOf(c);
    const deps = c.get('deps');
    const [data, speakers] = await Promise.all([cachedWallData(deps), cachedSpeakers(deps)]);
    const view = wallView(data, filters);
    // Like the wall, the embed shows a few speakers: a change to people drops the cached page.
    cacheForAnonymous(c, SPEAKER_CACHE_TAGS);
    allowFraming(c);
    c.header('Vary', 'HX-Request', { append: true });
    if (wantsFragment(c))
      return embedHtml(c, <WallResults view={view} filters={filters} itemBase="/embed/wall" />);
    return embedHtml(
      c,
      <EmbedWall
        data={data}
        view={view}
        filters={filters}
        people={<WallPeople partners={partnersOf(data)} speakers={speakers} itemBase="/embed/wall" />}
      />,
    );
  });

  /** A speaker as the embed's dialog shows it (the page works without scripts too). */
  app.get('/embed/wall/speakers/:id', async (c) => {
    const { speaker, orgs, talks } = await loadSpeaker(c);
    allowFraming(c);
    return embedHtml(
      c,
      <EmbedItem title={speaker.displayName}>
        <SpeakerDetailPage speaker={speaker} orgs={orgs} talks={talks} />
      </EmbedItem>,
    );
  });

  app.get('/embed/wall/members/:slug', async (c) => {
    const data = await cachedWallData(c.get('deps'));
    const wallOrg = data.orgs.find((o) => o.slug === c.req.param('slug'));
    if (!wallOrg) throw new AppError('NOT_FOUND', { messageKey: 'org.notFound' });
    const org = await loadOrg(c);
    cacheForAnonymous(c, WALL_CACHE_TAGS);
    allowFraming(c);
    return embedHtml(
      c,
      <EmbedItem title={localName(org, c.get('locale'))}>
        <MemberDetailPage
          org={org}
          logoUrl={wallOrg.logoUrl}
          products={data.products.filter((p) => p.orgId === org.id)}
          categories={data.categories}
          canManage={false}
        />
      </EmbedItem>,
    );
  });

  app.get('/embed/wall/products/:slug', async (c) => {
    const data = await cachedWallData(c.get('deps'));
    const product = data.products.find((p) => p.slug === c.req.param('slug'));
    if (!product) throw new AppError('NOT_FOUND', { messageKey: 'members.product.notFound' });
    cacheForAnonymous(c, WALL_CACHE_TAGS);
    allowFraming(c);
    return embedHtml(
      c,
      <EmbedItem title={product.name}>
        <ProductDetailPage product={product} categories={data.categories} />
      </EmbedItem>,
    );
  });

  // ---- Logos ------------------------------------------------------------------------------------

  app.get('/logos/:file', async (c) => {
    const m = /^([0-9a-f]{64})\.(svg|png)$/.exec(c.req.param('file'));
    if (!m) throw new AppError('NOT_FOUND');
    const logo = await findLogo(c.get('deps').db, m[1]);
    if (!logo || (logo.mime === 'image/png') !== (m[2] === 'png')) throw new AppError('NOT_FOUND');
    return c.body(new Uint8Array(logo.bytes), 200, {
      'Content-Type': logo.mime,
      'Cache-Control': IMMUTABLE,
      'Content-Security-Policy': LOGO_CSP,
    });
  });

  app.get('/monograms/:file', async (c) => {
    const slug = /^([a-z0-9-]+)\.svg$/.exec(c.req.param('file'))?.[1];
    const data = await cachedWallData(c.get('deps'));
    const org = slug ? data.orgs.find((o) => o.slug === slug) : undefined;
    if (!org) throw new AppError('NOT_FOUND');
    return c.body(monogramSvg(org.slug, org.nameZh), 200, {
      'Content-Type': 'image/svg+xml',
      // The URL carries a hash of the name it draws (?v=), so a renamed organisation gets a new URL.
      'Cache-Control': c.req.query('v') ? IMMUTABLE : 'public, max-age=300',
      'Content-Security-Policy': LOGO_CSP,
    });
  });

  // ---- Organisation admins: products and logo ---------------------------------------------------

  const renderManage = async (
    c: C,
    org: OrgProfile,
    extra: Partial<Parameters<typeof ManageProductsPage>[0]> = {},
  ) => {
    const deps = c.get('deps');
    const [products, data, logo] = await Promise.all([
      listOrgProducts(deps.db, org.id),
      cachedWallData(deps),
      hasLogo(deps.db, org.id),
    ]);
    const logoUrl = data.orgs.find((o) => o.id === org.id)?.logoUrl ?? '';
    return c.render(
      <ManageProductsPage
        org={org}
        products={products}
        categories={data.categories}
        logoUrl={logoUrl}
        hasLogo={logo}
        {...extra}
      />,
      { title: c.get('t')('members.manage.title') },
    );
  };

  /** Checkbox groups and fields of a product form. */
  const readProductForm = async (c: C) => {
    const body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
    const list = (k: string) => {
      const v = body[k];
      return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
        (x): x is string => typeof x === 'string',
      );
    };
    const flat: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) flat[k] = Array.isArray(v) ? v[v.length - 1] : v;
    const checked = { compatibility: list('compatibility'), deployment: list('deployment') };
    const form = validate(productForm, { ...flat, ...checked });
    return { form, checked, values: formValues(flat) };
  };

  app.get('/orgs/:slug/products', async (c) => {
    const org = await loadOrg(c);
    requirePermission(c, 'org:manage', { orgId: org.id });
    return renderManage(c, org, { notice: NOTICES[c.req.query('done') ?? ''] });
  });

  app.post('/orgs/:slug/products', async (c) => {
    const org = await loadOrg(c);
    requirePermission(c, 'org:manage', { orgId: org.id });
    const { form, checked, values } = await readProductForm(c);
    if (!form.ok) {
      c.status(400);
      return renderManage(c, org, { state: { values, errors: form.errors }, checked });
    }
    try {
      await createProduct(c.get('deps').db, org.id, form.data, requestInfo(c));
    } catch (err) {
      if (err instanceof AppError && err.fields) {
        c.status(err.status);
        return renderManage(c, org, { state: { values, errors: err.fields }, checked });
      }
      throw err;
    }
    return c.redirect(`/orgs/${org.slug}/products?done=saved`, 303);
  });

  const loadProduct = async (c: C, org: OrgProfile) => {
    const id = c.req.param('id') ?? '';
    if (!UUID.test(id)) throw new AppError('NOT_FOUND', { messageKey: 'members.product.notFound' });
    const product = (await listOrgProducts(c.get('deps').db, org.id)).find((p) => p.id === id);
    if (!product) throw new AppError('NOT_FOUND', { messageKey: 'members.product.notFound' });
    return product;
  };

  app.get('/orgs/:slug/products/:id/edit', async (c) => {
    const org = await loadOrg(c);
    requirePermission(c, 'org:manage', { orgId: org.id });
    const product = await loadProduct(c, org);
    const data = await cachedWallData(c.get('deps'));
    return c.render(<EditProductPage org={org} product={product} categories={data.categories} />, {
      title: c.get('t')('members.manage.editTitle'),
    });
  });

  app.post('/orgs/:slug/products/:id/edit', async (c) => {
    const org = await loadOrg(c);
    requirePermission(c, 'org:manage', { orgId: org.id });
    const product = await loadProduct(c, org);
    const { form, checked, values } = await readProductForm(c);
    if (!form.ok) {
      const data = await cachedWallData(c.get('deps'));
      c.status(400);
      return c.render(
        <EditProductPage
          org={org}
          product={product}
          categories={data.categories}
          state={{ values, errors: form.errors }}
          checked={checked}
        />,
        { title: c.get('t')('members.manage.editTitle') },
      );
    }
    await updateProduct(c.get('deps').db, org.id, product.id, form.data, requestInfo(c));
    return c.redirect(`/orgs/${org.slug}/products?done=saved`, 303);
  });

  app.post('/orgs/:slug/products/:id/delete', async (c) => {
    const org = await loadOrg(c);
    requirePermission(c, 'org:manage', { orgId: org.id });
    const product = await loadProduct(c, org);
    await deleteProduct(c.get('deps').db, org.id, product.id, requestInfo(c));
    return c.redirect(`/orgs/${org.slug}/products?done=deleted`, 303);
  });

  app.post('/orgs/:slug/logo', async (c) => {
    const org = await loadOrg(c);
    requirePermission(c, 'org:manage', { orgId: org.id });
    const body = await c.req.parseBody();
    const file = body.logo;
    if (!(file instanceof File) || file.size === 0) {
      c.status(400);
      return renderManage(c, org, { logoState: { errors: { logo: 'members.logo.missing' } } });
    }
    try {
      await setOrganizationLogo(
        c.get('deps').db,
        org.id,
        new Uint8Array(await file.arrayBuffer()),
        requestInfo(c),
        file.name,
      );
    } catch (err) {
      if (
        err instanceof AppError &&
        (err.code === 'UNSUPPORTED_MEDIA_TYPE' || err.code === 'PAYLOAD_TOO_LARGE')
      ) {
        c.status(err.status);
        return renderManage(c, org, {
          logoState: { message: err.messageKey, messageVars: err.vars, errors: {} },
        });
      }
      throw err;
    }
    return c.redirect(`/orgs/${org.slug}/products?done=logo`, 303);
  });

  app.post('/orgs/:slug/logo/remove', async (c) => {
    const org = await loadOrg(c);
    requirePermission(c, 'org:manage', { orgId: org.id });
    await removeOrganizationLogo(c.get('deps').db, org.id, requestInfo(c));
    return c.redirect(`/orgs/${org.slug}/products?done=logoRemoved`, 303);
  });

  // ---- Applying to join, and reviewing applications ----------------------------------------------

  /** Organisations the actor administers (platform admins apply like anyone else: for their own). */
  const adminOrgs = async (c: C) => {
    const actor = requireActor(c);
    const all = await cachedOrganizationList(c.get('deps'));
    return all.filter((o) => actor.orgRoles.get(o.id) === 'admin');
  };

  const renderApply = async (c: C, extra: { state?: FormState; submitted?: boolean } = {}) => {
    const actor = requireActor(c);
    const { db } = c.get('deps');
    const [orgs, tiers, mine] = await Promise.all([
      adminOrgs(c),
      listAllianceTiers(db),
      applicationsOf(db, actor.userId),
    ]);
    return c.render(<ApplyPage orgs={orgs} tiers={tiers} mine={mine} {...extra} />, {
      title: c.get('t')('members.apply.title'),
    });
  };

  app.get('/wall/apply', (c) => renderApply(c, { submitted: c.req.query('done') === '1' }));

  app.post('/wall/apply', async (c) => {
    const actor = requireActor(c);
    const form = await parseForm(c, applyForm);
    if (!form.ok) {
      c.status(400);
      return renderApply(c, { state: form });
    }
    if (!(await adminOrgs(c)).some((o) => o.slug === form.data.orgSlug)) throw new AppError('FORBIDDEN');
    try {
      await submitApplication(
        c.get('deps').db,
        { ...form.data, applicantId: actor.userId, locale: c.get('locale') },
        requestInfo(c),
      );
    } catch (err) {
      if (err instanceof AppError && err.fields) {
        c.status(err.status);
        return renderApply(c, { state: { values: form.values, errors: err.fields } });
      }
      throw err;
    }
    return c.redirect('/wall/apply?done=1', 303);
  });

  const renderReview = async (c: C, extra: { done?: boolean; state?: FormState; failedId?: string } = {}) => {
    const { db } = c.get('deps');
    const [applications, tiers] = await Promise.all([listApplications(db), listAllianceTiers(db)]);
    return c.render(<ReviewPage applications={applications} tiers={tiers} {...extra} />, {
      title: c.get('t')('members.review.title'),
    });
  };

  app.get('/wall/applications', (c) => {
    requirePermission(c, 'alliance:review_applications');
    return renderReview(c, { done: c.req.query('done') === '1' });
  });

  const applicationId = (c: C) => {
    const id = c.req.param('id') ?? '';
    if (!UUID.test(id)) throw new AppError('NOT_FOUND', { messageKey: 'members.apply.notFound' });
    return id;
  };

  app.post('/wall/applications/:id/approve', async (c) => {
    requirePermission(c, 'alliance:review_applications');
    const id = applicationId(c);
    const form = await parseForm(c, approveForm);
    if (!form.ok) {
      c.status(400);
      return renderReview(c, { state: form, failedId: id });
    }
    await approveApplication(c.get('deps').db, id, form.data, requestInfo(c));
    return c.redirect('/wall/applications?done=1', 303);
  });

  app.post('/wall/applications/:id/reject', async (c) => {
    requirePermission(c, 'alliance:review_applications');
    const id = applicationId(c);
    const form = await parseForm(c, rejectForm);
    if (!form.ok) {
      c.status(400);
      return renderReview(c, { state: form, failedId: id });
    }
    await rejectApplication(c.get('deps').db, id, form.data.reason, requestInfo(c));
    return c.redirect('/wall/applications?done=1', 303);
  });

  // ---- Platform admins: data.yml import ---------------------------------------------------------

  app.get('/wall/import', (c) => {
    requirePermission(c, 'landscape:import');
    return c.render(<ImportPage />, { title: c.get('t')('members.import.title') });
  });

  app.post('/wall/import', async (c) => {
    requirePermission(c, 'landscape:import');
    const title = { title: c.get('t')('members.import.title') };
    const t = c.get('t');
    const failed = (
      errors: Array<{ line: number; message: string }>,
      skips: Array<{ line: number; message: string }> = [],
    ) => {
      c.status(400);
      return c.render(<ImportPage errors={errors} skips={skips} />, title);
    };
    const body = await c.req.parseBody();
    const file = body.file;
    const acceptSkips = body.acceptSkips === '1';
    const bytes =
      file instanceof File
        ? new Uint8Array(await file.arrayBuffer())
        : new TextEncoder().encode(typeof file === 'string' ? file : '');
    // A .zip or .tar.gz brings data.yml with its logos/ folder; a bare data.yml brings no logos.
    let text: string;
    let logos: LogoFolder | undefined;
    let mapping: { text: string; file: string } | undefined;
    try {
      const dir = readLandscapeArchive(bytes);
      text = dir ? dir.dataYml : new TextDecoder().decode(bytes);
      if (dir) logos = (name) => dir.logos.get(name);
      if (dir?.mapping !== undefined) mapping = { text: dir.mapping, file: MAPPING_FILE };
    } catch (err) {
      if (!(err instanceof ArchiveError)) throw err;
      return failed([{ line: 1, message: t(err.key) }]);
    }
    if (!text.trim()) return failed([{ line: 1, message: t('members.import.err.empty') }]);
    try {
      const done = await importLandscape(c.get('deps').db, text, requestInfo(c), logos, {
        mapping,
        acceptSkips,
      });
      const skipped = done.skipped.map((e) => ({ line: e.line, message: t(e.key, e.vars) }));
      return c.render(<ImportPage done={done} skipped={skipped} />, title);
    } catch (err) {
      if (!(err instanceof LandscapeImportError)) throw err;
      const message = (e: LandscapeImportError['errors'][number]) => ({
        line: e.line,
        message: e.file ? `${e.file}: ${t(e.key, e.vars)}` : t(e.key, e.vars),
      });
      return failed(err.errors.map(message), err.skips.map(message));
    }
  });

  return app;
}
