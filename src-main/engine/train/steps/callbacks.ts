/**
 * Job step 9: the callbacks that subscribe to the trainer, in order. Resume state comes first (it puts the model
 * back before anyone looks); the run log and early stopping see an epoch before the checkpoint that records them.
 */

import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '#contract/engine';
import type { TrainerEvent } from '#contract/worker';
import { checkpoint } from '../callbacks/checkpoint';
import { earlyStopping, type EarlyStopping } from '../callbacks/early-stopping';
import { histograms, type NamedValues } from '../callbacks/histograms';
import { metricsStream } from '../callbacks/metrics-stream';
import { resumeFrom } from '../callbacks/resume';
import { runLog } from '../callbacks/run-log';
import type { Callback } from '../callbacks/types';
import { DEFAULTS } from '../config';
import { decodeOrdered, encodeOptimizer, encodeOrdered, restoreOptimizer } from '../optimizers/state';
import { files, saveCheckpoint, type CheckpointData } from '../run-dir';
import { modelWeightAccess } from '../weight-snapshot';

export interface Wiring {
  cfg: TrainConfig;
  runDir: string;
  model: tf.LayersModel;
  /** The live optimizer: fine-tuning replaces it after the first epoch. */
  optimizer: () => tf.Optimizer;
  resumed: CheckpointData | null;
  emit: (ev: TrainerEvent) => void;
  maxBatchEventsPerSecond?: number;
}

export interface Wired {
  callbacks: Callback[];
  stopper: EarlyStopping | null;
  /** The trainer hands the last batch's kernel gradients here, for the histograms. */
  onGradients: (g: { name: string; values: Float32Array }[]) => void;
}

export function wireCallbacks(w: Wiring): Wired {
  const { cfg, model, optimizer, resumed } = w;
  const stopper = cfg.earlyStoppingPatience > 0 ? earlyStopping({ patience: cfg.earlyStoppingPatience, weights: modelWeightAccess(model) }) : null;
  const carry = stopper ? [stopper] : [];
  let lastGradients: NamedValues[] = [];
  const save = async (s: Parameters<Parameters<typeof checkpoint>[0]>[0]) => saveCheckpoint(w.runDir, {
    epoch: s.position.epochsDone, batch: s.position.batch,
    weights: await encodeOrdered(model.getWeights()), optimizer: await encodeOptimizer(optimizer()),
    state: { callbacks: s.callbacks, elapsedSeconds: s.elapsedSeconds, history: s.history, position: s.position },
  });
  const callbacks: Callback[] = [
    ...(resumed ? [resumeFrom(resumed, {
      weights: (c) => { const t = decodeOrdered(c.weights); model.setWeights(t); tf.dispose(t); },
      optimizer: (c) => restoreOptimizer(optimizer(), c.optimizer),
      carry,
    })] : []),
    metricsStream(w.emit, { maxPerSecond: w.maxBatchEventsPerSecond }),
    runLog(files(w.runDir).metrics),
    ...carry,
    checkpoint(save, {
      everySteps: cfg.checkpointEverySteps ?? DEFAULTS.checkpointEverySteps, everySeconds: cfg.checkpointEverySeconds ?? DEFAULTS.checkpointEverySeconds,
      carry, history: resumed?.state.history, elapsedSeconds: resumed?.state.elapsedSeconds,
    }),
    histograms(() => [...kernelValues(model), ...lastGradients], w.emit),
  ];
  return { callbacks, stopper, onGradients: (g) => { lastGradients = g.map((x) => ({ ...x, kind: 'gradients' })); } };
}

/** Kernel values for the weight histograms. */
function kernelValues(model: tf.LayersModel): NamedValues[] {
  return model.trainableWeights.filter((v) => /kernel/.test(v.name)).map((v) => ({ name: v.name, values: v.read().dataSync() as Float32Array }));
}
