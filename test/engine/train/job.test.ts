import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpochMetrics } from '#contract/engine';
import type { TrainerEvent } from '#contract/worker';
import { normalizeConfig } from '../../../src-main/engine/train/config';
import { TrainController } from '../../../src-main/engine/train/control';
import { runTrainingJob } from '../../../src-main/engine/train/job';
import { completeCheckpointIds, completeCheckpoints } from '../../../src-main/engine/train/run-dir';
import { listRuns, readRunMetrics } from '../../../src-main/engine/train/runs';
import { removeTmpDirs, tmpDir } from '../../helpers/fixtures';
import { colourTree } from './colour-tree';

afterAll(removeTmpDirs);

let root: string;
let data: string;
beforeAll(async () => {
  root = await tmpDir('hebb-job-');
  data = path.join(root, 'data');
  await colourTree(data, 10);
  process.env.HEBB_HOME = path.join(root, 'home');
});

const config = () => normalizeConfig({ data, arch: 'mlp', epochs: 3, imageWidth: 4, imageHeight: 4, batchSize: 4, learningRate: 0.02, optimizer: 'momentum', archOptions: { hidden: [16], dropout: 0.2 } });

describe('runTrainingJob', () => {
  it('writes a complete run directory and separates colours', async () => {
    const runDir = path.join(root, 'runs', 'a');
    const events: TrainerEvent[] = [];
    const tensors: number[] = [];
    const end = await runTrainingJob({ ...config(), epochs: 5 }, { runDir, cacheDir: path.join(root, 'cache'), onEvent: (e) => { events.push(e); if (e.type === 'epoch') tensors.push(tf.memory().numTensors); } });
    expect(end.status).toBe('completed');
    expect(end.valAccuracy).toBeGreaterThanOrEqual(0.9);
    for (const f of ['config.json', 'labels.json', 'preprocess.json', 'metrics.jsonl', 'summary.json', 'model/model.json', 'model/weights.bin']) {
      await expect(fs.access(path.join(runDir, f))).resolves.toBeUndefined();
    }
    expect(JSON.parse(await fs.readFile(path.join(runDir, 'labels.json'), 'utf8'))).toEqual(['blue', 'green', 'red']);
    expect(JSON.parse(await fs.readFile(path.join(runDir, 'preprocess.json'), 'utf8'))).toMatchObject({ width: 4, height: 4, channels: 3 });
    expect(await completeCheckpoints(runDir)).toEqual([4, 5]);
    // memory stays flat: after the optimizer's slots exist (epoch 1), no epoch leaves a tensor behind
    expect(tensors.slice(1)).toEqual(new Array(tensors.length - 1).fill(tensors[1]));
    const hist = events.find((e) => e.type === 'histograms') as Extract<TrainerEvent, { type: 'histograms' }>;
    expect(hist.layers.map((l) => l.kind).sort()).toEqual(['gradients', 'gradients', 'weights', 'weights']); // two dense kernels
    for (const l of hist.layers) expect(l.counts.reduce((a, b) => a + b)).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: 'end', status: 'completed' });
    const runs = await listRuns(path.join(root, 'runs'));
    expect(runs.find((r) => r.runDir === runDir)).toMatchObject({ status: 'completed', id: 'a' });
    expect((await readRunMetrics(runDir)).epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stop, then resume, gives exactly the numbers of an uninterrupted run (optimizer state and RNG restored)', async () => {
    const full: EpochMetrics[] = [];
    await runTrainingJob(config(), { runDir: path.join(root, 'runs', 'full'), cacheDir: path.join(root, 'cache'), onEvent: (e) => { if (e.type === 'epoch') full.push(e); } });

    const runDir = path.join(root, 'runs', 'split');
    const control = new TrainController();
    const firstEpochs: EpochMetrics[] = [];
    const first = await runTrainingJob(config(), { runDir, control, cacheDir: path.join(root, 'cache'), onEvent: (e) => { if (e.type === 'epoch') { firstEpochs.push(e); if (e.epoch === 1) control.stop(); } } });
    // same seed, same data: the same numbers (initialisers, shuffle and dropout all seeded)
    expect([firstEpochs[0]!.loss, firstEpochs[0]!.valLoss]).toEqual([full[0]!.loss, full[0]!.valLoss]);
    expect(first.status).toBe('stopped');
    expect(first.epochsDone).toBe(1);
    const resumed: EpochMetrics[] = [];
    const end = await runTrainingJob({ backend: 'auto' } as never, { runDir, resume: true, cacheDir: path.join(root, 'cache'), onEvent: (e) => { if (e.type === 'epoch') resumed.push(e); } });
    expect(end.status).toBe('completed');
    expect(end.epochsDone).toBe(3);
    expect(resumed.map((e) => e.epoch)).toEqual([2, 3]);
    expect(resumed.map((e) => [e.loss, e.valLoss])).toEqual(full.slice(1).map((e) => [e.loss, e.valLoss]));
    expect((await readRunMetrics(runDir)).epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it('a stop mid-epoch checkpoints where it stood: the resume continues at that batch, as if never stopped', async () => {
    const full: EpochMetrics[] = [];
    await runTrainingJob(config(), { runDir: path.join(root, 'runs', 'full-2'), cacheDir: path.join(root, 'cache'), onEvent: (e) => { if (e.type === 'epoch') full.push(e); } });
    const runDir = path.join(root, 'runs', 'stopped-mid');
    const control = new TrainController();
    const first = await runTrainingJob({ ...config(), checkpointEverySeconds: 0 }, { runDir, control, cacheDir: path.join(root, 'cache'), maxBatchEventsPerSecond: 1e9, onEvent: (e) => { if (e.type === 'batch' && e.epoch === 2 && e.batch === 3) control.stop(); } });
    expect(first).toMatchObject({ status: 'stopped', epochsDone: 1 });
    expect(await completeCheckpointIds(runDir)).toContainEqual({ epoch: 1, batch: 3 });
    const resumed: EpochMetrics[] = [];
    const end = await runTrainingJob({ backend: 'auto' } as never, { runDir, resume: true, cacheDir: path.join(root, 'cache'), onEvent: (e) => { if (e.type === 'epoch') resumed.push(e); } });
    expect(end).toMatchObject({ status: 'completed', epochsDone: 3 });
    expect(resumed.map((e) => [e.epoch, e.loss, e.valLoss])).toEqual(full.slice(1).map((e) => [e.epoch, e.loss, e.valLoss]));
  });

  it('fails as data, with an end event naming the problem, for a folder that cannot train', async () => {
    const empty = path.join(root, 'empty');
    await fs.mkdir(path.join(empty, 'only'), { recursive: true });
    const events: TrainerEvent[] = [];
    const end = await runTrainingJob(normalizeConfig({ data: empty, arch: 'mlp' }), { runDir: path.join(root, 'runs', 'bad'), onEvent: (e) => events.push(e) });
    expect(end.status).toBe('failed');
    expect(end.error?.message).toContain(empty);
    expect(events.at(-1)).toMatchObject({ type: 'end', status: 'failed' });
  });
});
