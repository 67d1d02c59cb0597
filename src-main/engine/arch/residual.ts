/** Functional-API networks with batch norm: a small ResNet (basic residual blocks) and a small MobileNet (depthwise-separable blocks). */

import * as tf from '@tensorflow/tfjs';
import { batchNorm, conv, dropout, outputDense, type BuildContext } from './common';

type Sym = tf.SymbolicTensor;

const bn = batchNorm;
const relu = (name: string): tf.layers.Layer => tf.layers.activation({ name, activation: 'relu' });
const apply = (layer: tf.layers.Layer, x: Sym | Sym[]): Sym => layer.apply(x) as Sym;

/** conv-BN-ReLU-conv-BN plus a shortcut (1×1 conv + BN when the shape changes), added, then ReLU. */
function basicBlock(ctx: BuildContext, x: Sym, name: string, filters: number, stride: number): Sym {
  let y = apply(conv(ctx, { name: `${name}_conv1`, filters, kernelSize: 3, strides: stride, padding: 'same', useBias: false }), x);
  y = apply(relu(`${name}_relu1`), apply(bn(`${name}_bn1`), y));
  y = apply(conv(ctx, { name: `${name}_conv2`, filters, kernelSize: 3, padding: 'same', useBias: false }), y);
  y = apply(bn(`${name}_bn2`), y);
  let shortcut = x;
  const inFilters = x.shape[3];
  if (stride !== 1 || inFilters !== filters) {
    shortcut = apply(conv(ctx, { name: `${name}_proj`, filters, kernelSize: 1, strides: stride, padding: 'same', useBias: false }), x);
    shortcut = apply(bn(`${name}_proj_bn`), shortcut);
  }
  return apply(relu(`${name}_out`), apply(tf.layers.add({ name: `${name}_add` }), [y, shortcut]));
}

/** Stem conv3×3·16 + BN + ReLU, three stages of one basic block (16, 32, 64 filters; stride 2 from stage 2), GAP, softmax. */
export function buildResnetMini(ctx: BuildContext): tf.LayersModel {
  const input = tf.input({ shape: ctx.inputShape, name: 'input' });
  let x = apply(conv(ctx, { name: 'stem_conv', filters: 16, kernelSize: 3, padding: 'same', useBias: false }), input);
  x = apply(relu('stem_relu'), apply(bn('stem_bn'), x));
  x = basicBlock(ctx, x, 'stage1', 16, 1);
  x = basicBlock(ctx, x, 'stage2', 32, 2);
  x = basicBlock(ctx, x, 'stage3', 64, 2);
  x = apply(tf.layers.globalAveragePooling2d({ name: 'gap' }), x);
  if (ctx.options.dropout) x = apply(dropout(ctx, 'dropout', ctx.options.dropout), x);
  return tf.model({ name: 'resnet_mini', inputs: input, outputs: apply(outputDense(ctx), x) });
}

/** Depthwise 3×3 (stride s) + BN + ReLU, then pointwise 1×1 + BN + ReLU. */
function separable(ctx: BuildContext, x: Sym, name: string, filters: number, stride: number): Sym {
  const dw = tf.layers.depthwiseConv2d({
    name: `${name}_dw`,
    kernelSize: 3,
    strides: stride,
    padding: 'same',
    useBias: false,
    depthwiseInitializer: ctx.kernelInit('relu'),
    depthwiseRegularizer: ctx.regularizer(),
  });
  let y = apply(relu(`${name}_dw_relu`), apply(bn(`${name}_dw_bn`), apply(dw, x)));
  y = apply(conv(ctx, { name: `${name}_pw`, filters, kernelSize: 1, padding: 'same', useBias: false }), y);
  return apply(relu(`${name}_pw_relu`), apply(bn(`${name}_pw_bn`), y));
}

/**
 * Stem conv3×3·16 (stride 2 for inputs of 32 px or more, else 1) + BN + ReLU, four depthwise-separable blocks
 * (32/1, 64/2, 128/2, 128/1 filters/stride), GAP, dropout (default 0.2), softmax.
 */
export function buildMobilenetMini(ctx: BuildContext): tf.LayersModel {
  const input = tf.input({ shape: ctx.inputShape, name: 'input' });
  const stemStride = Math.min(ctx.inputShape[0], ctx.inputShape[1]) >= 32 ? 2 : 1;
  let x = apply(conv(ctx, { name: 'stem_conv', filters: 16, kernelSize: 3, strides: stemStride, padding: 'same', useBias: false }), input);
  x = apply(relu('stem_relu'), apply(bn('stem_bn'), x));
  for (const [i, [filters, stride]] of ([[32, 1], [64, 2], [128, 2], [128, 1]] as const).entries()) {
    x = separable(ctx, x, `block${i + 1}`, filters, stride);
  }
  x = apply(tf.layers.globalAveragePooling2d({ name: 'gap' }), x);
  x = apply(dropout(ctx, 'dropout', ctx.options.dropout ?? 0.2), x);
  return tf.model({ name: 'mobilenet_mini', inputs: input, outputs: apply(outputDense(ctx), x) });
}
