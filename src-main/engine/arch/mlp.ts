/** The seeds' dense network: flatten the image, hidden layers of a chosen activation, softmax out. */

import * as tf from '@tensorflow/tfjs';
import { HebbError } from '../../core/errors';
import { dense, dropout, outputDense, type BuildContext } from './common';

/** @default hidden [128, 64], activation 'relu', dropout 0 */
export function buildMlp(ctx: BuildContext): tf.LayersModel {
  const hidden = ctx.options.hidden ?? [128, 64];
  const activation = ctx.options.activation ?? 'relu';
  if (!['relu', 'sigmoid', 'tanh', 'elu', 'selu'].includes(activation)) {
    throw new HebbError('INVALID_ARCHITECTURE', `mlp: activation '${activation}' is not one of relu, sigmoid, tanh, elu, selu`);
  }
  hidden.forEach((units, i) => {
    if (!Number.isInteger(units) || units < 1) throw new HebbError('INVALID_ARCHITECTURE', `mlp: hidden layer ${i + 1} needs a whole number of units ≥ 1 (got ${units})`);
  });
  const model = tf.sequential({ name: 'mlp' });
  model.add(tf.layers.flatten({ name: 'flatten', inputShape: ctx.inputShape }));
  hidden.forEach((units, i) => {
    model.add(dense(ctx, { name: `dense${i + 1}`, units, activation }));
    if (ctx.options.dropout) model.add(dropout(ctx, `dropout${i + 1}`, ctx.options.dropout));
  });
  model.add(outputDense(ctx));
  return model;
}
