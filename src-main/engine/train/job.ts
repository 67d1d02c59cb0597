/**
 * One training job from a config to a finished run directory, as a pipeline of small steps (steps/): config, data,
 * backend, model, optimizer, run dir, cache trimming, feature cache, callbacks, the loop, and the test evaluation.
 * Used in-process by the CLI and inside the training worker.
 */

import { appendFile } from 'node:fs/promises';
import type { Batch } from '#contract/dataset';
import type { BackendName, RunTarget, TrainEnd } from '#contract/engine';
import type { TrainerEvent } from '#contract/worker';
import { toErrorData } from '../../core/errors';
import { cacheDir as defaultCacheDir } from '../../core/paths';
import { PixelMemory } from '../../preprocess/pixel-memory';
import { buildModel } from '../arch/index';
import { classWeights } from './class-weights';
import type { TrainInput } from './config';
import { TrainController } from './control';
import { loadJobData, streams } from './data';
import { createOptimizer } from './optimizers';
import { files } from './run-dir';
import { learningRateAt } from './schedule';
import { featuresFor, trimCacheInBackground } from './steps/cache';
import { wireCallbacks } from './steps/callbacks';
import { fitEpochs, sessionConfig } from './steps/config';
import { finishRun } from './steps/finish';
import { chooseBackend, modelSpec, preprocessOf } from './steps/model';
import { openRunDir } from './steps/run-dir';
import { runTrainer } from './trainer';

export interface JobOptions extends RunTarget {
  runDir: string;
  onEvent?: (ev: TrainerEvent) => void;
  control?: TrainController;
  /** Preprocessing cache. @default cacheDir() */
  cacheDir?: string;
  /** Batch events per second on onEvent. @default 20 */
  maxBatchEventsPerSecond?: number;
  /** Transfer models without augmentation: compute the frozen backbone's features once per image. @default true */
  cacheFeatures?: boolean;
}

export async function runTrainingJob(input: TrainInput, o: JobOptions): Promise<TrainEnd> {
  const emit = o.onEvent ?? (() => {});
  const control = o.control ?? new TrainController();
  control.onChange = (state) => emit({ type: 'status', state });
  let backend: BackendName = 'cpu';
  let ownsRunDir = false; // a refused command writes nothing, not even a failure record into someone's run
  try {
    emit({ type: 'status', state: 'starting' });
    const session = await sessionConfig(input, o);
    const { resuming } = session;
    const data = await loadJobData(session.cfg, session.labels);
    const cfg = fitEpochs(input, session, data.train.length, (note) => emit({ type: 'status', state: 'starting', note }));
    const pre = preprocessOf(cfg, data);
    const spec = modelSpec(cfg, data, pre);
    const report = await chooseBackend(cfg, spec);
    backend = report.active;
    emit({ type: 'status', state: 'running', backend: report });
    const model = await buildModel(spec);
    const optimizer = createOptimizer(cfg.optimizer, cfg.learningRate);
    const resumed = await openRunDir(o.runDir, { resuming, cfg, data, pre });
    ownsRunDir = true;
    trimCacheInBackground(o.cacheDir);
    const features = featuresFor(model, cfg, data, o.cacheFeatures !== false);
    const { callbacks, stopper, onGradients } = wireCallbacks({ cfg, runDir: o.runDir, model, optimizer, resumed, emit, maxBatchEventsPerSecond: o.maxBatchEventsPerSecond });

    // With cached features an image's pixels are read once (first epoch), so they are neither kept in RAM nor read again.
    const make = streams({
      root: cfg.data, numClasses: data.labels.length, preprocess: pre, batchSize: cfg.batchSize, seed: cfg.seed, cacheDir: o.cacheDir ?? defaultCacheDir(),
      memory: features ? undefined : new PixelMemory(), skipPixels: features ? (p) => features.has(p) : undefined,
    });
    const via = (b: AsyncIterable<Batch>) => (features ? features.wrap(b) : b);
    const batches = Math.ceil(data.train.length / cfg.batchSize);
    const sched = { schedule: cfg.schedule, learningRate: cfg.learningRate, epochs: cfg.epochs, warmupEpochs: cfg.warmupEpochs };
    if (features) emit({ type: 'status', state: 'running', note: `The frozen backbone runs once per image (first epoch); later epochs train only the head on its ${features.dim} cached features.` });
    return await runTrainer({
      model: features?.head ?? model, optimizer, batchesPerEpoch: batches, epochs: cfg.epochs, start: resumed ? startOf(resumed) : undefined,
      train: (epoch, from) => via(make(data.train, 'train', epoch, cfg.augment, cfg.data, from)),
      val: data.val.length ? () => via(make(data.val, 'val')) : null,
      learningRate: (epoch, b) => learningRateAt(sched, epoch, b, batches),
      loss: cfg.loss, labelSmoothing: cfg.labelSmoothing, l2: cfg.l2, seed: cfg.seed,
      classWeights: classWeights(cfg.classWeights, data.train.map((e) => e.label), data.labels.length),
      onGradients, callbacks, control, backend, runDir: o.runDir, history: resumed?.state.history, elapsedSeconds: resumed?.state.elapsedSeconds,
      finish: (end) => finishRun({ runDir: o.runDir, model, data, stopper, features, test: () => make(data.test.entries, 'test', 0, undefined, data.test.root) }, end),
    });
  } catch (err) {
    const e = toErrorData(err);
    const end: TrainEnd = { status: 'failed', runDir: o.runDir, epochsDone: 0, backend, valAccuracy: null, testAccuracy: null, imagesPerSecond: 0, error: { code: e.code, message: e.message } };
    emit({ type: 'end', ...end });
    if (ownsRunDir) await appendFile(files(o.runDir).metrics, JSON.stringify({ type: 'end', ...end }) + '\n').catch(() => undefined);
    return end;
  }
}

/** The loop's position in a checkpoint; one written before positions were saved is an epoch's end. */
function startOf(c: NonNullable<Awaited<ReturnType<typeof openRunDir>>>) {
  return c.state.position ?? { epochsDone: c.epoch, batch: 0, sums: { loss: 0, accuracy: 0, seen: 0 }, random: 0, epochSeconds: 0 };
}
