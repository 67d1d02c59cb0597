/**
 * A conv layer with bias and ReLU as one op while training. tfjs fuses them only outside gradient recording, so a
 * training step ran conv, bias add and ReLU as three kernels (three passes over the activations) and, backward, a
 * ReLU mask and a bias sum as two more. Here the forward is one native conv (bias and ReLU inside its graph) and the
 * backward's mask and bias sum are one pass ('HebbReluBiasGrad'); the conv gradients are the usual kernels, run only
 * for the inputs that need them (a first layer's image gets no input gradient).
 */

import * as tf from '@tensorflow/tfjs';
import { fusedConv2D } from './conv2d';
import { alloc, views, type KernelArgs } from './heap';
import { heapOffset, simdFor } from './simd';

export const HEBB_CONV_BIAS_RELU = 'HebbConvBiasRelu';
export const HEBB_RELU_BIAS_GRAD = 'HebbReluBiasGrad';

/** Forward: tfjs's FusedConv2D with activation 'relu' (our native conv, else the stock kernel). */
export function convBiasRelu({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo {
  return fusedConv2D({ inputs, attrs: { ...attrs, activation: 'relu' }, backend });
}

/** Inputs dy and y (the layer's output, NHWC). Outputs dz = dy where y > 0, else 0, and db = dz summed to [C]. */
export function reluBiasGrad({ inputs, backend }: KernelArgs): tf.TensorInfo[] {
  const { dy, y } = inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
  const c = y.shape.at(-1)!;
  const rows = y.shape.reduce((p, d) => p * d, 1) / c;
  const dz = alloc(backend, y.shape);
  const db = alloc(backend, [c], true);
  const simd = simdFor(backend);
  if (simd) {
    simd.relugradsum(heapOffset(backend, dy), heapOffset(backend, y), heapOffset(backend, dz), rows, c, heapOffset(backend, db));
    return [dz, db];
  }
  const [dv, yv, zv, bv] = views(backend, dy, y, dz, db);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let j = 0; j < c; j++, i++) {
      const v = yv![i]! > 0 ? dv![i]! : 0;
      zv![i] = v;
      bv![j]! += v;
    }
  }
  return [dz, db];
}

interface ConvAttrs { strides: number | [number, number]; pad: unknown; dimRoundingMode?: string }

tf.registerGradient({
  kernelName: HEBB_CONV_BIAS_RELU,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const [dz, db] = tf.engine().runKernel(HEBB_RELU_BIAS_GRAD, { dy: dy as tf.Tensor, y }) as tf.Tensor[];
    const { strides, pad, dimRoundingMode } = attrs as unknown as ConvAttrs;
    const conv = { strides, pad, dimRoundingMode, dataFormat: 'NHWC' } as unknown as tf.NamedAttrMap;
    return {
      x: () => tf.engine().runKernel('Conv2DBackpropInput', { dy: dz!, filter }, { ...conv, inputShape: x.shape }) as tf.Tensor,
      filter: () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: dz! }, { ...conv, filterShape: filter.shape }) as tf.Tensor,
      bias: () => db!,
    };
  },
});

type FusedConvArgs = Parameters<typeof tf.fused.conv2d>[0];
const PATCHED = Symbol.for('hebb.fusedConvTraining');

const isOne = (d: FusedConvArgs['dilations']) => d === undefined || d === 1 || (Array.isArray(d) && d[0] === 1 && d[1] === 1);

/** The calls our op serves: recording gradients on wasm, bias and ReLU, NHWC, rank 4, no dilation. */
function ours(a: FusedConvArgs): boolean {
  if (a.activation !== 'relu' || a.bias == null || a.preluActivationWeights != null || !isOne(a.dilations)) return false;
  if ((a.dataFormat ?? 'NHWC') !== 'NHWC' || tf.getBackend() !== 'wasm' || tf.getKernel(HEBB_CONV_BIAS_RELU, 'wasm') == null) return false;
  const x = a.x as tf.Tensor, f = a.filter as tf.Tensor, b = a.bias as tf.Tensor;
  if (!(x instanceof tf.Tensor) || !(f instanceof tf.Tensor) || !(b instanceof tf.Tensor)) return false;
  const state = tf.engine().state as unknown as { gradientDepth: number };
  return state.gradientDepth > 0 && x.rank === 4 && f.rank === 4 && b.rank === 1 && b.shape[0] === f.shape[3] && x.dtype === 'float32';
}

/**
 * Route tf.fused.conv2d (what tfjs-layers' Conv2D calls) through our op where it applies; tfjs's own path elsewhere.
 * Returns whether the patch is in place: tfjs's namespace object is plain and writable in its Node build; a bundle
 * that froze it keeps tfjs's behaviour (slower, same numbers).
 */
export function installFusedConvTraining(): boolean {
  const fused = tf.fused as unknown as { conv2d: typeof tf.fused.conv2d & { [PATCHED]?: boolean } };
  if (fused.conv2d[PATCHED]) return true;
  const original = fused.conv2d;
  const patched = Object.assign((a: FusedConvArgs) => {
    if (!ours(a)) return original(a);
    const { x, filter, bias, strides, pad, dimRoundingMode } = a;
    return tf.engine().runKernel(HEBB_CONV_BIAS_RELU, { x: x as tf.Tensor, filter: filter as tf.Tensor, bias: bias as tf.Tensor },
      { strides, pad, dimRoundingMode, dataFormat: 'NHWC', dilations: 1 } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  }, { [PATCHED]: true });
  try {
    fused.conv2d = patched as typeof fused.conv2d;
  } catch {
    return false;
  }
  return fused.conv2d === patched;
}
