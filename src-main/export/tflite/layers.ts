/** One TFLite emitter per tfjs layer class; TFLite is NHWC like tfjs, so no layout changes are needed. */

import * as tf from '@tensorflow/tfjs';
import { HebbError } from '../../core/errors';
import type { LayerCall } from '../../onnx/walk';
import type { Graph } from './graph';

export interface EmitContext {
  g: Graph;
  call: LayerCall;
  /** Graph tensor indices of the layer's inputs. */
  inputs: number[];
  cfg: Record<string, unknown>;
  weights: { data: Float32Array; shape: number[] }[];
  /** Whether this layer is the only reader of input `i` anywhere in the model. */
  sole: (i: number) => boolean;
}

type Emitter = (c: EmitContext) => number;

const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [v[0], v[1] ?? v[0]] : [v as number, v as number]);
const outShape = (c: EmitContext): number[] => c.call.outputShapes[0]!.map((d) => d ?? 1);
const name = (c: EmitContext): string => c.call.layer.name;

export const unsupported = (c: { call: LayerCall }, why: string): never => {
  throw new HebbError('EXPORT_UNSUPPORTED_LAYER', `Layer "${c.call.layer.name}" (${c.call.className}) cannot be exported to TFLite: ${why}`, undefined, { layer: c.call.layer.name, className: c.call.className, format: 'tflite' });
};

const scalar = (c: EmitContext, tag: string, v: number): number => c.g.const(`${name(c)}/${tag}`, Float32Array.of(v), [1]);

/** A Keras activation after `x` (shape `shape`); RELU and RELU6 are fused into the producer when it allows. */
export function activation(c: EmitContext, x: number, act: unknown, soleReader: boolean): number {
  const g = c.g, n = name(c), shape = g.tensors[x]!.shape;
  const fuse = (op: 'RELU' | 'RELU6'): number => (g.fuseActivation(x, op, soleReader) ? x : g.node(n, op, [x], shape));
  switch (act ?? 'linear') {
    case 'linear': return x;
    case 'relu': return fuse('RELU');
    case 'relu6': return fuse('RELU6');
    case 'sigmoid': return g.node(n, 'LOGISTIC', [x], shape);
    case 'tanh': return g.node(n, 'TANH', [x], shape);
    case 'elu': return elu(c, x);
    case 'selu': {
      // selu = λ·(relu(x) + α·(elu(x) − relu(x))), with TFLite's ELU (α = 1).
      const alpha = 1.6732632423543772, lambda = 1.0507009873554805;
      const r = g.node(n, 'MUL', [g.node(n, 'RELU', [x], shape), scalar(c, 'selu_a', lambda * (1 - alpha))], shape, { kind: 'Mul', fused: 0 });
      const e = g.node(n, 'MUL', [elu(c, x), scalar(c, 'selu_b', lambda * alpha)], shape, { kind: 'Mul', fused: 0 });
      return g.node(n, 'ADD', [r, e], shape, { kind: 'Add', fused: 0 });
    }
    case 'softplus': return softplus(c, x);
    case 'swish': return g.node(n, 'MUL', [x, g.node(n, 'LOGISTIC', [x], shape)], shape, { kind: 'Mul', fused: 0 });
    case 'softmax':
      if (shape.length !== 2) unsupported(c, 'softmax over a 4-D tensor');
      return g.node(n, 'SOFTMAX', [x], shape, { kind: 'Softmax', beta: 1 });
    default: return unsupported(c, `activation "${String(act)}" has no TFLite mapping`);
  }
}

/**
 * elu(x) = relu(x) + exp(min(x, 0)) − 1, from ops every TFLite runtime has (Arm NN's parser has no ELU); the
 * result equals TFLite's own ELU to float rounding.
 */
function elu(c: EmitContext, x: number): number {
  const g = c.g, n = name(c), shape = g.tensors[x]!.shape;
  const neg = g.node(n, 'EXP', [g.node(n, 'MINIMUM', [x, scalar(c, 'zero', 0)], shape, { kind: 'MaximumMinimum' })], shape);
  const sum = g.node(n, 'ADD', [g.node(n, 'RELU', [x], shape), neg], shape, { kind: 'Add', fused: 0 });
  return g.node(n, 'ADD', [sum, scalar(c, 'minus_one', -1)], shape, { kind: 'Add', fused: 0 });
}

