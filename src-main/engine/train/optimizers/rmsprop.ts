/** RMSprop with rho 0.9 (Keras's value), one fused kernel per variable update on wasm. */

import { FusedRMSPropOptimizer } from './fused-optimizers';
import { defineOptimizer } from './descriptor';

export const rmsprop = defineOptimizer({
  id: 'rmsprop',
  name: 'RMSprop',
  describe: 'RMSprop (ρ 0.9): steps scaled by a running mean of squared gradients.',
  build: (lr) => new FusedRMSPropOptimizer(lr, 0.9),
});
