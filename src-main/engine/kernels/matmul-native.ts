/** BatchMatMul and _FusedMatMul on the native GEMM (see native-gemm.ts) for unbatched products; others go to XNNPACK. */

import * as tf from '@tensorflow/tfjs';
import { runStock, type KernelArgs } from './heap';
import { batchMatMul as xnnBatchMatMul } from './matmul';
import { nativeAvailable } from './native';
import { nativeGemm } from './native-gemm';

type Backend = KernelArgs['backend'];

/** op(a)·op(b) for batch-1 operands on the native GEMM, written into a new wasm tensor; null when not applicable. */
function gemmInto(a: tf.TensorInfo, b: tf.TensorInfo, ta: boolean, tb: boolean, backend: Backend): tf.TensorInfo | null {
  const batchA = a.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const batchB = b.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  if (batchA !== 1 || batchB !== 1 || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const m = ta ? a.shape.at(-1)! : a.shape.at(-2)!;
  const k = ta ? a.shape.at(-2)! : a.shape.at(-1)!;
  const n = tb ? b.shape.at(-2)! : b.shape.at(-1)!;
  if (!nativeAvailable()) return null;
  const outShape = [...(a.shape.length > b.shape.length ? a.shape : b.shape).slice(0, -2), m, n];
  const out = backend.makeOutput(outShape, 'float32');
  // Views taken after the malloc above (it may grow the heap); MLAS writes the product straight into the output.
  const [av, bv, ov] = [a, b, out].map((t) => backend.typedArrayFromHeap(t));
  if (nativeGemm(av!, bv!, m, k, n, ta, tb, ov!)) return out;
  backend.disposeData(out.dataId);
  return null;
}

export function batchMatMul(args: KernelArgs): tf.TensorInfo {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  return gemmInto(a, b, transposeA, transposeB, args.backend) ?? xnnBatchMatMul(args);
}

/**
 * Dense-layer forward: GEMM, then bias and the activation in one JS pass. Covers what tfjs-layers fuses (linear,
 * relu, elu); the stock wasm _FusedMatMul crashes on 'elu' ("remainder by zero"), so elu never reaches it.
 */
export function fusedMatMul(args: KernelArgs): tf.TensorInfo {
  const { inputs, attrs, backend } = args;
  const { a, b, bias, preluActivationWeights } = inputs as Record<string, tf.TensorInfo | undefined>;
  const act = (attrs.activation as string | undefined) ?? 'linear';
  const ours = (act === 'linear' || act === 'relu' || act === 'elu') && !preluActivationWeights && (!bias || bias.shape.length <= 1);
  if (!ours) return runStock('_FusedMatMul', backend, inputs, attrs);
  const ta = attrs.transposeA as boolean, tb = attrs.transposeB as boolean;
  const out = gemmInto(a!, b!, ta, tb, backend)
    ?? runStock('_FusedMatMul', backend, { a: a!, b: b! }, { transposeA: ta, transposeB: tb, activation: 'linear' });
  const y = backend.typedArrayFromHeap(out);
  const n = out.shape.at(-1)!;
  const bv = bias ? backend.typedArrayFromHeap(bias) : null;
  const scalarBias = bv !== null && bv.length === 1;
  for (let i = 0; i < y.length; i += n) {
    for (let j = 0; j < n; j++) {
      let v = y[i + j]!;
      if (bv) v += scalarBias ? bv[0]! : bv[j]!;
      y[i + j] = v >= 0 || act === 'linear' ? v : act === 'relu' ? 0 : Math.expm1(v);
    }
  }
  return out;
}
