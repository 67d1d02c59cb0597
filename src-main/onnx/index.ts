/** Converts a tfjs LayersModel to an ONNX ModelProto whose input is the raw resized image (float32 NHWC, 0–255 by default). Below engine/ (which runs its graphs in onnxruntime) and export/ (which writes them for users). */

import type * as tf from '@tensorflow/tfjs';
import { HebbError } from '../core/errors';
import type { ExportPreprocess } from '#contract/export';
import { flattenModel } from './walk';
import { GraphBuilder, OPSET, onnx, valueInfo } from './builder';
import { emitLayer } from './layers';

export const ONNX_INPUT = 'image';
export const ONNX_OUTPUT = 'probabilities';

export interface OnnxOptions {
  preprocess: ExportPreprocess;
  labels: string[];
  /** Free text stored in the model's doc_string. */
  description?: string;
  /** The graph's output name. @default ONNX_OUTPUT */
  output?: string;
}

/** Builds the ONNX model bytes: normalise (Mul/Add) → NHWC→NCHW transpose → one emitter per layer → probabilities. */
export function toOnnx(model: tf.LayersModel, opts: OnnxOptions): Uint8Array {
  const g = flattenModel(model);
  if (g.inputs.length !== 1 || g.outputs.length !== 1) {
    throw new HebbError('EXPORT_UNSUPPORTED_LAYER', `ONNX export needs one input and one output (model has ${g.inputs.length} and ${g.outputs.length})`, undefined, { layer: model.name, format: 'onnx' });
  }
  const b = new GraphBuilder();
  const input = g.inputs[0]!;
  const { scale = 1 / 255, offset = 0 } = opts.preprocess;
  // Input already in the model's range (scale 1): no Mul node, so the graph starts at its first real op.
  let x = scale === 1 ? ONNX_INPUT : b.node('Mul', [ONNX_INPUT, b.floatConst('scale', [scale], [])]);
  if (offset !== 0) x = b.node('Add', [x, b.floatConst('offset', [offset], [])]);
  const names = new Map<string, string>([[input.name, input.shape.length === 4 ? b.node('Transpose', [x], { perm: [0, 3, 1, 2] }) : x]]);
  for (const call of g.calls) {
    const ins = call.inputs.map((n) => names.get(n)!);
    names.set(call.outputs[0]!, emitLayer(b, call, ins));
  }
  const out = g.outputs[0]!;
  let y = names.get(out.name)!;
  if (out.shape.length === 4) y = b.node('Transpose', [y], { perm: [0, 2, 3, 1] });
  b.node('Identity', [y], {}, opts.output ?? ONNX_OUTPUT);

  const inShape = input.shape.map((d, i) => (i === 0 ? null : d));
  const proto = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'hebb-studio',
    producerVersion: '0.1.0',
    docString: opts.description ?? 'Image classifier exported by Hebb Studio',
    metadataProps: [
      { key: 'labels', value: JSON.stringify(opts.labels) },
      { key: 'preprocess', value: JSON.stringify(opts.preprocess) },
    ],
    graph: {
      name: model.name,
      node: b.nodes,
      initializer: b.initializers,
      input: [valueInfo(ONNX_INPUT, inShape)],
      output: [valueInfo(opts.output ?? ONNX_OUTPUT, out.shape.map((d, i) => (i === 0 ? null : d)))],
    },
  });
  return onnx.ModelProto.encode(proto).finish();
}
