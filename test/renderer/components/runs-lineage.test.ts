// The Runs view under a "train again" run: its parent, both accuracies, the change in points as text (not colour
// alone), the data change, and one click that overlays exactly the pair's curves.
import { mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { TRAIN_DEFAULTS, type RunSummary } from '#contract/engine';
import { i18n, setLocale } from '../../../src-renderer/src/i18n';
import { useRunsStore } from '../../../src-renderer/src/stores/runs';
import EChart from '../../../src-renderer/src/components/charts/EChart.vue';
import RunsView from '../../../src-renderer/src/views/RunsView.vue';
import { freshStudio, type FakeApi } from '../fake-api';

const run = (id: string, valAccuracy: number, config: Partial<RunSummary['config']>): RunSummary => ({
  id, runDir: `/runs/${id}`, createdAt: '2026-12-01T10:00:00Z', status: 'completed',
  config: { ...TRAIN_DEFAULTS, data: '/p/x.hebb/snapshots/s.json', arch: 'cnn-small', ...config },
  final: { epoch: 3, epochs: 3, loss: 0.3, accuracy: 0.9, valLoss: 0.4, valAccuracy, learningRate: 0.001, imagesPerSecond: 100, etaSeconds: 0, seconds: 3 },
});
const RUNS = [
  run('r3-scratch', 0.79, { retrainOf: 'r1', datasetHash: 'h2' }),
  run('r2-warm', 0.852, { warmStartFrom: 'r1', datasetHash: 'h2', datasetImages: 52 }),
  run('r1', 0.81, { datasetHash: 'h1', datasetImages: 40 }),
];
const stubs = { EChart: true };
let api: FakeApi;
let pinia: Pinia;
const flush = () => new Promise((r) => setTimeout(r, 0));
beforeEach(() => {
  ({ api, pinia } = freshStudio());
  api.answer('runs:list', RUNS);
  api.answer('runs:metrics', (req) => ({ epochs: [{ ...RUNS.find((r) => r.id === req.runId)!.final! }], batches: [] }));
});

describe('Runs view: train again', () => {
  it('shows each retrained run against its parent with the change in points and data', async () => {
    const w = mount(RunsView, { global: { plugins: [pinia, i18n], stubs } });
    await flush();
    const rows = w.findAll('[data-test=run-lineage]');
    expect(rows).toHaveLength(2); // r1 has no parent
    const [scratch, warm] = rows;
    expect(warm!.get('[data-test=lineage-parent]').text()).toBe('Fine-tuned from r1');
    expect(warm!.get('[data-test=lineage-acc]').text()).toBe('val accuracy 81.0% → 85.2%');
    const up = warm!.get('[data-test=lineage-delta]');
    expect(up.text()).toContain('+4.2 pts');
    expect(up.get('.sr-only').text()).toBe('(better than before)');
    expect(up.classes()).toContain('up');
    expect(warm!.get('[data-test=lineage-data]').text()).toBe('data changed: +12 image(s)');

    expect(scratch!.get('[data-test=lineage-parent]').text()).toBe('Trained again from scratch, after r1');
    const down = scratch!.get('[data-test=lineage-delta]');
    expect(down.text()).toContain('-2.0 pts');
    expect(down.get('.sr-only').text()).toBe('(worse than before)');
    expect(down.classes()).toContain('down');
    expect(scratch!.get('[data-test=lineage-data]').text()).toBe('data changed'); // r3 did not record its size
  });

  it('overlays exactly the run and its parent in one click', async () => {
    const w = mount(RunsView, { global: { plugins: [pinia, i18n], stubs } });
    await flush();
    await w.findAll('input[type=checkbox]')[0]!.setValue(true); // r3 ticked before
    await flush();
    await w.findAll('[data-test=compare-parent]')[1]!.trigger('click');
    await flush();
    const runs = useRunsStore();
    expect(runs.selected).toEqual(['r1', 'r2-warm']);
    expect(Object.keys(runs.curves).sort()).toEqual(['r1', 'r2-warm', 'r3-scratch']);
    expect(w.findAll('input[type=checkbox]').map((c) => (c.element as HTMLInputElement).checked)).toEqual([false, true, true]);
  });

  it('speaks Chinese', async () => {
    setLocale('zh-CN');
    const w = mount(RunsView, { global: { plugins: [pinia, i18n], stubs } });
    await flush();
    const warm = w.findAll('[data-test=run-lineage]')[1]!;
    expect(warm.get('[data-test=lineage-parent]').text()).toBe('基于 r1 微调');
    expect(warm.get('[data-test=lineage-delta]').text()).toContain('+4.2 个百分点');
    expect(warm.get('[data-test=lineage-data]').text()).toBe('数据已变化：+12 张图像');
  });
});

describe('Runs view: a fine-tuned run\'s curve continues its parent\'s', () => {
  type Option = { xAxis: { name: string }; series: { name: string; data: number[][] }[]; tooltip: { formatter: (ps: unknown[]) => string } };
  const epochs = (id: string, n: number) => Array.from({ length: n }, (_, i) => ({ ...RUNS.find((r) => r.id === id)!.final!, epoch: i + 1 }));
  // EChart is stubbed: the option it would draw is its prop (the .vue shim types no props, hence the cast).
  const accChart = (w: ReturnType<typeof mount>) => (w.findAllComponents(EChart)[0]!.props() as { option: Option }).option;

  it('draws the warm run after the parent\'s last epoch, says so on the axis, and gives its own epoch in the tooltip', async () => {
    api.answer('runs:metrics', (req) => ({ epochs: epochs(req.runId, req.runId === 'r1' ? 3 : 2), batches: [] }));
    const w = mount(RunsView, { global: { plugins: [pinia, i18n], stubs } });
    await flush();
    await w.findAll('[data-test=compare-parent]')[1]!.trigger('click'); // r2-warm with r1
    await flush();
    const o = accChart(w);
    expect(o.series.map((s) => [s.name, s.data.map((d) => d[0])])).toEqual([['r1', [1, 2, 3]], ['r2-warm', [4, 5]]]);
    expect(o.xAxis.name).toBe('epoch, counted from the first run of each fine-tuning chain');
    const tip = o.tooltip.formatter([{ marker: '', seriesName: 'r2-warm', value: o.series[1]!.data[0] }]);
    expect(tip).toBe('epoch, counted from the first run of each fine-tuning chain 4<br/>r2-warm 85.2% (its own epoch 1)');
  });

  it('leaves a retrain from scratch on its own epochs, under the plain axis', async () => {
    api.answer('runs:metrics', (req) => ({ epochs: epochs(req.runId, 3), batches: [] }));
    const w = mount(RunsView, { global: { plugins: [pinia, i18n], stubs } });
    await flush();
    await w.findAll('[data-test=compare-parent]')[0]!.trigger('click'); // r3-scratch with r1
    await flush();
    const o = accChart(w);
    expect(o.series.map((s) => [s.name, s.data.map((d) => d[0])])).toEqual([['r1', [1, 2, 3]], ['r3-scratch', [1, 2, 3]]]);
    expect(o.xAxis.name).toBe('epoch');
    expect(o.tooltip.formatter([{ marker: '', seriesName: 'r1', value: o.series[0]!.data[2] }])).toBe('epoch 3<br/>r1 81.0%');
  });
});
