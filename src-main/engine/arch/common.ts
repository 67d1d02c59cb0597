/** What every architecture builder shares: seeded initialisers, the L2 regulariser, and size-aware padding/pooling choices. */

import * as tf from '@tensorflow/tfjs';
import type { Activation, TrainConfig } from '#contract/engine';

type Initializer = ReturnType<typeof tf.initializers.heNormal>;
type Regularizer = ReturnType<typeof tf.regularizers.l2>;

export type ArchOptions = NonNullable<TrainConfig['archOptions']>;

/**
 * Batch-norm moving-average momentum. Keras's 0.99 barely moves the running statistics in the few hundred steps a
 * small dataset gives, so evaluation used near-initial statistics; 0.9 is PyTorch's default (its momentum=0.1).
 */
export const BN_MOMENTUM = 0.9;

export const batchNorm = (name: string): tf.layers.Layer => tf.layers.batchNormalization({ name, momentum: BN_MOMENTUM });

/** Everything a builder needs; made fresh for each build so seeds repeat exactly. */
export interface BuildContext {
  inputShape: [number, number, number];
  numClasses: number;
  options: ArchOptions;
  /** Kernel initialiser for the next layer: He for ReLU-family, Glorot otherwise; seeded when the spec has a seed. */
  kernelInit(activation?: Activation): Initializer;
  /** L2 on kernels when spec.l2 > 0, else undefined. */
  regularizer(): Regularizer | undefined;
}

export function makeContext(args: { inputShape: [number, number, number]; numClasses: number; options?: ArchOptions; l2?: number; seed?: number }): BuildContext {
  let counter = 0;
  // Each layer gets its own seed in creation order: the same spec seed gives the same weights, layer by layer.
  const nextSeed = (): number | undefined => (args.seed === undefined ? undefined : (args.seed * 7919 + ++counter * 104729) % 2147483647);
  return {
    inputShape: args.inputShape,
    numClasses: args.numClasses,
    options: args.options ?? {},
    kernelInit(activation) {
      const seed = nextSeed();
      const he = activation === 'relu' || activation === 'elu' || activation === undefined;
      if (activation === 'selu') return tf.initializers.leCunNormal({ seed });
      return he ? tf.initializers.heNormal({ seed }) : tf.initializers.glorotUniform({ seed });
    },
    regularizer() {
      return args.l2 && args.l2 > 0 ? tf.regularizers.l2({ l2: args.l2 }) : undefined;
    },
  };
}

/** 'valid' when a k×k kernel leaves at least 2 pixels each way, else 'same' so small inputs (8×8 digits) still build. */
export function padFor(size: number, kernel: number): 'valid' | 'same' {
  return size - kernel + 1 >= 2 ? 'valid' : 'same';
}

/** Spatial size after a convolution or pooling window. */
export function outSize(size: number, kernel: number, stride: number, padding: 'valid' | 'same'): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

/** The softmax classifier every architecture ends with. */
export function outputDense(ctx: BuildContext, name = 'output'): tf.layers.Layer {
  return tf.layers.dense({
    name,
    units: ctx.numClasses,
    activation: 'softmax',
    kernelInitializer: ctx.kernelInit('softmax'),
    kernelRegularizer: ctx.regularizer(),
  });
}

/** A conv layer with the context's initialiser and regulariser. */
export function conv(ctx: BuildContext, args: { name: string; filters: number; kernelSize: number; strides?: number; padding?: 'valid' | 'same'; activation?: Activation; useBias?: boolean; inputShape?: number[] }): tf.layers.Layer {
  return tf.layers.conv2d({
    ...args,
    activation: args.activation ?? 'linear',
    kernelInitializer: ctx.kernelInit(args.activation ?? 'relu'),
    kernelRegularizer: ctx.regularizer(),
  });
}

export function dense(ctx: BuildContext, args: { name: string; units: number; activation?: Activation; inputShape?: number[] }): tf.layers.Layer {
  return tf.layers.dense({ ...args, kernelInitializer: ctx.kernelInit(args.activation), kernelRegularizer: ctx.regularizer() });
}

/**
 * Dropout is left unseeded on purpose: tfjs re-creates a seeded layer's generator on every call, so the mask would be
 * the same at every step. The trainer hands each dropout layer a fresh seed before every step from a generator whose
 * state checkpoints save (train/seeded-random.ts), which keeps runs reproducible and resumable bit for bit.
 */
export function dropout(_ctx: BuildContext, name: string, rate: number): tf.layers.Layer {
  return tf.layers.dropout({ name, rate });
}
