/**
 * A synchronous native GEMM for our wasm kernels, on onnxruntime's MLAS (see native.ts): one Gemm node per transpose
 * combination with symbolic dims, so one session serves every shape. A 64×784·784×256 product takes ~0.4 ms here
 * against ~1.5–6 ms on XNNPACK's 128-bit wasm SIMD.
 */

import { runNative, type GraphSpec } from './native';

/**
 * Transposed A is materialised by a Transpose node rather than Gemm's transA: for the dense-layer weight gradient
 * xᵀ·dy with a short batch axis (3136×32 · 32×128), MLAS's transA packing measured ~20–40% slower than the two steps.
 */
function gemmGraph(ta: boolean, tb: boolean): GraphSpec {
  return {
    inputs: { A: ['a0', 'a1'], B: ['b0', 'b1'] },
    outputs: { Y: ['y0', 'y1'] },
    nodes: [
      ...(ta ? [{ op: 'Transpose', inputs: ['A'], outputs: ['At'], attrs: { perm: [1, 0] } }] : []),
      { op: 'Gemm', inputs: [ta ? 'At' : 'A', 'B'], outputs: ['Y'], attrs: { transB: +tb } },
    ],
  };
}

/**
 * out[m, n] = op(A) · op(B) with A stored [m,k] (or [k,m] when ta) and B stored [k,n] (or [n,k] when tb).
 * Returns false (out untouched or partly written) when the native path is unavailable.
 */
export function nativeGemm(a: Float32Array, b: Float32Array, m: number, k: number, n: number, ta: boolean, tb: boolean, out: Float32Array): boolean {
  return runNative(`gemm${+ta}${+tb}t`, () => gemmGraph(ta, tb), {
    A: { data: a, dims: ta ? [k, m] : [m, k] },
    B: { data: b, dims: tb ? [n, k] : [k, n] },
  }, 'Y', { data: out, dims: [m, n] }, 2 * m * k * n);
}
