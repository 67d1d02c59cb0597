/**
 * Hand-written FlatBuffer writers for the part of TFLite's schema.fbs (schema version 3, file identifier "TFL3",
 * as in tensorflow/compiler/mlir/lite/schema/schema.fbs at commit 0373b8f3cb4d5033ac26e388f1e10a5126654200) that
 * Hebb's exports use. Field slots and enum values are copied from that schema; the flatc-generated code is not
 * vendored (see the README's export section for why).
 */

import * as fb from 'flatbuffers';

export const SCHEMA_VERSION = 3;
export const FILE_IDENTIFIER = 'TFL3';

/** enum TensorType : byte */
export const TensorType = { FLOAT32: 0, INT32: 2, UINT8: 3, INT8: 9 } as const;
export type TensorTypeId = (typeof TensorType)[keyof typeof TensorType];

/** enum BuiltinOperator : int32 (only the operators we emit). */
export const Op = {
  ADD: 0, AVERAGE_POOL_2D: 1, CONCATENATION: 2, CONV_2D: 3, DEPTHWISE_CONV_2D: 4, DEQUANTIZE: 6, EXP: 47, FULLY_CONNECTED: 9,
  LOGISTIC: 14, MAX_POOL_2D: 17, MUL: 18, RELU: 19, RELU6: 21, RESHAPE: 22, SOFTMAX: 25, TANH: 28, PAD: 34, MEAN: 40,
  MAXIMUM: 55, MINIMUM: 57, LEAKY_RELU: 98, ELU: 111, QUANTIZE: 114,
} as const;
export type OpName = keyof typeof Op;

/** enum ActivationFunctionType : byte */
export const Fused = { NONE: 0, RELU: 1, RELU6: 3 } as const;
export type FusedName = keyof typeof Fused;

/** enum Padding : byte */
export const Padding = { SAME: 0, VALID: 1 } as const;

/** One builtin options table: its index in union BuiltinOptions and its fields, written in slot order. */
export type Options =
  | { kind: 'Conv2D'; padding: 0 | 1; strideW: number; strideH: number; fused: number; dilationW: number; dilationH: number }
  | { kind: 'DepthwiseConv2D'; padding: 0 | 1; strideW: number; strideH: number; depthMultiplier: number; fused: number; dilationW: number; dilationH: number }
  | { kind: 'Pool2D'; padding: 0 | 1; strideW: number; strideH: number; filterW: number; filterH: number; fused: number }
  | { kind: 'FullyConnected'; fused: number }
  | { kind: 'Softmax'; beta: number }
  | { kind: 'Concatenation'; axis: number; fused: number }
  | { kind: 'Add'; fused: number }
  | { kind: 'Mul'; fused: number }
  | { kind: 'Reshape'; newShape: number[] }
  | { kind: 'Pad' }
  | { kind: 'Reducer'; keepDims: boolean }
  | { kind: 'MaximumMinimum' }
  | { kind: 'LeakyRelu'; alpha: number };

/** union BuiltinOptions: 1-based position of each table in the schema's list. */
const UNION_INDEX: Record<Options['kind'], number> = {
  Conv2D: 1, DepthwiseConv2D: 2, Pool2D: 5, FullyConnected: 8, Softmax: 9, Concatenation: 10, Add: 11, Reshape: 17,
  Mul: 21, Pad: 22, Reducer: 27, MaximumMinimum: 39, LeakyRelu: 75,
};

export interface QuantParams {
  scale: number[];
  zeroPoint: number[];
  /** The axis `scale` runs along when it has more than one entry. */
  axis?: number;
  min?: number[];
  max?: number[];
}

export interface TensorDef {
  name: string;
  shape: number[];
  /** -1 where the size is free (the batch). @default shape */
  signature?: number[];
  type: TensorTypeId;
  /** Index into the model's buffers; 0 is the empty sentinel. */
  buffer: number;
  quant?: QuantParams;
}

export interface OperatorDef {
  op: OpName;
  inputs: number[];
  outputs: number[];
  options?: Options;
}

