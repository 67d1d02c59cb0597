/** Layer-coverage models built directly with tf.layers: every layer type an export must handle, with seeded random weights. */

import * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '#contract/engine';

/** Every LayerSpec type the layer editor offers: the `custom` architecture's layers in every export test. */
export const CUSTOM_LAYERS: LayerSpec[] = [
  { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
  { type: 'batchNormalization' },
  { type: 'depthwiseConv2d', kernelSize: 3, strides: 2, padding: 'same', activation: 'elu' },
  { type: 'averagePooling2d', poolSize: 2 },
  { type: 'conv2d', filters: 6, kernelSize: 1, activation: 'selu' },
  { type: 'maxPooling2d', poolSize: 2 },
  { type: 'activation', activation: 'tanh' },
  { type: 'dropout', rate: 0.3 },
  { type: 'flatten' },
  { type: 'dense', units: 8, activation: 'sigmoid' },
];

/**
 * Models with one layer an export format may not express, each named: the export must refuse it by that name.
 * `why` matches the TFLite refusal's reason.
 */
export const UNEXPRESSIBLE: { what: string; layer: string; why: RegExp; build: () => tf.Sequential }[] = [
  {
    what: 'ReLU capped at 3', layer: 'relu3', why: /capped at 3/,
    build: () => tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), tf.layers.dense({ units: 3 }), tf.layers.reLU({ maxValue: 3, name: 'relu3' }), tf.layers.softmax()] }),
  },
  {
    what: 'Dense on a 4-D tensor', layer: 'dense_4d', why: /rank > 2/,
    build: () => tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 4 }), tf.layers.dense({ units: 3, name: 'dense_4d' }), tf.layers.flatten(), tf.layers.softmax()] }),
  },
  {
    what: 'batch norm over the rows', layer: 'bn_rows', why: /axis 1/,
    build: () => tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3 }), tf.layers.batchNormalization({ axis: 1, name: 'bn_rows' }), tf.layers.flatten(), tf.layers.dense({ units: 3 }), tf.layers.softmax()] }),
  },
];

const init = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.3, seed });

/** Sequential CNN: conv (same/valid, strided), depthwise, separable, pooling, BN, dropout, flatten, dense, many activations. */
export function sequentialZoo(h = 16, w = 16, c = 3, classes = 4): tf.Sequential {
  let s = 1;
  const k = () => ({ kernelInitializer: init(s++), biasInitializer: init(s++) });
  return tf.sequential({
    name: 'zoo_seq',
    layers: [
      tf.layers.rescaling({ inputShape: [h, w, c], scale: 2, offset: -1 }),
      tf.layers.zeroPadding2d({ padding: [[1, 0], [0, 1]] }),
      tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', ...k() }),
      tf.layers.batchNormalization({ betaInitializer: init(s++), gammaInitializer: init(s++), movingMeanInitializer: init(s++), movingVarianceInitializer: 'ones' }),
      tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same', activation: 'relu6', depthwiseInitializer: init(s++), biasInitializer: init(s++), useBias: true }),
      tf.layers.separableConv2d({ filters: 5, kernelSize: 3, padding: 'valid', activation: 'elu', depthwiseInitializer: init(s++), pointwiseInitializer: init(s++), biasInitializer: init(s++) }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: 'same' }),
      tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
      tf.layers.activation({ activation: 'selu' }),
      tf.layers.reLU({ maxValue: 6 }),
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 7, activation: 'tanh', ...k() }),
      tf.layers.batchNormalization({ betaInitializer: init(s++), gammaInitializer: init(s++), movingMeanInitializer: init(s++), movingVarianceInitializer: 'ones' }),
      tf.layers.dense({ units: 5, activation: 'sigmoid', ...k() }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.dense({ units: classes, activation: 'softmax', ...k() }),
    ],
  });
}

/** Functional model: residual Add, Concatenate, a nested Sequential block, global pooling, greyscale input. */
export function functionalZoo(h = 12, w = 12, c = 1, classes = 3): tf.LayersModel {
  let s = 100;
  const k = () => ({ kernelInitializer: init(s++), biasInitializer: init(s++) });
  const input = tf.input({ shape: [h, w, c], name: 'pixels' });
  const a = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', ...k() }).apply(input) as tf.SymbolicTensor;
  const bn = tf.layers.batchNormalization({ center: false, gammaInitializer: init(s++), movingMeanInitializer: init(s++) }).apply(a) as tf.SymbolicTensor;
  const b = tf.layers.conv2d({ filters: 4, kernelSize: 1, activation: 'linear', ...k() }).apply(bn) as tf.SymbolicTensor;
  const sum = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
  const block = tf.sequential({
    name: 'inner_block',
    layers: [
      tf.layers.conv2d({ inputShape: [h, w, 4], filters: 3, kernelSize: 3, strides: 2, padding: 'valid', activation: 'elu', ...k() }),
      tf.layers.globalAveragePooling2d({}),
    ],
  });
  const pooled = block.apply(sum) as tf.SymbolicTensor;
  const gmax = tf.layers.globalMaxPooling2d({}).apply(sum) as tf.SymbolicTensor;
  const cat = tf.layers.concatenate().apply([pooled, gmax]) as tf.SymbolicTensor;
  const d = tf.layers.dense({ units: 6, activation: 'softplus', ...k() }).apply(cat) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: classes, ...k() }).apply(d) as tf.SymbolicTensor;
  const probs = tf.layers.softmax().apply(out) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: probs, name: 'zoo_fn' });
}

/** Three texture classes (horizontal, vertical, diagonal stripes) with random period, phase, tint and noise. */
export function textures(n: number, h: number, w: number, seed: number): { x: Float32Array; y: number[] } {
  let s = seed;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const x = new Float32Array(n * h * w * 3), y: number[] = [];
  for (let i = 0; i < n; i++) {
    const cls = i % 3, period = 3 + Math.floor(rnd() * 4), phase = rnd() * period, tint = [rnd(), rnd(), rnd()];
    y.push(cls);
    for (let r = 0; r < h; r++) for (let q = 0; q < w; q++) {
      const t = cls === 0 ? r : cls === 1 ? q : r + q;
      const on = ((t + phase) % period) < period / 2 ? 1 : 0;
      for (let ch = 0; ch < 3; ch++) x[((i * h + r) * w + q) * 3 + ch] = Math.max(0, Math.min(255, 40 + 170 * on * (0.5 + tint[ch]! / 2) + (rnd() - 0.5) * 60));
    }
  }
  return { x, y };
}

/** Moves every trainable weight off its initial value so BN statistics and biases matter in the comparison. */
export function perturb(model: tf.LayersModel): void {
  let seed = 7;
  for (const layer of model.layers) {
    if (!layer.trainable || !layer.getWeights().length) continue;
    layer.setWeights(layer.getWeights().map((w, i) => tf.tidy(() => {
      const noise = tf.randomNormal(w.shape, 0, 0.05, 'float32', seed++);
      return layer.weights[i]!.originalName.endsWith('moving_variance') ? w.abs().add(noise.abs()).add(0.5) : w.add(noise);
    })));
  }
}
