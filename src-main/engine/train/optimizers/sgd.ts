/** Plain stochastic gradient descent: tfjs's own. */

import * as tf from '@tensorflow/tfjs';
import { defineOptimizer } from './descriptor';

export const sgd = defineOptimizer({
  id: 'sgd',
  name: 'SGD',
  describe: 'Plain stochastic gradient descent: w ← w − lr·g.',
  build: (lr) => tf.train.sgd(lr),
});
