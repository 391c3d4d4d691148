/**
 * The public wall (members by tier, products by category → subcategory, filters in the URL) and
 * the item detail pages. Phone first: logos in a two-column grid that widens on larger screens;
 * logos below the first rows load lazily. Every string comes from messages/members.ts.
 */
import type { Child } from 'hono/jsx';
import type { Locale } from '../../../i18n/index.ts';
import { can } from '../../../platform/permissions.ts';
import { instantToZoned } from '../../../platform/time.ts';
import { useView } from '../../../ui/context.ts';
import type { AllianceTier, OrgProfile } from '../../identity/queries.ts';
import { ORG_TYPES, orgDescription } from '../../identity/queries.ts';
import { localName, OrgLinks } from '../../identity/views/organization.tsx';
import type { HostedSalon, OrgMemberTalk } from '../../salons/queries.ts';
import { filterQuery, type WallFilters } from '../forms.ts';
import type { SpeakerProfile } from '../profiles.ts';
import type { Category, Product, WallData, WallOrg, WallProduct, WallView } from '../queries.ts';
import { COMMERCIAL, COMPATIBILITY, DEPLOYMENTS } from '../schema.ts';
import { EmbedSnippet } from './embed.tsx';
import { SpeakerCards } from './people.tsx';

/** Logos in the first rows load at once; the rest wait until they scroll into view. */
const EAGER_LOGOS = 12;

export const productDescription = (p: Pick<Product, 'descriptionZh' | 'descriptionEn'>, locale: Locale) =>
  locale === 'en' && p.descriptionEn ? p.descriptionEn : p.descriptionZh;

function LicenseBadge({ license }: { license: string }) {
  const { t } = useView();
  return <span class="badge">{license === COMMERCIAL ? t('members.license.commercial') : license}</span>;
}

function Logo({ url, eager }: { url: string; eager: boolean }) {
  return (
    <img src={url} alt="" width={48} height={48} loading={eager ? undefined : 'lazy'} decoding="async" />
  );
}