export interface ModelDef {
  description: string;
  tensors: TensorDef[];
  operators: OperatorDef[];
  inputs: number[];
  outputs: number[];
  /** buffers[0] must be empty. */
  buffers: Uint8Array[];
  /** Named metadata entries, each pointing at a buffer. */
  metadata: { name: string; buffer: number }[];
}

const intVector = (b: fb.Builder, xs: number[]): fb.Offset => {
  b.startVector(4, xs.length, 4);
  for (let i = xs.length - 1; i >= 0; i--) b.addInt32(xs[i]!);
  return b.endVector();
};
const floatVector = (b: fb.Builder, xs: number[]): fb.Offset => {
  b.startVector(4, xs.length, 4);
  for (let i = xs.length - 1; i >= 0; i--) b.addFloat32(xs[i]!);
  return b.endVector();
};
const longVector = (b: fb.Builder, xs: number[]): fb.Offset => {
  b.startVector(8, xs.length, 8);
  for (let i = xs.length - 1; i >= 0; i--) b.addInt64(BigInt(xs[i]!));
  return b.endVector();
};
const offsetVector = (b: fb.Builder, xs: fb.Offset[]): fb.Offset => {
  b.startVector(4, xs.length, 4);
  for (let i = xs.length - 1; i >= 0; i--) b.addOffset(xs[i]!);
  return b.endVector();
};

function writeOptions(b: fb.Builder, o: Options): fb.Offset {
  const i32 = (slot: number, v: number, d = 0): void => b.addFieldInt32(slot, v, d);
  const i8 = (slot: number, v: number): void => b.addFieldInt8(slot, v, 0);
  const newShape = o.kind === 'Reshape' ? intVector(b, o.newShape) : 0;
  switch (o.kind) {
    case 'Conv2D': b.startObject(6); i8(0, o.padding); i32(1, o.strideW); i32(2, o.strideH); i8(3, o.fused); i32(4, o.dilationW, 1); i32(5, o.dilationH, 1); break;
    case 'DepthwiseConv2D': b.startObject(7); i8(0, o.padding); i32(1, o.strideW); i32(2, o.strideH); i32(3, o.depthMultiplier); i8(4, o.fused); i32(5, o.dilationW, 1); i32(6, o.dilationH, 1); break;
    case 'Pool2D': b.startObject(6); i8(0, o.padding); i32(1, o.strideW); i32(2, o.strideH); i32(3, o.filterW); i32(4, o.filterH); i8(5, o.fused); break;
    case 'FullyConnected': b.startObject(1); i8(0, o.fused); break;
    case 'Softmax': b.startObject(1); b.addFieldFloat32(0, o.beta, 0); break;
    case 'Concatenation': b.startObject(2); i32(0, o.axis); i8(1, o.fused); break;
    case 'Add': case 'Mul': b.startObject(1); i8(0, o.fused); break;
    case 'Reshape': b.startObject(1); b.addFieldOffset(0, newShape, 0); break;
    case 'Reducer': b.startObject(1); b.addFieldInt8(0, o.keepDims ? 1 : 0, 0); break;
    case 'LeakyRelu': b.startObject(1); b.addFieldFloat32(0, o.alpha, 0); break;
    case 'Pad': case 'MaximumMinimum': b.startObject(0); break;
  }
  return b.endObject();
}

function writeQuant(b: fb.Builder, q: QuantParams): fb.Offset {
  const min = q.min ? floatVector(b, q.min) : 0, max = q.max ? floatVector(b, q.max) : 0;
  const scale = floatVector(b, q.scale), zp = longVector(b, q.zeroPoint);
  b.startObject(7);
  if (min) b.addFieldOffset(0, min, 0);
  if (max) b.addFieldOffset(1, max, 0);
  b.addFieldOffset(2, scale, 0);
  b.addFieldOffset(3, zp, 0);
  b.addFieldInt32(6, q.axis ?? 0, 0);
  return b.endObject();
}

