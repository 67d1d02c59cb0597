/** A chart's text alternative: its series as rows of a table, and a one-line summary, derived from the ECharts option. */
import type { ChartOption } from './echarts';

export interface ChartTable { columns: string[]; rows: (string | number)[][] }

type Series = { name?: string; data?: unknown[]; large?: boolean };
type Axis = { type?: string; name?: string; data?: unknown[] };
const first = <T>(a: T | T[] | undefined): T | undefined => (Array.isArray(a) ? a[0] : a);
const MAX_ROWS = 200;

/**
 * One row per x value, one column per series. Dense per-batch series (`large`) are left out: the per-epoch series
 * beside them carry the same story in a readable number of rows.
 */
export function chartTable(option: ChartOption, xName: string, fmt: (v: number) => string): ChartTable {
  const series = ((Array.isArray(option.series) ? option.series : option.series ? [option.series] : []) as Series[]).filter((s) => !s.large);
  const x = first(option.xAxis as Axis | Axis[]);
  const y = first(option.yAxis as Axis | Axis[]);
  const cats = (x?.type === 'category' ? x.data : y?.type === 'category' ? y.data : undefined) as unknown[] | undefined;
  const byX = new Map<string, (string | number)[]>();
  series.forEach((s, si) => {
    (s.data ?? []).forEach((d, i) => {
      const pt = (d && typeof d === 'object' && 'value' in d ? (d as { value: unknown }).value : d) as unknown;
      const [k, v] = Array.isArray(pt) ? [pt[0], pt[1]] : [cats?.[i] ?? i, pt];
      const key = String(typeof k === 'number' ? +k.toFixed(4) : k);
      const row = byX.get(key) ?? [key, ...series.map(() => '')];
      row[si + 1] = typeof v === 'number' ? fmt(v) : String(v ?? '');
      byX.set(key, row);
    });
  });
  return { columns: [x?.name ?? y?.name ?? xName, ...series.map((s, i) => s.name ?? `#${i + 1}`)], rows: [...byX.values()].slice(0, MAX_ROWS) };
}
