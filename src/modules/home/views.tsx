import { useView } from '../../ui/context.ts';
import type { RecentRecap } from '../salons/queries.ts';
import { LatestRecaps } from '../salons/views/salons.tsx';
import type { HomeSummary } from './queries.ts';

export function HomePage({ summary, recaps = [] }: { summary: HomeSummary; recaps?: RecentRecap[] }) {
  const { t, locale, actor } = useView();
  return (
    <>
      <section class="hero">
        <h1>{t('home.title')}</h1>
        <p class="muted">{t('home.lead')}</p>
        <div class="actions">
          {!actor && (
            <a class="button button-primary" href="/signup">
              {t('home.join')}
            </a>
          )}
          <a class="button" href="/orgs">
            {t('home.browse')}
          </a>
        </div>
      </section>
      <section class="stats card" aria-label={t('app.tagline')}>
        <div class="stat">
          <strong data-testid="stat-orgs">{summary.organizations}</strong>
          {t('home.stats.organizations')}
        </div>
        <div class="stat">
          <strong>{summary.members.length}</strong>
          {t('home.stats.members')}
        </div>
        <div class="stat">
          <strong>{summary.people}</strong>
          {t('home.stats.people')}
        </div>
      </section>
      <LatestRecaps recaps={recaps} />
      <section>
        <h2>{t('home.members.title')}</h2>
        {summary.members.length === 0 ? (
          <p class="muted">{t('home.members.empty')}</p>
        ) : (
          <ul class="grid member-wall">
            {summary.members.map((m) => (
              <li class="card">
                <a href={`/orgs/${m.slug}`}>
                  <strong>{locale === 'en' && m.nameEn ? m.nameEn : m.nameZh}</strong>
                </a>
                <br />
                <span class="badge">{locale === 'en' ? m.tierEn : m.tierZh}</span>{' '}
                <span class="muted">{t(`org.type.${m.type}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
