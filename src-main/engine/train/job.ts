/**
 * One training job from a config to a finished run directory: data, backend, model, run dir (new or resumed),
 * callbacks wired to the trainer, and at the end the final model and test accuracy. Used in-process by the CLI
 * and inside the training worker.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Batch } from '#contract/dataset';
import type { BackendName, RunPreprocess, RunTarget, TrainConfig, TrainEnd } from '#contract/engine';
import type { TrainerEvent } from '#contract/worker';
import { HebbError, toErrorData } from '../../core/errors';
import { cacheDir as defaultCacheDir } from '../../core/paths';
import { isAugmentActive } from '../../preprocess/augment';
import { cacheBudget, trimPreprocessCache } from '../../preprocess/cache-admin';
import { PixelMemory } from '../../preprocess/pixel-memory';
import { buildModel } from '../arch/index';
import { pinBatchNorm } from '../arch/freeze';
import { initBackend } from '../backend/index';
import { checkpoint } from './callbacks/checkpoint';
import { earlyStopping } from './callbacks/early-stopping';
import { histograms } from './callbacks/histograms';
import { metricsStream } from './callbacks/metrics-stream';
import { runLog, truncateRunLog } from './callbacks/run-log';
import type { Callback } from './callbacks/types';
import { classWeights } from './class-weights';
import { normalizeConfig } from './config';
import { TrainController } from './control';
import { loadJobData, streams } from './data';
import { saveModelDir } from './model-io';
import { createOptimizer, decodeOrdered, encodeOptimizer, encodeOrdered, restoreOptimizer } from './optimizers';
import { cleanTemporary, completeCheckpoints, createRunDir, files, loadCheckpoint, readJson, saveCheckpoint, writeSummary, type CheckpointData, type RunConfigFile } from './run-dir';
import { learningRateAt } from './schedule';
import { featureExtractor } from '../ort/features';
import { featureCache, type FeatureCache } from './feature-cache';
import { evaluateLoss, runTrainer } from './trainer';
import { modelWeightAccess } from './weight-snapshot';

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
  /** Transfer models: the frozen backbone as one onnxruntime graph ('auto', tfjs where that cannot load) or on tfjs. @default 'auto' */
  backbone?: 'auto' | 'tfjs';
}

