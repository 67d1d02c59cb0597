/** transfer-mobilenetv2: a frozen pretrained backbone (shipped MobileNetV2 or the user's tfjs model) + global average pooling + a trainable softmax head. */

import * as tf from '@tensorflow/tfjs';
import { HebbError } from '../../core/errors';
import { BUNDLED_BACKBONE, cutBackbone, readBackboneFolder, readBundledBackbone } from './backbone';
import { dropout, outputDense, type BuildContext } from './common';
import { pinFrozenBatchNorm } from './freeze';

/** Smallest side MobileNetV2 can take: it halves the map five times. */
export const TRANSFER_MIN_SIDE = 32;

/**
 * Any input of at least 32×32 builds: the backbone is convolutional up to out_relu, so its input layer is re-declared
 * at the data's size (no resize layer). 224×224 is what the weights were trained at and is recommended; a 1-channel
 * input folds the first conv's RGB kernel into grey. Options: dropout before the head @default 0.2.
 */
export async function buildTransfer(ctx: BuildContext): Promise<tf.LayersModel> {
  const [h, w] = ctx.inputShape;
  if (Math.min(h, w) < TRANSFER_MIN_SIDE) {
    throw new HebbError('INVALID_ARCHITECTURE', `transfer-mobilenetv2 needs images of at least ${TRANSFER_MIN_SIDE}×${TRANSFER_MIN_SIDE} (224×224 recommended); got ${w}×${h}: use --image-size 224`);
  }
  const source = ctx.options.backbone;
  const art = source && source !== BUNDLED_BACKBONE ? await readBackboneFolder(source) : await readBundledBackbone();
  const base = await cutBackbone(art, { inputShape: ctx.inputShape, layer: ctx.options.backboneLayer });
  for (const layer of base.layers) layer.trainable = false;
  let x = tf.layers.globalAveragePooling2d({ name: 'head_gap' }).apply(base.outputs[0]!) as tf.SymbolicTensor;
  const rate = ctx.options.dropout ?? 0.2;
  if (rate > 0) x = dropout(ctx, 'head_dropout', rate).apply(x) as tf.SymbolicTensor;
  const out = outputDense(ctx).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ name: 'transfer_mobilenetv2', inputs: base.inputs, outputs: out });
  pinFrozenBatchNorm(model);
  return model;
}

/**
 * Split a built transfer model into the frozen feature extractor (image → pooled features) and the trainable head
 * (features → softmax), sharing the same layers and weights. The backbone never changes, so a trainer can run it
 * once per image, cache the features, and train only the head: epochs cost a dense layer instead of a MobileNetV2.
 * Training the head updates the full model's weights too. Returns null for a model without a 'head_gap' layer.
 */
export function transferParts(model: tf.LayersModel): { features: tf.LayersModel; head: tf.LayersModel } | null {
  const gap = model.layers.find((l) => l.name === 'head_gap');
  if (!gap) return null;
  const pooled = gap.output as tf.SymbolicTensor;
  const features = tf.model({ name: 'transfer_features', inputs: model.inputs, outputs: pooled });
  const headInput = tf.input({ shape: pooled.shape.slice(1) as number[], name: 'features' });
  let x: tf.SymbolicTensor = headInput;
  for (const layer of model.layers.slice(model.layers.indexOf(gap) + 1)) x = layer.apply(x) as tf.SymbolicTensor;
  return { features, head: tf.model({ name: 'transfer_head', inputs: headInput, outputs: x }) };
}
