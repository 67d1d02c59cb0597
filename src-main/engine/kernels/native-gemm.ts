/**
 * A synchronous native GEMM for our wasm kernels: onnxruntime-node's MLAS (AVX2/AVX-512 with FMA, already a
 * dependency for ONNX export parity), driven through its native binding, whose run() is synchronous — tfjs kernels
 * must be. One tiny ONNX model per transpose combination (a single Gemm node with symbolic dims). On this machine
 * a 64×784·784×256 product takes ~0.4 ms here against ~1.5–6 ms on XNNPACK's 128-bit wasm SIMD.
 * Unavailable (no binary for the platform) → `nativeGemm` returns null and callers use XNNPACK.
 */

import { createRequire } from 'node:module';
import onnxProto from 'onnx-proto';

interface OrtSession { loadModel(b: ArrayBufferLike, off: number, len: number, o: object): void; run(feeds: object, fetches: object, o: object): Record<string, { data: Float32Array }> }
interface Ort { Session: new () => OrtSession; Tensor: new (type: string, data: Float32Array, dims: number[]) => object }

let ort: Ort | null | undefined;
let threads = 1;
const sessions = new Map<string, OrtSession>();

function load(): Ort | null {
  if (ort !== undefined) return ort;
  try {
    const require = createRequire(import.meta.url);
    const binding = require('onnxruntime-node/dist/binding') as { binding: { InferenceSession: Ort['Session'] }; initOrt(): void };
    const common = require('onnxruntime-common') as { Tensor: Ort['Tensor'] };
    binding.initOrt();
    ort = { Session: binding.binding.InferenceSession, Tensor: common.Tensor };
  } catch {
    ort = null;
  }
  return ort;
}

/** Threads MLAS may use per product (intra-op). Takes effect for sessions created afterwards. @default 1 */
export function setNativeGemmThreads(n: number): void {
  if (n !== threads) { threads = Math.max(1, n); sessions.clear(); }
}

export function nativeGemmAvailable(): boolean {
  return load() !== null;
}

function session(ta: boolean, tb: boolean): OrtSession {
  const key = `${+ta}${+tb}`;
  let s = sessions.get(key);
  if (s) return s;
  const { onnx } = onnxProto;
  const vi = (name: string) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: `${name}0` }, { dimParam: `${name}1` }] } } } });
  const model = onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'gemm',
      node: [{ opType: 'Gemm', input: ['A', 'B'], output: ['Y'], attribute: [{ name: 'transA', type: 2, i: +ta }, { name: 'transB', type: 2, i: +tb }] }],
      input: [vi('A'), vi('B')],
      output: [vi('Y')],
    },
  })).finish();
  const Session = load()!.Session;
  const created = new Session();
  created.loadModel(model.buffer, model.byteOffset, model.byteLength, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  sessions.set(key, created);
  return created;
}

/**
 * Y[m, n] = op(A) · op(B) with A stored [m,k] (or [k,m] when ta) and B stored [k,n] (or [n,k] when tb).
 * Returns a fresh array owned by the caller, or null when the native library is unavailable.
 */
export function nativeGemm(a: Float32Array, b: Float32Array, m: number, k: number, n: number, ta: boolean, tb: boolean): Float32Array | null {
  const o = load();
  if (!o) return null;
  // The threaded wasm build's heap is a SharedArrayBuffer, which the binding rejects ("Invalid argument"): copy then.
  const own = (v: Float32Array) => (v.buffer instanceof SharedArrayBuffer ? v.slice() : v);
  const A = new o.Tensor('float32', own(a), ta ? [k, m] : [m, k]);
  const B = new o.Tensor('float32', own(b), tb ? [n, k] : [k, n]);
  return session(ta, tb).run({ A, B }, { Y: null }, {}).Y!.data;
}
