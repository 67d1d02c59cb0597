/** Convolution geometry for our kernels: tfjs's own conv-info arithmetic (same padding rules as every backend), flattened to plain numbers. */

import * as tf from '@tensorflow/tfjs';

export interface ConvGeom {
  n: number; h: number; w: number; ci: number;
  oh: number; ow: number; co: number;
  kh: number; kw: number;
  sh: number; sw: number; dh: number; dw: number;
  pt: number; pl: number; pb: number; pr: number;
}

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/**
 * Geometry of a conv (or depthwise conv when `depthwise`) of input `xShape` (NHWC) with `filterShape`.
 * For depthwise, `co` is channels × multiplier.
 */
export function convGeom(
  xShape: number[], filterShape: number[], strides: number | [number, number], pad: Pad,
  dilations: number | [number, number] = 1, dimRoundingMode?: 'floor' | 'round' | 'ceil', depthwise = false,
): ConvGeom {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    strides, dilations, pad, dimRoundingMode, depthwise, 'channelsLast',
  );
  return {
    n: info.batchSize, h: info.inHeight, w: info.inWidth, ci: info.inChannels,
    oh: info.outHeight, ow: info.outWidth, co: info.outChannels,
    kh: info.filterHeight, kw: info.filterWidth,
    sh: info.strideHeight, sw: info.strideWidth, dh: info.dilationHeight, dw: info.dilationWidth,
    pt: info.padInfo.top, pl: info.padInfo.left, pb: info.padInfo.bottom, pr: info.padInfo.right,
  };
}
