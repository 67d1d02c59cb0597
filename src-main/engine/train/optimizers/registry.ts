/** The optimizers on offer: one file each in this folder, one line in OPTIMIZERS. Configs, the CLI and the Model view list these ids. */

import type * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '#contract/engine';
import { makeRegistry, type Assert, type SameIds } from '../../../core/registry';
import { adam } from './adam';
import { momentum } from './momentum';
import { rmsprop } from './rmsprop';
import { sgd } from './sgd';

export type { OptimizerDescriptor } from './descriptor';

const OPTIMIZERS = [sgd, momentum, adam, rmsprop];

export const optimizers = makeRegistry('optimizer', OPTIMIZERS);
export type _OptimizerIdsMatchContract = Assert<SameIds<(typeof OPTIMIZERS)[number]['id'], OptimizerName>>;

export function optimizerIds(): OptimizerName[] {
  return optimizers.ids();
}

/** INVALID_ARGUMENT naming the allowed ids for an unknown name. */
export function createOptimizer(name: OptimizerName, lr: number): tf.Optimizer {
  return optimizers.require(name).build(lr);
}