export async function runTrainingJob(input: TrainConfig, o: JobOptions): Promise<TrainEnd> {
  const emit = o.onEvent ?? (() => {});
  const control = o.control ?? new TrainController();
  control.onChange = (state) => emit({ type: 'status', state });
  let backend: BackendName = 'cpu';
  try {
    emit({ type: 'status', state: 'starting' });
    const saved = o.resume ? await readJson<RunConfigFile>(files(o.runDir).config).catch(() => {
      throw new HebbError('NOT_FOUND', `${o.runDir} is not a run directory that can be resumed (no readable config.json)`, o.runDir);
    }) : null;
    const cfg = saved ? { ...saved.config, backend: input.backend ?? saved.config.backend } : normalizeConfig(input);
    const labelsBefore = saved ? await readJson<string[]>(files(o.runDir).labels) : undefined;
    const data = await loadJobData(cfg, labelsBefore);
    const pre: RunPreprocess = { width: cfg.imageWidth, height: cfg.imageHeight, fit: cfg.fit, channels: data.channels, rescale: 1 / 255 };
    const spec = { arch: cfg.arch, inputShape: [pre.height, pre.width, pre.channels] as [number, number, number], numClasses: data.labels.length, options: cfg.archOptions, layers: cfg.layers, l2: cfg.l2, seed: cfg.seed };
    const report = await initBackend({ prefer: cfg.backend ?? 'auto', canTrain: () => probeTraining(spec) });
    backend = report.active;
    emit({ type: 'status', state: 'running', backend: report });
    const model = await buildModel(spec);
    freeDropoutSeeds(model);
    let optimizer = createOptimizer(cfg.optimizer, cfg.learningRate);

    let resumeFrom: CheckpointData | null = null;
    if (saved) {
      await cleanTemporary(o.runDir);
      await fs.rm(files(o.runDir).summary, { force: true }); // running again until this session ends
      const done = await completeCheckpoints(o.runDir);
      if (done.length) resumeFrom = await loadCheckpoint(o.runDir, done[done.length - 1]!);
      await truncateRunLog(files(o.runDir).metrics, resumeFrom?.epoch ?? 0);
    } else {
      const runId = path.basename(o.runDir);
      await createRunDir(o.runDir, { runId, createdAt: new Date().toISOString(), config: { ...cfg, channels: cfg.channels } }, data.labels, pre);
    }

    // Keep the cache within its budget; concurrent with training: entries this run writes are the newest, so the last to go.
    void Promise.resolve().then(() => trimPreprocessCache(cacheBudget(), o.cacheDir)).catch(() => undefined);
    const cacheRoot = o.cacheDir ?? defaultCacheDir();
    // A frozen backbone never needs gradients: its features come from one onnxruntime graph (or tfjs) and only the head trains.
    const features = await featureCache(model, {
      images: data.train.length + data.val.length, cache: o.cacheFeatures !== false && !isAugmentActive(cfg.augment), unfreeze: cfg.archOptions?.unfreeze,
      extractor: (f) => featureExtractor(f, { cacheDir: cacheRoot, fast: o.backbone !== 'tfjs' }),
    });
    // With cached features an image's pixels are read once (first epoch), so they are neither kept in RAM nor read again.
    const make = streams({
      root: cfg.data, numClasses: data.labels.length, preprocess: pre, batchSize: cfg.batchSize, seed: cfg.seed, cacheDir: cacheRoot,
      memory: features?.caching ? undefined : new PixelMemory(), skipPixels: features?.caching ? (p) => features.has(p) : undefined,
    });
    const batches = Math.ceil(data.train.length / cfg.batchSize);
    let lastGradients: { name: string; values: Float32Array; kind: 'gradients' }[] = [];
    const stopper = cfg.earlyStoppingPatience > 0 ? earlyStopping({ patience: cfg.earlyStoppingPatience, weights: modelWeightAccess(model) }) : null;
    const history = resumeFrom?.state.history ?? [];
    const epochLog = [...history];
    let elapsed = resumeFrom?.state.elapsedSeconds ?? 0;
    const save = async (epoch: number) => saveCheckpoint(o.runDir, {
      epoch,
      weights: await encodeOrdered(model.getWeights()),
      optimizer: await encodeOptimizer(optimizer),
      state: { callbacks: stopper ? { earlyStopping: stopper.state!() } : {}, elapsedSeconds: elapsed, history: [...epochLog] },
    });
    // Order matters: the run log and early stopping see an epoch before the checkpoint that records them.
    const callbacks: Callback[] = [
      { onEpochEnd: (m) => { epochLog.push(m); elapsed += m.seconds; } },
      metricsStream(emit, { maxPerSecond: o.maxBatchEventsPerSecond }),
      runLog(files(o.runDir).metrics),
      ...(stopper ? [stopper] : []),
      checkpoint(save),
      histograms(() => [...kernelValues(model), ...lastGradients], emit),
    ];
    // Fine-tuning (archOptions.unfreeze) starts with epoch 2, after the head alone has had the first: the blocks become
    // trainable and get a fresh optimizer, as Keras's fine-tuning recipe recompiles. A checkpoint from after that
    // point holds the fine-tuning optimizer's state, so a resume there unfreezes before restoring it.
    let unfrozen = false;
    const unfreeze = () => { for (const l of features?.unfrozen ?? []) l.trainable = true; pinBatchNorm(features?.unfrozen ?? []); unfrozen = true; };
    if (features?.unfrozen.length && (resumeFrom?.epoch ?? 0) > 1) unfreeze();
    const beforeEpoch = (epoch: number): tf.Optimizer | void => {
      if (unfrozen || !features?.unfrozen.length || epoch < 1) return;
      unfreeze();
      optimizer.dispose();
      optimizer = createOptimizer(cfg.optimizer, cfg.learningRate);
      emit({ type: 'status', state: 'running', note: `Fine-tuning from epoch ${epoch + 1}: the backbone's last ${cfg.archOptions?.unfreeze} block(s) train too (batch norms in inference mode).` });
      return optimizer;
    };
    if (resumeFrom) {
      const w = decodeOrdered(resumeFrom.weights);
      model.setWeights(w);
      tf.dispose(w);
      await restoreOptimizer(optimizer, resumeFrom.optimizer);
      if (stopper && resumeFrom.state.callbacks.earlyStopping) stopper.restore!(resumeFrom.state.callbacks.earlyStopping);
    }

    const sched = { schedule: cfg.schedule, learningRate: cfg.learningRate, epochs: cfg.epochs, warmupEpochs: cfg.warmupEpochs };
    const via = (b: AsyncIterable<Batch>) => (features ? features.wrap(b) : b);
    if (features) emit({ type: 'status', state: 'running', backbone: { ...features.extractor.path, cached: features.caching }, note: backboneNote(features) });
    return await runTrainer({
      model: features?.head ?? model, optimizer, batchesPerEpoch: batches, epochs: cfg.epochs, startEpoch: resumeFrom?.epoch ?? 0,
      train: (epoch) => via(make(data.train, 'train', epoch, cfg.augment)),
      val: data.val.length ? () => via(make(data.val, 'val')) : null,
      learningRate: (epoch, b) => learningRateAt(sched, epoch, b, batches),
      loss: cfg.loss, labelSmoothing: cfg.labelSmoothing, l2: cfg.l2, seed: cfg.seed,
      classWeights: classWeights(cfg.classWeights, data.train.map((e) => e.label), data.labels.length),
      onGradients: (g) => { lastGradients = g.map((x) => ({ ...x, kind: 'gradients' as const })); },
      callbacks, control, backend, runDir: o.runDir, history, beforeEpoch, elapsedSeconds: resumeFrom?.state.elapsedSeconds ?? 0,
      finish: async (end) => {
        features?.clear();
        await saveModelDir(model, files(o.runDir).model);
        let testAccuracy: number | null = null;
        const test = () => make(data.test.entries, 'test', 0, undefined, data.test.root);
        if (data.test.entries.length) testAccuracy = (await evaluateLoss({ model: features?.head ?? model }, features ? features.wrap(test(), false) : test())).accuracy;
        await features?.extractor.dispose();
        // After an early stop the model holds the best epoch's weights: report that epoch's validation accuracy.
        const valAccuracy = stopper?.restored ? stopper.restored.valAccuracy : end.valAccuracy;
        const result = { ...end, valAccuracy, testAccuracy };
        await writeSummary(o.runDir, { status: result.status, end: result, final: epochLog[epochLog.length - 1] ?? null });
        return { valAccuracy, testAccuracy };
      },
    });
  } catch (err) {
    const e = toErrorData(err);
    const end: TrainEnd = { status: 'failed', runDir: o.runDir, epochsDone: 0, backend, valAccuracy: null, testAccuracy: null, imagesPerSecond: 0, error: { code: e.code, message: e.message } };
    emit({ type: 'end', ...end });
    await fs.appendFile(files(o.runDir).metrics, JSON.stringify({ type: 'end', ...end }) + '\n').catch(() => undefined);
    return end;
  }
}

