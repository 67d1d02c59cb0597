/**
 * Conv2D forward and gradients for the wasm backend. With onnxruntime's native kernels (native-conv.ts) all three run
 * there: 2–4× less CPU than XNNPACK's 128-bit wasm SIMD on the reference CNN. Without them: filter gradient by
 * transposed im2col in JS + XNNPACK matmul; input gradient by one XNNPACK conv of dy with the flipped filter (stride 1)
 * or matmul + col2im; forward stays the stock XNNPACK conv. (The stock wasm Conv2DBackpropInput is a naive loop ~10×
 * slower; Conv2DBackpropFilter does not exist in tfjs-backend-wasm 4.22.)
 */

import * as tf from '@tensorflow/tfjs';
import { convGeom, type ConvGeom } from './geometry';
import { alloc, free, runStock, views, withShape, type KernelArgs } from './heap';
import { NATIVE_ACTIVATIONS, nativeConv, nativeConvBackpropFilter, nativeConvBackpropFilterFromCols, nativeConvBackpropInput } from './native-conv';
import { nativeAvailable } from './native';
import { heapOffset, simdFor } from './simd';
import { nativeGemm } from './native-gemm';

type Stride = number | [number, number];
type Pad = Parameters<typeof convGeom>[3];

function assertNhwc(kernel: string, dataFormat: unknown): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`${kernel} on wasm supports NHWC only (got ${String(dataFormat)})`);
  }
}

/** colsT[(a,b,c), m] = x at the (a,b) tap of output position m, channel c (0 in the padding). Shape [K, M]. */
export function im2colT(xv: Float32Array, cv: Float32Array, g: ConvGeom): void {
  const M = g.n * g.oh * g.ow;
  for (let a = 0; a < g.kh; a++) {
    for (let b = 0; b < g.kw; b++) {
      const base = (a * g.kw + b) * g.ci * M;
      let m = 0;
      for (let n = 0; n < g.n; n++) {
        const xn = n * g.h * g.w * g.ci;
        for (let i = 0; i < g.oh; i++) {
          const ih = i * g.sh + a * g.dh - g.pt;
          const rowOk = ih >= 0 && ih < g.h;
          const xr = xn + ih * g.w * g.ci;
          for (let j = 0; j < g.ow; j++, m++) {
            const iw = j * g.sw + b * g.dw - g.pl;
            if (rowOk && iw >= 0 && iw < g.w) {
              const src = xr + iw * g.ci;
              for (let c = 0, d = base + m; c < g.ci; c++, d += M) cv[d] = xv[src + c]!;
            } else {
              for (let c = 0, d = base + m; c < g.ci; c++, d += M) cv[d] = 0;
            }
          }
        }
      }
    }
  }
}

/** cols[m, (a,b,c)] = x at the (a,b) tap of output position m (0 in the padding). Shape [M, K]. */
export function im2col(xv: Float32Array, cv: Float32Array, g: ConvGeom): void {
  const K = g.kh * g.kw * g.ci;
  let m = 0;
  for (let n = 0; n < g.n; n++) {
    const xn = n * g.h * g.w * g.ci;
    for (let i = 0; i < g.oh; i++) {
      for (let j = 0; j < g.ow; j++, m++) {
        let dst = m * K;
        for (let a = 0; a < g.kh; a++) {
          const ih = i * g.sh + a * g.dh - g.pt;
          for (let b = 0; b < g.kw; b++, dst += g.ci) {
            const iw = j * g.sw + b * g.dw - g.pl;
            if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) { for (let c = 0; c < g.ci; c++) cv[dst + c] = 0; continue; }
            const src = xn + (ih * g.w + iw) * g.ci;
            for (let c = 0; c < g.ci; c++) cv[dst + c] = xv[src + c]!;
          }
        }
      }
    }
  }
}

/** dx[n, ih, iw, c] += dcols[m, (a,b,c)]: the adjoint of im2col (rows of dcols are output positions). */
export function col2im(dv: Float32Array, dx: Float32Array, g: ConvGeom): void {
  const K = g.kh * g.kw * g.ci;
  let m = 0;
  for (let n = 0; n < g.n; n++) {
    const xn = n * g.h * g.w * g.ci;
    for (let i = 0; i < g.oh; i++) {
      for (let j = 0; j < g.ow; j++, m++) {
        const row = m * K;
        for (let a = 0; a < g.kh; a++) {
          const ih = i * g.sh + a * g.dh - g.pt;
          if (ih < 0 || ih >= g.h) continue;
          for (let b = 0; b < g.kw; b++) {
            const iw = j * g.sw + b * g.dw - g.pl;
            if (iw < 0 || iw >= g.w) continue;
            const dst = xn + (ih * g.w + iw) * g.ci;
            const src = row + (a * g.kw + b) * g.ci;
            for (let c = 0; c < g.ci; c++) dx[dst + c]! += dv[src + c]!;
          }
        }
      }
    }
  }
}

/**
 * Native filter gradient from an im2col made by our SIMD loop, or null (no SIMD module or native path, 1×1 convs,
 * or fewer than 16 input channels: a tap of 1–8 floats is too short a move, and the in-graph im2col wins there).
 */
