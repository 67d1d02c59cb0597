/**
 * Depthwise-conv gradients for the wasm backend (absent from tfjs-backend-wasm 4.22). Filter gradient: onnxruntime's
 * native kernels (per tap a multiply and a sum, native-conv.ts), ~10× less CPU than a JS loop. Input gradient: for
 * multiplier 1 and stride 1 an XNNPACK depthwise conv with the flipped filter (faster than ORT's grouped
 * ConvTranspose); otherwise native ConvTranspose. Without the native path: direct JS loops over the window, cheap-ish
 * because a depthwise conv has no channel mixing (cost = output × taps × multiplier).
 */

import * as tf from '@tensorflow/tfjs';
import { convGeom, type ConvGeom } from './geometry';
import { alloc, free, runStock, views, type KernelArgs } from './heap';
import { nativeConvBackpropInput, nativeDepthwiseBackpropFilter } from './native-conv';

type Stride = number | [number, number];
type Pad = Parameters<typeof convGeom>[3];

function geomOf(xShape: number[], filterShape: number[], attrs: KernelArgs['attrs']): ConvGeom {
  return convGeom(xShape, filterShape, attrs.strides as Stride, attrs.pad as Pad, (attrs.dilations as Stride) ?? 1, attrs.dimRoundingMode as 'floor' | undefined, true);
}

/** Call `fn(m, xOffset, wOffset)` for every (output position m, in-bounds tap) pair, in a fixed order. */
function forEachTap(g: ConvGeom, fn: (dyOff: number, xOff: number, wOff: number) => void): void {
  let m = 0;
  for (let n = 0; n < g.n; n++) {
    for (let i = 0; i < g.oh; i++) {
      for (let j = 0; j < g.ow; j++, m++) {
        for (let a = 0; a < g.kh; a++) {
          const ih = i * g.sh + a * g.dh - g.pt;
          if (ih < 0 || ih >= g.h) continue;
          for (let b = 0; b < g.kw; b++) {
            const iw = j * g.sw + b * g.dw - g.pl;
            if (iw < 0 || iw >= g.w) continue;
            fn(m * g.co, ((n * g.h + ih) * g.w + iw) * g.ci, (a * g.kw + b) * g.co);
          }
        }
      }
    }
  }
}

export function depthwiseBackpropFilter({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const filterShape = attrs.filterShape as number[];
  const g = geomOf(x.shape, filterShape, attrs);
  const cm = g.co / g.ci;
  const out = alloc(backend, filterShape);
  const [xv, dv, ov] = views(backend, x, dy, out);
  if (nativeDepthwiseBackpropFilter(xv!, dv!, g, ov!)) return out;
  const acc = new Float64Array(g.kh * g.kw * g.co);
  const X = xv!, D = dv!;
  if (cm === 1) {
    forEachTap(g, (d0, x0, w0) => { for (let k = 0; k < g.co; k++) acc[w0 + k]! += X[x0 + k]! * D[d0 + k]!; });
  } else {
    forEachTap(g, (d0, x0, w0) => {
      for (let c = 0, k = 0; c < g.ci; c++) {
        const xval = X[x0 + c]!;
        for (let q = 0; q < cm; q++, k++) acc[w0 + k]! += xval * D[d0 + k]!;
      }
    });
  }
  ov!.set(acc);
  return out;
}

/**
 * Multiplier 1, stride 1, no dilation: dx is the (XNNPACK) depthwise conv of dy with the filter rotated 180°,
 * padded by k−1−pad — the same identity as for Conv2D, with no channel swap.
 */
function backpropInputByConv(dy: tf.TensorInfo, filter: tf.TensorInfo, g: ConvGeom, backend: KernelArgs['backend']): tf.TensorInfo {
  const flipped = alloc(backend, filter.shape);
  const [fv, wv] = views(backend, filter, flipped);
  for (let a = 0; a < g.kh; a++) {
    for (let b = 0; b < g.kw; b++) {
      const src = (a * g.kw + b) * g.ci;
      const dst = ((g.kh - 1 - a) * g.kw + (g.kw - 1 - b)) * g.ci;
      wv!.set(fv!.subarray(src, src + g.ci), dst);
    }
  }
  const pad = [[0, 0], [g.kh - 1 - g.pt, g.kh - 1 - g.pb], [g.kw - 1 - g.pl, g.kw - 1 - g.pr], [0, 0]];
  const out = runStock('DepthwiseConv2dNative', backend, { x: dy, filter: flipped }, { strides: [1, 1], pad, dilations: [1, 1] });
  free(backend, flipped);
  return out;
}

export function depthwiseBackpropInput({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const inputShape = attrs.inputShape as number[];
  const g = geomOf(inputShape, filter.shape, attrs);
  const cm = g.co / g.ci;
  const plain = cm === 1 && g.sh === 1 && g.sw === 1 && g.dh === 1 && g.dw === 1;
  if (plain && g.pt < g.kh && g.pb < g.kh && g.pl < g.kw && g.pr < g.kw) return backpropInputByConv(dy, filter, g, backend);
  const out = alloc(backend, inputShape);
  const [dv, wv, ov] = views(backend, dy, filter, out);
  if (nativeConvBackpropInput(dv!, wv!, g, ov!, g.ci)) return out;
  const acc = new Float64Array(g.n * g.h * g.w * g.ci);
  const D = dv!, W = wv!;
  if (cm === 1) {
    forEachTap(g, (d0, x0, w0) => { for (let k = 0; k < g.co; k++) acc[x0 + k]! += D[d0 + k]! * W[w0 + k]!; });
  } else {
    forEachTap(g, (d0, x0, w0) => {
      for (let c = 0, k = 0; c < g.ci; c++) {
        let s = 0;
        for (let q = 0; q < cm; q++, k++) s += D[d0 + k]! * W[w0 + k]!;
        acc[x0 + c]! += s;
      }
    });
  }
  ov!.set(acc);
  return out;
}