/** What the Train view says about the backbone: where it runs, and whether its features are computed once. */
function backboneNote(f: FeatureCache): string {
  const p = f.extractor.path;
  const where = p.runtime === 'onnxruntime' ? `on onnxruntime as one graph (${p.threads} thread${p.threads === 1 ? '' : 's'})` : `on tfjs (${p.reason ?? 'fallback'})`;
  return f.caching
    ? `The frozen backbone runs ${where}, once per image (first epoch); later epochs train only the head on its ${f.dim} cached features.`
    : `The frozen backbone runs ${where} on every batch (augmented images are new each epoch); only the head trains.`;
}

/** Kernel values for the weight histograms. */
function kernelValues(model: tf.LayersModel): { name: string; values: Float32Array }[] {
  return model.trainableWeights.filter((w) => /kernel/.test(w.name)).map((w) => ({ name: w.name, values: w.read().dataSync() as Float32Array }));
}

/**
 * The architecture builder gives each dropout layer a fixed seed, but tfjs re-creates its generator from that seed on
 * every call, so the mask would be the same at every step. Unseeded, dropout draws from Math.random, which the
 * trainer re-seeds per epoch: reproducible and a fresh mask each step.
 */
function freeDropoutSeeds(model: tf.LayersModel): void {
  for (const layer of model.layers) if (layer.getClassName() === 'Dropout') (layer as unknown as { seed?: number }).seed = undefined;
}

/** The ladder's probe: one training step of this very model on a zero batch of two images. */
async function probeTraining(spec: Parameters<typeof buildModel>[0]): Promise<void> {
  const model = await buildModel(spec);
  const opt = tf.train.sgd(0.01);
  try {
    tf.tidy(() => {
      const [h, w, c] = spec.inputShape;
      const x = tf.zeros([2, h, w, c]);
      const y = tf.oneHot(tf.tensor1d([0, 1], 'int32'), spec.numClasses);
      opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, false, model.trainableWeights.map((v) => v.read() as tf.Variable));
    });
  } finally {
    opt.dispose();
    model.dispose();
  }
}
