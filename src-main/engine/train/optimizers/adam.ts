/** Adam with the Keras defaults (β₁ 0.9, β₂ 0.999), one fused kernel per variable update (fused-adam.ts). */

import { FusedAdamOptimizer } from './fused-adam';
import { defineOptimizer } from './descriptor';

export const adam = defineOptimizer({
  id: 'adam',
  name: 'Adam',
  describe: 'Adam (β₁ 0.9, β₂ 0.999): per-weight step sizes from running moments; the default.',
  build: (lr) => new FusedAdamOptimizer(lr),
});
