/** Recaps on the home page and a salon's report with charts and costs. Every string comes from the catalogue (messages.ts). */
import type { MessageKey } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import type { RecentRecap, Salon } from '../queries.ts';
import type { Costs } from '../report.ts';

export function LatestRecaps({ recaps }: { recaps: RecentRecap[] }) {
  const { t } = useView();
  if (recaps.length === 0) return null;
  return (
    <section data-testid="latest-recaps">
      <h2>{t('salons.recaps.title')}</h2>
      <ul class="stack">
        {recaps.map((r) => (
          <li>
            <a href={`/salons/${r.salonId}#agenda-${r.itemId}`}>{r.title}</a>
            {r.speakerName && <> · {r.speakerName}</>} <span class="muted">{r.salonTitle}</span>
            {r.replayUrl && (
              <>
                {' '}
                <a href={r.replayUrl} rel="noopener">
                  {t('salons.talk.replay')}
                </a>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export type ReportCharts = { registrations: string; attendance: string; viewers: string; attention: string };

const svgImage = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

/** The salon report: four charts (SVG images rendered on the server) and the costs. */
export function SalonReportPage(props: { salon: Salon; charts: ReportCharts; costs: Costs }) {
  const { t } = useView();
  const { salon, charts, costs } = props;
  const yuan = (n: number | null) => (n === null ? '—' : `¥${n.toLocaleString('en-US')}`);
  const figure = (key: keyof ReportCharts, title: MessageKey) => (
    <figure class="card chart" data-chart={key}>
      <figcaption>
        <strong>{t(title)}</strong>
      </figcaption>
      <img class="chart-image" src={svgImage(charts[key])} alt={t(title)} width="640" height="320" />
    </figure>
  );
  return (
    <section class="stack" data-testid="salon-report">
      <h1>{t('salons.salonReport.title')}</h1>
      <p class="muted">
        <a href={`/salons/${salon.id}/edit`}>{salon.title}</a>
      </p>
      <dl class="counts" data-testid="costs">
        <dt>{t('salons.salonReport.actualCost')}</dt>
        <dd data-cost="actual">{yuan(costs.actualCny)}</dd>
        <dt>{t('salons.salonReport.attendees')}</dt>
        <dd data-cost="attendees">{costs.attendees}</dd>
        <dt>{t('salons.salonReport.perAttendee')}</dt>
        <dd data-cost="perAttendee">{yuan(costs.perAttendee)}</dd>
        <dt>{t('salons.salonReport.viewers')}</dt>
        <dd data-cost="viewers">{costs.viewers}</dd>
        <dt>{t('salons.salonReport.perThousandViewers')}</dt>
        <dd data-cost="perThousandViewers">{yuan(costs.perThousandViewers)}</dd>
      </dl>
      {figure('registrations', 'salons.salonReport.registrations')}
      {figure('attendance', 'salons.salonReport.attendance')}
      {figure('viewers', 'salons.salonReport.viewersChart')}
      {figure('attention', 'salons.salonReport.attention')}
    </section>
  );
}
