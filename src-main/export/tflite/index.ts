/** Converts a tfjs LayersModel to a TFLite FlatBuffer whose input is the raw resized image (NHWC, 0–255). */

import type * as tf from '@tensorflow/tfjs';
import { HebbError } from '../../core/errors';
import type { ExportPreprocess } from '#contract/export';
import { flattenModel } from '../../onnx/walk';
import { Graph, type GTensor } from './graph';
import { affine, emitLayer } from './layers';
import { writeModel, TensorType, type ModelDef, type TensorDef } from './schema';

export const TFLITE_INPUT = 'image';
export const TFLITE_OUTPUT = 'probabilities';

export interface TfliteOptions {
  preprocess: ExportPreprocess;
  labels: string[];
  /** Free text stored in the model's description. */
  description?: string;
}

/** Lowers the model to a float graph: normalise (MUL/ADD) → one emitter per layer, with BN folded and ReLUs fused. */
export function buildGraph(model: tf.LayersModel, pre: ExportPreprocess): { g: Graph; input: number; output: number } {
  const flat = flattenModel(model);
  if (flat.inputs.length !== 1 || flat.outputs.length !== 1) {
    throw new HebbError('EXPORT_UNSUPPORTED_LAYER', `TFLite export needs one input and one output (model has ${flat.inputs.length} and ${flat.outputs.length})`, undefined, { layer: model.name, format: 'tflite' });
  }
  const uses = new Map<string, number>();
  for (const call of flat.calls) for (const n of call.inputs) uses.set(n, (uses.get(n) ?? 0) + 1);
  for (const o of flat.outputs) uses.set(o.name, (uses.get(o.name) ?? 0) + 1);
  const g = new Graph();
  const inShape = flat.inputs[0]!.shape.map((d) => d ?? 1);
  const input = g.tensor({ name: TFLITE_INPUT, shape: inShape });
  const ctx = { g, call: { layer: { name: 'input' } } } as unknown as Parameters<typeof affine>[0];
  const names = new Map<string, number>([[flat.inputs[0]!.name, affine(ctx, input, pre.scale ?? 1 / 255, pre.offset ?? 0)]]);
  for (const call of flat.calls) {
    const ins = call.inputs.map((n) => names.get(n)!);
    names.set(call.outputs[0]!, emitLayer(g, call, ins, (i) => uses.get(call.inputs[i]!) === 1));
  }
  const output = names.get(flat.outputs[0]!.name)!;
  // The graph output must be a tensor an operator writes (a model that is all identities still needs one op).
  if (output === input) throw new HebbError('EXPORT_UNSUPPORTED_LAYER', 'TFLite export needs at least one operator', undefined, { layer: model.name, format: 'tflite' });
  g.tensors[output]!.name = TFLITE_OUTPUT;
  return { g, input, output };
}

const bytes = (a: Float32Array | Int32Array | Int8Array | Uint8Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Float serialisation: every constant gets its own buffer; activations use the empty buffer 0. */
export function floatModelDef(g: Graph, input: number, output: number, opts: TfliteOptions): ModelDef {
  const buffers: Uint8Array[] = [new Uint8Array(0)];
  const tensors: TensorDef[] = g.tensors.map((t: GTensor, i) => {
    let buffer = 0;
    if (t.data || t.int32) { buffers.push(bytes(t.data ?? t.int32!)); buffer = buffers.length - 1; }
    const free = i === input || i === output;
    return { name: t.name, shape: t.shape, ...(free ? { signature: [-1, ...t.shape.slice(1)] } : {}), type: t.int32 ? TensorType.INT32 : TensorType.FLOAT32, buffer };
  });
  return modelDef(g, tensors, buffers, input, output, opts);
}

/** The parts every variant shares: operators, inputs/outputs, and labels + preprocessing as model metadata. */
export function modelDef(g: Graph, tensors: TensorDef[], buffers: Uint8Array[], input: number, output: number, opts: TfliteOptions): ModelDef {
  const meta = (s: string): number => { buffers.push(new TextEncoder().encode(s)); return buffers.length - 1; };
  const metadata = [
    { name: 'labels', buffer: meta(JSON.stringify(opts.labels)) },
    { name: 'preprocess', buffer: meta(JSON.stringify(opts.preprocess)) },
  ];
  return {
    description: opts.description ?? 'Image classifier exported by Hebb Studio',
    tensors,
    operators: g.nodes.map((n) => ({ op: n.op, inputs: n.inputs, outputs: n.outputs, ...(n.options ? { options: n.options } : {}) })),
    inputs: [input],
    outputs: [output],
    buffers,
    metadata,
  };
}

/** The float32 .tflite bytes. */
export function toTflite(model: tf.LayersModel, opts: TfliteOptions): Uint8Array {
  const { g, input, output } = buildGraph(model, opts.preprocess);
  return writeModel(floatModelDef(g, input, output, opts));
}
