import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { leadingAxes } from '../../../src-main/engine/kernels/reduce';
import { compare, maxAbsDiff, seeded, useWasm } from './helpers';

describe.each(['Sum', 'Mean'])('%s on wasm matches the cpu backend', (kernel) => {
  const CASES: { shape: number[]; axis: number | number[]; keepDims?: boolean }[] = [
    { shape: [4, 5, 6, 7], axis: [0, 1, 2] }, // a conv bias gradient
    { shape: [3, 4, 5, 16], axis: [0, 1, 2] }, // channels a multiple of 4: SIMD body only
    { shape: [4, 5, 6, 7], axis: [2, 0, 1], keepDims: true }, // any order, kept dims
    { shape: [9, 3], axis: 0 }, // a dense bias gradient
    { shape: [5, 3, 2], axis: [-3, -2] }, // negative axes
    { shape: [1, 1, 1, 3], axis: [0, 1, 2] }, // batch 1, fewer than four rows
    { shape: [4, 5, 6], axis: [1, 2] }, // inner axes: the stock kernel
    { shape: [4, 5, 6], axis: [0, 2] }, // mixed: the stock kernel
    { shape: [4, 5], axis: [0, 1] }, // everything: the stock kernel
  ];
  CASES.forEach((c, i) => {
    it(`${c.shape.join('×')} over ${JSON.stringify(c.axis)}${c.keepDims ? ' keepDims' : ''}`, async () => {
      const x = { values: seeded(700 + i)(c.shape.reduce((a, d) => a * d, 1)), shape: c.shape };
      const r = await compare(kernel, { x }, { axis: c.axis, keepDims: c.keepDims ?? false });
      expect(r.shape).toEqual(r.cpuShape);
      expect(r.diff).toBeLessThan(1e-4);
    });
  });
});

it('leadingAxes recognises only a prefix of the axes that leaves something', () => {
  expect(leadingAxes([0, 1, 2], [2, 3, 4, 5])).toBe(3);
  expect(leadingAxes([1, 0], [2, 3, 4])).toBe(2);
  expect(leadingAxes(-3, [2, 3, 4])).toBe(1);
  expect(leadingAxes([0, 1], [2, 3])).toBe(0);
  expect(leadingAxes([1], [2, 3])).toBe(0);
  expect(leadingAxes([0, 2], [2, 3, 4])).toBe(0);
});

describe('the gradient of Mean over leading axes on wasm matches tfjs\'s on the cpu backend', () => {
  const CASES: { shape: number[]; axis: number[]; keepDims: boolean }[] = [
    { shape: [3, 4, 5, 8], axis: [0, 1, 2], keepDims: false }, // batch-norm moments, SIMD body only
    { shape: [3, 4, 5, 6], axis: [0, 1, 2], keepDims: true }, // kept dims, scalar tail
    { shape: [7, 5], axis: [0], keepDims: false },
    { shape: [3, 4, 5], axis: [1, 2], keepDims: false }, // not leading: tfjs's gradient
  ];
  CASES.forEach((c, i) => {
    it(`${c.shape.join('×')} over ${JSON.stringify(c.axis)}${c.keepDims ? ' keepDims' : ''}`, async () => {
      const rnd = seeded(1900 + i);
      const xv = rnd(c.shape.reduce((a, d) => a * d, 1));
      const grad = () => tf.tidy(() => {
        const x = tf.tensor(xv, c.shape);
        const f = (t: tf.Tensor) => { const m = tf.mean(t, c.axis, c.keepDims); return tf.sum(tf.mul(m, tf.tensor(rnd(m.size).map((_, k) => k + 1), m.shape))); };
        return tf.grad(f)(x).dataSync().slice() as Float32Array;
      });
      await tf.setBackend('cpu');
      const cpu = grad();
      await useWasm();
      const wasm = grad();
      expect(maxAbsDiff(cpu, wasm)).toBeLessThan(1e-6);
      expect(Array.from(cpu).some((v) => v !== 0)).toBe(true);
    });
  });
});
