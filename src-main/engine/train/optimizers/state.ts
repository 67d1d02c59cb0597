/** What every optimizer shares: a learning-rate setter that works for all of them, and their state as bytes for checkpoints. */

import * as tf from '@tensorflow/tfjs';

/** SGD/momentum cache −lr in a scalar (setLearningRate refreshes it); the others read the field each step. */
export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  const o = opt as tf.Optimizer & { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === lr) return;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

export interface EncodedWeights { data: Uint8Array; specs: tf.io.WeightsManifestEntry[] }

/**
 * Encode tensors in order. Names get an index prefix because the order is what matters on restore (optimizers
 * match slots to variables by position, and variable names differ between processes).
 */
export async function encodeOrdered(tensors: tf.Tensor[]): Promise<EncodedWeights> {
  const named = tensors.map((tensor, i) => ({ name: `${i}`, tensor }));
  const { data, specs } = await tf.io.encodeWeights(named);
  return { data: new Uint8Array(data as ArrayBuffer), specs };
}

export function decodeOrdered(e: EncodedWeights): tf.Tensor[] {
  const buf = e.data.buffer.slice(e.data.byteOffset, e.data.byteOffset + e.data.byteLength) as ArrayBuffer;
  const map = tf.io.decodeWeights(buf, e.specs);
  return e.specs.map((s) => map[s.name]!);
}

/**
 * State that getWeights leaves out and setWeights recomputes with other rounding: Adam's running products β₁ᵗ, β₂ᵗ
 * come back as pow(β, t + 1), which differs from t float32 multiplications in the last bits, and a resumed run would
 * drift from the uninterrupted one. Saved as they are, under names that mark them.
 */
const EXACT = 'exact/';
function exactState(opt: tf.Optimizer): { name: string; variable: tf.Variable }[] {
  // By class name: tfjs's optimizers answer instanceof by duck typing (a momentum optimizer "is" an AdamOptimizer).
  const s = opt as unknown as { accBeta1?: tf.Variable; accBeta2?: tf.Variable };
  if (opt.getClassName() !== 'Adam' || !s.accBeta1 || !s.accBeta2) return [];
  return [{ name: `${EXACT}accBeta1`, variable: s.accBeta1 }, { name: `${EXACT}accBeta2`, variable: s.accBeta2 }];
}

/** The optimizer's slots (moments, iteration count, exact running products) as bytes; empty before its first step. */
export async function encodeOptimizer(opt: tf.Optimizer): Promise<EncodedWeights & { names: string[] }> {
  const weights = await opt.getWeights();
  if (weights.length === 0) return { ...(await encodeOrdered([])), names: [] };
  const all = [...weights.map((w) => ({ name: w.name, tensor: w.tensor as tf.Tensor })), ...exactState(opt).map((x) => ({ name: x.name, tensor: x.variable as tf.Tensor }))];
  const enc = await encodeOrdered(all.map((w) => w.tensor));
  // getWeights() makes a fresh scalar for the iteration count on every call; the rest are the live slots.
  tf.dispose(weights.filter((w) => w.name === 'iter').map((w) => w.tensor));
  return { ...enc, names: all.map((w) => w.name) };
}

export async function restoreOptimizer(opt: tf.Optimizer, e: EncodedWeights & { names: string[] }): Promise<void> {
  if (e.specs.length === 0) return;
  const tensors = decodeOrdered(e);
  const named = tensors.map((tensor, i) => ({ name: e.names[i]!, tensor }));
  await opt.setWeights(named.filter((w) => !w.name.startsWith(EXACT)));
  for (const x of exactState(opt)) {
    const saved = named.find((w) => w.name === x.name);
    if (saved) x.variable.assign(saved.tensor);
  }
  tf.dispose(tensors);
}
