/**
 * BatchMatMul for the wasm backend. The stock kernel reaches XNNPACK only when neither operand is flagged transposed
 * (its fallback loop is 5–8× slower), and XNNPACK repacks the right-hand operand on every call. Dense-layer gradients
 * always ask for a transpose (dx = dy·Wᵀ, dW = xᵀ·dy), so we materialise transposes with the wasm Transpose kernel,
 * choosing between A·Bᵀ and (B·Aᵀ)ᵀ (resp. Aᵀ·B and (Bᵀ·A)ᵀ) by how many floats must be moved and packed.
 */

import * as tf from '@tensorflow/tfjs';
import { free, runStock, type KernelArgs } from './heap';

type Backend = KernelArgs['backend'];
const size = (t: tf.TensorInfo) => t.shape.reduce((a, b) => a * b, 1);

function transposeLast2(t: tf.TensorInfo, backend: Backend): tf.TensorInfo {
  const r = t.shape.length;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return runStock('Transpose', backend, { x: t }, { perm });
}

/** Plain a·b on XNNPACK, transposing the operands marked; frees the temporaries. */
function mm(a: tf.TensorInfo, b: tf.TensorInfo, ta: boolean, tb: boolean, backend: Backend): tf.TensorInfo {
  const a2 = ta ? transposeLast2(a, backend) : a;
  const b2 = tb ? transposeLast2(b, backend) : b;
  try {
    return runStock('BatchMatMul', backend, { a: a2, b: b2 }, { transposeA: false, transposeB: false });
  } finally {
    if (ta) free(backend, a2);
    if (tb) free(backend, b2);
  }
}

/** op(a)·op(b) computed as (op(b)ᵀ·op(a)ᵀ)ᵀ: the swapped product, then one transpose of the result. */
function swapped(a: tf.TensorInfo, b: tf.TensorInfo, ta: boolean, tb: boolean, backend: Backend): tf.TensorInfo {
  const t = mm(b, a, !tb, !ta, backend);
  const out = transposeLast2(t, backend);
  free(backend, t);
  return out;
}

export function batchMatMul({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA: ta, transposeB: tb } = attrs as { transposeA: boolean; transposeB: boolean };
  if (!ta && !tb) return runStock('BatchMatMul', backend, { a, b }, attrs);
  // Batched operands of different batch sizes broadcast: keep the simple direct route for them.
  const sameBatch = a.shape.slice(0, -2).join() === b.shape.slice(0, -2).join();
  const m = ta ? a.shape.at(-1)! : a.shape.at(-2)!;
  const n = tb ? b.shape.at(-2)! : b.shape.at(-1)!;
  const batch = size(a) / (a.shape.at(-1)! * a.shape.at(-2)!);
  // Floats moved: transposes plus the packed right operand.
  const direct = (ta ? size(a) : 0) + (tb ? size(b) : 0) + size(b);
  const viaSwap = (tb ? 0 : size(b)) + (ta ? 0 : size(a)) + size(a) + batch * m * n;
  return sameBatch && viaSwap < direct ? swapped(a, b, ta, tb, backend) : mm(a, b, ta, tb, backend);
}
