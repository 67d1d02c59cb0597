/**
 * ReLU's gradient in one kernel ('HebbReluGrad': dy where x > 0, else 0) instead of tfjs's step + cast + multiply.
 * tfjs keeps one gradient per kernel name for every backend, so importing this module replaces Relu's gradient with
 * one that uses our kernel where it is registered (wasm, through WASM_TRAINING_KERNELS) and tfjs's own formula elsewhere.
 */

import * as tf from '@tensorflow/tfjs';
import { alloc, runStock, type KernelArgs } from './heap';
import { overrideGradient, usable } from './gradients';
import { heapOffset, simdFor } from './simd';

export const HEBB_RELU_GRAD = 'HebbReluGrad';

/** The wasm kernel; without the SIMD module, the stock step and multiply. */
export function reluGrad({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const { dy, x } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  const simd = simdFor(backend);
  if (!simd || dy.dtype !== 'float32' || x.dtype !== 'float32') {
    const mask = runStock('Step', backend, { x }, { alpha: 0 });
    const out = runStock('Multiply', backend, { a: dy, b: mask });
    backend.disposeData(mask.dataId);
    return out;
  }
  const out = alloc(backend, x.shape);
  simd.relugrad(heapOffset(backend, dy), heapOffset(backend, x), heapOffset(backend, out), x.shape.reduce((p, d) => p * d, 1));
  return out;
}

overrideGradient('Relu', (dy, saved) => {
  const [x] = saved as [tf.Tensor];
  if (!usable(HEBB_RELU_GRAD) || dy.dtype !== 'float32' || x.dtype !== 'float32') return null;
  return { x: () => tf.engine().runKernel(HEBB_RELU_GRAD, { dy, x }) as tf.Tensor };
});