function filterGradViaCols(x: tf.TensorInfo, dy: tf.TensorInfo, g: ConvGeom, filterShape: number[], backend: KernelArgs['backend']): tf.TensorInfo | null {
  const simd = simdFor(backend);
  if (!simd || !nativeAvailable() || g.ci < 16 || (g.kh === 1 && g.kw === 1)) return null;
  const cols = alloc(backend, [g.n * g.oh * g.ow, g.kh * g.kw * g.ci]);
  const out = alloc(backend, filterShape);
  simd.im2col(heapOffset(backend, x), heapOffset(backend, cols), g.n, g.h, g.w, g.ci, g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.pt, g.pl);
  const [cv, dv, ov] = views(backend, cols, dy, out);
  const ok = nativeConvBackpropFilterFromCols(cv!, dv!, g, ov!);
  free(backend, cols);
  if (ok) return out;
  free(backend, out);
  return null;
}

export function conv2DBackpropFilter({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  assertNhwc('Conv2DBackpropFilter', attrs.dataFormat);
  const filterShape = attrs.filterShape as number[];
  const g = convGeom(x.shape, filterShape, attrs.strides as Stride, attrs.pad as Pad, 1, attrs.dimRoundingMode as 'floor' | undefined);
  const K = g.kh * g.kw * g.ci;
  const M = g.n * g.oh * g.ow;
  const viaCols = filterGradViaCols(x, dy, g, filterShape, backend);
  if (viaCols) return viaCols;
  const native = alloc(backend, filterShape);
  const [nx, nd, nw] = views(backend, x, dy, native);
  if (nativeConvBackpropFilter(nx!, nd!, g, nw!)) return native;
  free(backend, native);
  // XNNPACK repacks the right-hand operand of every matmul (a fresh tensor each step), and that packing costs more
  // than the multiply for these shapes; so the smaller of dy [M, co] and cols [M, K] goes on the right.
  if (K < g.co) {
    // dWᵀ = dyᵀ · cols (first layers: few input channels, K small), then a tiny transpose of [co, K].
    const cols = alloc(backend, [M, K]);
    const [xv, cv] = views(backend, x, cols);
    im2col(xv!, cv!, g);
    const dyT = runStock('Transpose', backend, { x: withShape(dy, [M, g.co]) }, { perm: [1, 0] });
    const wT = runStock('BatchMatMul', backend, { a: withShape(dyT, [1, g.co, M]), b: withShape(cols, [1, M, K]) }, { transposeA: false, transposeB: false });
    free(backend, cols, dyT);
    const out = runStock('Transpose', backend, { x: withShape(wT, [g.co, K]) }, { perm: [1, 0] });
    free(backend, wT);
    return withShape(out, filterShape);
  }
  // dW = colsT · dy. Operands are never flagged transposed: the stock wasm matmul only reaches XNNPACK without flags.
  const colsT = alloc(backend, [K, M]);
  const [xv, cv] = views(backend, x, colsT);
  im2colT(xv!, cv!, g);
  const out = runStock('BatchMatMul', backend, { a: withShape(colsT, [1, K, M]), b: withShape(dy, [1, M, g.co]) }, { transposeA: false, transposeB: false });
  free(backend, colsT);
  return withShape(out, filterShape);
}

/** Stride 1: dx = conv(dy, filter rotated 180° with in/out swapped), padded by k−1−pad on each side. */
function backpropInputByConv(dy: tf.TensorInfo, filter: tf.TensorInfo, g: ConvGeom, backend: KernelArgs['backend']): tf.TensorInfo {
  const flipped = alloc(backend, [g.kh, g.kw, g.co, g.ci]);
  const [fv, wv] = views(backend, filter, flipped);
  for (let a = 0; a < g.kh; a++) {
    for (let b = 0; b < g.kw; b++) {
      const src = (a * g.kw + b) * g.ci * g.co;
      const dst = ((g.kh - 1 - a) * g.kw + (g.kw - 1 - b)) * g.co * g.ci;
      for (let c = 0; c < g.ci; c++) {
        for (let o = 0; o < g.co; o++) wv![dst + o * g.ci + c] = fv![src + c * g.co + o]!;
      }
    }
  }
  const pad = [[0, 0], [g.kh - 1 - g.pt, g.kh - 1 - g.pb], [g.kw - 1 - g.pl, g.kw - 1 - g.pr], [0, 0]];
  const out = runStock('Conv2D', backend, { x: dy, filter: flipped }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] });
  free(backend, flipped);
  return out;
}

/** Any stride: dcols = dy · Wᵀ (XNNPACK), then scatter-add into dx. */
function backpropInputByCols(dy: tf.TensorInfo, filter: tf.TensorInfo, g: ConvGeom, backend: KernelArgs['backend']): tf.TensorInfo {
  const K = g.kh * g.kw * g.ci;
  const M = g.n * g.oh * g.ow;
  const wT = runStock('Transpose', backend, { x: withShape(filter, [K, g.co]) }, { perm: [1, 0] });
  const dcols = runStock('BatchMatMul', backend, { a: withShape(dy, [1, M, g.co]), b: withShape(wT, [1, g.co, K]) }, { transposeA: false, transposeB: false });
  free(backend, wT);
  const dx = alloc(backend, [g.n, g.h, g.w, g.ci], true);
  const [dv, xv] = views(backend, dcols, dx);
  col2im(dv!, xv!, g);
  free(backend, dcols);
  return dx;
}

