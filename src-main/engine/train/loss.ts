/** Training losses on softmax outputs (losses/), with label smoothing and optional weights per class. */

import * as tf from '@tensorflow/tfjs';
import type { LossName } from '#contract/engine';
import { losses } from './losses/registry';

export { EPS } from './losses/categorical-crossentropy';

export interface LossOptions {
  /** @default 0 */
  labelSmoothing?: number;
  /** Weight per class index (Keras `class_weight`): the loss is mean(w[y_i] · loss_i). @default none */
  classWeights?: number[] | null;
}

/** `labels` are class indices (int32 [n]); `probs` are softmax outputs [n, k]. Returns a scalar. */
export function computeLoss(kind: LossName, labels: tf.Tensor1D, probs: tf.Tensor2D, opts: LossOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    const k = probs.shape[1];
    let target = tf.oneHot(labels, k).toFloat();
    const s = opts.labelSmoothing ?? 0;
    if (s > 0) target = target.mul(1 - s).add(s / k);
    const perSample = losses.require(kind, 'loss').perSample(target as tf.Tensor2D, probs);
    if (!opts.classWeights) return tf.mean(perSample) as tf.Scalar;
    const w = tf.gather(tf.tensor1d(opts.classWeights, 'float32'), labels);
    return tf.mean(tf.mul(perSample, w)) as tf.Scalar;
  });
}

/** Share of rows whose arg-max is the label. */
export function accuracyOf(labels: tf.Tensor1D, probs: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.equal(tf.argMax(probs, -1), labels).toFloat()) as tf.Scalar);
}
