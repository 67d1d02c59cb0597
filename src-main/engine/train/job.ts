/**
 * One training job from a config to a finished run directory, as a pipeline of small steps (steps/): config, data,
 * backend, model, optimizer, run dir, cache trimming, feature cache, callbacks, the warm start ("train again"), and the loop (which ends with the
 * final model and the test evaluation, steps/finish.ts).
 * Used in-process by the CLI and inside the training worker.
 */

import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { BackendName, RunTarget, TrainConfig, TrainEnd } from '#contract/engine';
import type { TrainerEvent } from '#contract/worker';
import { toErrorData } from '../../core/errors';
import { cacheDir } from '../../core/paths';
import { buildModel } from '../arch/index';
import type { TrainInput } from './config';
import { TrainController } from './control';
import { loadJobData } from './data';
import { files } from './run-dir';
import { featuresFor, trimCacheInBackground } from './steps/cache';
import { wireCallbacks } from './steps/callbacks';
import { fitEpochs, sessionConfig } from './steps/config';
import { fineTuning } from './steps/fine-tune';
import { trainingLoop } from './steps/loop';
import { chooseBackend, modelSpec, preprocessOf } from './steps/model';
import { openRunDir } from './steps/run-dir';
import { warmStart, warmStartDir } from './steps/warm-start';

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
    for (const note of data.warnings) emit({ type: 'status', state: 'starting', note });
    const fitted = fitEpochs(input, session, data.train.length, (note) => emit({ type: 'status', state: 'starting', note }));
    // Which state of the data the run learned from, and its size: the Runs view compares them across "train again".
    let cfg: TrainConfig = data.datasetHash ? { ...fitted, datasetHash: data.datasetHash, ...(data.images != null ? { datasetImages: data.images } : {}) } : fitted;
    const pre = preprocessOf(cfg, data);
    const spec = modelSpec(cfg, data, pre);
    const report = await chooseBackend(cfg, spec);
    backend = report.active;
    emit({ type: 'status', state: 'running', backend: report });
    const model = await buildModel(spec);
    // The epochs its starting weights already had: the Runs view continues this run's curve from there.
    if (cfg.warmStartFrom && !resuming) cfg = { ...cfg, warmStartEpochs: await warmStart(model, warmStartDir(cfg.warmStartFrom, path.dirname(o.runDir)), cfg, data.labels, pre) };
    const resumed = await openRunDir(o.runDir, { resuming, cfg, data, pre });
    ownsRunDir = true;
    trimCacheInBackground(o.cacheDir);
    const features = await featuresFor(model, cfg, data, { cache: o.cacheFeatures !== false, cacheDir: o.cacheDir ?? cacheDir(), fast: o.backbone !== 'tfjs' });
    const tuning = fineTuning(cfg, features, resumed?.epoch ?? 0, emit);
    const wired = wireCallbacks({ cfg, runDir: o.runDir, model, optimizer: tuning.optimizer, resumed, emit, maxBatchEventsPerSecond: o.maxBatchEventsPerSecond });
    return await trainingLoop({ cfg, data, pre, model, optimizer: tuning.optimizer(), beforeEpoch: tuning.beforeEpoch, features, wired, resumed, control, backend, runDir: o.runDir, cacheDir: o.cacheDir, emit });
  } catch (err) {
    const e = toErrorData(err);
    const end: TrainEnd = { status: 'failed', runDir: o.runDir, epochsDone: 0, backend, valAccuracy: null, testAccuracy: null, imagesPerSecond: 0, error: { code: e.code, message: e.message } };
    emit({ type: 'end', ...end });
    if (ownsRunDir) await appendFile(files(o.runDir).metrics, JSON.stringify({ type: 'end', ...end }) + '\n').catch(() => undefined);
    return end;
  }
}
