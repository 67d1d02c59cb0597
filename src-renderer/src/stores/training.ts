/**
 * The live run: start/pause/resume/stop, and the metric series the dashboards draw. Series are plain arrays in
 * shallowRefs (100k points must not become 100k reactive proxies); one trigger per animation frame redraws.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { EventMap } from '#contract/api';
import type { BackbonePath } from '#contract/backbone';
import type { HistogramSet, TrainConfig } from '#contract/engine';
import { useApi } from '../api';
import { pending } from './call';
import { useDatasetStore } from './dataset';
import { useModelStore } from './model';
import { useProjectStore } from './project';

export type RunState = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'completed' | 'stopped' | 'failed';

export interface Series {
  /** x = fractional epoch (epoch - 1 + batch / batchesPerEpoch). */
  batchLoss: [number, number][];
  batchAcc: [number, number][];
  learningRate: [number, number][];
  epochs: EventMap['train:epoch'][];
}

const empty = (): Series => ({ batchLoss: [], batchAcc: [], learningRate: [], epochs: [] });

export const useTrainingStore = defineStore('training', () => {
  const runId = ref<string | null>(null);
  const runDir = ref<string | null>(null);
  const state = ref<RunState>('idle');
  const series = shallowRef<Series>(empty());
  /** Bumped once per animation frame when series grew: charts redraw on it (the arrays are mutated in place). */
  const version = ref(0);
  const last = ref<EventMap['train:batch'] | null>(null);
  const histograms = shallowRef<HistogramSet | null>(null);
  const end = ref<EventMap['train:end'] | null>(null);
  /** What the engine says about this run (e.g. cached transfer features). */
  const note = ref<string | null>(null);
  /** Where a transfer model's frozen backbone runs (onnxruntime, or tfjs as the fallback); null for other models. */
  const backbone = ref<BackbonePath | null>(null);
  /** What the current run was started with: a copy, never the live settings (the run keeps its snapshot). */
  const startedWith = shallowRef<{ datasetId: string; config: Omit<TrainConfig, 'data'> } | null>(null);
  const starting = pending();
  const control = pending();
  let subscribed = false;
  let frame = 0;

  function redraw(): void {
    if (frame) return;
    const schedule = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: () => void) => setTimeout(f, 16);
    frame = schedule(() => { frame = 0; version.value++; triggerRef(series); }) as unknown as number;
  }

  /** Follow a run this page did not start (opened mid-run, or reloaded): backfill its curves from disk. */
  async function attach(id: string): Promise<void> {
    runId.value = id;
    state.value = 'running';
    const m = await useApi().call('runs:metrics', { runId: id });
    if (!m.ok || runId.value !== id) return;
    const s = empty();
    for (const b of m.value.batches) {
      const x = b.epoch - 1 + b.batch / Math.max(b.batchesPerEpoch, 1);
      s.batchLoss.push([x, b.loss]);
      s.batchAcc.push([x, b.accuracy]);
      s.learningRate.push([x, b.learningRate]);
    }
    s.epochs.push(...m.value.epochs.map((e) => ({ ...e, runId: id })));
    // Keep whatever arrived while the history loaded.
    s.batchLoss.push(...series.value.batchLoss);
    s.batchAcc.push(...series.value.batchAcc);
    s.learningRate.push(...series.value.learningRate);
    s.epochs.push(...series.value.epochs.filter((e) => !s.epochs.some((x) => x.epoch === e.epoch)));
    series.value = s;
    redraw();
  }

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    const api = useApi();
    // A run already going when this page opened (a reload, or watching a GPU box from a laptop) is adopted
    // at its next event.
    const adopt = (id: string) => { if (!runId.value && state.value === 'idle' && !starting.busy.value) void attach(id); };
    api.on('train:status', (s) => adopt(s.runId));
    api.on('train:batch', (b) => adopt(b.runId));
    api.on('train:batch', (b) => {
      if (b.runId !== runId.value) return;
      const x = b.epoch - 1 + b.batch / Math.max(b.batchesPerEpoch, 1);
      series.value.batchLoss.push([x, b.loss]);
      series.value.batchAcc.push([x, b.accuracy]);
      series.value.learningRate.push([x, b.learningRate]);
      last.value = b;
      redraw();
    });
    api.on('train:epoch', (e) => { if (e.runId === runId.value) { series.value.epochs.push(e); redraw(); } });
    api.on('train:histograms', (h) => { if (h.runId === runId.value) histograms.value = h; });
    api.on('train:status', (s) => { if (s.runId === runId.value) { state.value = s.state; if (s.note) note.value = s.note; if (s.backbone) backbone.value = s.backbone; } });
    api.on('train:end', (e) => { if (e.runId === runId.value) { end.value = e; state.value = e.status; void useProjectStore().refresh(); } });
  }

  /**
   * Start a run on the open dataset (a project's effective dataset as it is now: the core trains on a snapshot, and
   * the request sent is a deep copy, so later edits reach neither). `again` trains again: warm-started from a
   * run's weights with fewer epochs, or from scratch as a retrain of a run (recorded, so Runs compares the two).
   */
  async function start(again?: { warmStartFrom?: string; retrainOf?: string; epochs?: number }): Promise<boolean> {
    const ds = useDatasetStore();
    const model = useModelStore();
    if (!ds.handle) return false;
    const project = useProjectStore();
    if (project.id) await project.saveSettings();
    const config = JSON.parse(JSON.stringify({ ...model.config, ...(again?.epochs ? { epochs: again.epochs } : {}), ...(again?.warmStartFrom ? { warmStartFrom: again.warmStartFrom } : {}), ...(again?.retrainOf ? { retrainOf: again.retrainOf } : {}) })) as Omit<TrainConfig, 'data'>;
    const datasetId = ds.handle.id;
    subscribe();
    series.value = empty();
    version.value++;
    last.value = null;
    end.value = null;
    histograms.value = null;
    note.value = null;
    backbone.value = null;
    state.value = 'starting';
    const r = await starting.run(useApi().call('train:start', { datasetId, config }));
    if (!r) { state.value = 'idle'; return false; }
    runId.value = r.runId;
    runDir.value = r.runDir;
    startedWith.value = { datasetId, config };
    if (project.id) void project.refresh();
    if (state.value === 'starting') state.value = 'running';
    return true;
  }

  const act = (channel: 'train:pause' | 'train:resume' | 'train:stop', next: RunState) => async () => {
    if (!runId.value) return;
    const prev = state.value;
    state.value = next;
    if ((await control.run(useApi().call(channel, { runId: runId.value }))) === null && control.error.value) state.value = prev;
  };

  const active = computed(() => ['starting', 'running', 'paused', 'stopping'].includes(state.value));
  const lastEpoch = computed(() => series.value.epochs.at(-1) ?? null);

  return {
    runId, runDir, startedWith, state, series, version, last, attach, histograms, end, note, backbone, active, lastEpoch,
    startBusy: starting.busy, error: starting.error, controlError: control.error,
    subscribe, start, pause: act('train:pause', 'paused'), resume: act('train:resume', 'running'), stop: act('train:stop', 'stopping'),
  };
});
