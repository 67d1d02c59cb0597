import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { useWasm } from './helpers';

it('Identity on wasm shares the buffer: a clone outlives its source, and disposing both frees it', async () => {
  await useWasm();
  const before = tf.backend().numDataIds();
  const x = tf.tensor([1, 2, 3, 4], [2, 2]);
  const y = tf.clone(x);
  const backend = tf.backend();
  expect(backend.refCount(y.dataId)).toBe(2);
  x.dispose();
  expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
  y.dispose();
  expect(tf.backend().numDataIds()).toBe(before);
});

it('Cast on wasm shares for the same dtype and still converts otherwise', async () => {
  await useWasm();
  const x = tf.tensor([1.5, -2, 0]);
  const same = tf.cast(x, 'float32');
  const toInt = tf.cast(x, 'int32');
  expect(Array.from(same.dataSync())).toEqual([1.5, -2, 0]);
  expect(Array.from(toInt.dataSync())).toEqual([1, -2, 0]);
  expect(toInt.dtype).toBe('int32');
  tf.dispose([x, same, toInt]);
});

it('a relu layer trains the same on wasm with the shared Identity/Cast as on the cpu backend', async () => {
  const run = async () => {
    const x = tf.tensor([[0.5, -1], [2, 0.25], [-0.3, 0.7]]);
    const w = tf.variable(tf.tensor([[0.3, -0.2, 0.1], [0.4, 0.5, -0.6]]));
    const opt = tf.train.sgd(0.1);
    for (let i = 0; i < 3; i++) tf.dispose(opt.minimize(() => tf.sum(tf.square(tf.relu(tf.matMul(x, w)))) as tf.Scalar, true)!);
    const out = Array.from(w.dataSync());
    tf.dispose([x, w]);
    opt.dispose();
    return out;
  };
  await tf.setBackend('cpu');
  const cpu = await run();
  await useWasm();
  const wasm = await run();
  wasm.forEach((v, i) => expect(v).toBeCloseTo(cpu[i]!, 5));
});
