/** What one loss file exports (a registry entry). */

import type * as tf from '@tensorflow/tfjs';
import type { Described } from '../../../core/registry';

export interface LossDescriptor<Id extends string = string> extends Described<Id> {
  /**
   * The loss of each row: `target` is the (smoothed) one-hot [n, k], `probs` the softmax outputs [n, k]; returns
   * [n]. Called inside tf.tidy; class weights and the mean are applied by computeLoss (loss.ts).
   */
  perSample(target: tf.Tensor2D, probs: tf.Tensor2D): tf.Tensor1D;
}

/** Keeps the id's literal type, so the registry can be checked against the contract's LossName. */
export function defineLoss<const Id extends string>(d: LossDescriptor<Id>): LossDescriptor<Id> {
  return d;
}
