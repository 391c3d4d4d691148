/** Pieces every salon page shares: names in the reader's language, the date range, the status badge and the salon cards. Every string comes from the catalogue (messages.ts). */
import type { Locale } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import { Badge, Card, DateBlock, EmptyState, LogoTile } from '../../../ui/design/index.tsx';
import { arrangeSalons } from '../listing.ts';
import type { OrgRef, Salon, Series } from '../queries.ts';
import { dateLeaf, formatRange } from '../time.ts';

export const orgName = (o: OrgRef, locale: Locale) => (locale === 'en' && o.nameEn ? o.nameEn : o.nameZh);
export const seriesTitle = (s: Series, locale: Locale) =>
  locale === 'en' && s.titleEn ? s.titleEn : s.titleZh;

export function When({ salon }: { salon: Salon }) {
  const { locale } = useView();
  return <>{formatRange(salon.startsAt, salon.endsAt, salon.timezone, locale)}</>;
}

const STATUS_TONE = {
  draft: 'muted',
  announced: 'info',
  registration_open: 'success',
  registration_closed: 'warning',
  live: 'danger',
  finished: 'muted',
  recap_published: 'muted',
} as const;

export function StatusBadge({ salon }: { salon: Salon }) {
  const { t } = useView();
  return (
    <Badge tone={STATUS_TONE[salon.status]} data={{ status: salon.status }}>
      {t(`salons.status.${salon.status}`)}
    </Badge>
  );
}

/** A salon's card: date leaf, series and number, title, city, host logo and status. */
function SalonCard({ salon, logo }: { salon: Salon; logo?: string }) {
  const { t, locale } = useView();
  const leaf = dateLeaf(salon.startsAt, salon.timezone, locale);
  const open = salon.status === 'registration_open';
  return (
    <li data-id={salon.id} data-status={salon.status}>
      <Card href={`/salons/${salon.id}`} tone={open ? 'highlight' : 'default'} class="salon-card">
        <DateBlock {...leaf} label={formatRange(salon.startsAt, salon.endsAt, salon.timezone, locale)} />
        <span class="salon-card-body">
          <span class="salon-card-kicker">
            {t('salons.numbered', { series: seriesTitle(salon.series, locale), number: salon.number })}
          </span>
          <strong class="salon-card-title">{salon.title}</strong>
          <span class="salon-card-meta">
            {salon.city} · <When salon={salon} />
          </span>
          <span class="salon-card-foot">
            {salon.host && (
              <span class="salon-card-host">
                {logo && <LogoTile src={logo} name="" size="sm" />}
                {orgName(salon.host, locale)}
              </span>
            )}
            <StatusBadge salon={salon} />
          </span>
        </span>
      </Card>
    </li>
  );
}

/**
 * Salons as cards, in `arrangeSalons` order: open for registration first (highlighted), then what
 * is coming, then a 往期 section. `logos`: host logo addresses by organisation id.
 */
export function SalonList({ salons, logos }: { salons: Salon[]; logos?: Map<string, string> }) {
  const { t } = useView();
  if (salons.length === 0) return <EmptyState message={t('salons.index.empty')} />;
  const { upcoming, past } = arrangeSalons(salons);
  const cards = (list: Salon[], testid: string) => (
    <ul class="salon-cards" data-testid={testid}>
      {list.map((s) => (
        <SalonCard salon={s} logo={s.host && logos?.get(s.host.id)} />
      ))}
    </ul>
  );
  return (
    <div data-testid="salon-list">
      {upcoming.length > 0 ? (
        <>
          <h2>{t('salons.index.upcoming')}</h2>
          {cards(upcoming, 'salons-upcoming')}
        </>
      ) : (
        <EmptyState message={t('salons.index.noneUpcoming')} />
      )}
      {past.length > 0 && (
        <>
          <h2>{t('salons.index.past')}</h2>
          {cards(past, 'salons-past')}
        </>
      )}
    </div>
  );
}
