import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { trainProbe } from '../../../src-main/engine/arch/probe';

describe('trainProbe', () => {
  it('takes one step of the architecture on a shrunken input and leaves no tensors behind', async () => {
    await tf.setBackend('cpu');
    // tfjs-layers itself keeps one tensor per compile+trainOnBatch; the probe must add nothing beyond that baseline.
    const baseline = async (): Promise<number> => {
      const before = tf.memory().numTensors;
      const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: 'softmax' })] });
      m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
      const [x, y] = [tf.ones([2, 2]), tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2)];
      await m.trainOnBatch(x, y);
      tf.dispose([x, y]);
      m.optimizer.dispose();
      m.dispose();
      return tf.memory().numTensors - before;
    };
    const floor = await baseline();
    const before = tf.memory().numTensors;
    await trainProbe({ arch: 'mobilenet-mini', inputShape: [224, 224, 3], numClasses: 5 })(tf);
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(floor);
  });

  it('surfaces a missing gradient kernel as the error the ladder classifies', async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    const grad = tf.getKernel('Conv2DBackpropFilter', 'wasm');
    if (grad) tf.unregisterKernel('Conv2DBackpropFilter', 'wasm'); // as in stock tfjs-backend-wasm 4.22
    try {
      const probe = trainProbe({ arch: 'cnn-small', inputShape: [28, 28, 1], numClasses: 2 });
      await expect(probe(tf)).rejects.toThrow(/Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'/);
    } finally {
      if (grad) tf.registerKernel(grad);
      await tf.setBackend('cpu');
    }
  });

  it('rejects an unknown architecture before touching the backend', async () => {
    await expect(trainProbe({ arch: 'nope', inputShape: [8, 8, 1], numClasses: 2 })(tf)).rejects.toThrow(/unknown architecture 'nope'/);
  });
});
