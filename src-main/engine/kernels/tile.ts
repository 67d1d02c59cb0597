/**
 * Tile for the wasm backend. Batch-norm gradients tile per-channel vectors up to the full activation shape; the
 * stock wasm Tile computes a multi-index per element and was the largest item of a resnet-mini/mobilenet-mini step
 * (~1/3 of it). This one copies contiguous rows and then doubles whole blocks with copyWithin (a memmove).
 */

import * as tf from '@tensorflow/tfjs';
import type { KernelArgs } from './heap';

type Heap = Float32Array | Int32Array | Uint8Array;

export function tile({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { x } = inputs as { x: tf.TensorInfo };
  const reps = attrs.reps as number[];
  const r = x.shape.length;
  const outShape = x.shape.map((d, i) => d * reps[i]!);
  const out = backend.makeOutput(outShape, x.dtype);
  if (outShape.some((d) => d === 0)) return out;
  const src = backend.typedArrayFromHeap(x) as unknown as Heap;
  const dst = backend.typedArrayFromHeap(out) as unknown as Heap;
  if (r === 0) { dst[0] = src[0]!; return out; }
  const srcStride = new Array<number>(r);
  const dstStride = new Array<number>(r);
  srcStride[r - 1] = 1;
  dstStride[r - 1] = 1;
  for (let i = r - 2; i >= 0; i--) {
    srcStride[i] = srcStride[i + 1]! * x.shape[i + 1]!;
    dstStride[i] = dstStride[i + 1]! * outShape[i + 1]!;
  }
  const fill = (dim: number, s: number, d: number): void => {
    const n = x.shape[dim]!;
    if (dim === r - 1) dst.set(src.subarray(s, s + n), d);
    else for (let i = 0; i < n; i++) fill(dim + 1, s + i * srcStride[dim]!, d + i * dstStride[dim]!);
    // The block just written (n entries of this dim) repeats reps[dim] times along it.
    const block = n * dstStride[dim]!;
    for (let k = 1; k < reps[dim]!; k++) dst.copyWithin(d + k * block, d, d + block);
  };
  fill(0, 0, 0);
  return out;
}
