import { describe, expect, it } from 'vitest';
import { leadingAxes } from '../../../src-main/engine/kernels/reduce';
import { compare, seeded } from './helpers';

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
