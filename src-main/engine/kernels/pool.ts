/** MaxPool and MaxPoolGrad for the wasm backend. MaxPoolGrad: the stock kernel is a naive per-input-pixel search (~90 ms per step on the reference CNN); this scatters each output's gradient to its window's first maximum, as the CPU backend does, and the usual 2×2/2 window is one SIMD pass (simd.wat) writing each input once. */

import * as tf from '@tensorflow/tfjs';
import { alloc, runStock, views, type KernelArgs } from './heap';
import { heapOffset, simdFor } from './simd';

export function maxPoolGrad({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], attrs.filterSize as number, attrs.strides as number, 1,
    attrs.pad as 'same', attrs.dimRoundingMode as 'floor' | undefined,
  );
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const fh = info.effectiveFilterHeight, fw = info.effectiveFilterWidth;
  const sh = info.strideHeight, sw = info.strideWidth, dh = info.dilationHeight, dw = info.dilationWidth;
  const pt = info.padInfo.top, pl = info.padInfo.left;
  const out = alloc(backend, input.shape);
  const [gv, xv, ov] = views(backend, dy, input, out);
  const G = gv!, X = xv!, O = ov!;
  if (fh === 2 && fw === 2 && sh === 2 && sw === 2 && dh === 1 && dw === 1 && pt === 0 && pl === 0 && 2 * OH <= H && 2 * OW <= W) {
    // The windows tile the input without overlap: only an odd last row/column is left for the zero fill.
    if (2 * OH !== H || 2 * OW !== W) O.fill(0);
    const simd = C % 4 === 0 ? simdFor(backend) : null;
    if (simd) simd.maxpool2x2grad(heapOffset(backend, input), heapOffset(backend, dy), heapOffset(backend, out), N, H, W, C, OH, OW);
    else pool2x2Grad(X, G, O, N, H, W, C, OH, OW);
    return out;
  }
  O.fill(0);
  // Per output pixel, scan the window with channels innermost (contiguous); strict '>' keeps the first maximum.
  const bestV = new Float32Array(C);
  const bestI = new Int32Array(C);
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < OH; i++) {
      for (let j = 0; j < OW; j++, o += C) {
        bestV.fill(-Infinity);
        bestI.fill(-1);
        for (let a = 0; a < fh; a += dh) {
          const ih = i * sh + a - pt;
          if (ih < 0 || ih >= H) continue;
          for (let b = 0; b < fw; b += dw) {
            const iw = j * sw + b - pl;
            if (iw < 0 || iw >= W) continue;
            const base = ((n * H + ih) * W + iw) * C;
            for (let c = 0; c < C; c++) {
              const v = X[base + c]!;
              if (v > bestV[c]!) { bestV[c] = v; bestI[c] = base + c; }
            }
          }
        }
        for (let c = 0; c < C; c++) if (bestI[c]! >= 0) O[bestI[c]!]! += G[o + c]!;
      }
    }
  }
  return out;
}

/** The common 2×2/2 window without padding: every covered input is written once (the gradient or 0), no read-modify-write. */
function pool2x2Grad(X: Float32Array, G: Float32Array, O: Float32Array, N: number, H: number, W: number, C: number, OH: number, OW: number): void {
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < OH; i++) {
      for (let j = 0; j < OW; j++, o += C) {
        const b00 = ((n * H + 2 * i) * W + 2 * j) * C;
        const b01 = b00 + C, b10 = b00 + W * C, b11 = b10 + C;
        for (let c = 0; c < C; c++) {
          // Strict '>' keeps the first maximum in row-major window order, as the cpu backend does.
          let best = X[b00 + c]!, at = 0;
          const v1 = X[b01 + c]!, v2 = X[b10 + c]!, v3 = X[b11 + c]!;
          if (v1 > best) { best = v1; at = 1; }
          if (v2 > best) { best = v2; at = 2; }
          if (v3 > best) at = 3;
          const g = G[o + c]!;
          O[b00 + c] = at === 0 ? g : 0;
          O[b01 + c] = at === 1 ? g : 0;
          O[b10 + c] = at === 2 ? g : 0;
          O[b11 + c] = at === 3 ? g : 0;
        }
      }
    }
  }
}

/** MaxPool forward: the 2×2/2 unpadded window with channels a multiple of 4 in one SIMD pass; the stock (XNNPACK) kernel otherwise. */
export function maxPool({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { x } = inputs as { x: tf.TensorInfo };
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number], attrs.filterSize as number, attrs.strides as number, 1,
    attrs.pad as 'same', attrs.dimRoundingMode as 'floor' | undefined,
  );
  const simd = x.dtype === 'float32' && info.inChannels % 4 === 0 ? simdFor(backend) : null;
  const plain = info.effectiveFilterHeight === 2 && info.effectiveFilterWidth === 2 && info.strideHeight === 2 && info.strideWidth === 2
    && info.padInfo.top === 0 && info.padInfo.left === 0 && 2 * info.outHeight <= info.inHeight && 2 * info.outWidth <= info.inWidth;
  if (!simd || !plain) return runStock('MaxPool', backend, inputs, attrs);
  const out = alloc(backend, [info.batchSize, info.outHeight, info.outWidth, info.inChannels]);
  simd.maxpool2x2(heapOffset(backend, x), heapOffset(backend, out), info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth);
  return out;
}
