/**
 * Post-training quantisation of our float graph, following the TFLite converter's conventions: int8 symmetric
 * weights (per channel for convolutions, per tensor for FULLY_CONNECTED), int32 biases at input × weight scale,
 * int8 asymmetric activations per tensor from calibration ranges, uint8 input and output around the int8 core.
 */

import * as tf from '@tensorflow/tfjs';
import { evaluate } from './evaluate';
import type { GTensor, Graph } from './graph';
import { modelDef, type TfliteOptions } from './index';
import { TensorType, type ModelDef, type QuantParams, type TensorDef } from './schema';

type Range = [number, number];

/** Min/max of every tensor over the calibration images (raw pixels, NHWC), in batches of 16. */
export function calibrate(g: Graph, input: number, pixels: Float32Array, shape: [number, number, number]): Map<number, Range> {
  const ranges = new Map<number, Range>();
  const per = shape[0] * shape[1] * shape[2];
  for (let at = 0; at < pixels.length; at += per * 16) {
    const chunk = pixels.subarray(at, Math.min(pixels.length, at + per * 16));
    tf.tidy(() => {
      evaluate(g, input, tf.tensor4d(chunk, [chunk.length / per, ...shape]), (t, v) => {
        const lo = v.min().dataSync()[0]!, hi = v.max().dataSync()[0]!;
        const r = ranges.get(t);
        ranges.set(t, r ? [Math.min(r[0], lo), Math.max(r[1], hi)] : [lo, hi]);
      });
    });
  }
  return ranges;
}

/** Asymmetric int8 parameters for a range (always containing 0, so zero is exact: padding and ReLU rely on it). */
export function asymmetric([lo, hi]: Range): QuantParams {
  const min = Math.min(0, lo), max = Math.max(0, hi, min + 1e-8);
  const scale = (max - min) / 255;
  const zp = Math.max(-128, Math.min(127, Math.round(-128 - min / scale)));
  return { scale: [scale], zeroPoint: [zp], min: [min], max: [max] };
}

const quantise = (x: number, q: QuantParams, i = 0, lo = -128, hi = 127): number =>
  Math.max(lo, Math.min(hi, Math.round(x / q.scale[i]!) + q.zeroPoint[i]!));

/** Symmetric int8 weights ([-127, 127], zero point 0), per channel along `axis` or per tensor. */
export function symmetricWeights(t: GTensor, perChannel: boolean): { q: Int8Array; params: QuantParams } {
  const d = t.data!, axis = t.channelAxis ?? 0, n = perChannel ? t.shape[axis]! : 1;
  const inner = t.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const chOf = (j: number): number => (perChannel ? Math.floor(j / inner) % n : 0);
  const maxAbs = new Float32Array(n);
  for (let j = 0; j < d.length; j++) maxAbs[chOf(j)] = Math.max(maxAbs[chOf(j)]!, Math.abs(d[j]!));
  // An all-zero channel gets scale 1, not a tiny one that would blow its bias's int32 scale up.
  const scale = Array.from(maxAbs, (m) => (m > 0 ? m / 127 : 1));
  const q = new Int8Array(d.length);
  for (let j = 0; j < d.length; j++) q[j] = Math.max(-127, Math.min(127, Math.round(d[j]! / scale[chOf(j)]!)));
  return { q, params: { scale, zeroPoint: scale.map(() => 0), ...(perChannel ? { axis } : {}) } };
}

const WEIGHTED = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED']);
/** Ops whose int8 kernels work on raw values, so output (and constant operands) share the first input's parameters. */
const SAME_AS_INPUT = new Set(['MAX_POOL_2D', 'AVERAGE_POOL_2D', 'RESHAPE', 'PAD', 'MAXIMUM', 'MINIMUM']);
/** Fixed output parameters the int8 kernels require. */
const FIXED: Record<string, QuantParams> = {
  SOFTMAX: { scale: [1 / 256], zeroPoint: [-128] },
  LOGISTIC: { scale: [1 / 256], zeroPoint: [-128] },
  TANH: { scale: [1 / 128], zeroPoint: [0] },
};

const bytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Full-integer model: uint8 `image` → QUANTIZE → int8 graph → QUANTIZE → uint8 `probabilities`. */
export function int8ModelDef(g: Graph, input: number, output: number, ranges: Map<number, Range>, opts: TfliteOptions): ModelDef {
  const params = new Map<number, QuantParams>();
  const act = (t: number): QuantParams => {
    if (!params.has(t)) params.set(t, asymmetric(ranges.get(t) ?? [0, 1]));
    return params.get(t)!;
  };
  act(input);
  for (const n of g.nodes) {
    const out = n.outputs[0]!;
    if (FIXED[n.op]) params.set(out, FIXED[n.op]!);
    else if (SAME_AS_INPUT.has(n.op)) params.set(out, act(n.inputs[0]!));
    else act(out);
    // Constant operands of elementwise ops: their own range, or the input's where the kernel needs equal scales.
    if (!WEIGHTED.has(n.op)) for (const i of n.inputs.slice(1)) {
      const t = g.tensors[i]!;
      if (t.data) params.set(i, SAME_AS_INPUT.has(n.op) ? act(n.inputs[0]!) : asymmetric([Math.min(...t.data), Math.max(...t.data)]));
    }
  }
  const buffers: Uint8Array[] = [new Uint8Array(0)];
  const buf = (a: ArrayBufferView): number => { buffers.push(bytes(a)); return buffers.length - 1; };
  const tensors: TensorDef[] = g.tensors.map((t) => ({ name: t.name, shape: t.shape, type: TensorType.INT8, buffer: 0 }));
  const weightScale = new Map<number, number[]>();
  for (const n of g.nodes) {
    if (!WEIGHTED.has(n.op)) continue;
    const [, w, b] = n.inputs as [number, number, number];
    const { q, params: wp } = symmetricWeights(g.tensors[w]!, n.op !== 'FULLY_CONNECTED');
    tensors[w] = { ...tensors[w]!, buffer: buf(q), quant: wp };
    weightScale.set(w, wp.scale);
    const sIn = act(n.inputs[0]!).scale[0]!;
    const bScale = g.tensors[b]!.data!.map((_, c) => sIn * wp.scale[wp.scale.length === 1 ? 0 : c]!);
    const bq = Int32Array.from(g.tensors[b]!.data!, (v, c) => Math.max(-2147483647, Math.min(2147483647, Math.round(v / bScale[c]!))));
    // One bias scale per weight scale: per-tensor weights get a per-tensor bias (readers check the counts match).
    const bq8: QuantParams = wp.scale.length === 1 ? { scale: [bScale[0]!], zeroPoint: [0] } : { scale: Array.from(bScale), zeroPoint: Array.from(bScale, () => 0), axis: 0 };
    tensors[b] = { ...tensors[b]!, type: TensorType.INT32, buffer: buf(bq), quant: bq8 };
  }
  g.tensors.forEach((t, i) => {
    if (t.int32) tensors[i] = { ...tensors[i]!, type: TensorType.INT32, buffer: buf(t.int32) };
    else if (t.data && !tensors[i]!.quant) {
      const p = params.get(i) ?? asymmetric([Math.min(...t.data), Math.max(...t.data)]);
      tensors[i] = { ...tensors[i]!, buffer: buf(Int8Array.from(t.data, (v) => quantise(v, p))), quant: p };
    } else if (!t.data && params.has(i)) tensors[i] = { ...tensors[i]!, quant: params.get(i)! };
  });
  // uint8 ends: the same real values, zero point shifted by 128 (exact requantisation).
  const shift = (p: QuantParams): QuantParams => ({ scale: p.scale, zeroPoint: [p.zeroPoint[0]! + 128] });
  tensors[input] = { ...tensors[input]!, name: 'image_int8' };
  tensors[output] = { ...tensors[output]!, name: 'probabilities_int8' };
  const u8In = tensors.push({ name: 'image', shape: g.tensors[input]!.shape, signature: [-1, ...g.tensors[input]!.shape.slice(1)], type: TensorType.UINT8, buffer: 0, quant: shift(act(input)) }) - 1;
  const u8Out = tensors.push({ name: 'probabilities', shape: g.tensors[output]!.shape, signature: [-1, ...g.tensors[output]!.shape.slice(1)], type: TensorType.UINT8, buffer: 0, quant: shift(params.get(output)!) }) - 1;
  const def = modelDef(g, tensors, buffers, u8In, u8Out, opts);
  def.operators = [{ op: 'QUANTIZE', inputs: [u8In], outputs: [input] }, ...def.operators, { op: 'QUANTIZE', inputs: [output], outputs: [u8Out] }];
  return def;
}

/** Weight-only ("dynamic range") model: int8 weights, each DEQUANTIZEd to float for float kernels. */
export function dynamicModelDef(def: ModelDef, g: Graph): ModelDef {
  const deq: ModelDef['operators'] = [];
  for (const n of g.nodes) {
    if (!WEIGHTED.has(n.op)) continue;
    const w = n.inputs[1]!;
    const { q, params } = symmetricWeights(g.tensors[w]!, n.op !== 'FULLY_CONNECTED');
    def.buffers.push(bytes(q));
    const qi = def.tensors.push({ name: `${g.tensors[w]!.name}_int8`, shape: g.tensors[w]!.shape, type: TensorType.INT8, buffer: def.buffers.length - 1, quant: params }) - 1;
    // The float weight tensor becomes the DEQUANTIZE output: its float buffer is emptied, not kept as dead weight.
    def.buffers[def.tensors[w]!.buffer] = new Uint8Array(0);
    def.tensors[w] = { ...def.tensors[w]!, buffer: 0 };
    deq.push({ op: 'DEQUANTIZE', inputs: [qi], outputs: [w] });
  }
  return { ...def, operators: [...deq, ...def.operators] };
}

/**
 * A dynamic-range model with every DEQUANTIZE folded into a float constant holding its int8 weights' values: what
 * float kernels compute from that file, in the form a reader that needs constant weights (Arm NN 22) accepts.
 */
export function foldDequantize(def: ModelDef): ModelDef {
  const tensors = [...def.tensors];
  const buffers = [...def.buffers];
  for (const op of def.operators) {
    if (op.op !== 'DEQUANTIZE') continue;
    const qt = tensors[op.inputs[0]!]!, p = qt.quant!, raw = buffers[qt.buffer]!;
    const q = new Int8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    const axis = p.axis ?? 0, n = p.scale.length;
    const inner = qt.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const ch = (j: number): number => (n === 1 ? 0 : Math.floor(j / inner) % n);
    buffers.push(bytes(Float32Array.from(q, (v, j) => (v - p.zeroPoint[ch(j)]!) * p.scale[ch(j)]!)));
    tensors[op.outputs[0]!] = { ...tensors[op.outputs[0]!]!, buffer: buffers.length - 1 };
  }
  return { ...def, tensors, buffers, operators: def.operators.filter((o) => o.op !== 'DEQUANTIZE') };
}
