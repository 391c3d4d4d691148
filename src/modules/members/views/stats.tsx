/** The stats page: four server-rendered charts (images) with the same numbers as tables. */
import { useView } from '../../../ui/context.ts';
import { CHARTS, type ChartName } from '../stats.ts';

type Series = Array<{ label: string; value: number }>;

const TITLES = {
  joined: 'members.stats.joined',
  types: 'members.stats.types',
  categories: 'members.stats.categories',
  licenses: 'members.stats.licenses',
} as const;

export function StatsPage({ stats }: { stats: Record<ChartName, Series> }) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('members.stats.title')}</h1>
      <p>
        <a href="/wall">{t('members.wall.title')}</a>
      </p>
      {CHARTS.map((name) => (
        <figure class="stack chart" data-chart={name}>
          <figcaption>
            <h2>{t(TITLES[name])}</h2>
          </figcaption>
          <img
            src={`/wall/stats/${name}.svg`}
            alt={t(TITLES[name])}
            width={640}
            height={320}
            loading="lazy"
          />
          <details>
            <summary>{t('members.stats.table')}</summary>
            <table>
              <tbody>
                {stats[name].map((row) => (
                  <tr>
                    <th scope="row">{row.label}</th>
                    <td>{row.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </figure>
      ))}
    </section>
  );
}
