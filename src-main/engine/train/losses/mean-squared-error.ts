/** Mean squared error between the one-hot target and the softmax outputs. */

import * as tf from '@tensorflow/tfjs';
import { defineLoss } from './descriptor';

export const meanSquaredError = defineLoss({
  id: 'meanSquaredError',
  name: 'Mean squared error',
  describe: 'mean((target − p)²) over the classes: gentler gradients than cross-entropy.',
  perSample: (target, probs) => tf.mean(tf.squaredDifference(target, probs), -1) as tf.Tensor1D,
});