function FilterSelect(props: {
  name: keyof WallFilters;
  label: Parameters<ReturnType<typeof useView>['t']>[0];
  value?: string;
  options: Array<{ value: string; label: string }>;
}) {
  const { t } = useView();
  const id = `wf-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{t(props.label)}</label>
      <select id={id} name={props.name}>
        <option value="">{t('members.filter.any')}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function WallFiltersForm({
  data,
  filters,
  action,
}: {
  data: WallData;
  filters: WallFilters;
  action: string;
}) {
  const { t, locale } = useView();
  return (
    <form
      class="filters wall-filters"
      method="get"
      action={action}
      hx-get={action}
      hx-target="#wall-results"
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-trigger="change, input delay:300ms from:#wf-q, submit"
      aria-label={t('members.filter.title')}
    >
      <div class="field wall-search">
        <label for="wf-q">{t('members.filter.search')}</label>
        <input
          id="wf-q"
          type="search"
          name="q"
          value={filters.q ?? ''}
          maxlength={100}
          aria-describedby="wf-q-hint"
        />
        <p class="hint" id="wf-q-hint">
          {t('members.filter.searchHint')}
        </p>
      </div>
      <details
        class="wall-more-filters"
        open={
          !!(
            filters.type ||
            filters.tier ||
            filters.category ||
            filters.license ||
            filters.compat ||
            filters.deploy ||
            filters.city
          )
        }
      >
        <summary>{t('members.filter.title')}</summary>
        <div class="filters">
          <FilterSelect
            name="type"
            label="members.filter.type"
            value={filters.type}
            options={ORG_TYPES.map((ty) => ({ value: ty, label: t(`org.type.${ty}`) }))}
          />
          <FilterSelect
            name="tier"
            label="members.filter.tier"
            value={filters.tier}
            options={data.tiers.map((tier) => ({ value: tier.slug, label: localName(tier, locale) }))}
          />
          <FilterSelect
            name="category"
            label="members.filter.category"
            value={filters.category}
            options={data.categories.flatMap((c) => [
              { value: c.slug, label: localName(c, locale) },
              ...c.subcategories.map((s) => ({ value: s.slug, label: `— ${localName(s, locale)}` })),
            ])}
          />
          <FilterSelect
            name="license"
            label="members.filter.license"
            value={filters.license}
            options={[
              { value: 'open', label: t('members.filter.open') },
              { value: COMMERCIAL, label: t('members.license.commercial') },
              ...data.licenses.filter((l) => l !== COMMERCIAL).map((l) => ({ value: l, label: l })),
            ]}
          />
          <FilterSelect
            name="compat"
            label="members.filter.compat"
            value={filters.compat}
            options={COMPATIBILITY.map((v) => ({ value: v, label: t(`members.compat.${v}`) }))}
          />
          <FilterSelect
            name="deploy"
            label="members.filter.deploy"
            value={filters.deploy}
            options={DEPLOYMENTS.map((v) => ({ value: v, label: t(`members.deploy.${v}`) }))}
          />
          <FilterSelect
            name="city"
            label="members.filter.city"
            value={filters.city}
            options={data.cities.map((city) => ({ value: city, label: city }))}
          />
        </div>
      </details>
      <div class="field">
        <button type="submit" class="button button-primary">
          {t('members.filter.apply')}
        </button>{' '}
        <a href={action} class="button button-plain">
          {t('members.filter.reset')}
        </a>
      </div>
    </form>
  );
}

/** Where tiles link: the site's item pages, or the embed's (which stay inside the frame). */
type ItemBase = '/wall' | '/embed/wall';

function OrgTile({ org, eager, base }: { org: WallOrg; eager: boolean; base: ItemBase }) {
  const { locale } = useView();
  return (
    <li data-slug={org.slug}>
      <a href={`${base}/members/${org.slug}`}>
        <Logo url={org.logoUrl} eager={eager} />
        <span>{localName(org, locale)}</span>
      </a>
    </li>
  );
}

function ProductTile({ product, eager, base }: { product: WallProduct; eager: boolean; base: ItemBase }) {
  const { locale } = useView();
  return (
    <li data-product={product.slug}>
      <a href={`${base}/products/${product.slug}`}>
        <Logo url={product.logoUrl} eager={eager} />
        <span>
          {product.name}
          <small class="muted">{localName(product.org, locale)}</small>
        </span>
      </a>
    </li>
  );
}

/** The part htmx swaps: counts, members by tier, the landscape. */
export function WallResults({
  view,
  filters,
  itemBase = '/wall',
}: {
  view: WallView;
  filters: WallFilters;
  itemBase?: ItemBase;
}) {
  const { t, locale } = useView();
  let shown = 0;
  const eager = () => shown++ < EAGER_LOGOS;
  return (
    <div id="wall-results" class="stack" data-query={filterQuery(filters)}>
      <p class="muted" data-testid="wall-counts">
        {t('members.wall.counts', { members: view.memberCount, products: view.productCount })}
      </p>
      <h2>{t('members.wall.members')}</h2>
      {view.tiers.length === 0 ? (
        <p class="muted">{t('members.wall.noMembers')}</p>
      ) : (
        view.tiers.map((g) => (
          <section class="stack" data-tier={g.tier.slug}>
            <h3>{localName(g.tier, locale)}</h3>
            <ul class="logo-grid">
              {g.orgs.map((o) => (
                <OrgTile org={o} eager={eager()} base={itemBase} />
              ))}
            </ul>
            {g.total > g.orgs.length && (
              <p>
                <a href={`${itemBase}?tier=${g.tier.slug}`}>
                  {t('members.wall.moreMembers', { n: g.total })}
                </a>
              </p>
            )}
          </section>
        ))
      )}
      <h2>{t('members.wall.landscape')}</h2>
      {view.landscape.length === 0 ? (
        <p class="muted">{t('members.wall.noProducts')}</p>
      ) : (
        view.landscape.map((c) => (
          <section class="stack" data-category={c.category.slug}>
            <h3>{localName(c.category, locale)}</h3>
            {c.groups.map((g) => (
              <div data-subcategory={g.subcategory.slug}>
                <h4>{localName(g.subcategory, locale)}</h4>
                <ul class="logo-grid">
                  {g.products.map((p) => (
                    <ProductTile product={p} eager={eager()} base={itemBase} />
                  ))}
                </ul>
                {g.total > g.products.length && (
                  <p>
                    <a href={`${itemBase}?category=${g.subcategory.slug}`}>
                      {t('members.wall.more', { n: g.total })}
                    </a>
                  </p>
                )}
              </div>
            ))}
          </section>
        ))
      )}
    </div>
  );
}

export function WallPage({
  data,
  view,
  filters,
  publicUrl,
  people,
}: {
  data: WallData;
  view: WallView;
  filters: WallFilters;
  publicUrl: string;
  /** The compact partners and speakers sections, rendered by the route (absent in static exports). */
  people?: Child;
}) {
  const { t, actor } = useView();
  const q = filterQuery(filters);
  return (
    <section class="stack">
      <h1>{t('members.wall.title')}</h1>
      <p class="muted">{t('members.wall.lead')}</p>
      <WallFiltersForm data={data} filters={filters} action="/wall" />
      <WallResults view={view} filters={filters} />
      {people}
      <nav class="filters" aria-label={t('members.wall.downloads')}>
        <a href={`/wall/members.csv${q}`}>{t('members.wall.csvMembers')}</a>
        <a href={`/wall/products.csv${q}`}>{t('members.wall.csvProducts')}</a>
        <a href={`/wall/members.xlsx${q}`}>{t('members.wall.xlsxMembers')}</a>
        <a href={`/wall/products.xlsx${q}`}>{t('members.wall.xlsxProducts')}</a>
        <a href="/wall/data.yml">{t('members.wall.landscapeYml')}</a>
        <a href={`/api/v1/products${q}`}>{t('members.wall.api')}</a>
        <a href="/wall/stats">{t('members.stats.link')}</a>
        <a href="/wall/partners">{t('members.partners.title')}</a>
        <a href="/wall/speakers">{t('members.speakers.title')}</a>
        <a href="/wall/apply">{t('members.apply.link')}</a>
      </nav>
      {can(actor, 'alliance:review_applications') && (
        <nav class="filters" aria-label={t('org.profile.actions')}>
          <a href="/wall/applications">{t('members.review.title')}</a>
          <a href="/wall/import">{t('members.import.title')}</a>
        </nav>
      )}
      <EmbedSnippet publicUrl={publicUrl} filters={filters} />
    </section>
  );
}

function categoryName(categories: Category[], subSlug: string, locale: Locale): string {
  for (const c of categories) {
    const s = c.subcategories.find((x) => x.slug === subSlug);
    if (s) return `${localName(c, locale)} / ${localName(s, locale)}`;
  }
  return subSlug;
}

function ProductFacts({ product, categories }: { product: Product; categories: Category[] }) {
  const { t, locale } = useView();
  const repos = [product.githubUrl, product.giteeUrl, product.gitcodeUrl].filter(Boolean);
  return (
    <dl class="facts">
      <dt>{t('members.product.category')}</dt>
      <dd>
        <a href={`/wall?category=${product.subcategorySlug}`}>
          {categoryName(categories, product.subcategorySlug, locale)}
        </a>
      </dd>
      <dt>{t('members.product.license')}</dt>
      <dd>
        <LicenseBadge license={product.license} />
      </dd>
      {product.compatibility.length > 0 && (
        <>
          <dt>{t('members.product.compatibility')}</dt>
          <dd>{product.compatibility.map((v) => t(`members.compat.${v}`)).join(' · ')}</dd>
        </>
      )}
      {product.deployment.length > 0 && (
        <>
          <dt>{t('members.product.deployment')}</dt>
          <dd>{product.deployment.map((v) => t(`members.deploy.${v}`)).join(' · ')}</dd>
        </>
      )}
      {product.homepageUrl && (
        <>
          <dt>{t('members.product.homepage')}</dt>
          <dd>
            <a href={product.homepageUrl} rel="noopener nofollow">
              {product.homepageUrl}
            </a>
          </dd>
        </>
      )}
      {repos.length > 0 && (
        <>
          <dt>{t('members.product.repos')}</dt>
          <dd>
            {repos.map((r) => (
              <>
                <a href={r} rel="noopener nofollow">
                  {r}
                </a>
                <br />
              </>
            ))}
          </dd>
        </>
      )}
      {product.docsUrl && (
        <>
          <dt>{t('members.product.docs')}</dt>
          <dd>
            <a href={product.docsUrl} rel="noopener nofollow">
              {product.docsUrl}
            </a>
          </dd>
        </>
      )}
    </dl>
  );
}

/** An organisation as its member page shows it: a full profile, or the wall's copy (active membership only). */
export type MemberOrg = Pick<
  OrgProfile,
  | 'id'
  | 'slug'
  | 'nameZh'
  | 'nameEn'
  | 'type'
  | 'city'
  | 'website'
  | 'description'
  | 'descriptionEn'
  | 'links'
> & { alliance: { tier: AllianceTier; joinedOn: string; status?: string } | null };

export function MemberDetailPage(props: {
  org: MemberOrg;
  logoUrl: string;
  products: Product[];
  categories: Category[];
  canManage: boolean;
  speakers?: SpeakerProfile[];
  hostedSalons?: HostedSalon[];
  talks?: OrgMemberTalk[];
}) {
  const { t, locale } = useView();
  const { org } = props;
  return (
    <article class="stack" data-testid="member-detail">
      <header class="item-head">
        <img src={props.logoUrl} alt="" width={96} height={96} />
        <h1>{localName(org, locale)}</h1>
      </header>
      {orgDescription(org, locale) && <p data-testid="org-description">{orgDescription(org, locale)}</p>}
      <OrgLinks links={org.links} />
      <dl class="facts">
        <dt>{t('members.org.type')}</dt>
        <dd>
          <a href={`/wall?type=${org.type}`}>{t(`org.type.${org.type}`)}</a>
        </dd>
        {org.alliance && (org.alliance.status ?? 'active') === 'active' && (
          <>
            <dt>{t('members.org.tier')}</dt>
            <dd>
              <span class="badge">{localName(org.alliance.tier, locale)}</span>
            </dd>
            <dt>{t('members.org.joined')}</dt>
            <dd>{org.alliance.joinedOn}</dd>
          </>
        )}
        {org.city && (
          <>
            <dt>{t('members.org.city')}</dt>
            <dd>{org.city}</dd>
          </>
        )}
        {org.website && (
          <>
            <dt>{t('members.org.website')}</dt>
            <dd>
              <a href={org.website} rel="noopener nofollow">
                {org.website}
              </a>
            </dd>
          </>
        )}
      </dl>
      <p>
        <a href={`/orgs/${org.slug}`}>{t('members.org.profile')}</a>
        {props.canManage && (
          <>
            {' · '}
            <a href={`/orgs/${org.slug}/products`}>{t('members.org.manageProducts')}</a>
          </>
        )}
      </p>
      {props.hostedSalons && props.hostedSalons.length > 0 && (
        <>
          <h2>{t('members.org.salonsHosted')}</h2>
          <ul data-testid="hosted-salons">
            {props.hostedSalons.map((s) => (
              <li>
                <a href={`/salons/${s.id}`}>
                  {t('members.org.salonLine', { number: s.number, title: s.title })}
                </a>{' '}
                <span class="muted">
                  {s.city} · {instantToZoned(s.startsAt, s.timezone).slice(0, 10)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.talks && props.talks.length > 0 && (
        <>
          <h2>{t('members.org.talks')}</h2>
          <ul data-testid="member-talks">
            {props.talks.map((talk) => (
              <li>
                {t('members.org.talkLine', { title: talk.title, speaker: talk.speakerName })}{' '}
                <span class="muted">
                  <a href={`/salons/${talk.salonId}`}>
                    {t('members.org.salonLine', { number: talk.salonNumber, title: talk.salonTitle })}
                  </a>{' '}
                  · {instantToZoned(talk.startsAt, talk.timezone).slice(0, 10)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.speakers && props.speakers.length > 0 && (
        <>
          <h2>{t('members.org.speakers')}</h2>
          <SpeakerCards speakers={props.speakers} orgNames={new Map([[org.id, localName(org, locale)]])} />
        </>
      )}
      <h2>{t('members.org.products')}</h2>
      {props.products.length === 0 ? (
        <p class="muted">{t('members.org.noProducts')}</p>
      ) : (
        props.products.map((p) => (
          <section class="card stack" data-product={p.slug}>
            <h3>
              <a href={`/wall/products/${p.slug}`}>{p.name}</a>
            </h3>
            {productDescription(p, locale) && <p>{productDescription(p, locale)}</p>}
            <ProductFacts product={p} categories={props.categories} />
          </section>
        ))
      )}
    </article>
  );
}

export function ProductDetailPage(props: { product: WallProduct; categories: Category[] }) {
  const { t, locale } = useView();
  const { product } = props;
  return (
    <article class="stack" data-testid="product-detail">
      <header class="item-head">
        <img src={product.logoUrl} alt="" width={96} height={96} />
        <h1>{product.name}</h1>
      </header>
      {productDescription(product, locale) && <p>{productDescription(product, locale)}</p>}
      <p>
        {t('members.product.by')}:{' '}
        <a href={`/wall/members/${product.org.slug}`}>{localName(product.org, locale)}</a>
      </p>
      <ProductFacts product={product} categories={props.categories} />
    </article>
  );
}
