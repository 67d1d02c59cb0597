/** SGD with momentum 0.9 (Keras's usual value), one fused kernel per variable update on wasm. */

import { FusedMomentumOptimizer } from './fused-optimizers';
import { defineOptimizer } from './descriptor';

export const momentum = defineOptimizer({
  id: 'momentum',
  name: 'SGD with momentum',
  describe: 'SGD with momentum 0.9: a running sum of gradients smooths the steps.',
  build: (lr) => new FusedMomentumOptimizer(lr, 0.9),
});
