/**
 * Charts as SVG drawn on the server with Apache ECharts (no script in the page; shown as images, so
 * the CSP needs no inline styles). Every chart is drawn 640×320 and shown at the width of a phone
 * (about 330 CSS pixels), so its text is drawn at about twice the size it should read at:
 * ECharts' default 12 px would read as 6 px.
 */
import * as echarts from 'echarts';

export const CHART_TEXT = { fontSize: 22 };

/** Renders one chart (an ECharts option) as a standalone SVG document. */
export function chartSvg(option: Record<string, unknown>): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 640, height: 320 });
  chart.setOption({ animation: false, textStyle: CHART_TEXT, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
