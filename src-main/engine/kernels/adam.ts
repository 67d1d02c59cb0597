/** 'HebbAdam': one Adam update of one variable (m, v, bias correction, step) in a single loop, for the wasm and cpu backends. */

import * as tf from '@tensorflow/tfjs';
import { alloc, type KernelArgs, type WasmBackend } from './heap';
import { heapOffset, simdFor } from './simd';

export const HEBB_ADAM = 'HebbAdam';

/**
 * Attributes of one update. `oneMinusAccBeta1/2` are 1 − β^t as tfjs's AdamOptimizer holds them (float32 variables).
 * `inPlace`: write m and v into their own buffers (the caller checked nothing else shares them) and return [x'];
 * otherwise return fresh [x', m', v'] for the caller to assign. x' is always a fresh buffer: the wasm backend's
 * XNNPACK convolutions cache their packed filter by tensor id, so a filter changed in place would go unseen.
 */
export interface AdamAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  inPlace: boolean;
}

/** Float32 views and allocation on one backend; only wasm and cpu keep their float32 data where JS can reach it. */
interface Access {
  alloc(shape: number[]): tf.TensorInfo;
  view(t: tf.TensorInfo): Float32Array;
}

interface CpuBackend {
  data: { get(dataId: unknown): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

function wasmAccess(b: WasmBackend): Access {
  return { alloc: (shape) => b.makeOutput(shape, 'float32'), view: (t) => b.typedArrayFromHeap(t) };
}

function cpuAccess(b: CpuBackend): Access {
  return {
    alloc: (shape) => b.makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((a, d) => a * d, 1))),
    view: (t) => {
      const values = b.data.get(t.dataId).values;
      if (!(values instanceof Float32Array)) throw new Error(`${HEBB_ADAM} needs float32 tensors`);
      return values;
    },
  };
}

/**
 * The update of tfjs's AdamOptimizer: m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  x ← x − lr · (m / c1) / (√(v / c2) + ε),
 * with the constants folded (−lr/c1 and 1/√c2) so each element costs one square root and one division (~30% faster
 * than the literal form; equal to it within float32 rounding). The outputs may alias the inputs: each element is
 * read before it is written.
 */
export function adamLoop(X: Float32Array, M: Float32Array, V: Float32Array, G: Float32Array, OX: Float32Array, OM: Float32Array, OV: Float32Array, a: AdamAttrs): void {
  const { b1, b2, o1, o2, k, s2, eps } = adamConstants(a);
  const n = X.length;
  for (let i = 0; i < n; i++) {
    const g = G[i]!;
    const m = b1 * M[i]! + o1 * g;
    const v = b2 * V[i]! + o2 * (g * g);
    OM[i] = m;
    OV[i] = v;
    OX[i] = X[i]! + (k * m) / (Math.sqrt(v) * s2 + eps);
  }
}

/** The per-step constants, as float32 values like tfjs's scalars (k = −lr/(1−β1^t), s2 = 1/√(1−β2^t)). */
function adamConstants(a: AdamAttrs) {
  const f = Math.fround;
  return {
    b1: f(a.beta1), b2: f(a.beta2), o1: f(1 - a.beta1), o2: f(1 - a.beta2), eps: f(a.epsilon),
    k: f(-f(a.lr) / f(a.oneMinusAccBeta1)), s2: f(1 / Math.sqrt(f(a.oneMinusAccBeta2))),
  };
}

function run(io: Access, inputs: Record<string, tf.TensorInfo>, a: AdamAttrs): tf.TensorInfo[] {
  const { x, m, v, g } = inputs as { x: tf.TensorInfo; m: tf.TensorInfo; v: tf.TensorInfo; g: tf.TensorInfo };
  const outs = a.inPlace ? [io.alloc(x.shape)] : [io.alloc(x.shape), io.alloc(x.shape), io.alloc(x.shape)];
  // Views only after every allocation: growing the wasm memory detaches earlier ones.
  const M = io.view(m), V = io.view(v);
  const [OX, OM, OV] = a.inPlace ? [io.view(outs[0]!), M, V] : outs.map((t) => io.view(t)) as [Float32Array, Float32Array, Float32Array];
  adamLoop(io.view(x), M, V, io.view(g), OX, OM!, OV!, a);
  return outs;
}

/** The wasm kernel (registered through WASM_TRAINING_KERNELS): the SIMD loop on the heap, else the JS one. */
export function hebbAdamWasm({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const a = attrs as unknown as AdamAttrs;
  const simd = simdFor(backend);
  if (!simd) return run(wasmAccess(backend), inputs, a);
  const { x, m, v, g } = inputs as { x: tf.TensorInfo; m: tf.TensorInfo; v: tf.TensorInfo; g: tf.TensorInfo };
  const outs = a.inPlace ? [alloc(backend, x.shape)] : [alloc(backend, x.shape), alloc(backend, x.shape), alloc(backend, x.shape)];
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  const c = adamConstants(a);
  const n = x.shape.reduce((p, d) => p * d, 1);
  simd.adam(at(x), at(m), at(v), at(g), at(outs[0]!), at(outs[1] ?? m), at(outs[2] ?? v), n, c.b1, c.b2, c.o1, c.o2, c.k, c.s2, c.eps);
  return outs;
}

/** Register the cpu kernel once (the pure-JS backend gains the same one-loop update). */
export function registerCpuAdam(): void {
  if (tf.getKernel(HEBB_ADAM, 'cpu')) return;
  tf.registerKernel({
    kernelName: HEBB_ADAM,
    backendName: 'cpu',
    kernelFunc: (({ inputs, attrs, backend }: { inputs: Record<string, tf.TensorInfo>; attrs: unknown; backend: unknown }) =>
      run(cpuAccess(backend as CpuBackend), inputs, attrs as AdamAttrs)) as unknown as tf.KernelFunc,
  });
}
