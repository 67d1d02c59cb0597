/** What one optimizer file exports (a registry entry). */

import type * as tf from '@tensorflow/tfjs';
import type { Described } from '../../../core/registry';

export interface OptimizerDescriptor<Id extends string = string> extends Described<Id> {
  /** A fresh optimizer at learning rate `lr` (the schedule changes it later through setLearningRate in state.ts). */
  build(lr: number): tf.Optimizer;
}

/** Keeps the id's literal type, so the registry can be checked against the contract's OptimizerName. */
export function defineOptimizer<const Id extends string>(d: OptimizerDescriptor<Id>): OptimizerDescriptor<Id> {
  return d;
}
