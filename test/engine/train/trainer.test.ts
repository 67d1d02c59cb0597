import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EpochMetrics } from '#contract/engine';
import { TrainController } from '../../../src-main/engine/train/control';
import type { TrainPosition } from '#contract/train-state';
import { createOptimizer } from '../../../src-main/engine/train/optimizers/registry';
import { encodeOptimizer, restoreOptimizer } from '../../../src-main/engine/train/optimizers/state';
import { runTrainer, type TrainerOptions } from '../../../src-main/engine/train/trainer';
import { separable, slices, stream, tinyModel } from './fakes';

beforeAll(async () => { await tf.setBackend('cpu'); });

function options(extra: Partial<TrainerOptions> = {}): TrainerOptions {
  const data = slices(separable(64), 16);
  return {
    model: tinyModel(), optimizer: createOptimizer('adam', 0.05), train: () => stream(data), batchesPerEpoch: 4,
    val: () => stream(slices(separable(32, 9), 16)), epochs: 5, learningRate: () => 0.05, seed: 3,
    backend: 'cpu', runDir: '/nowhere', ...extra,
  };
}

describe('runTrainer', () => {
  it('started at a saved mid-epoch position (weights, slots, generator state), ends as the unbroken run does', async () => {
    const data = slices(separable(64), 16);
    const train = (_epoch: number, from: number) => stream(data.slice(from));
    const weights = (m: tf.LayersModel) => m.getWeights().map((t) => Array.from(t.dataSync()));
    const whole = tinyModel();
    const wholeEpochs: EpochMetrics[] = [];
    await runTrainer(options({ model: whole, epochs: 3, train, callbacks: [{ onEpochEnd: (m) => { wholeEpochs.push(m); } }] }));

    const first = tinyModel();
    const opt = createOptimizer('adam', 0.05);
    const control = new TrainController();
    let saved: { position: TrainPosition; weights: tf.Tensor[]; slots: Awaited<ReturnType<typeof encodeOptimizer>> } | null = null;
    let position: () => TrainPosition = () => { throw new Error('no position before onTrainBegin'); };
    await runTrainer(options({ model: first, optimizer: opt, epochs: 3, train, control, callbacks: [{
      onTrainBegin: (info) => { position = info.position; },
      onBatchEnd: async (m) => {
        if (m.epoch === 2 && m.batch === 2) {
          saved = { position: position(), weights: first.getWeights().map((t) => t.clone()), slots: await encodeOptimizer(opt) };
          control.stop();
        }
      },
    }] }));
    expect(saved!.position).toMatchObject({ epochsDone: 1, batch: 2, sums: { seen: 32 } });

    const resumed = tinyModel(99);
    resumed.setWeights(saved!.weights);
    const opt2 = createOptimizer('adam', 0.05);
    await restoreOptimizer(opt2, saved!.slots);
    const resumedEpochs: EpochMetrics[] = [];
    await runTrainer(options({ model: resumed, optimizer: opt2, epochs: 3, train, start: saved!.position, callbacks: [{ onEpochEnd: (m) => { resumedEpochs.push(m); } }] }));
    expect(resumedEpochs.map((m) => [m.epoch, m.loss, m.accuracy])).toEqual(wholeEpochs.slice(1).map((m) => [m.epoch, m.loss, m.accuracy]));
    expect(weights(resumed)).toEqual(weights(whole));
    tf.dispose(saved!.weights);
  });

  it('learns a separable problem and reports completed with numbers', async () => {
    const epochs: EpochMetrics[] = [];
    const end = await runTrainer(options({ callbacks: [{ onEpochEnd: (m) => { epochs.push(m); } }] }));
    expect(end.status).toBe('completed');
    expect(end.epochsDone).toBe(5);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(end.valAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(epochs[4]!.loss).toBeLessThan(epochs[0]!.loss);
    expect(epochs[4]!.etaSeconds).toBe(0);
  });

  it('keeps tf.memory().numTensors flat across epochs', async () => {
    const counts: number[] = [];
    const o = options({ epochs: 6, callbacks: [{ onEpochEnd: () => { counts.push(tf.memory().numTensors); } }] });
    await runTrainer(o);
    // optimizer slots appear during epoch 1; afterwards nothing may grow
    expect(new Set(counts.slice(1)).size).toBe(1);
  });

  it('same seed gives the same numbers (dropout included)', async () => {
    const run = async () => { const l: number[] = []; await runTrainer(options({ epochs: 2, callbacks: [{ onBatchEnd: (m) => { l.push(m.loss); } }] })); return l; };
    expect(await run()).toEqual(await run());
  });

  it('stop is a flag checked at batch boundaries; onTrainEnd still runs', async () => {
    const control = new TrainController();
    let ended = '';
    const end = await runTrainer(options({ control, callbacks: [
      { onBatchEnd: (m) => { if (m.epoch === 2 && m.batch === 2) control.stop(); } },
      { onTrainEnd: (e) => { ended = e.status; } },
    ] }));
    expect(end.status).toBe('stopped');
    expect(end.epochsDone).toBe(1);
    expect(ended).toBe('stopped');
  });

  it('pause holds the loop until resume', async () => {
    const control = new TrainController();
    let batches = 0;
    const p = runTrainer(options({ epochs: 1, control, callbacks: [{ onBatchEnd: () => { batches++; if (batches === 1) control.pause(); } }] }));
    await new Promise((r) => setTimeout(r, 50));
    expect(batches).toBe(1);
    control.resume();
    expect((await p).status).toBe('completed');
    expect(batches).toBe(4);
  });

  it('a throwing source ends as failed with the error as data', async () => {
    let status = '';
    const end = await runTrainer(options({
      train: async function* () { throw new Error('disk gone'); },
      callbacks: [{ onTrainEnd: (e) => { status = e.status; } }],
    }));
    expect(end.status).toBe('failed');
    expect(end.error?.message).toContain('disk gone');
    expect(status).toBe('failed');
  });
});
