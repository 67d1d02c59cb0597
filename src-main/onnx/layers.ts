/** One ONNX emitter per tfjs layer class: tfjs tensors are NHWC, every 4-D tensor inside the ONNX graph is NCHW. */

import type * as tf from '@tensorflow/tfjs';
import { HebbError } from '../core/errors';
import type { LayerCall } from './walk';
import type { GraphBuilder } from './builder';

export interface EmitContext {
  b: GraphBuilder;
  call: LayerCall;
  /** ONNX names of the layer's inputs (already NCHW when 4-D). */
  inputs: string[];
  cfg: Record<string, unknown>;
  weights: { data: Float32Array; shape: number[] }[];
}

type Emitter = (c: EmitContext) => string;

const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [v[0], v[1] ?? v[0]] : [v as number, v as number]);
const rank = (c: EmitContext, i = 0): number => c.call.inputShapes[i]!.length;
const unsupported = (c: EmitContext, why: string): never => {
  throw new HebbError('EXPORT_UNSUPPORTED_LAYER', `Layer "${c.call.layer.name}" (${c.call.className}) cannot be exported to ONNX: ${why}`, undefined, { layer: c.call.layer.name, className: c.call.className, format: 'onnx' });
};

/** TF's 'same' padding (extra pixel at the end), as explicit ONNX pads [top, left, bottom, right]. */
function pads(c: EmitContext, kernel: [number, number], strides: [number, number], dilation: [number, number]): number[] {
  if (c.cfg.padding !== 'same') return [0, 0, 0, 0];
  const [, h, w] = c.call.inputShapes[0]!;
  if (h == null || w == null) unsupported(c, "'same' padding needs a fixed input size");
  const one = (size: number, k: number, s: number, d: number): [number, number] => {
    const total = Math.max((Math.ceil(size / s) - 1) * s + (k - 1) * d + 1 - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  };
  const [t, bm] = one(h!, kernel[0], strides[0], dilation[0]);
  const [l, r] = one(w!, kernel[1], strides[1], dilation[1]);
  return [t, l, bm, r];
}

/** TF HWIO kernel → ONNX OIHW. */
function hwioToOihw(k: Float32Array, [kh, kw, ci, co]: number[]): Float32Array {
  const out = new Float32Array(k.length);
  for (let y = 0; y < kh!; y++)
    for (let x = 0; x < kw!; x++)
      for (let i = 0; i < ci!; i++)
        for (let o = 0; o < co!; o++) out[((o * ci! + i) * kh! + y) * kw! + x] = k[((y * kw! + x) * ci! + i) * co! + o]!;
  return out;
}

/** Applies a Keras activation by name; 4-D softmax runs over channels (axis 1 in NCHW). */
export function activation(c: EmitContext, x: string, name: unknown, is4d: boolean): string {
  const b = c.b;
  switch (name ?? 'linear') {
    case 'linear': return x;
    case 'relu': return b.node('Relu', [x]);
    case 'relu6': return b.node('Clip', [x, b.floatConst('zero', [0], []), b.floatConst('six', [6], [])]);
    case 'sigmoid': return b.node('Sigmoid', [x]);
    case 'tanh': return b.node('Tanh', [x]);
    case 'elu': return b.node('Elu', [x], { alpha: { float: 1 } });
    case 'selu': return b.node('Selu', [x], { alpha: { float: 1.6732632423543772 }, gamma: { float: 1.0507009873554805 } });
    case 'softplus': return b.node('Softplus', [x]);
    case 'softsign': return b.node('Softsign', [x]);
    case 'hardSigmoid': return b.node('HardSigmoid', [x], { alpha: { float: 0.2 }, beta: { float: 0.5 } });
    case 'swish': return b.node('Mul', [x, b.node('Sigmoid', [x])]);
    case 'softmax': return b.node('Softmax', [x], { axis: is4d ? 1 : -1 });
    case 'logSoftmax': return b.node('LogSoftmax', [x], { axis: is4d ? 1 : -1 });
    default: return unsupported(c, `activation "${String(name)}" has no ONNX mapping`);
  }
}

const channelsLast = (c: EmitContext): void => {
  if (c.cfg.dataFormat && c.cfg.dataFormat !== 'channelsLast') unsupported(c, 'only channels-last layers are supported');
};

function conv(c: EmitContext): string {
  channelsLast(c);
  const [k, bias] = c.weights;
  const ks = pair(c.cfg.kernelSize), st = pair(c.cfg.strides), dl = pair(c.cfg.dilationRate ?? 1);
  const w = c.b.floatConst(`${c.call.layer.name}/W`, hwioToOihw(k!.data, k!.shape), [k!.shape[3]!, k!.shape[2]!, ks[0], ks[1]]);
  const ins = [c.inputs[0]!, w, ...(bias ? [c.b.floatConst(`${c.call.layer.name}/B`, bias.data, bias.shape)] : [])];
  const y = c.b.node('Conv', ins, { kernel_shape: ks, strides: st, dilations: dl, pads: pads(c, ks, st, dl) });
  return activation(c, y, c.cfg.activation, true);
}

/** Depthwise kernel [kh,kw,C,M] → grouped conv weights [C·M,1,kh,kw]; TF orders output channels as c·M + m, like ONNX groups. */
function depthwiseWeights(c: EmitContext, k: { data: Float32Array; shape: number[] }): string {
  const [kh, kw, ch, m] = k.shape as [number, number, number, number];
  return c.b.floatConst(`${c.call.layer.name}/DW`, hwioToOihw(k.data, [kh, kw, 1, ch * m]), [ch * m, 1, kh, kw]);
}

function depthwise(c: EmitContext): string {
  channelsLast(c);
  const [k, bias] = c.weights;
  const ks = pair(c.cfg.kernelSize), st = pair(c.cfg.strides), dl = pair(c.cfg.dilationRate ?? 1);
  const ins = [c.inputs[0]!, depthwiseWeights(c, k!), ...(bias ? [c.b.floatConst(`${c.call.layer.name}/B`, bias.data, bias.shape)] : [])];
  const y = c.b.node('Conv', ins, { kernel_shape: ks, strides: st, dilations: dl, pads: pads(c, ks, st, dl), group: k!.shape[2]! });
  return activation(c, y, c.cfg.activation, true);
}

function separable(c: EmitContext): string {
  channelsLast(c);
  const [dk, pk, bias] = c.weights;
  const ks = pair(c.cfg.kernelSize), st = pair(c.cfg.strides), dl = pair(c.cfg.dilationRate ?? 1);
  const d = c.b.node('Conv', [c.inputs[0]!, depthwiseWeights(c, dk!)], { kernel_shape: ks, strides: st, dilations: dl, pads: pads(c, ks, st, dl), group: dk!.shape[2]! });
  const pw = c.b.floatConst(`${c.call.layer.name}/PW`, hwioToOihw(pk!.data, pk!.shape), [pk!.shape[3]!, pk!.shape[2]!, 1, 1]);
  const y = c.b.node('Conv', [d, pw, ...(bias ? [c.b.floatConst(`${c.call.layer.name}/B`, bias.data, bias.shape)] : [])], { kernel_shape: [1, 1] });
  return activation(c, y, c.cfg.activation, true);
}

function dense(c: EmitContext): string {
  if (rank(c) !== 2) unsupported(c, 'Dense on a tensor of rank > 2 (add a Flatten or GlobalPooling first)');
  const [k, bias] = c.weights;
  const w = c.b.floatConst(`${c.call.layer.name}/W`, k!.data, k!.shape);
  const bn = c.b.floatConst(`${c.call.layer.name}/B`, bias ? bias.data : new Float32Array(k!.shape[1]!), [k!.shape[1]!]);
  return activation(c, c.b.node('Gemm', [c.inputs[0]!, w, bn]), c.cfg.activation, false);
}

const pool = (op: 'MaxPool' | 'AveragePool'): Emitter => (c) => {
  channelsLast(c);
  const ks = pair(c.cfg.poolSize), st = pair(c.cfg.strides ?? c.cfg.poolSize);
  // count_include_pad=0: TF averages only over real pixels at 'same' borders.
  return c.b.node(op, [c.inputs[0]!], { kernel_shape: ks, strides: st, pads: pads(c, ks, st, [1, 1]), ...(op === 'AveragePool' ? { count_include_pad: 0 } : {}) });
};

const globalPool = (op: 'GlobalAveragePool' | 'GlobalMaxPool'): Emitter => (c) => {
  channelsLast(c);
  if (c.cfg.keepDims) unsupported(c, 'keepDims');
  return c.b.node('Flatten', [c.b.node(op, [c.inputs[0]!])], { axis: 1 });
};

function batchNorm(c: EmitContext): string {
  const r = rank(c);
  const axis = c.cfg.axis as number;
  if (!(axis === -1 || axis === r - 1)) unsupported(c, `normalisation over axis ${axis} (only the channel axis is supported)`);
  const n = c.weights[c.weights.length - 1]!.shape[0]!;
  let i = 0;
  const gamma = c.cfg.scale ? c.weights[i++]!.data : new Float32Array(n).fill(1);
  const beta = c.cfg.center ? c.weights[i++]!.data : new Float32Array(n);
  const [mean, variance] = [c.weights[i]!.data, c.weights[i + 1]!.data];
  const nm = c.call.layer.name;
  const consts = [gamma, beta, mean, variance].map((d, j) => c.b.floatConst(`${nm}/bn${j}`, d, [n]));
  if (r !== 2 && r !== 4) unsupported(c, `BatchNormalization on rank ${r}`);
  return c.b.node('BatchNormalization', [c.inputs[0]!, ...consts], { epsilon: { float: c.cfg.epsilon as number } });
}

function flatten(c: EmitContext): string {
  if (rank(c) === 2) return c.b.node('Identity', [c.inputs[0]!]);
  if (rank(c) !== 4) unsupported(c, `Flatten of rank ${rank(c)}`);
  // Back to NHWC first, so the flattened order (and the next Dense's weights) matches tfjs.
  return c.b.node('Flatten', [c.b.node('Transpose', [c.inputs[0]!], { perm: [0, 2, 3, 1] })], { axis: 1 });
}

function zeroPad(c: EmitContext): string {
  const p = c.cfg.padding as number[][] | number[] | number;
  const [[t, bm], [l, r]] = Array.isArray(p) && Array.isArray(p[0]) ? (p as number[][]) : [pair(Array.isArray(p) ? p[0] : p), pair(Array.isArray(p) ? p[1] ?? p[0] : p)];
  return c.b.node('Pad', [c.inputs[0]!, c.b.int64Const(`${c.call.layer.name}/pads`, [0, 0, t!, l!, 0, 0, bm!, r!])], { mode: 'constant' });
}

function rescaling(c: EmitContext): string {
  const scaled = c.b.node('Mul', [c.inputs[0]!, c.b.floatConst('scale', [c.cfg.scale as number], [])]);
  return c.b.node('Add', [scaled, c.b.floatConst('offset', [(c.cfg.offset as number) ?? 0], [])]);
}

const merge = (op: string): Emitter => (c) => c.inputs.slice(1).reduce((acc, x) => c.b.node(op, [acc, x]), c.inputs[0]!);

function average(c: EmitContext): string {
  return c.b.node('Div', [merge('Add')(c), c.b.floatConst('n', [c.inputs.length], [])]);
}

function concat(c: EmitContext): string {
  const r = rank(c);
  let axis = c.cfg.axis as number;
  if (axis < 0) axis += r;
  if (r === 4) axis = [0, 2, 3, 1][axis]!; // NHWC axis → NCHW axis
  return c.b.node('Concat', c.inputs, { axis });
}

function relu(c: EmitContext): string {
  const max = c.cfg.maxValue as number | null | undefined;
  if (c.cfg.threshold || (c.cfg.negativeSlope as number)) unsupported(c, 'ReLU with threshold or negative slope');
  if (max == null) return c.b.node('Relu', [c.inputs[0]!]);
  return c.b.node('Clip', [c.inputs[0]!, c.b.floatConst('zero', [0], []), c.b.floatConst('max', [max], [])]);
}

function softmaxLayer(c: EmitContext): string {
  const axis = c.cfg.axis as number;
  if (!(axis === -1 || axis === rank(c) - 1)) unsupported(c, `softmax over axis ${axis}`);
  return c.b.node('Softmax', [c.inputs[0]!], { axis: rank(c) === 4 ? 1 : -1 });
}

const identity: Emitter = (c) => c.b.node('Identity', [c.inputs[0]!]);

export const EMITTERS: Record<string, Emitter> = {
  Conv2D: conv,
  DepthwiseConv2D: depthwise,
  SeparableConv2D: separable,
  Dense: dense,
  MaxPooling2D: pool('MaxPool'),
  AveragePooling2D: pool('AveragePool'),
  GlobalAveragePooling2D: globalPool('GlobalAveragePool'),
  GlobalMaxPooling2D: globalPool('GlobalMaxPool'),
  BatchNormalization: batchNorm,
  Flatten: flatten,
  ZeroPadding2D: zeroPad,
  Rescaling: rescaling,
  Activation: (c) => activation(c, c.inputs[0]!, c.cfg.activation, rank(c) === 4),
  ReLU: relu,
  LeakyReLU: (c) => c.b.node('LeakyRelu', [c.inputs[0]!], { alpha: { float: c.cfg.alpha as number } }),
  ELU: (c) => c.b.node('Elu', [c.inputs[0]!], { alpha: { float: c.cfg.alpha as number } }),
  Softmax: softmaxLayer,
  Dropout: identity,
  SpatialDropout1D: identity,
  GaussianNoise: identity,
  GaussianDropout: identity,
  AlphaDropout: identity,
  Add: merge('Add'),
  Multiply: merge('Mul'),
  Maximum: merge('Max'),
  Minimum: merge('Min'),
  Average: average,
  Concatenate: concat,
};

/** Emits one layer call; throws EXPORT_UNSUPPORTED_LAYER naming the layer when there is no mapping. */
export function emitLayer(b: GraphBuilder, call: LayerCall, inputs: string[]): string {
  const layer = call.layer as tf.layers.Layer;
  const cfg = layer.getConfig() as Record<string, unknown>;
  const weights = layer.getWeights().map((t) => ({ data: t.dataSync() as Float32Array, shape: t.shape }));
  const c: EmitContext = { b, call, inputs, cfg, weights };
  const emit = EMITTERS[call.className];
  if (!emit) return unsupported(c, `no ONNX mapping for ${call.className} layers`);
  for (const s of call.inputShapes) if (s.length === 4 || s.length === 2) continue; else unsupported(c, `input of rank ${s.length}`);
  return emit(c);
}
