/** 'HebbMomentum' and 'HebbRMSProp': one variable's momentum-SGD or RMSprop update in one SIMD pass on the wasm heap (see adam.ts for Adam). */

import * as tf from '@tensorflow/tfjs';
import { alloc, type KernelArgs, type WasmBackend } from './heap';
import { heapOffset, simdFor } from './simd';

export const HEBB_MOMENTUM = 'HebbMomentum';
export const HEBB_RMSPROP = 'HebbRMSProp';

/** These kernels are SIMD only: usable when the active backend is wasm with our SIMD module attached. */
export function updateKernelsUsable(): boolean {
  return tf.getBackend() === 'wasm' && simdFor(tf.backend() as unknown as WasmBackend) != null;
}

/**
 * Allocate x' (always fresh: XNNPACK caches packed filters by tensor id) and, unless `inPlace`, fresh slots; run
 * `pass` with heap offsets; return [x', ...slots'] (only [x'] in place).
 */
function update(backend: WasmBackend, x: tf.TensorInfo, slots: tf.TensorInfo[], inPlace: boolean,
  pass: (at: (t: tf.TensorInfo) => number, ox: tf.TensorInfo, oslots: tf.TensorInfo[], n: number) => void): tf.TensorInfo[] {
  const outs = [x, ...(inPlace ? [] : slots)].map((t) => alloc(backend, t.shape));
  pass((t) => heapOffset(backend, t), outs[0]!, inPlace ? slots : outs.slice(1), x.shape.reduce((a, d) => a * d, 1));
  return outs;
}

/** acc' = m·acc + g; x' = x − lr·acc'. Attrs: momentum, lr, inPlace. */
export function momentumUpdate({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const { x, acc, g } = inputs as Record<string, tf.TensorInfo>;
  const f = Math.fround, simd = simdFor(backend)!;
  return update(backend, x!, [acc!], attrs.inPlace as boolean, (at, ox, [oacc], n) =>
    simd.momentum(at(x!), at(acc!), at(g!), at(ox), at(oacc!), n, f(attrs.momentum as number), f(-(attrs.lr as number))));
}

/** ms' = ms·d + g²·(1−d); mom' = mom·μ + g·lr/√(ms' + ε); x' = x − mom'. Attrs: decay, momentum, lr, epsilon, inPlace. */
export function rmspropUpdate({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const { x, ms, mom, g } = inputs as Record<string, tf.TensorInfo>;
  const f = Math.fround, simd = simdFor(backend)!;
  const d = attrs.decay as number;
  return update(backend, x!, [ms!, mom!], attrs.inPlace as boolean, (at, ox, [oms, omom], n) =>
    simd.rmsprop(at(x!), at(ms!), at(mom!), at(g!), at(ox), at(oms!), at(omom!), n,
      f(d), f(1 - d), f(attrs.momentum as number), f(attrs.lr as number), f(attrs.epsilon as number)));
}
