/** Training kernels for tfjs's wasm backend: registers the gradients it lacks and replaces the stock kernels that dominate a training step. */

import * as tf from '@tensorflow/tfjs';
import { conv2D, conv2DBackpropFilter, conv2DBackpropInput, fusedConv2D } from './conv2d';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwise';
import { captureStock, type WasmKernel } from './heap';
import { batchMatMul, fusedMatMul } from './matmul-native';
export { enableWasmThreads, wasmThreadCount } from './threads';
export { nativeAvailable, nativeThreads, setNativeThreads } from './native';
import { maxPool, maxPoolGrad } from './pool';
import { tile } from './tile';
import { HEBB_ADAM, hebbAdamWasm } from './adam';
import { HEBB_MOMENTUM, HEBB_RMSPROP, momentumUpdate, rmspropUpdate } from './optimizer-updates';
import { HEBB_MEAN_GRAD, mean, meanGrad, sum } from './reduce';
import { HEBB_BATCH_NORM_GRAD, batchNormGrad, fusedBatchNorm } from './batchnorm';
import { cast, identity } from './identity';
import { add, multiply, sub } from './elementwise';
import { HEBB_RELU_GRAD, reluGrad } from './activations';
import { HEBB_DENSE_STACK, denseStack } from './dense-stack';
import { HEBB_CONV_BIAS_RELU, HEBB_RELU_BIAS_GRAD, convBiasRelu, installFusedConvTraining, reluBiasGrad } from './conv-bias-relu';

/** Kernel name → our implementation. The first three are missing from tfjs-backend-wasm 4.22; the rest replace slow stock ones. */
export const WASM_TRAINING_KERNELS: Record<string, WasmKernel> = {
  Conv2DBackpropFilter: conv2DBackpropFilter,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  Conv2DBackpropInput: conv2DBackpropInput,
  Conv2D: conv2D,
  FusedConv2D: fusedConv2D,
  MaxPoolGrad: maxPoolGrad,
  MaxPool: maxPool,
  BatchMatMul: batchMatMul,
  _FusedMatMul: fusedMatMul,
  Tile: tile,
  [HEBB_DENSE_STACK]: denseStack, // our own kernel (train/dense-fast.ts): a dense stack's whole loss and gradients
  [HEBB_ADAM]: hebbAdamWasm, // our own kernel (FusedAdamOptimizer): one loop per variable update
  [HEBB_MOMENTUM]: momentumUpdate, // our own kernels (train/optimizers/fused-optimizers.ts)
  [HEBB_RMSPROP]: rmspropUpdate,
  Sum: sum,
  Identity: identity,
  Cast: cast,
  Add: add,
  Multiply: multiply,
  Sub: sub,
  Mean: mean,
  [HEBB_MEAN_GRAD]: meanGrad, // our own kernel; reduce.ts routes Mean's gradient to it
  FusedBatchNorm: fusedBatchNorm,
  [HEBB_BATCH_NORM_GRAD]: batchNormGrad, // our own kernel; batchnorm.ts routes FusedBatchNorm's gradient to it
  [HEBB_RELU_GRAD]: reluGrad, // our own kernel; activations.ts routes Relu's gradient to it
  [HEBB_CONV_BIAS_RELU]: convBiasRelu, // our own kernels: a conv layer with bias and ReLU while training (conv-bias-relu.ts)
  [HEBB_RELU_BIAS_GRAD]: reluBiasGrad,
};

const OURS = Symbol.for('hebb.wasmKernel');

/**
 * Register our kernels for the 'wasm' backend (import '@tensorflow/tfjs-backend-wasm' first). Idempotent: a second
 * call changes nothing. Returns the names of the kernels now served by our implementations.
 */
export function registerWasmTrainingKernels(): string[] {
  // Fails clearly when tfjs-backend-wasm was not imported; our overrides call these stock kernels.
  for (const needed of ['Transpose', 'Conv2D', 'BatchMatMul', 'DepthwiseConv2dNative', '_FusedMatMul']) captureStock(needed);
  const names: string[] = [];
  for (const [name, fn] of Object.entries(WASM_TRAINING_KERNELS)) {
    const existing = tf.getKernel(name, 'wasm');
    if (existing && (existing.kernelFunc as unknown as Record<symbol, unknown>)[OURS]) { names.push(name); continue; }
    let setupFunc = undefined as tf.KernelConfig['setupFunc'];
    if (existing) {
      captureStock(name); // keep the original callable before replacing it
      setupFunc = existing.setupFunc; // it binds the wasm function the original calls; must still run at backend init
      tf.unregisterKernel(name, 'wasm');
    }
    const kernelFunc = ((args: unknown) => fn(args as Parameters<WasmKernel>[0])) as unknown as tf.KernelFunc;
    (kernelFunc as unknown as Record<symbol, unknown>)[OURS] = true;
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc, setupFunc });
    names.push(name);
  }
  installFusedConvTraining();
  return names;
}
