/**
 * Our SIMD loops (simd.wat) instantiated on tfjs-backend-wasm's own memory, so they read and write tensors where
 * they lie. Scalar JS on this kind of CPU runs such loops ~10× slower than wasm SIMD; callers keep a JS fallback
 * for when the module cannot be attached (no exported memory, a backend built differently).
 */

import type * as tf from '@tensorflow/tfjs';
import type { WasmBackend } from './heap';
import { SIMD_WASM, SIMD_WASM_SHARED } from './simd-wasm';

export interface SimdExports {
  adam(x: number, m: number, v: number, g: number, ox: number, om: number, ov: number, n: number,
    b1: number, b2: number, o1: number, o2: number, k: number, s2: number, eps: number): void;
  momentum(x: number, acc: number, g: number, ox: number, oacc: number, n: number, m: number, c: number): void;
  rmsprop(x: number, ms: number, mom: number, g: number, ox: number, oms: number, omom: number, n: number,
    d: number, od: number, mu: number, lr: number, eps: number): void;
  colsum(x: number, rows: number, c: number, out: number): void;
  fillrow(b: number, rows: number, c: number, k: number, out: number): void;
  maxpool2x2grad(x: number, dy: number, out: number, n: number, h: number, w: number, c: number, oh: number, ow: number): void;
  addrow(x: number, rows: number, c: number, b: number, out: number): void;
  mulrow(x: number, rows: number, c: number, b: number, out: number): void;
  bnrow(x: number, rows: number, c: number, mean: number, a: number, offset: number, out: number): void;
  bngrad(x: number, dy: number, rows: number, c: number, mean: number, a: number, dx: number, sdy: number, sdxm: number): void;
  maxpool2x2(x: number, out: number, n: number, h: number, w: number, c: number, oh: number, ow: number): void;
  relugrad(dy: number, x: number, out: number, n: number): void;
  im2col(x: number, out: number, n: number, h: number, w: number, ci: number, oh: number, ow: number, kh: number, kw: number,
    sh: number, sw: number, dh: number, dw: number, pt: number, pl: number): void;
  relugradsum(dy: number, y: number, out: number, rows: number, c: number, sum: number): void;
}

interface BackendInternals {
  wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown };
  dataIdMap?: { get(dataId: unknown): { memoryOffset: number } | undefined };
}

/** One instance per wasm memory (a re-created backend has a new memory). */
const instances = new WeakMap<object, SimdExports | null>();

function decode(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** HEBB_NO_SIMD_KERNELS=1 (read once: process.env is slow to read per kernel call) runs the JS loops, to compare. */
const SIMD_OFF = process.env.HEBB_NO_SIMD_KERNELS === '1';

/** The SIMD loops bound to this backend's heap, or null when they cannot be (then use the JS loops). */
export function simdFor(backend: WasmBackend): SimdExports | null {
  if (SIMD_OFF) return null;
  const b = backend as unknown as BackendInternals;
  const memory = b.wasm?.asm?.memory ?? b.wasm?.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory) || !b.dataIdMap) return null;
  if (instances.has(memory)) return instances.get(memory)!;
  let exports: SimdExports | null = null;
  try {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const module = new WebAssembly.Module(decode(shared ? SIMD_WASM_SHARED : SIMD_WASM));
    exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdExports;
  } catch {
    exports = null; // e.g. a runtime without wasm SIMD
  }
  instances.set(memory, exports);
  return exports;
}

/** Byte offset of a tensor's data on the wasm heap. */
export function heapOffset(backend: WasmBackend, t: tf.TensorInfo): number {
  const entry = (backend as unknown as BackendInternals).dataIdMap!.get(t.dataId);
  if (!entry) throw new Error('tensor is not on the wasm backend');
  return entry.memoryOffset;
}
