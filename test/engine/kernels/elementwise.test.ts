import { describe, expect, it } from 'vitest';
import { compare, seeded } from './helpers';

describe.each(['Add', 'Multiply', 'Sub'])('%s on wasm matches the cpu backend', (kernel) => {
  const CASES: [number[], number[]][] = [
    [[2, 5, 5, 8], [8]], // conv bias, SIMD body only
    [[3, 7], [7]], // dense bias with a scalar tail
    [[6], [2, 4, 6]], // the vector first (Sub: the stock kernel)
    [[1, 1, 5], [4, 3, 5]], // leading 1s on the vector
    [[4, 3], [4, 3]], // same shapes: the stock kernel
    [[4, 1], [4, 3]], // broadcast along another axis: the stock kernel
    [[3], [3]], // two vectors: the stock kernel
  ];
  CASES.forEach(([as, bs], i) => {
    it(`${as.join('×')} and ${bs.join('×')}`, async () => {
      const rnd = seeded(900 + i);
      const a = { values: rnd(as.reduce((p, d) => p * d, 1)), shape: as };
      const b = { values: rnd(bs.reduce((p, d) => p * d, 1)), shape: bs };
      const r = await compare(kernel, { a, b }, {});
      expect(r.shape).toEqual(r.cpuShape);
      expect(r.diff).toBeLessThan(1e-6);
    });
  });
});
