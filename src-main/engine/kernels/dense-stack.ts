/**
 * 'HebbDenseStack': one whole training step's loss and gradients for a stack of dense layers (relu or linear hidden
 * layers, softmax out, categorical cross-entropy), in a single kernel on the native GEMM. The tfjs route spends
 * ~95 kernel calls per step on such a model, and their dispatch costs as much as the matrix products; here it is one.
 * The arithmetic is the tfjs graph's, term for term: clipped log, softmax gradient, relu mask (x > 0), l2 penalty.
 */

import * as tf from '@tensorflow/tfjs';
import { alloc, views, type KernelArgs } from './heap';
import { nativeDenseBackward, nativeDenseForward } from './native-dense';

export const HEBB_DENSE_STACK = 'HebbDenseStack';

export interface DenseStackAttrs {
  /** Activation of each hidden layer; the last layer is always softmax. */
  acts: ('relu' | 'linear')[];
  /** Clip of the probabilities inside the log (as the loss clips). */
  eps: number;
  /** l2 · Σ‖W‖² is added to the loss (kernels only). */
  l2: number;
  /** Label smoothing s: targets are one-hot·(1 − s) + s/k, as the loss builds them. */
  smoothing: number;
  /** Whether a per-class weight input `cw` [k] is given (class weights; each sample weighs its label's). */
  weighted: boolean;
}

/**
 * Inputs x [n, d0], labels (int32 [n]), optional cw [k], and w0, b0, w1, b1, …. Outputs [[loss, correct] (correct:
 * rows whose arg-max is the label), dW0, db0, dW1, db1, …]. Needs the native GEMM:
 * callers check nativeAvailable() and otherwise take the tfjs route.
 */
export function denseStack({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const a = attrs as unknown as DenseStackAttrs;
  const L = a.acts.length + 1;
  const Ws = Array.from({ length: L }, (_, l) => inputs[`w${l}`]!);
  const Bs = Array.from({ length: L }, (_, l) => inputs[`b${l}`]!);
  const n = inputs.x!.shape[0]!;
  const dims = [inputs.x!.shape[1]!, ...Ws.map((w) => w.shape[1]!)];
  const k = dims[L]!;
  // Every output first: an allocation may grow the wasm memory and detach views taken before it.
  const outs = [alloc(backend, [2]), ...Ws.flatMap((w, l) => [alloc(backend, w.shape), alloc(backend, Bs[l]!.shape)])];
  const [x, ...rest] = views(backend, inputs.x!, ...(a.weighted ? [inputs.cw!] : []), ...Ws, ...Bs, ...outs);
  const labels = backend.typedArrayFromHeap(inputs.labels!) as unknown as Int32Array;
  const cw = a.weighted ? rest.shift()! : null;
  const W = rest.splice(0, L), B = rest.splice(0, L);
  const [statsOut, ...gradOut] = rest;
  const shape = { dims, acts: a.acts };
  const fail = () => { throw new Error('HebbDenseStack needs the native GEMM'); };

  // Forward, one native call: h[l] is layer l's input (a hidden layer's output after its activation).
  const h: Float32Array[] = [x!, ...dims.slice(1, L).map((d) => new Float32Array(n * d))];
  const logits = new Float32Array(n * k);
  if (!nativeDenseForward(shape, n, x!, W, B, h, logits)) fail();
  const p = softmaxRows(logits, n, k);

  // Loss −mean(sw·Σ t·log(clip(p))) + l2·Σ‖W‖², and its gradient through the clip and the softmax.
  let loss = 0, correct = 0;
  const dz = new Float32Array(n * k);
  const lo = a.eps, hi = 1 - a.eps;
  const on = Math.fround(Math.fround(1 - a.smoothing) + Math.fround(a.smoothing / k)), off = Math.fround(a.smoothing / k);
  for (let i = 0; i < n; i++) {
    const r = i * k, label = labels[i]!, w = cw ? cw[label]! : 1;
    let rowLoss = 0, dot = 0, best = 0;
    for (let j = 0; j < k; j++) {
      const pj = p[r + j]!, tj = j === label ? on : off;
      if (tj !== 0) rowLoss -= tj * Math.log(Math.min(Math.max(pj, lo), hi));
      const dp = pj >= lo && pj <= hi ? -(w / n) * (tj / pj) : 0;
      dz[r + j] = dp;
      dot += dp * pj;
      if (pj > p[r + best]!) best = j;
    }
    for (let j = 0; j < k; j++) dz[r + j] = p[r + j]! * (dz[r + j]! - dot);
    loss += (w * rowLoss) / n;
    if (best === label) correct++;
  }

  // Backward, one native call: dW = hᵀ·dz, db = Σrows dz, dz of the layer below = dz·Wᵀ masked by relu′.
  const dWs = Array.from({ length: L }, (_, l) => gradOut[2 * l]!), dBs = Array.from({ length: L }, (_, l) => gradOut[2 * l + 1]!);
  if (!nativeDenseBackward(shape, n, dz, h, W, dWs, dBs)) fail();
  if (a.l2 > 0) {
    for (let l = 0; l < L; l++) {
      const wl = W[l]!, dW = dWs[l]!;
      let sq = 0;
      for (let q = 0; q < wl.length; q++) { sq += wl[q]! * wl[q]!; dW[q]! += 2 * a.l2 * wl[q]!; }
      loss += a.l2 * sq;
    }
  }
  statsOut![0] = loss;
  statsOut![1] = correct;
  return outs;
}

/** Row-wise softmax as tfjs computes it: exp(z − max) / Σ. */
function softmaxRows(zs: Float32Array, n: number, k: number): Float32Array {
  const p = new Float32Array(n * k);
  for (let i = 0; i < n * k; i += k) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, zs[i + j]!);
    let sum = 0;
    for (let j = 0; j < k; j++) { const e = Math.exp(zs[i + j]! - max); p[i + j] = e; sum += e; }
    for (let j = 0; j < k; j++) p[i + j]! /= sum;
  }
  return p;
}
