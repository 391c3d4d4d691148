/**
 * The stats page's numbers and charts. Charts are Apache ECharts rendered to SVG on the server
 * (no DOM, no client script) and served as images, so the page's CSP (no inline styles) is untouched.
 */

import type { Locale } from '../../i18n/index.ts';
import { CHART_TEXT, chartSvg } from '../../platform/charts.ts';
import type { Translate } from '../../platform/i18n.ts';
import type { WallData } from './queries.ts';
import { COMMERCIAL } from './schema.ts';

export const CHARTS = ['joined', 'types', 'categories', 'licenses'] as const;
export type ChartName = (typeof CHARTS)[number];

type Series = Array<{ label: string; value: number }>;

const localName = (x: { nameZh: string; nameEn: string }, locale: Locale) =>
  locale === 'en' && x.nameEn ? x.nameEn : x.nameZh;

/** The numbers behind each chart, for the charts and for the table under them. */
export function wallStats(data: WallData, locale: Locale, t: Translate): Record<ChartName, Series> {
  const members = data.orgs.filter((o) => o.alliance);
  const months = new Map<string, number>();
  for (const o of members) {
    const m = o.alliance!.joinedOn.slice(0, 7);
    months.set(m, (months.get(m) ?? 0) + 1);
  }
  let total = 0;
  const joined = [...months.keys()].sort().map((m) => {
    total += months.get(m)!;
    return { label: m, value: total };
  });
  const count = <K extends string>(keys: K[]) => {
    const n = new Map<K, number>();
    for (const k of keys) n.set(k, (n.get(k) ?? 0) + 1);
    return n;
  };
  const byType = count(members.map((o) => o.type));
  const types = [...byType]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => ({ label: t(`org.type.${k}`), value: v }));
  const subOf = new Map(data.categories.flatMap((c) => c.subcategories.map((s) => [s.slug, s] as const)));
  const bySub = count(data.products.map((p) => p.subcategorySlug));
  const categories = data.categories.flatMap((c) =>
    c.subcategories
      .filter((s) => bySub.has(s.slug))
      .map((s) => ({ label: localName(subOf.get(s.slug)!, locale), value: bySub.get(s.slug)! })),
  );
  const byLicense = count(data.products.map((p) => p.license));
  const licenses = [...byLicense]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => ({ label: k === COMMERCIAL ? t('members.license.commercial') : k, value: v }));
  return { joined, types, categories, licenses };
}

/** One chart as a standalone SVG document. */
export function renderChart(name: ChartName, series: Series): string {
  const labels = series.map((s) => s.label);
  const values = series.map((s) => s.value);
  if (name === 'licenses')
    return chartSvg({
      series: [
        {
          type: 'pie',
          radius: ['30%', '55%'],
          label: { formatter: '{b}: {c}', ...CHART_TEXT },
          data: series.map((s) => ({ name: s.label, value: s.value })),
        },
      ],
    });
  return chartSvg({
    // Rotated category names reach left of their tick: the first one needs room beyond the axis labels.
    grid: { left: name === 'categories' ? 88 : 24, right: 24, top: 40, bottom: 16, containLabel: true },
    xAxis: {
      type: 'category',
      data: labels,
      axisLabel: { rotate: name === 'categories' ? 40 : 0, interval: 0, ...CHART_TEXT },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: CHART_TEXT },
    series: [
      name === 'joined'
        ? { type: 'line', data: values, areaStyle: {}, label: { show: true, ...CHART_TEXT } }
        : { type: 'bar', data: values, label: { show: true, position: 'top', ...CHART_TEXT } },
    ],
  });
}
