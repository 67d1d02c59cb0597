/**
 * `archOptions.unfreeze: N` for transfer models: cut the backbone before its last N blocks, so the frozen part
 * (image → feature map) still runs as one graph and the head (last N blocks → pooling → softmax) trains on tfjs.
 * The blocks start frozen; the job makes them trainable after a first epoch of the head alone.
 */

import * as tf from '@tensorflow/tfjs';
import { HebbError } from '../../core/errors';

interface Sym { id: number; shape: (number | null)[] }
interface NodeLike { inputTensors: Sym[]; outputTensors: Sym[] }
const node0 = (l: tf.layers.Layer): NodeLike => (l as unknown as { inboundNodes: NodeLike[] }).inboundNodes[0]!;

/** The backbone's block numbers (layers named `block_<k>_…`, as Keras's MobileNetV2 names them), ascending. */
export function backboneBlocks(model: tf.LayersModel): number[] {
  const ks = new Set<number>();
  for (const l of model.layers) { const m = /^block_(\d+)_/.exec(l.name); if (m) ks.add(Number(m[1])); }
  return [...ks].sort((a, b) => a - b);
}

export interface FineTuneParts {
  /** Image → the feature map entering the first unfrozen block; never trained. */
  features: tf.LayersModel;
  /** That feature map → class probabilities, sharing the full model's layers and weights. */
  head: tf.LayersModel;
  /** The backbone layers inside the head: made trainable when fine-tuning starts. */
  unfrozen: tf.layers.Layer[];
}

/** Split a transfer model before its last `n` backbone blocks. */
export function fineTuneParts(model: tf.LayersModel, n: number): FineTuneParts {
  const blocks = backboneBlocks(model);
  if (!blocks.length) throw new HebbError('INVALID_ARCHITECTURE', 'archOptions.unfreeze needs a backbone whose layers are named block_<k>_… (as Keras\'s MobileNetV2); this one has none');
  if (!Number.isInteger(n) || n < 1 || n > blocks.length) throw new HebbError('INVALID_ARCHITECTURE', `archOptions.unfreeze must be a whole number of blocks in 1..${blocks.length} (got ${n})`);
  const k = blocks[blocks.length - n]!;
  const start = model.layers.findIndex((l) => l.name.startsWith(`block_${k}_`));
  const cut = node0(model.layers[start]!).inputTensors[0]!;
  const input = tf.input({ shape: cut.shape.slice(1) as number[], name: 'backbone_cut' });
  const map = new Map<number, tf.SymbolicTensor>([[cut.id, input]]);
  const gapAt = model.layers.findIndex((l) => l.name === 'head_gap');
  for (const layer of model.layers.slice(start)) {
    const nd = node0(layer);
    const ins = nd.inputTensors.map((t) => map.get(t.id));
    if (ins.some((t) => !t)) throw new HebbError('INVALID_ARCHITECTURE', `archOptions.unfreeze: layer '${layer.name}' reads a tensor from before the cut at block ${k}; choose another number of blocks`);
    const out = layer.apply(ins.length === 1 ? ins[0]! : (ins as tf.SymbolicTensor[])) as tf.SymbolicTensor;
    map.set(nd.outputTensors[0]!.id, out);
  }
  const last = model.outputs[0] as unknown as Sym;
  return {
    features: tf.model({ name: 'transfer_features', inputs: model.inputs, outputs: cut as unknown as tf.SymbolicTensor }),
    head: tf.model({ name: 'transfer_head', inputs: input, outputs: map.get(last.id)! }),
    unfrozen: model.layers.slice(start, gapAt).filter((l) => l.weights.length > 0),
  };
}
