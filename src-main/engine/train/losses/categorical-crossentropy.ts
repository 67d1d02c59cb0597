/** Categorical cross-entropy on softmax outputs, probabilities clipped as Keras clips them. */

import * as tf from '@tensorflow/tfjs';
import { defineLoss } from './descriptor';

/** The clip of probabilities inside the cross-entropy's log (the fused dense step clips the same). */
export const EPS = 1e-7;

export const categoricalCrossentropy = defineLoss({
  id: 'categoricalCrossentropy',
  name: 'Categorical cross-entropy',
  describe: '−Σ target·log(p): the usual classification loss; the default.',
  perSample: (target, probs) => tf.neg(tf.sum(tf.mul(target, tf.log(tf.clipByValue(probs, EPS, 1 - EPS))), -1)) as tf.Tensor1D,
});
