/** Job step 10: batch streams for this run's data, the schedule, and the trainer over them; then the finish step. */

import type * as tf from '@tensorflow/tfjs';
import type { Batch } from '#contract/dataset';
import type { BackendName, RunPreprocess, TrainConfig, TrainEnd } from '#contract/engine';
import type { TrainPosition } from '#contract/train-state';
import type { TrainerEvent } from '#contract/worker';
import { cacheDir as defaultCacheDir } from '../../../core/paths';
import { PixelMemory } from '../../../preprocess/pixel-memory';
import { classWeights } from '../class-weights';
import type { TrainController } from '../control';
import { streams, type JobData } from '../data';
import type { FeatureCache } from '../feature-cache';
import type { CheckpointData } from '../run-dir';
import { learningRateAt } from '../schedule';
import { runTrainer } from '../trainer';
import { backboneNote } from './cache';
import type { Wired } from './callbacks';
import { finishRun } from './finish';

export interface LoopParts {
  cfg: TrainConfig;
  data: JobData;
  pre: RunPreprocess;
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  beforeEpoch?: (epoch: number) => tf.Optimizer | void;
  features: FeatureCache | null;
  wired: Wired;
  resumed: CheckpointData | null;
  control: TrainController;
  backend: BackendName;
  runDir: string;
  cacheDir?: string;
  emit: (ev: TrainerEvent) => void;
}

export async function trainingLoop(p: LoopParts): Promise<TrainEnd> {
  const { cfg, data, features, resumed } = p;
  // With cached features an image's pixels are read once (first epoch), so they are neither kept in RAM nor read again.
  const make = streams({
    root: data.root, numClasses: data.labels.length, preprocess: p.pre, batchSize: cfg.batchSize, seed: cfg.seed, cacheDir: p.cacheDir ?? defaultCacheDir(),
    memory: features?.caching ? undefined : new PixelMemory(), skipPixels: features?.caching ? (path) => features.has(path) : undefined,
  });
  const via = (b: AsyncIterable<Batch>) => (features ? features.wrap(b) : b);
  const batches = Math.ceil(data.train.length / cfg.batchSize);
  const sched = { schedule: cfg.schedule, learningRate: cfg.learningRate, epochs: cfg.epochs, warmupEpochs: cfg.warmupEpochs };
  if (features) p.emit({ type: 'status', state: 'running', backbone: { ...features.extractor.path, cached: features.caching }, note: backboneNote(features) });
  return runTrainer({
    model: features?.head ?? p.model, optimizer: p.optimizer, batchesPerEpoch: batches, epochs: cfg.epochs, start: resumed ? startOf(resumed) : undefined,
    train: (epoch, from) => via(make(data.train, 'train', epoch, cfg.augment, data.root, from)),
    val: data.val.length ? () => via(make(data.val, 'val')) : null,
    learningRate: (epoch, b) => learningRateAt(sched, epoch, b, batches),
    loss: cfg.loss, labelSmoothing: cfg.labelSmoothing, l2: cfg.l2, seed: cfg.seed,
    classWeights: classWeights(cfg.classWeights, data.train.map((e) => e.label), data.labels.length),
    onGradients: p.wired.onGradients, callbacks: p.wired.callbacks, control: p.control, backend: p.backend, runDir: p.runDir, beforeEpoch: p.beforeEpoch,
    history: resumed?.state.history, elapsedSeconds: resumed?.state.elapsedSeconds,
    finish: (end) => finishRun({ runDir: p.runDir, model: p.model, data, stopper: p.wired.stopper, features, test: () => make(data.test.entries, 'test', 0, undefined, data.test.root) }, end),
  });
}

/** The loop's position in a checkpoint; one written before positions were saved is an epoch's end. */
function startOf(c: CheckpointData): TrainPosition {
  return c.state.position ?? { epochsDone: c.epoch, batch: 0, sums: { loss: 0, accuracy: 0, seen: 0 }, random: 0, epochSeconds: 0 };
}
