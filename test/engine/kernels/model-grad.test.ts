import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff, seeded, useWasm } from './helpers';

/** conv (stride 1 and 2) + max pool + depthwise (multiplier 2) + batch norm + dense: every kernel we added or replaced. */
function smallNet(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [9, 9, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' }),
      tf.layers.batchNormalization(),
      tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'valid', activation: 'elu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
}

/** Gradients of the cross-entropy w.r.t. every trainable weight, for fixed weights and data, on `backend`. */
async function gradsOn(backend: 'cpu' | 'wasm', weights: Float32Array[], x: Float32Array, labels: number[]): Promise<{ grads: Float32Array[]; leaked: number }> {
  if (backend === 'wasm') await useWasm();
  else { await tf.setBackend('cpu'); await tf.ready(); }
  const model = smallNet();
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i]!, w.shape)));
  const before = tf.memory().numTensors;
  const grads = tf.tidy(() => {
    const xs = tf.tensor4d(x, [labels.length, 9, 9, 2]);
    const ys = tf.oneHot(labels, 3);
    const { grads: g } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar,
      model.trainableWeights.map((w) => w.read() as tf.Variable));
    return model.trainableWeights.map((w) => g[(w.read() as tf.Variable).name]!);
  });
  const out = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  const leaked = tf.memory().numTensors - before;
  model.dispose();
  return { grads: out, leaked };
}

describe('gradients through a full model: wasm equals cpu', () => {
  it('matches every weight gradient to 1e-4 (absolute and relative to its largest entry) and leaks no tensor', async () => {
    await tf.setBackend('cpu');
    const rnd = seeded(7);
    const shapes = smallNet().getWeights().map((w) => w.shape);
    const weights = shapes.map((s) => rnd(s.reduce((a, b) => a * b, 1)).map((v) => v * 0.5));
    const labels = [0, 2, 1];
    const x = rnd(labels.length * 9 * 9 * 2);
    const cpu = await gradsOn('cpu', weights, x, labels);
    const wasm = await gradsOn('wasm', weights, x, labels);
    expect(wasm.grads.length).toBe(cpu.grads.length);
    expect(wasm.grads.length).toBeGreaterThanOrEqual(10);
    const live = cpu.grads.filter((g) => Math.max(...g.map(Math.abs)) > 1e-5).length;
    expect(live).toBeGreaterThanOrEqual(cpu.grads.length - 1);
    cpu.grads.forEach((g, i) => {
      const diff = maxAbsDiff(g, wasm.grads[i]!);
      expect(diff).toBeLessThan(1e-4);
      // Relative too: some gradients are ~1e-2, where an absolute 1e-4 would hide a 1% error. (The bias before batch
      // norm has a gradient of exactly 0 in theory, ~1e-9 of rounding here: only the absolute check applies to it.)
      const scale = Math.max(...g.map(Math.abs));
      if (scale > 1e-5) expect(diff / scale).toBeLessThan(1e-4);
    });
    expect(wasm.leaked).toBe(0);
  });
});
