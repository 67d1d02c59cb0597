/** Flattens a tfjs LayersModel (Sequential, functional, or with nested models) into a topologically ordered list of layer calls. */

import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs's (internal) SymbolicTensor and Node we rely on. */
interface SymTensor {
  id: number;
  shape: (number | null)[];
  sourceLayer: tf.layers.Layer;
  nodeIndex: number;
  tensorIndex: number;
}
interface LayerNode {
  inputTensors: SymTensor[];
  outputTensors: SymTensor[];
}

/** One application of a leaf layer, with tensor names unique across the flattened graph. */
export interface LayerCall {
  layer: tf.layers.Layer;
  className: string;
  inputs: string[];
  outputs: string[];
  inputShapes: (number | null)[][];
  outputShapes: (number | null)[][];
}

export interface FlatGraph {
  inputs: { name: string; shape: (number | null)[] }[];
  outputs: { name: string; shape: (number | null)[] }[];
  calls: LayerCall[];
}

export const isContainer = (layer: tf.layers.Layer): layer is tf.LayersModel => layer instanceof tf.LayersModel;

const nodeOf = (t: SymTensor): LayerNode =>
  (t.sourceLayer as unknown as { inboundNodes: LayerNode[] }).inboundNodes[t.nodeIndex]!;

/**
 * Walks back from `model.outputs` to `model.inputs`. Nested models are inlined: their own graph is walked with
 * their input tensors renamed to the caller's tensors, so the result only holds leaf layers.
 */
export function flattenModel(model: tf.LayersModel): FlatGraph {
  const calls: LayerCall[] = [];
  const inputs = (model.inputs as unknown as SymTensor[]).map((t) => ({ name: `t${t.id}`, shape: t.shape }));
  const outNames = walk(model, new Map(), '', calls);
  const outputs = (model.outputs as unknown as SymTensor[]).map((t, i) => ({ name: outNames[i]!, shape: t.shape }));
  return { inputs, outputs, calls };
}

/** Emits the calls of `model`'s graph; `rename` maps this graph's input tensor ids to outer names. Returns output names. */
function walk(model: tf.LayersModel, rename: Map<number, string>, prefix: string, calls: LayerCall[]): string[] {
  const modelInputs = new Set((model.inputs as unknown as SymTensor[]).map((t) => t.id));
  const named = new Map<number, string>();
  const nameOf = (t: SymTensor): string => {
    if (rename.has(t.id)) return rename.get(t.id)!;
    return named.get(t.id) ?? `${prefix}t${t.id}`;
  };
  const visited = new Set<LayerNode>();
  const visit = (t: SymTensor): void => {
    if (modelInputs.has(t.id)) return;
    const node = nodeOf(t);
    if (visited.has(node)) return;
    visited.add(node);
    node.inputTensors.forEach(visit);
    const layer = t.sourceLayer;
    if (layer.getClassName() === 'InputLayer') return;
    const inNames = node.inputTensors.map(nameOf);
    if (isContainer(layer)) {
      const inner = new Map<number, string>();
      (layer.inputs as unknown as SymTensor[]).forEach((it, i) => inner.set(it.id, inNames[i]!));
      const outs = walk(layer, inner, `${prefix}${layer.name}/`, calls);
      node.outputTensors.forEach((ot, i) => named.set(ot.id, outs[i]!));
      return;
    }
    calls.push({
      layer,
      className: layer.getClassName(),
      inputs: inNames,
      outputs: node.outputTensors.map(nameOf),
      inputShapes: node.inputTensors.map((x) => x.shape),
      outputShapes: node.outputTensors.map((x) => x.shape),
    });
  };
  const outs = model.outputs as unknown as SymTensor[];
  outs.forEach(visit);
  return outs.map(nameOf);
}

/** Every leaf layer that owns weights, in model order, with nested models expanded. */
export function leafLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.flatMap((l) => (isContainer(l) ? leafLayers(l) : [l]));
}
