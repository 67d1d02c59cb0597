/**
 * Sum and Mean for the wasm backend over leading axes (a bias gradient: dy [N,H,W,C] summed over N,H,W). The stock kernel
 * reduces only innermost axes, so it first transposes the whole tensor to [C, N·H·W]; summing rows into a column
 * accumulator reads it once, in order (SIMD, float32 sums like the stock kernel; float64 in the JS fallback). Every
 * other case goes to the stock kernel.
 */

import * as tf from '@tensorflow/tfjs';
import { alloc, runStock, views, type KernelArgs } from './heap';
import { overrideGradient, usable } from './gradients';
import { heapOffset, simdFor } from './simd';

/** How many leading axes `axis` names when it is exactly 0..k−1 with k < rank; otherwise 0 (not our case). */
export function leadingAxes(axis: unknown, shape: number[]): number {
  const rank = shape.length;
  const list = (Array.isArray(axis) ? axis : [axis]).map((a) => (typeof a === 'number' && a < 0 ? a + rank : a));
  const sorted = [...new Set(list)].sort((a, b) => (a as number) - (b as number));
  if (sorted.length === 0 || sorted.length >= rank) return 0;
  return sorted.every((a, i) => a === i) ? sorted.length : 0;
}

/** out[c] = Σ_r x[r·C + c], four rows per pass (fewer accumulator stores), in float64. */
export function columnSums(X: Float32Array, rows: number, C: number, out: Float32Array): void {
  const acc = new Float64Array(C);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const a = r * C, b = a + C, c = b + C, d = c + C;
    for (let j = 0; j < C; j++) acc[j] += X[a + j]! + X[b + j]! + X[c + j]! + X[d + j]!;
  }
  for (; r < rows; r++) {
    const a = r * C;
    for (let j = 0; j < C; j++) acc[j] += X[a + j]!;
  }
  out.set(acc);
}

/** Column sums of x's leading-axes case into a fresh output, or null when it is not that case. */
function leadingSum(x: tf.TensorInfo, attrs: Record<string, unknown>, backend: KernelArgs['backend']): { out: tf.TensorInfo; rows: number } | null {
  const k = x.dtype === 'float32' ? leadingAxes(attrs.axis, x.shape) : 0;
  if (k === 0) return null;
  const kept = x.shape.slice(k);
  const rows = x.shape.slice(0, k).reduce((a, d) => a * d, 1);
  const C = kept.reduce((a, d) => a * d, 1);
  const out = alloc(backend, attrs.keepDims ? [...x.shape.slice(0, k).map(() => 1), ...kept] : kept);
  const simd = simdFor(backend);
  if (simd) {
    backend.typedArrayFromHeap(out).fill(0);
    simd.colsum(heapOffset(backend, x), rows, C, heapOffset(backend, out));
  } else {
    const [X, O] = views(backend, x, out);
    columnSums(X!, rows, C, O!);
  }
  return { out, rows };
}

export function sum({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  return leadingSum(inputs.x!, attrs, backend)?.out ?? runStock('Sum', backend, inputs, attrs);
}

/** Batch norm's moments take the mean over N, H, W: the same column sums, divided by the row count. */
export function mean({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const r = leadingSum(inputs.x!, attrs, backend);
  if (!r) return runStock('Mean', backend, inputs, attrs);
  const O = backend.typedArrayFromHeap(r.out);
  for (let i = 0; i < O.length; i++) O[i] = O[i]! / r.rows;
  return r.out;
}

export const HEBB_MEAN_GRAD = 'HebbMeanGrad';

/** The gradient of a mean over leading axes: dy/rows repeated over the rows, one SIMD pass (tfjs: ones + multiply + divide). */
export function meanGrad({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { dy } = inputs as { dy: tf.TensorInfo };
  const shape = attrs.shape as number[];
  const C = dy.shape.reduce((a, d) => a * d, 1);
  const rows = shape.reduce((a, d) => a * d, 1) / C;
  const out = alloc(backend, shape);
  simdFor(backend)!.fillrow(heapOffset(backend, dy), rows, C, 1 / rows, heapOffset(backend, out));
  return out;
}

overrideGradient('Mean', (dy, saved, attrs) => {
  const [x] = saved as [tf.Tensor];
  const k = x.dtype === 'float32' && dy.dtype === 'float32' ? leadingAxes(attrs.axis, x.shape) : 0;
  if (k === 0 || !usable(HEBB_MEAN_GRAD) || !simdFor(tf.backend() as never)) return null;
  return { x: () => tf.engine().runKernel(HEBB_MEAN_GRAD, { dy }, { shape: x.shape }) as tf.Tensor };
});
