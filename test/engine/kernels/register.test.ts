import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from '../../../src-main/engine/kernels/index';
import { useWasm } from './helpers';

describe('registerWasmTrainingKernels', () => {
  it('registers the missing gradients and the faster replacements, and a second call changes nothing', async () => {
    const first = await useWasm();
    const fns = first.map((n) => tf.getKernel(n, 'wasm')!.kernelFunc);
    const second = registerWasmTrainingKernels();
    expect(first).toEqual(Object.keys(WASM_TRAINING_KERNELS));
    expect(first).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']));
    expect(second).toEqual(first);
    expect(second.map((n) => tf.getKernel(n, 'wasm')!.kernelFunc)).toEqual(fns);
  });

  it('lets a conv net take an Adam step on wasm without leaking tensors', async () => {
    await useWasm();
    const model = tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 3, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ] });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const x = tf.randomUniform([4, 8, 8, 1]);
    const y = tf.oneHot([0, 1, 0, 1], 2);
    await model.trainOnBatch(x, y); // first step creates the optimizer's slots
    const before = tf.memory().numTensors;
    const w0 = model.getWeights()[0]!.dataSync().slice();
    const loss = await model.trainOnBatch(x, y);
    expect(Number.isFinite(loss as number)).toBe(true);
    expect(model.getWeights()[0]!.dataSync()).not.toEqual(w0);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
  });
});