/** log1p((t + 1) / 2) on t ∈ [−1, 1]: a degree-9 Chebyshev fit in power form, |error| < 6e-9 (below float32's). */
const LOG1P_POLY = [4.0546510379e-1, 3.333333407e-1, -5.5555342057e-2, 1.2345533325e-2, -3.0881011462e-3, 8.2384731558e-4, -2.2403659443e-4, 6.3538886748e-5, -2.4029183446e-5, 7.3293441972e-6];

/**
 * softplus(x) = relu(x) + log1p(exp(−|x|)), the overflow-free form. Arm NN's parser (22.x) has no LOG or ABS, so
 * −|x| = min(x, 0) − relu(x) and log1p(e) for e ∈ (0, 1] is a polynomial in t = 2e − 1 (Horner, MUL/ADD): equal
 * to softplus within float32 rounding, from ops every TFLite runtime has.
 */
function softplus(c: EmitContext, x: number): number {
  const g = c.g, n = name(c), shape = g.tensors[x]!.shape;
  const mul = (a: number, b: number): number => g.node(n, 'MUL', [a, b], shape, { kind: 'Mul', fused: 0 });
  const add = (a: number, b: number): number => g.node(n, 'ADD', [a, b], shape, { kind: 'Add', fused: 0 });
  const r = g.node(n, 'RELU', [x], shape);
  const negAbs = add(g.node(n, 'MINIMUM', [x, scalar(c, 'zero', 0)], shape, { kind: 'MaximumMinimum' }), mul(r, scalar(c, 'minus_one', -1)));
  const t = add(mul(g.node(n, 'EXP', [negAbs], shape), scalar(c, 'two', 2)), scalar(c, 'minus_one_t', -1));
  let p = scalar(c, 'log1p_9', LOG1P_POLY[9]!);
  for (let i = 8; i >= 0; i--) p = add(mul(t, p), scalar(c, `log1p_${i}`, LOG1P_POLY[i]!));
  return add(r, p);
}

const channelsLast = (c: EmitContext): void => {
  if (c.cfg.dataFormat && c.cfg.dataFormat !== 'channelsLast') unsupported(c, 'only channels-last layers are supported');
};
const padding = (c: EmitContext): 0 | 1 => (c.cfg.padding === 'same' ? 0 : c.cfg.padding === 'valid' ? 1 : unsupported(c, `padding "${String(c.cfg.padding)}"`));

/** TF HWIO kernel → TFLite OHWI. */
function hwioToOhwi(k: Float32Array, [kh, kw, ci, co]: number[]): Float32Array {
  const out = new Float32Array(k.length);
  for (let y = 0; y < kh!; y++)
    for (let x = 0; x < kw!; x++)
      for (let i = 0; i < ci!; i++)
        for (let o = 0; o < co!; o++) out[((o * kh! + y) * kw! + x) * ci! + i] = k[((y * kw! + x) * ci! + i) * co! + o]!;
  return out;
}

const bias = (c: EmitContext, b: { data: Float32Array } | undefined, n: number, tag = 'bias'): number =>
  c.g.const(`${name(c)}/${tag}`, b ? Float32Array.from(b.data) : new Float32Array(n), [n], { isBias: true });

/**
 * A 'same' conv/depthwise right after a ZeroPadding2D: its own zero padding joins the PAD's and the conv becomes
 * 'valid' (the same numbers). Arm NN folds PAD into the next convolution and then drops the conv's SAME padding
 * ([1,17,17,6] inferred as [1,15,15,6]); one explicit PAD and a VALID conv read the same in every runtime.
 */
function absorbSamePadding(c: EmitContext, x: number, [kh, kw]: number[], st: [number, number], dl: [number, number]): 0 | 1 {
  const mode = padding(c);
  const p = c.g.producer(x);
  if (mode !== 0 || !p || p.op !== 'PAD' || !c.sole(0) || c.g.nodes.some((n) => n !== p && n.inputs.includes(x))) return mode;
  const pads = c.g.tensors[p.inputs[1]!]!.int32!, shape = c.g.tensors[x]!.shape;
  [[kh!, st[0], dl[0]], [kw!, st[1], dl[1]]].forEach(([k, s, d], axis) => {
    const size = shape[axis + 1]!, total = Math.max((Math.ceil(size / s!) - 1) * s! + (k! - 1) * d! + 1 - size, 0);
    pads[2 + 2 * axis] += Math.floor(total / 2);
    pads[3 + 2 * axis] += total - Math.floor(total / 2);
    shape[axis + 1] = size + total;
  });
  return 1;
}

