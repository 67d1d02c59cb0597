/** Training losses on softmax outputs: categorical cross-entropy (with label smoothing) or MSE, optionally weighted per class. */

import * as tf from '@tensorflow/tfjs';
import type { LossName } from '../../contract/engine';

export interface LossOptions {
  /** @default 0 */
  labelSmoothing?: number;
  /** Weight per class index (Keras `class_weight`): the loss is mean(w[y_i] · loss_i). @default none */
  classWeights?: number[] | null;
}

/** The clip of probabilities inside the cross-entropy's log. */
export const EPS = 1e-7;

/** One-hot targets [n, k], label-smoothed as Keras does: t·(1 − s) + s/k. */
export function targetsOf(labels: tf.Tensor1D, k: number, labelSmoothing = 0): tf.Tensor2D {
  return tf.tidy(() => {
    const target = tf.oneHot(labels, k).toFloat() as tf.Tensor2D;
    return labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / k) : target;
  });
}

/** Each sample's class weight, or null without class weights. */
export function sampleWeightsOf(labels: tf.Tensor1D, classWeights?: number[] | null): tf.Tensor1D | null {
  return classWeights ? tf.tidy(() => tf.gather(tf.tensor1d(classWeights, 'float32'), labels)) : null;
}

/** `labels` are class indices (int32 [n]); `probs` are softmax outputs [n, k]. Returns a scalar. */
export function computeLoss(kind: LossName, labels: tf.Tensor1D, probs: tf.Tensor2D, opts: LossOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    const target = targetsOf(labels, probs.shape[1], opts.labelSmoothing);
    const perSample = kind === 'meanSquaredError'
      ? tf.mean(tf.squaredDifference(target, probs), -1)
      : tf.neg(tf.sum(tf.mul(target, tf.log(tf.clipByValue(probs, EPS, 1 - EPS))), -1));
    const w = sampleWeightsOf(labels, opts.classWeights);
    return (w ? tf.mean(tf.mul(perSample, w)) : tf.mean(perSample)) as tf.Scalar;
  });
}

/** Share of rows whose arg-max is the label. */
export function accuracyOf(labels: tf.Tensor1D, probs: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.equal(tf.argMax(probs, -1), labels).toFloat()) as tf.Scalar);
}
