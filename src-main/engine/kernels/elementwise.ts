/**
 * Add, Multiply and Sub for the wasm backend when one side is a per-channel vector broadcast over rows (bias adds,
 * batch norm's centring and scaling, their gradients): one SIMD pass instead of the stock kernels' general
 * broadcasting loop (~4× slower than their same-shape case). Every other case goes to the stock kernel.
 */

import * as tf from '@tensorflow/tfjs';
import { alloc, free, runStock, views, type KernelArgs, type WasmBackend } from './heap';
import { heapOffset, simdFor, type SimdExports } from './simd';

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** [big, vector, vectorFirst] when one side is [C] (leading 1s allowed) and C is the other's last dimension; otherwise null. */
export function rowOperands(a: tf.TensorInfo, b: tf.TensorInfo): [tf.TensorInfo, tf.TensorInfo, boolean] | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  for (const [big, vec, vectorFirst] of [[a, b, false], [b, a, true]] as const) {
    const C = big.shape[big.shape.length - 1];
    if (big.shape.length < 2 || C === undefined || vec.shape.length > big.shape.length) continue;
    if (vec.shape[vec.shape.length - 1] !== C || size(vec.shape) !== C || size(big.shape) === C) continue;
    return [big, vec, vectorFirst];
  }
  return null;
}

type RowFn = keyof Pick<SimdExports, 'addrow' | 'mulrow'>;

function rowOp(fn: RowFn, backend: WasmBackend, simd: SimdExports, big: tf.TensorInfo, vec: tf.TensorInfo): tf.TensorInfo {
  const C = size(vec.shape);
  const out = alloc(backend, big.shape);
  simd[fn](heapOffset(backend, big), size(big.shape) / C, C, heapOffset(backend, vec), heapOffset(backend, out));
  return out;
}

/** Both operand orders: addition and multiplication commute. */
function commutative(kernel: 'Add' | 'Multiply', fn: RowFn) {
  return ({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const pair = rowOperands(a, b);
    const simd = pair ? simdFor(backend) : null;
    if (!pair || !simd) return runStock(kernel, backend, inputs, attrs);
    return rowOp(fn, backend, simd, pair[0], pair[1]);
  };
}

export const add = commutative('Add', 'addrow');
export const multiply = commutative('Multiply', 'mulrow');

/** x − v as x + (−v): the negated vector is C floats, the pass over x is the same as Add's (exact: negation rounds nothing). */
export function sub({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const pair = rowOperands(a, b);
  const simd = pair && !pair[2] ? simdFor(backend) : null;
  if (!pair || !simd) return runStock('Sub', backend, inputs, attrs);
  const [big, vec] = pair;
  const neg = alloc(backend, [size(vec.shape)]);
  const [V, N] = views(backend, vec, neg);
  for (let i = 0; i < V!.length; i++) N![i] = -V![i]!;
  const out = rowOp('addrow', backend, simd, big, neg);
  free(backend, neg);
  return out;
}