function convCore(c: EmitContext, x: number, k: { data: Float32Array; shape: number[] }, b: { data: Float32Array } | undefined, shape: number[], tag = ''): number {
  const [kh, kw, ci, co] = k.shape as [number, number, number, number];
  const st = pair(c.cfg.strides ?? 1), dl = pair(c.cfg.dilationRate ?? 1);
  const w = c.g.const(`${name(c)}/kernel${tag}`, hwioToOhwi(k.data, k.shape), [co, kh, kw, ci], { channelAxis: 0 });
  const opts = { kind: 'Conv2D' as const, padding: tag ? (1 as const) : absorbSamePadding(c, x, k.shape, st, dl), strideW: tag ? 1 : st[1], strideH: tag ? 1 : st[0], fused: 0, dilationW: tag ? 1 : dl[1], dilationH: tag ? 1 : dl[0] };
  return c.g.node(name(c), 'CONV_2D', [x, w, bias(c, b, co, `bias${tag}`)], shape, opts);
}

/** Depthwise kernel [kh,kw,C,M] is TFLite's [1,kh,kw,C·M] byte for byte (output channel c·M + m in both). */
function depthwiseCore(c: EmitContext, x: number, k: { data: Float32Array; shape: number[] }, b: { data: Float32Array } | undefined, shape: number[]): number {
  const [kh, kw, ch, m] = k.shape as [number, number, number, number];
  const st = pair(c.cfg.strides ?? 1), dl = pair(c.cfg.dilationRate ?? 1);
  const w = c.g.const(`${name(c)}/depthwise`, Float32Array.from(k.data), [1, kh, kw, ch * m], { channelAxis: 3 });
  const opts = { kind: 'DepthwiseConv2D' as const, padding: absorbSamePadding(c, x, k.shape, st, dl), strideW: st[1], strideH: st[0], depthMultiplier: m, fused: 0, dilationW: dl[1], dilationH: dl[0] };
  return c.g.node(name(c), 'DEPTHWISE_CONV_2D', [x, w, bias(c, b, ch * m)], shape, opts);
}

const conv: Emitter = (c) => {
  channelsLast(c);
  const [k, b] = c.weights;
  return activation(c, convCore(c, c.inputs[0]!, k!, b, outShape(c)), c.cfg.activation, true);
};

const depthwise: Emitter = (c) => {
  channelsLast(c);
  const [k, b] = c.weights;
  return activation(c, depthwiseCore(c, c.inputs[0]!, k!, b, outShape(c)), c.cfg.activation, true);
};

const separable: Emitter = (c) => {
  channelsLast(c);
  const [dk, pk, b] = c.weights;
  const mid = c.call.outputShapes[0]!.map((d) => d ?? 1);
  mid[3] = dk!.shape[2]! * dk!.shape[3]!;
  const d = depthwiseCore(c, c.inputs[0]!, dk!, undefined, mid);
  return activation(c, convCore(c, d, pk!, b, outShape(c), '_pointwise'), c.cfg.activation, true);
};

const dense: Emitter = (c) => {
  if (c.call.inputShapes[0]!.length !== 2) unsupported(c, 'Dense on a tensor of rank > 2 (add a Flatten or GlobalPooling first)');
  const [k, b] = c.weights;
  const [ni, no] = k!.shape as [number, number];
  const wt = new Float32Array(ni * no);
  for (let i = 0; i < ni; i++) for (let o = 0; o < no; o++) wt[o * ni + i] = k!.data[i * no + o]!;
  const w = c.g.const(`${name(c)}/kernel`, wt, [no, ni], { channelAxis: 0 });
  const y = c.g.node(name(c), 'FULLY_CONNECTED', [c.inputs[0]!, w, bias(c, b, no)], outShape(c), { kind: 'FullyConnected', fused: 0 });
  return activation(c, y, c.cfg.activation, true);
};

const pool = (op: 'MAX_POOL_2D' | 'AVERAGE_POOL_2D'): Emitter => (c) => {
  channelsLast(c);
  const ks = pair(c.cfg.poolSize), st = pair(c.cfg.strides ?? c.cfg.poolSize);
  return c.g.node(name(c), op, [c.inputs[0]!], outShape(c), { kind: 'Pool2D', padding: padding(c), strideW: st[1], strideH: st[0], filterW: ks[1], filterH: ks[0], fused: 0 });
};

