/** A user's architecture as a JSON list of layers: validated shape by shape (errors name the layer), then built; the softmax output is appended. */

import * as tf from '@tensorflow/tfjs';
import type { Activation, LayerSpec } from '#contract/engine';
import { HebbError } from '../../core/errors';
import { batchNorm, conv, dense, dropout, outSize, outputDense, type BuildContext } from './common';

const TYPES = ['conv2d', 'depthwiseConv2d', 'maxPooling2d', 'averagePooling2d', 'globalAveragePooling2d', 'batchNormalization', 'dropout', 'flatten', 'dense', 'activation'] as const;
const ACTIVATIONS: Activation[] = ['relu', 'sigmoid', 'tanh', 'elu', 'selu', 'softmax', 'linear'];

type Shape = number[]; // [h, w, c] or [n]

const fmt = (s: Shape): string => (s.length === 3 ? `${s[0]}×${s[1]}×${s[2]}` : `flat vector of ${s[0]}`);

/** Validates an unknown JSON value as a layer list; throws INVALID_ARCHITECTURE naming the layer (1-based) and the fix. */
export function validateLayers(raw: unknown, inputShape: [number, number, number]): LayerSpec[] {
  if (!Array.isArray(raw)) throw new HebbError('INVALID_ARCHITECTURE', 'custom architecture: expected a JSON list of layers');
  let shape: Shape = [...inputShape];
  raw.forEach((item, i) => {
    shape = checkLayer(item, i + 1, shape);
  });
  const last = raw[raw.length - 1] as { type?: string; activation?: string } | undefined;
  if (last?.type === 'dense' && last.activation === 'softmax') {
    throw bad(raw.length, 'dense', 'the softmax output layer is added automatically (one unit per class): remove this layer');
  }
  if (shape.length === 3) {
    const where = raw.length ? `the last layer outputs a ${fmt(shape)} map` : 'the input is an image';
    throw new HebbError('INVALID_ARCHITECTURE', `custom architecture: ${where}: end with a flatten or globalAveragePooling2d layer (the softmax output layer is added automatically)`, undefined, { layer: raw.length });
  }
  return raw as LayerSpec[];
}

function checkLayer(item: unknown, n: number, shape: Shape): Shape {
  if (typeof item !== 'object' || item === null) throw bad(n, '?', 'is not an object with a "type"');
  const spec = item as Record<string, unknown>;
  const type = spec.type as string;
  if (!TYPES.includes(type as (typeof TYPES)[number])) {
    throw bad(n, String(type), `unknown type '${String(type)}': expected one of ${TYPES.join(', ')}`);
  }
  const int = (key: string, def?: number): number => {
    const v = spec[key] ?? def;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw bad(n, type, `'${key}' must be a whole number ≥ 1 (got ${JSON.stringify(spec[key])})`);
    return v;
  };
  if (spec.activation !== undefined && !ACTIVATIONS.includes(spec.activation as Activation)) {
    throw bad(n, type, `activation '${String(spec.activation)}' is not one of ${ACTIVATIONS.join(', ')}`);
  }
  const needsImage = (): [number, number, number] => {
    if (shape.length !== 3) throw bad(n, type, `needs a height×width×channels input but gets a ${fmt(shape)}: move it before the flatten/dense layers`);
    return shape as [number, number, number];
  };
  switch (type) {
    case 'conv2d':
    case 'depthwiseConv2d': {
      const [h, w, c] = needsImage();
      const k = int('kernelSize');
      const s = int('strides', 1);
      const filters = type === 'conv2d' ? int('filters') : c;
      const padding = spec.padding ?? 'valid';
      if (padding !== 'same' && padding !== 'valid') throw bad(n, type, `padding must be 'same' or 'valid' (got ${JSON.stringify(padding)})`);
      if (padding === 'valid' && (k > h || k > w)) {
        throw bad(n, type, `kernel ${k}×${k} does not fit a ${fmt(shape)} input — remove a pooling layer or use padding 'same'`);
      }
      return [outSize(h, k, s, padding), outSize(w, k, s, padding), filters];
    }
    case 'maxPooling2d':
    case 'averagePooling2d': {
      const [h, w, c] = needsImage();
      const p = int('poolSize');
      const s = int('strides', p);
      if (p > h || p > w) throw bad(n, type, `pool ${p}×${p} does not fit a ${fmt(shape)} input — remove this or an earlier pooling layer`);
      return [outSize(h, p, s, 'valid'), outSize(w, p, s, 'valid'), c];
    }
    case 'globalAveragePooling2d':
      return [needsImage()[2]];
    case 'flatten': {
      const [h, w, c] = needsImage();
      return [h * w * c];
    }
    case 'dense':
      if (shape.length === 3) throw bad(n, type, `after a ${fmt(shape)} (4-D) output: add a flatten or globalAveragePooling2d layer first`);
      return [int('units')];
    case 'dropout': {
      const r = spec.rate;
      if (typeof r !== 'number' || !(r >= 0 && r < 1)) throw bad(n, type, `'rate' must be a number in [0, 1) (got ${JSON.stringify(r)})`);
      return shape;
    }
    case 'activation':
      if (spec.activation === undefined) throw bad(n, type, `'activation' is missing: one of ${ACTIVATIONS.join(', ')}`);
      return shape;
    default: // batchNormalization
      return shape;
  }
}

function bad(n: number, type: string, why: string): HebbError {
  return new HebbError('INVALID_ARCHITECTURE', `layer ${n} (${type}): ${why}`, undefined, { layer: n, type });
}

/** Builds a validated list; the output dense(numClasses, softmax) is always appended after the user's layers. */
export function buildCustom(ctx: BuildContext, raw: unknown): tf.LayersModel {
  const layers = validateLayers(raw, ctx.inputShape);
  const model = tf.sequential({ name: 'custom' });
  model.add(tf.layers.inputLayer({ name: 'input', inputShape: ctx.inputShape }));
  layers.forEach((l, i) => model.add(toLayer(ctx, l, `l${i + 1}_${l.type}`)));
  model.add(outputDense(ctx));
  return model;
}

function toLayer(ctx: BuildContext, l: LayerSpec, name: string): tf.layers.Layer {
  switch (l.type) {
    case 'conv2d':
      return conv(ctx, { name, filters: l.filters, kernelSize: l.kernelSize, strides: l.strides ?? 1, padding: l.padding ?? 'valid', activation: l.activation ?? 'linear' });
    case 'depthwiseConv2d':
      return tf.layers.depthwiseConv2d({ name, kernelSize: l.kernelSize, strides: l.strides ?? 1, padding: l.padding ?? 'valid', activation: l.activation ?? 'linear', depthwiseInitializer: ctx.kernelInit(l.activation), depthwiseRegularizer: ctx.regularizer() });
    case 'maxPooling2d':
      return tf.layers.maxPooling2d({ name, poolSize: l.poolSize, strides: l.strides ?? l.poolSize });
    case 'averagePooling2d':
      return tf.layers.averagePooling2d({ name, poolSize: l.poolSize, strides: l.strides ?? l.poolSize });
    case 'globalAveragePooling2d':
      return tf.layers.globalAveragePooling2d({ name });
    case 'batchNormalization':
      return batchNorm(name);
    case 'dropout':
      return dropout(ctx, name, l.rate);
    case 'flatten':
      return tf.layers.flatten({ name });
    case 'dense':
      return dense(ctx, { name, units: l.units, activation: l.activation ?? 'linear' });
    case 'activation':
      return tf.layers.activation({ name, activation: l.activation });
  }
}
