// The training store: start sends the model's config for the open dataset; events of this run fill the series.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { watch } from 'vue';
import { setApi } from '../../../src-renderer/src/api';
import { useDatasetStore } from '../../../src-renderer/src/stores/dataset';
import { useModelStore } from '../../../src-renderer/src/stores/model';
import { useTrainingStore } from '../../../src-renderer/src/stores/training';
import { fakeApi, type FakeApi } from '../fake-api';
import { HANDLE } from '../fixtures';

let api: FakeApi;
beforeEach(async () => {
  setActivePinia(createPinia());
  api = fakeApi();
  setApi(api);
  api.answer('dataset:open', HANDLE);
  api.answer('train:start', { runId: 'r1', runDir: '/runs/r1' });
  await useDatasetStore().open('/data/shapes');
});
const tick = () => new Promise((r) => setTimeout(r, 30));
const batch = (runId: string, epoch: number, b: number) => ({ runId, epoch, batch: b, batchesPerEpoch: 4, loss: 1 / b, accuracy: b / 4, learningRate: 0.001, imagesPerSecond: 50 });

describe('training store', () => {
  it('starts a run with the dataset id and the model config', async () => {
    const model = useModelStore();
    model.arch = 'cnn-small';
    model.hyper.epochs = 2;
    const t = useTrainingStore();
    expect(await t.start()).toBe(true);
    const call = api.calls.find((c) => c.channel === 'train:start')!;
    expect(call.req).toMatchObject({ datasetId: 'abcd1234', config: { arch: 'cnn-small', epochs: 2, split: { val: 0.2 } } });
    expect((call.req as { config: object }).config).not.toHaveProperty('data');
    expect(t.runId).toBe('r1');
    expect(t.state).toBe('running');
  });

  it('appends batch points at fractional epochs and ignores other runs', async () => {
    const t = useTrainingStore();
    await t.start();
    api.emit('train:batch', batch('r1', 1, 1));
    api.emit('train:batch', batch('r1', 2, 2));
    api.emit('train:batch', batch('other', 1, 3));
    await tick();
    expect(t.series.batchLoss).toEqual([[0.25, 1], [1.5, 0.5]]);
    expect(t.last?.batch).toBe(2);
  });

  it('keeps the engine\'s note about this run (not another run\'s), and forgets it on the next start', async () => {
    const t = useTrainingStore();
    await t.start();
    api.emit('train:status', { runId: 'other', state: 'running', note: 'not ours' });
    expect(t.note).toBeNull();
    api.emit('train:status', { runId: 'r1', state: 'running', note: 'features cached' });
    api.emit('train:status', { runId: 'r1', state: 'paused' });
    expect(t.note).toBe('features cached');
    expect(t.state).toBe('paused');
    api.emit('train:status', { runId: 'r1', state: 'running', backbone: { runtime: 'onnxruntime', threads: 2, cached: true } });
    expect(t.backbone).toEqual({ runtime: 'onnxruntime', threads: 2, cached: true });
    await t.start();
    expect(t.note).toBeNull();
    expect(t.backbone).toBeNull();
  });

  it('takes 100,000 batch points with one redraw per frame, not one per point', async () => {
    const t = useTrainingStore();
    await t.start();
    let redraws = 0;
    watch(() => t.version, () => { redraws++; }, { flush: 'sync' });
    for (let i = 0; i < 100_000; i++) api.emit('train:batch', batch('r1', 1 + Math.floor(i / 4), 1 + (i % 4)));
    expect(redraws).toBe(0);
    await tick();
    expect(redraws).toBe(1);
    expect(t.series.batchLoss).toHaveLength(100_000);
  });

  it('records epochs, and the end status from the trainer', async () => {
    const t = useTrainingStore();
    await t.start();
    api.emit('train:epoch', { runId: 'r1', epoch: 1, epochs: 2, loss: 1, accuracy: 0.5, valLoss: 1.1, valAccuracy: 0.4, learningRate: 0.001, imagesPerSecond: 40, etaSeconds: 3, seconds: 3 });
    api.emit('train:end', { runId: 'r1', status: 'completed', runDir: '/runs/r1', epochsDone: 2, backend: 'cpu', valAccuracy: 0.9, testAccuracy: null, imagesPerSecond: 40 });
    expect(t.lastEpoch?.valAccuracy).toBe(0.4);
    expect(t.state).toBe('completed');
    expect(t.active).toBe(false);
  });

  it('restores the previous state when a control call fails', async () => {
    const t = useTrainingStore();
    await t.start();
    api.answer('train:pause', { code: 'UNKNOWN_RUN', message: 'gone' }, true);
    await t.pause();
    expect(t.state).toBe('running');
    expect(t.controlError?.code).toBe('UNKNOWN_RUN');
  });

  it('adopts a run already going when the page opened, with its history from disk', async () => {
    api.answer('runs:metrics', {
      epochs: [{ epoch: 1, epochs: 3, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy: 0.5, learningRate: 0.01, imagesPerSecond: 9, etaSeconds: 20, seconds: 10 }],
      batches: [{ epoch: 1, batch: 2, batchesPerEpoch: 4, loss: 2, accuracy: 0.25, learningRate: 0.01, imagesPerSecond: 9 }],
    });
    const t = useTrainingStore();
    t.subscribe();
    api.emit('train:batch', batch('elsewhere', 2, 1));
    await tick();
    expect(t.runId).toBe('elsewhere');
    expect(t.state).toBe('running');
    expect(api.calls.at(-1)).toEqual({ channel: 'runs:metrics', req: { runId: 'elsewhere' } });
    expect(t.series.batchLoss).toEqual([[0.5, 2], [1.25, 1]]);
    expect(t.series.learningRate).toEqual([[0.5, 0.01], [1.25, 0.001]]);
    expect(t.series.epochs.map((e) => e.epoch)).toEqual([1]);
  });

  it('does not start without a dataset', async () => {
    setActivePinia(createPinia());
    expect(await useTrainingStore().start()).toBe(false);
  });
});
