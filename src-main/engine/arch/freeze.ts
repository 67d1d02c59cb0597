/** Frozen means frozen: tfjs batch-norm layers still use batch statistics (and move their averages) in training even when not trainable, so pin them to inference mode. */

import type * as tf from '@tensorflow/tfjs';

type CallFn = (inputs: unknown, kwargs: Record<string, unknown>) => unknown;

const PINNED = Symbol('hebb.pinnedInference');

/**
 * Make every non-trainable BatchNormalization layer of `model` run with training=false, as Keras ≥ 2.1.3 does.
 * Call after building, and again after `tf.loadLayersModel` of a checkpoint (the pin is not serialised).
 * @returns how many layers were pinned
 */
export function pinFrozenBatchNorm(model: tf.LayersModel): number {
  return pinBatchNorm(model.layers.filter((l) => !l.trainable));
}

/**
 * Pin these batch-norm layers to inference mode whether trainable or not: fine-tuned backbone blocks keep their
 * moving statistics (a small batch's statistics would wreck the pretrained ones) while γ and β still learn.
 */
export function pinBatchNorm(layers: tf.layers.Layer[]): number {
  let pinned = 0;
  for (const layer of layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const l = layer as unknown as { call: CallFn; [PINNED]?: boolean };
    if (l[PINNED]) continue;
    const original = l.call.bind(layer);
    l.call = (inputs, kwargs) => original(inputs, { ...kwargs, training: false });
    l[PINNED] = true;
    pinned++;
  }
  return pinned;
}

/** Mark every layer of `model` not trainable (and pin its batch norms). */
export function freeze(model: tf.LayersModel): void {
  for (const layer of model.layers) layer.trainable = false;
  pinFrozenBatchNorm(model);
}