/**
 * 1×1 filter, stride > 1: dx is 0 but at the sampled positions, where it is dy·Wᵀ — one native GEMM and a scatter
 * (32×32×32×16→32: 0.6 ms; ORT's ConvTranspose took 2.0). Null when the native path is unavailable.
 */
function backpropInputStridedPointwise(dy: tf.TensorInfo, filter: tf.TensorInfo, g: ConvGeom, backend: KernelArgs['backend']): tf.TensorInfo | null {
  const M = g.n * g.oh * g.ow;
  const dcols = alloc(backend, [M, g.ci]);
  const dx = alloc(backend, [g.n, g.h, g.w, g.ci], true);
  const [dv, fv, cv, xv] = views(backend, dy, filter, dcols, dx);
  const ok = nativeGemm(dv!, fv!, M, g.co, g.ci, false, true, cv!);
  if (ok) col2im(cv!, xv!, g);
  free(backend, dcols, ...(ok ? [] : [dx]));
  return ok ? dx : null;
}

export function conv2DBackpropInput({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  assertNhwc('Conv2DBackpropInput', attrs.dataFormat);
  const inputShape = attrs.inputShape as number[];
  const g = convGeom(inputShape, filter.shape, attrs.strides as Stride, attrs.pad as Pad, 1, attrs.dimRoundingMode as 'floor' | undefined);
  if (g.kh === 1 && g.kw === 1 && (g.sh > 1 || g.sw > 1)) {
    const dx = backpropInputStridedPointwise(dy, filter, g, backend);
    if (dx) return dx;
  } else {
    const native = alloc(backend, inputShape);
    const [nd, nf, nx] = views(backend, dy, filter, native);
    if (nativeConvBackpropInput(nd!, nf!, g, nx!)) return native;
    free(backend, native);
  }
  const byConv = g.sh === 1 && g.sw === 1 && g.pt < g.kh && g.pb < g.kh && g.pl < g.kw && g.pr < g.kw;
  // Measured on the reference CNN: the XNNPACK conv beats GEMM + col2im for stride 1; col2im is the only way for stride > 1.
  if (byConv) return backpropInputByConv(dy, filter, g, backend);
  return backpropInputByCols(dy, filter, g, backend);
}

/**
 * Native forward conv into a new tensor, or null. Only for 1×1 stride-1 convs (one GEMM) and, for others, with ≥ 8
 * input channels: with fewer, XNNPACK measured faster (28×28×1→32: 1.3 vs 2.1 ms; 32×32×3→16: 1.4 vs 1.8 ms — an
 * im2col with K = 9 or 27 feeds MLAS's GEMM poorly), as for strided 1×1 convs (32×32×32×16→32 s2: 0.5 vs 0.9 ms).
 */
function forwardNative(args: KernelArgs, bias?: tf.TensorInfo, activation = 'linear'): tf.TensorInfo | null {
  const { inputs, attrs, backend } = args;
  const { x, filter } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const nhwc = attrs.dataFormat === 'NHWC' || attrs.dataFormat === undefined || attrs.dataFormat === 'channelsLast';
  if (!nhwc) return null;
  const g = convGeom(x.shape, filter.shape, attrs.strides as Stride, attrs.pad as Pad, (attrs.dilations as Stride) ?? 1, attrs.dimRoundingMode as 'floor' | undefined);
  if (g.kh === 1 && g.kw === 1 ? g.sh > 1 || g.sw > 1 : g.ci < 8) return null;
  const out = alloc(backend, [g.n, g.oh, g.ow, g.co]);
  const [xv, fv, ov, bv] = views(backend, x, filter, out, ...(bias ? [bias] : []));
  if (nativeConv(xv!, fv!, g, ov!, bv, activation)) return out;
  free(backend, out);
  return null;
}

/** Forward conv. Training runs this one: with a gradient tape, tfjs-layers' fused conv falls back to Conv2D + Add + activation. */
export function conv2D(args: KernelArgs): tf.TensorInfo {
  return forwardNative(args) ?? runStock('Conv2D', args.backend, args.inputs, args.attrs);
}

/** Conv + bias + activation in one native graph (inference: predict, evaluation); others go to the stock kernel. */
export function fusedConv2D(args: KernelArgs): tf.TensorInfo {
  const { bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const activation = (args.attrs.activation as string | undefined) ?? 'linear';
  const co = args.inputs.filter!.shape[3]!;
  const plainBias = !bias || (bias.shape.length === 1 && bias.shape[0] === co);
  const ours = !preluActivationWeights && plainBias && activation in NATIVE_ACTIVATIONS;
  return (ours ? forwardNative(args, bias, activation) : null) ?? runStock('FusedConv2D', args.backend, args.inputs, args.attrs);
}
