/** Job steps 3–4: the model's spec from config and data, the backend that can train it, and the model itself. */

import * as tf from '@tensorflow/tfjs';
import type { BackendReport, RunPreprocess, TrainConfig } from '#contract/engine';
import { buildModel } from '../../arch/index';
import { initBackend } from '../../backend/index';
import type { JobData } from '../data';

export type ModelSpec = Parameters<typeof buildModel>[0];

export function preprocessOf(cfg: TrainConfig, data: JobData): RunPreprocess {
  return { width: cfg.imageWidth, height: cfg.imageHeight, fit: cfg.fit, channels: data.channels, rescale: 1 / 255 };
}

export function modelSpec(cfg: TrainConfig, data: JobData, pre: RunPreprocess): ModelSpec {
  return { arch: cfg.arch, inputShape: [pre.height, pre.width, pre.channels], numClasses: data.labels.length, options: cfg.archOptions, layers: cfg.layers, l2: cfg.l2, seed: cfg.seed };
}

/** The backend ladder, each rung tested by one real training step of this very model. */
export function chooseBackend(cfg: TrainConfig, spec: ModelSpec): Promise<BackendReport> {
  return initBackend({ prefer: cfg.backend ?? 'auto', canTrain: () => probeTraining(spec) });
}

/** The ladder's probe: one training step of the model on a zero batch of two images. */
async function probeTraining(spec: ModelSpec): Promise<void> {
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
