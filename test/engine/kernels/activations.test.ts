import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { HEBB_RELU_GRAD } from '../../../src-main/engine/kernels/activations';
import { maxAbsDiff, seeded, useWasm } from './helpers';

it('HebbReluGrad on wasm gives dy where x > 0 and 0 elsewhere (zeros included, a scalar tail too)', async () => {
  await useWasm();
  const x = tf.tensor([-1, 0, 2, -0, 3, 0.5, -2]);
  const dy = tf.tensor([10, 20, 30, 40, 50, 60, 70]);
  const out = tf.engine().runKernel(HEBB_RELU_GRAD, { dy, x }) as tf.Tensor;
  expect(Array.from(out.dataSync())).toEqual([0, 0, 30, 0, 50, 60, 0]);
  tf.dispose([x, dy, out]);
});

it('the gradient of relu through a small net is the same on wasm (our kernel) and on cpu (tfjs formula)', async () => {
  const rnd = seeded(1234);
  const xv = rnd(6 * 8), wv = rnd(8 * 9);
  const grads = async () => {
    const x = tf.tensor(xv, [6, 8]), w = tf.tensor(wv, [8, 9]);
    const g = tf.grad((w: tf.Tensor) => tf.sum(tf.square(tf.relu(tf.matMul(x, w)))))(w);
    const out = g.dataSync().slice() as Float32Array;
    tf.dispose([x, w, g]);
    return out;
  };
  await tf.setBackend('cpu');
  const cpu = await grads();
  await useWasm();
  const before = tf.memory().numTensors;
  const wasm = await grads();
  expect(tf.memory().numTensors).toBe(before);
  expect(maxAbsDiff(cpu, wasm)).toBeLessThan(1e-5);
  expect(Array.from(cpu).some((v) => v !== 0)).toBe(true);
});

it('the kernel matches the cpu-backend formula on random data', async () => {
  const rnd = seeded(77);
  const x = { values: rnd(2 * 5 * 5 * 8), shape: [2, 5, 5, 8] };
  const dy = { values: rnd(2 * 5 * 5 * 8), shape: [2, 5, 5, 8] };
  await tf.setBackend('cpu');
  const ref = tf.tidy(() => tf.mul(tf.tensor(dy.values, dy.shape), tf.step(tf.tensor(x.values, x.shape))).dataSync().slice() as Float32Array);
  await useWasm();
  const got = tf.tidy(() => (tf.engine().runKernel(HEBB_RELU_GRAD, { dy: tf.tensor(dy.values, dy.shape), x: tf.tensor(x.values, x.shape) }) as tf.Tensor).dataSync().slice() as Float32Array);
  expect(maxAbsDiff(ref, got)).toBe(0);
});
