/**
 * The statistics chart. The chart is ECharts rendered to SVG on the server and
 * served as an image (like the wall's charts), so the page's CSP needs no inline styles.
 */
import { CHART_TEXT, chartSvg } from '../../platform/charts.ts';

/** Facility (0..1) and discrimination (-1..1) per question as grouped bars. */
export function statsChart(
  rows: { label: string; facility: number | null; discrimination: number | null }[],
  /** Series names in the reader's language. */
  names: { facility: string; discrimination: string },
) {
  return chartSvg({
    legend: { top: 0, textStyle: CHART_TEXT },
    grid: { left: 24, right: 24, top: 48, bottom: 16, containLabel: true },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.label),
      axisLabel: { rotate: 30, interval: 0, ...CHART_TEXT },
    },
    yAxis: { type: 'value', min: -1, max: 1, axisLabel: CHART_TEXT },
    series: [
      { name: names.facility, type: 'bar', data: rows.map((r) => round(r.facility)) },
      { name: names.discrimination, type: 'bar', data: rows.map((r) => round(r.discrimination)) },
    ],
  });
}

const round = (n: number | null) => (n === null ? 0 : Math.round(n * 100) / 100);
