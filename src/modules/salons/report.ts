/**
 * A salon's report charts: Apache ECharts rendered to SVG on the server (no script in the page),
 * as members/stats.ts does for the wall. Labels arrive translated; numbers arrive computed.
 */
import { chartSvg, CHART_TEXT as TEXT } from '../../platform/charts.ts';
import type { Lift } from './live-data.ts';

type Bar = { label: string; value: number };

function render(option: Record<string, unknown>): string {
  return chartSvg({ grid: { left: 24, right: 24, top: 48, bottom: 16, containLabel: true }, ...option });
}

/** Registrations so far, day by day (cumulative). */
export function registrationsChart(points: Array<{ day: string; total: number }>): string {
  return render({
    xAxis: { type: 'category', data: points.map((p) => p.day.slice(5)), axisLabel: TEXT },
    yAxis: { type: 'value', minInterval: 1, axisLabel: TEXT },
    series: [
      {
        type: 'line',
        data: points.map((p) => p.total),
        areaStyle: {},
        label: { show: points.length <= 15, ...TEXT },
      },
    ],
  });
}

/** Plain bars with their values on top: attendance, viewers per platform. */
export function barChart(bars: Bar[]): string {
  return render({
    xAxis: { type: 'category', data: bars.map((b) => b.label), axisLabel: { interval: 0, ...TEXT } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: TEXT },
    series: [
      { type: 'bar', data: bars.map((b) => b.value), label: { show: true, position: 'top', ...TEXT } },
    ],
  });
}

/** The attention index before and after, side by side per keyword. */
export function liftChart(lifts: Lift[], names: { before: string; after: string }): string {
  return render({
    legend: { top: 0, textStyle: TEXT },
    xAxis: { type: 'category', data: lifts.map((l) => l.keyword), axisLabel: { interval: 0, ...TEXT } },
    yAxis: { type: 'value', axisLabel: TEXT },
    series: [
      { name: names.before, type: 'bar', data: lifts.map((l) => round(l.before)) },
      { name: names.after, type: 'bar', data: lifts.map((l) => round(l.after)) },
    ],
  });
}

const round = (v: number | null) => (v === null ? 0 : Math.round(v * 10) / 10);

/** Registrations per day as a running total, from per-day counts (days without any are left out). */
export function cumulative(perDay: Array<{ day: string; n: number }>): Array<{ day: string; total: number }> {
  let total = 0;
  return [...perDay]
    .sort((a, b) => a.day.localeCompare(b.day))
    .map((d) => {
      total += d.n;
      return { day: d.day, total };
    });
}

export type Costs = {
  actualCny: number;
  attendees: number;
  viewers: number;
  /** Actual cost per attendee in the room (checked in plus walk-ins), in yuan. */
  perAttendee: number | null;
  /** Actual cost per thousand online viewers, in yuan. */
  perThousandViewers: number | null;
};

export function costs(actualCny: number, attendees: number, viewers: number): Costs {
  return {
    actualCny,
    attendees,
    viewers,
    perAttendee: attendees > 0 && actualCny > 0 ? Math.round(actualCny / attendees) : null,
    perThousandViewers: viewers > 0 && actualCny > 0 ? Math.round((actualCny * 1000) / viewers) : null,
  };
}
