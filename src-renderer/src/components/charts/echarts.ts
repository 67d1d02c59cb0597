/** ECharts, tree-shaken: only the charts and components the studio draws (keeps the bundle small, no eval). */
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, DataZoomComponent, MarkLineComponent, CanvasRenderer]);

export { echarts };
export type { EChartsCoreOption as ChartOption } from 'echarts/core';

/** Colours from the page's CSS variables, so charts follow the light/dark theme. */
export function palette(): { text: string; muted: string; border: string; series: string[] } {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#1b1f24'),
    muted: v('--muted', '#5f6b7a'),
    border: v('--border', '#e2e5ea'),
    series: [v('--series-1', '#5b5bd6'), v('--series-2', '#e0795b'), v('--series-3', '#2aa198'), v('--series-4', '#c27c0e')],
  };
}

/** Axis styling shared by every cartesian chart. */
export function axisStyle(): Record<string, unknown> {
  const p = palette();
  return { axisLine: { lineStyle: { color: p.border } }, axisLabel: { color: p.muted }, splitLine: { lineStyle: { color: p.border, type: 'dashed' } }, nameTextStyle: { color: p.muted } };
}