const globalPool = (max: boolean): Emitter => (c) => {
  channelsLast(c);
  if (c.cfg.keepDims) unsupported(c, 'keepDims');
  const [, h, w, ch] = c.call.inputShapes[0]! as number[];
  if (!max) return c.g.node(name(c), 'MEAN', [c.inputs[0]!, c.g.int32(`${name(c)}/axes`, [1, 2])], outShape(c), { kind: 'Reducer', keepDims: false });
  const pooled = c.g.node(name(c), 'MAX_POOL_2D', [c.inputs[0]!], [1, 1, 1, ch!], { kind: 'Pool2D', padding: 1, strideW: 1, strideH: 1, filterW: w!, filterH: h!, fused: 0 });
  return reshape(c, pooled, [-1, ch!]);
};

function reshape(c: EmitContext, x: number, to: number[]): number {
  return c.g.node(name(c), 'RESHAPE', [x, c.g.int32(`${name(c)}/shape`, to)], outShape(c), { kind: 'Reshape', newShape: to });
}

/** y = x·γ/√(σ²+ε) + (β − μ·γ/√(σ²+ε)), folded into the producing conv/dense when nothing else reads its output. */
const batchNorm: Emitter = (c) => {
  const r = c.call.inputShapes[0]!.length;
  const axis = c.cfg.axis as number;
  if (!(axis === -1 || axis === r - 1)) unsupported(c, `normalisation over axis ${axis} (only the channel axis is supported)`);
  const n = c.weights[c.weights.length - 1]!.shape[0]!;
  let i = 0;
  const gamma = c.cfg.scale ? c.weights[i++]!.data : new Float32Array(n).fill(1);
  const beta = c.cfg.center ? c.weights[i++]!.data : new Float32Array(n);
  const [mean, variance] = [c.weights[i]!.data, c.weights[i + 1]!.data];
  const eps = c.cfg.epsilon as number;
  const mul = new Float32Array(n), add = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    mul[j] = gamma[j]! / Math.sqrt(variance[j]! + eps);
    add[j] = beta[j]! - mean[j]! * mul[j]!;
  }
  const x = c.inputs[0]!;
  const p = c.g.producer(x);
  const foldable = p && c.sole(0) && ['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED'].includes(p.op) && p.options && 'fused' in p.options && p.options.fused === 0;
  if (foldable) {
    const w = c.g.tensors[p.inputs[1]!]!, b = c.g.tensors[p.inputs[2]!]!;
    const per = w.data!.length / n;
    for (let j = 0; j < w.data!.length; j++) {
      // Output channel of element j: first axis (OHWI, FC [out,in]) or last axis (depthwise [1,kh,kw,C·M]).
      const ch = w.channelAxis === 0 ? Math.floor(j / per) : j % n;
      w.data![j]! *= mul[ch]!;
    }
    for (let j = 0; j < n; j++) b.data![j] = b.data![j]! * mul[j]! + add[j]!;
    return x;
  }
  const shape = c.g.tensors[x]!.shape;
  const scaled = c.g.node(name(c), 'MUL', [x, c.g.const(`${name(c)}/scale`, mul, [n])], shape, { kind: 'Mul', fused: 0 });
  return c.g.node(name(c), 'ADD', [scaled, c.g.const(`${name(c)}/shift`, add, [n])], shape, { kind: 'Add', fused: 0 });
};

const flatten: Emitter = (c) => {
  const s = c.call.inputShapes[0]!;
  if (s.length === 2) return c.inputs[0]!;
  return reshape(c, c.inputs[0]!, [-1, (s.slice(1) as number[]).reduce((a, b) => a * b, 1)]);
};

const zeroPad: Emitter = (c) => {
  const p = c.cfg.padding as number[][] | number[] | number;
  const [[t, bm], [l, r]] = Array.isArray(p) && Array.isArray(p[0]) ? (p as number[][]) : [pair(Array.isArray(p) ? p[0] : p), pair(Array.isArray(p) ? p[1] ?? p[0] : p)];
  return c.g.node(name(c), 'PAD', [c.inputs[0]!, c.g.int32(`${name(c)}/paddings`, [0, 0, t!, bm!, l!, r!, 0, 0], [4, 2])], outShape(c), { kind: 'Pad' });
};

/** x·scale + offset, the same pair the graph's input normalisation uses. */
export function affine(c: EmitContext, x: number, scale: number, offset: number): number {
  const shape = c.g.tensors[x]!.shape;
  let y = scale === 1 ? x : c.g.node(name(c), 'MUL', [x, scalar(c, 'scale', scale)], shape, { kind: 'Mul', fused: 0 });
  if (offset !== 0) y = c.g.node(name(c), 'ADD', [y, scalar(c, 'offset', offset)], shape, { kind: 'Add', fused: 0 });
  return y;
}

