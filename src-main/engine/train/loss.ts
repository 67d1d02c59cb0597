/** Training losses on softmax outputs: categorical cross-entropy (with label smoothing) or MSE, optionally weighted per class. */

import * as tf from '@tensorflow/tfjs';
import type { LossName } from '#contract/engine';

export interface LossOptions {
  /** @default 0 */
  labelSmoothing?: number;
  /** Weight per class index (Keras `class_weight`): the loss is mean(w[y_i] · loss_i). @default none */
  classWeights?: number[] | null;
}

/** The clip of probabilities inside the cross-entropy's log (the fused dense step clips the same). */
export const EPS = 1e-7;

/** `labels` are class indices (int32 [n]); `probs` are softmax outputs [n, k]. Returns a scalar. */
export function computeLoss(kind: LossName, labels: tf.Tensor1D, probs: tf.Tensor2D, opts: LossOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    const k = probs.shape[1];
    let target = tf.oneHot(labels, k).toFloat();
    const s = opts.labelSmoothing ?? 0;
    if (s > 0) target = target.mul(1 - s).add(s / k);
    const perSample = kind === 'meanSquaredError'
      ? tf.mean(tf.squaredDifference(target, probs), -1)
      : tf.neg(tf.sum(tf.mul(target, tf.log(tf.clipByValue(probs, EPS, 1 - EPS))), -1));
    if (!opts.classWeights) return tf.mean(perSample) as tf.Scalar;
    const w = tf.gather(tf.tensor1d(opts.classWeights, 'float32'), labels);
    return tf.mean(tf.mul(perSample, w)) as tf.Scalar;
  });
}

/** Share of rows whose arg-max is the label. */
export function accuracyOf(labels: tf.Tensor1D, probs: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.equal(tf.argMax(probs, -1), labels).toFloat()) as tf.Scalar);
}