function writeTensor(b: fb.Builder, t: TensorDef): fb.Offset {
  const shape = intVector(b, t.shape), sig = intVector(b, t.signature ?? t.shape), name = b.createString(t.name);
  const quant = t.quant ? writeQuant(b, t.quant) : 0;
  b.startObject(9);
  b.addFieldOffset(0, shape, 0);
  b.addFieldInt8(1, t.type, 0);
  b.addFieldInt32(2, t.buffer, 0);
  b.addFieldOffset(3, name, 0);
  if (quant) b.addFieldOffset(4, quant, 0);
  b.addFieldOffset(7, sig, 0);
  b.addFieldInt8(8, 1, 0); // has_rank
  return b.endObject();
}

function writeBuffer(b: fb.Builder, data: Uint8Array): fb.Offset {
  if (data.length === 0) { b.startObject(3); return b.endObject(); }
  // force_align: 16 in the schema, so mmap'ed weights are aligned for SIMD loads.
  b.startVector(1, data.length, 16);
  for (let i = data.length - 1; i >= 0; i--) b.addInt8(data[i]!);
  const v = b.endVector();
  b.startObject(3);
  b.addFieldOffset(0, v, 0);
  return b.endObject();
}

/** Serialises a model; operator codes are collected from the operators in first-use order. */
export function writeModel(m: ModelDef): Uint8Array {
  const b = new fb.Builder(1 << 20);
  const codes: OpName[] = [];
  for (const o of m.operators) if (!codes.includes(o.op)) codes.push(o.op);
  const codeOffsets = codes.map((c) => {
    const v = Op[c];
    b.startObject(4);
    b.addFieldInt8(0, Math.min(v, 127), 0); // deprecated_builtin_code: readers before schema 3a look here
    b.addFieldInt32(2, 1, 1);
    b.addFieldInt32(3, v, 0);
    return b.endObject();
  });
  const ops = m.operators.map((o) => {
    const opts = o.options ? writeOptions(b, o.options) : 0;
    const ins = intVector(b, o.inputs), outs = intVector(b, o.outputs);
    b.startObject(5);
    b.addFieldInt32(0, codes.indexOf(o.op), 0);
    b.addFieldOffset(1, ins, 0);
    b.addFieldOffset(2, outs, 0);
    if (o.options) { b.addFieldInt8(3, UNION_INDEX[o.options.kind], 0); b.addFieldOffset(4, opts, 0); }
    return b.endObject();
  });
  const tensors = m.tensors.map((t) => writeTensor(b, t));
  const sgTensors = offsetVector(b, tensors), sgIn = intVector(b, m.inputs), sgOut = intVector(b, m.outputs), sgOps = offsetVector(b, ops);
  const sgName = b.createString('main');
  b.startObject(5);
  b.addFieldOffset(0, sgTensors, 0);
  b.addFieldOffset(1, sgIn, 0);
  b.addFieldOffset(2, sgOut, 0);
  b.addFieldOffset(3, sgOps, 0);
  b.addFieldOffset(4, sgName, 0);
  const subgraph = b.endObject();
  const buffers = offsetVector(b, m.buffers.map((d) => writeBuffer(b, d)));
  const metadata = offsetVector(b, m.metadata.map((md) => {
    const name = b.createString(md.name);
    b.startObject(2);
    b.addFieldOffset(0, name, 0);
    b.addFieldInt32(1, md.buffer, 0);
    return b.endObject();
  }));
  const opCodes = offsetVector(b, codeOffsets), subgraphs = offsetVector(b, [subgraph]), desc = b.createString(m.description);
  b.startObject(8);
  b.addFieldInt32(0, SCHEMA_VERSION, 0);
  b.addFieldOffset(1, opCodes, 0);
  b.addFieldOffset(2, subgraphs, 0);
  b.addFieldOffset(3, desc, 0);
  b.addFieldOffset(4, buffers, 0);
  b.addFieldOffset(6, metadata, 0);
  b.finish(b.endObject(), FILE_IDENTIFIER);
  return b.asUint8Array();
}
