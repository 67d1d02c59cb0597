/** Plain convolutional stacks: the seeds' cnn-small, LeNet-5 and a small VGG; padding and pooling adapt so tiny inputs still build. */

import * as tf from '@tensorflow/tfjs';
import { conv, dense, dropout, outSize, outputDense, padFor, type BuildContext } from './common';

/** Adds conv → (pool) and returns the new spatial size; pooling is skipped once the map is 1 pixel wide. */
function convPool(ctx: BuildContext, model: tf.Sequential, size: number, args: { name: string; filters: number; kernel: number; padding?: 'same' | 'valid'; first?: boolean; pool: 'max' | 'avg' | 'none' }): number {
  const padding = args.padding ?? padFor(size, args.kernel);
  model.add(conv(ctx, { name: args.name, filters: args.filters, kernelSize: args.kernel, padding, activation: 'relu', inputShape: args.first ? ctx.inputShape : undefined }));
  let s = outSize(size, args.kernel, 1, padding);
  if (args.pool !== 'none' && s >= 2) {
    const pool = args.pool === 'max' ? tf.layers.maxPooling2d : tf.layers.averagePooling2d;
    model.add(pool({ name: `${args.name}_pool`, poolSize: 2 }));
    s = Math.floor(s / 2);
  }
  return s;
}

const minSide = (ctx: BuildContext): number => Math.min(ctx.inputShape[0], ctx.inputShape[1]);

/** conv3×3·32 → maxpool → conv3×3·64 → maxpool → dense 128 → dropout 0.5 → softmax (the seeds' Keras model). */
export function buildCnnSmall(ctx: BuildContext): tf.LayersModel {
  const model = tf.sequential({ name: 'cnn_small' });
  let s = convPool(ctx, model, minSide(ctx), { name: 'conv1', filters: 32, kernel: 3, first: true, pool: 'max' });
  s = convPool(ctx, model, s, { name: 'conv2', filters: 64, kernel: 3, pool: 'max' });
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(dense(ctx, { name: 'dense1', units: 128, activation: 'relu' }));
  model.add(dropout(ctx, 'dropout', ctx.options.dropout ?? 0.5));
  model.add(outputDense(ctx));
  return model;
}

/** LeNet-5 with ReLU and max pooling; the first conv pads ('same') inputs under 32 px as LeCun padded MNIST to 32×32. */
export function buildLenet5(ctx: BuildContext): tf.LayersModel {
  const model = tf.sequential({ name: 'lenet5' });
  const side = minSide(ctx);
  let s = convPool(ctx, model, side, { name: 'c1', filters: 6, kernel: 5, padding: side < 32 ? 'same' : 'valid', first: true, pool: 'max' });
  s = convPool(ctx, model, s, { name: 'c3', filters: 16, kernel: 5, pool: 'max' });
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(dense(ctx, { name: 'f5', units: 120, activation: 'relu' }));
  model.add(dense(ctx, { name: 'f6', units: 84, activation: 'relu' }));
  model.add(outputDense(ctx));
  return model;
}

/**
 * Up to three VGG blocks (two conv3×3 'same' + maxpool; 32, 64, 128 filters) while the map is at least 4 px,
 * then flatten when the map is small (≤ 4×4) or global average pooling when it is not, dense 256, dropout 0.5, softmax.
 */
export function buildVggMini(ctx: BuildContext): tf.LayersModel {
  const model = tf.sequential({ name: 'vgg_mini' });
  let [h, w] = ctx.inputShape;
  for (const [i, filters] of [32, 64, 128].entries()) {
    if (i > 0 && Math.min(h, w) < 4) break;
    model.add(conv(ctx, { name: `block${i + 1}_conv1`, filters, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: i === 0 ? ctx.inputShape : undefined }));
    model.add(conv(ctx, { name: `block${i + 1}_conv2`, filters, kernelSize: 3, padding: 'same', activation: 'relu' }));
    if (Math.min(h, w) >= 2) {
      model.add(tf.layers.maxPooling2d({ name: `block${i + 1}_pool`, poolSize: 2 }));
      [h, w] = [Math.floor(h / 2), Math.floor(w / 2)];
    }
  }
  // Flattening a large map would put millions of weights in fc1; averaging keeps the head small at any input size.
  model.add(h * w <= 16 ? tf.layers.flatten({ name: 'flatten' }) : tf.layers.globalAveragePooling2d({ name: 'gap' }));
  model.add(dense(ctx, { name: 'fc1', units: 256, activation: 'relu' }));
  model.add(dropout(ctx, 'dropout', ctx.options.dropout ?? 0.5));
  model.add(outputDense(ctx));
  return model;
}
