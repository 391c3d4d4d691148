/** The salon index, a series page and the new-series form. Every string comes from the catalogue (messages.ts). */
import { can } from '../../../platform/permissions.ts';
import { useView } from '../../../ui/context.ts';
import { PageHeader } from '../../../ui/design/index.tsx';
import { Field, Form, type FormState, Submit } from '../../../ui/form.tsx';
import type { Salon, Series } from '../queries.ts';
import { SalonList, seriesTitle } from './shared.tsx';

/**
 * Calendar subscription, as its own action: a feed per series and per city (webcal links open the
 * phone's calendar app to subscribe; the .ics address works in any calendar).
 */
function CalendarFeeds({ series, cities }: { series: Series[]; cities: string[] }) {
  const { t, locale } = useView();
  return (
    <details class="ui-card calendar-feeds" data-testid="calendar-feeds">
      <summary>{t('salons.calendar.title')}</summary>
      <p class="muted">{t('salons.calendar.lead')}</p>
      {series.length > 0 && (
        <>
          <h3>{t('salons.calendar.bySeries')}</h3>
          <p class="feed-links">
            {series.map((s) => (
              <a class="button" href={`/salons/series/${s.slug}/calendar.ics`}>
                {seriesTitle(s, locale)}
              </a>
            ))}
          </p>
        </>
      )}
      {cities.length > 0 && (
        <>
          <h3>{t('salons.calendar.byCity')}</h3>
          <p class="feed-links">
            {cities.map((city) => (
              <a
                class="button"
                href={`/salons/cities/${encodeURIComponent(city)}/calendar.ics`}
                aria-label={t('salons.cityFeed', { city })}
              >
                {city}
              </a>
            ))}
          </p>
        </>
      )}
    </details>
  );
}

export function SalonsIndexPage(props: { series: Series[]; salons: Salon[]; logos?: Map<string, string> }) {
  const { t, locale, actor } = useView();
  const { series, salons } = props;
  const cities = [...new Set(salons.map((s) => s.city))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const manage = can(actor, 'salon:create') || can(actor, 'salon:series');
  return (
    <section>
      <PageHeader
        title={t('salons.index.title')}
        lead={t('salons.index.lead')}
        actions={
          manage && (
            <>
              {can(actor, 'salon:create') && (
                <a class="button button-primary" href="/salons/new">
                  {t('salons.create.title')}
                </a>
              )}
              {can(actor, 'salon:series') && (
                <>
                  <a class="button" href="/salons/series/new">
                    {t('salons.series.createTitle')}
                  </a>
                  <a class="button" href="/salons/plan">
                    {t('salons.plan.title')}
                  </a>
                </>
              )}
            </>
          )
        }
      />
      <SalonList salons={salons} logos={props.logos} />
      <h2>{t('salons.index.series')}</h2>
      <ul class="series-links">
        {series.map((s) => (
          <li>
            <a href={`/salons/series/${s.slug}`}>{seriesTitle(s, locale)}</a>
          </li>
        ))}
      </ul>
      <CalendarFeeds series={series} cities={cities} />
    </section>
  );
}

export function SeriesPage(props: { series: Series; salons: Salon[]; logos?: Map<string, string> }) {
  const { t, locale, actor } = useView();
  const { series, salons } = props;
  return (
    <section>
      <PageHeader
        kicker={<a href="/salons">{t('salons.index.title')}</a>}
        title={seriesTitle(series, locale)}
        lead={series.description || undefined}
        actions={
          <>
            <a class="button" href={`/salons/series/${series.slug}/calendar.ics`} data-testid="series-feed">
              {t('salons.series.calendar')}
            </a>
            {can(actor, 'salon:series') && (
              <a class="button" href={`/salons/series/${series.slug}/report`}>
                {t('salons.report.title')}
              </a>
            )}
          </>
        }
      />
      <SalonList salons={salons} logos={props.logos} />
    </section>
  );
}

export function SeriesFormPage({ state }: { state?: FormState }) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('salons.series.createTitle')}</h1>
      <Form action="/salons/series" state={state}>
        <Field name="slug" label="salons.field.seriesSlug" hint="validation.slug" required state={state} />
        <Field name="titleZh" label="salons.field.titleZh" required state={state} />
        <Field name="titleEn" label="salons.field.titleEn" state={state} />
        <Field name="description" label="salons.field.description" multiline state={state} />
        <Submit label="salons.create.submit" />
      </Form>
    </section>
  );
}
