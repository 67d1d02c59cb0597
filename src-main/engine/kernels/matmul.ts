/**
 * BatchMatMul for the wasm backend: the stock kernel only reaches XNNPACK when neither operand is transposed, and its
 * fallback loop is 5–8× slower. Every dense-layer gradient asks for a transpose (dx = dy·Wᵀ, dW = xᵀ·dy), so we
 * materialise the transpose with the (fast) wasm Transpose kernel and take the XNNPACK path.
 */

import * as tf from '@tensorflow/tfjs';
import { free, runStock, type KernelArgs } from './heap';

function transposeLast2(t: tf.TensorInfo, backend: KernelArgs['backend']): tf.TensorInfo {
  const r = t.shape.length;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return runStock('Transpose', backend, { x: t }, { perm });
}

export function batchMatMul({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
  if (!transposeA && !transposeB) return runStock('BatchMatMul', backend, { a, b }, attrs);
  const a2 = transposeA ? transposeLast2(a, backend) : a;
  const b2 = transposeB ? transposeLast2(b, backend) : b;
  try {
    return runStock('BatchMatMul', backend, { a: a2, b: b2 }, { transposeA: false, transposeB: false });
  } finally {
    if (transposeA) free(backend, a2);
    if (transposeB) free(backend, b2);
  }
}
