/** Add for the wasm backend when one side is a bias vector broadcast over rows (conv and dense layers in training): one SIMD pass instead of the stock kernel's general broadcasting loop (~4× slower). */

import * as tf from '@tensorflow/tfjs';
import { alloc, runStock, type KernelArgs } from './heap';
import { heapOffset, simdFor } from './simd';

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** [big, vector] when `vector` is [C] (leading 1s allowed) and C is big's last dimension; otherwise null. */
export function biasOperands(a: tf.TensorInfo, b: tf.TensorInfo): [tf.TensorInfo, tf.TensorInfo] | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  for (const [big, vec] of [[a, b], [b, a]] as const) {
    const C = big.shape[big.shape.length - 1];
    if (big.shape.length < 2 || C === undefined || vec.shape.length > big.shape.length) continue;
    if (vec.shape[vec.shape.length - 1] !== C || size(vec.shape) !== C || size(big.shape) === C) continue;
    return [big, vec];
  }
  return null;
}

export function add({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const pair = biasOperands(a, b);
  const simd = pair ? simdFor(backend) : null;
  if (!pair || !simd) return runStock('Add', backend, inputs, attrs);
  const [big, vec] = pair;
  const C = size(vec.shape);
  const out = alloc(backend, big.shape);
  simd.addrow(heapOffset(backend, big), size(big.shape) / C, C, heapOffset(backend, vec), heapOffset(backend, out));
  return out;
}
