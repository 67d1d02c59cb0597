/** Copies of a model's weights that later training steps cannot touch: early stopping keeps the best epoch's this way. */

import * as tf from '@tensorflow/tfjs';
import type { WeightAccess } from './callbacks/early-stopping';

/**
 * `take` clones every weight (kept outside any tidy scope). A tfjs clone may share its buffer with the variable;
 * that is safe because optimizers replace a variable's buffer (assign) rather than writing into a shared one.
 */
export function modelWeightAccess(model: tf.LayersModel): WeightAccess<tf.Tensor[]> {
  return {
    take: () => model.getWeights().map((w) => tf.keep(w.clone())),
    put: (w) => model.setWeights(w),
    dispose: (w) => tf.dispose(w),
  };
}