const merge = (op: 'ADD' | 'MUL' | 'MAXIMUM' | 'MINIMUM'): Emitter => (c) => c.inputs.slice(1).reduce((acc, x) => {
  const opts = op === 'ADD' ? { kind: 'Add' as const, fused: 0 } : op === 'MUL' ? { kind: 'Mul' as const, fused: 0 } : { kind: 'MaximumMinimum' as const };
  return c.g.node(name(c), op, [acc, x], outShape(c), opts);
}, c.inputs[0]!);

const relu: Emitter = (c) => {
  const max = c.cfg.maxValue as number | null | undefined;
  if (c.cfg.threshold || (c.cfg.negativeSlope as number)) unsupported(c, 'ReLU with threshold or negative slope');
  if (max == null) return activation(c, c.inputs[0]!, 'relu', c.sole(0));
  if (max === 6) return activation(c, c.inputs[0]!, 'relu6', c.sole(0));
  return unsupported(c, `ReLU capped at ${max} (TFLite has RELU6 only)`);
};

const identity: Emitter = (c) => c.inputs[0]!;

export const EMITTERS: Record<string, Emitter> = {
  Conv2D: conv,
  DepthwiseConv2D: depthwise,
  SeparableConv2D: separable,
  Dense: dense,
  MaxPooling2D: pool('MAX_POOL_2D'),
  AveragePooling2D: pool('AVERAGE_POOL_2D'),
  GlobalAveragePooling2D: globalPool(false),
  GlobalMaxPooling2D: globalPool(true),
  BatchNormalization: batchNorm,
  Flatten: flatten,
  ZeroPadding2D: zeroPad,
  Rescaling: (c) => affine(c, c.inputs[0]!, c.cfg.scale as number, (c.cfg.offset as number) ?? 0),
  Activation: (c) => activation(c, c.inputs[0]!, c.cfg.activation, c.sole(0)),
  ReLU: relu,
  LeakyReLU: (c) => c.g.node(name(c), 'LEAKY_RELU', [c.inputs[0]!], outShape(c), { kind: 'LeakyRelu', alpha: c.cfg.alpha as number }),
  ELU: (c) => ((c.cfg.alpha as number) === 1 ? activation(c, c.inputs[0]!, 'elu', false) : unsupported(c, `ELU with alpha ${String(c.cfg.alpha)} (TFLite's ELU has alpha 1)`)),
  Softmax: (c) => {
    const axis = c.cfg.axis as number;
    if (!(axis === -1 || axis === c.call.inputShapes[0]!.length - 1)) unsupported(c, `softmax over axis ${axis}`);
    return activation(c, c.inputs[0]!, 'softmax', false);
  },
  Dropout: identity,
  SpatialDropout1D: identity,
  GaussianNoise: identity,
  GaussianDropout: identity,
  AlphaDropout: identity,
  Add: merge('ADD'),
  Multiply: merge('MUL'),
  Maximum: merge('MAXIMUM'),
  Minimum: merge('MINIMUM'),
  Concatenate: (c) => {
    const r = c.call.inputShapes[0]!.length;
    const axis = (c.cfg.axis as number) < 0 ? (c.cfg.axis as number) + r : (c.cfg.axis as number);
    return c.g.node(name(c), 'CONCATENATION', c.inputs, outShape(c), { kind: 'Concatenation', axis, fused: 0 });
  },
};

/** Emits one layer call; throws EXPORT_UNSUPPORTED_LAYER naming the layer when there is no mapping. */
export function emitLayer(g: Graph, call: LayerCall, inputs: number[], sole: (i: number) => boolean): number {
  const layer = call.layer as tf.layers.Layer;
  const cfg = layer.getConfig() as Record<string, unknown>;
  const weights = tf.tidy(() => layer.getWeights().map((t) => ({ data: t.dataSync() as Float32Array, shape: t.shape })));
  const c: EmitContext = { g, call, inputs, cfg, weights, sole };
  const emit = EMITTERS[call.className];
  if (!emit) return unsupported(c, `no TFLite mapping for ${call.className} layers`);
  for (const s of call.inputShapes) if (s.length !== 4 && s.length !== 2) unsupported(c, `input of rank ${s.length}`);
  return emit(c);
}
