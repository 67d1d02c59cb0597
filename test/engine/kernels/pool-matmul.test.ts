import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compare, seeded } from './helpers';

describe('MaxPoolGrad on wasm matches the cpu backend', () => {
  const CASES = [
    { n: 2, h: 8, w: 8, c: 3, f: 2, s: 2, pad: 'valid' as const, ties: false },
    { n: 1, h: 7, w: 9, c: 2, f: 3, s: 2, pad: 'same' as const, ties: false },
    { n: 2, h: 6, w: 6, c: 4, f: 3, s: 1, pad: 'same' as const, ties: false },
    // After ReLU whole windows are 0: the gradient must go to the first position, as on cpu.
    { n: 2, h: 6, w: 6, c: 2, f: 2, s: 2, pad: 'valid' as const, ties: true },
    { n: 1, h: 7, w: 5, c: 3, f: 2, s: 2, pad: 'valid' as const, ties: true },
    { n: 1, h: 7, w: 5, c: 3, f: 2, s: 2, pad: 'same' as const, ties: false },
    // Channels a multiple of 4: the SIMD loop (odd sizes leave a last row/column the windows do not cover).
    { n: 2, h: 6, w: 8, c: 8, f: 2, s: 2, pad: 'valid' as const, ties: false },
    { n: 2, h: 6, w: 8, c: 8, f: 2, s: 2, pad: 'valid' as const, ties: true },
    { n: 1, h: 7, w: 9, c: 4, f: 2, s: 2, pad: 'valid' as const, ties: true },
  ];
  CASES.forEach((c, i) => {
    it(`${c.n}×${c.h}×${c.w}×${c.c} f${c.f} s${c.s} ${c.pad}${c.ties ? ' with ties' : ''}`, async () => {
      const rnd = seeded(300 + i);
      const xv = rnd(c.n * c.h * c.w * c.c).map((v) => (c.ties ? Math.max(0, v) : v));
      await tf.setBackend('cpu');
      const x = tf.tensor(xv, [c.n, c.h, c.w, c.c]);
      const y = tf.maxPool(x as tf.Tensor4D, c.f, c.s, c.pad);
      const output = { values: y.dataSync() as Float32Array, shape: y.shape };
      tf.dispose([x, y]);
      const dy = { values: rnd(output.values.length), shape: output.shape };
      const r = await compare('MaxPoolGrad', { dy, input: { values: xv, shape: [c.n, c.h, c.w, c.c] }, output }, { filterSize: c.f, strides: c.s, pad: c.pad });
      expect(r.shape).toEqual([c.n, c.h, c.w, c.c]);
      expect(r.diff).toBeLessThan(1e-4);
    });
  });
});

describe('MaxPool on wasm matches the cpu backend', () => {
  const CASES = [
    { n: 2, h: 8, w: 6, c: 8, f: 2, s: 2, pad: 'valid' as const }, // the SIMD path
    { n: 1, h: 7, w: 9, c: 4, f: 2, s: 2, pad: 'valid' as const }, // odd sizes: the last row/column is dropped
    { n: 2, h: 6, w: 6, c: 3, f: 2, s: 2, pad: 'valid' as const }, // channels not a multiple of 4: stock
    { n: 1, h: 7, w: 7, c: 4, f: 2, s: 2, pad: 'same' as const }, // padded: stock
    { n: 1, h: 6, w: 6, c: 4, f: 3, s: 1, pad: 'same' as const }, // another window: stock
  ];
  CASES.forEach((c, i) => {
    it(`${c.n}×${c.h}×${c.w}×${c.c} f${c.f} s${c.s} ${c.pad}`, async () => {
      const x = { values: seeded(350 + i)(c.n * c.h * c.w * c.c), shape: [c.n, c.h, c.w, c.c] };
      const r = await compare('MaxPool', { x }, { filterSize: c.f, strides: c.s, pad: c.pad });
      expect(r.shape).toEqual(r.cpuShape);
      expect(r.diff).toBe(0);
    });
  });
});

describe('BatchMatMul on wasm matches the cpu backend for every transpose', () => {
  // [5,7,3] keeps the direct route; [2,7,9] and [9,7,2] make the swapped route (op(b)ᵀ·op(a)ᵀ)ᵀ cheaper.
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    for (const [batch, m, k, n] of [[1, 5, 7, 3], [3, 5, 7, 3], [1, 2, 7, 9], [2, 9, 7, 2]]) {
      it(`transposeA=${ta} transposeB=${tb} batch ${batch} ${m}×${k}×${n}`, async () => {
        const rnd = seeded(400 + batch + m + (ta ? 20 : 0) + (tb ? 40 : 0));
        const a = { values: rnd(batch * m * k), shape: ta ? [batch, k, m] : [batch, m, k] };
        const b = { values: rnd(batch * k * n), shape: tb ? [batch, n, k] : [batch, k, n] };
        const r = await compare('BatchMatMul', { a, b }, { transposeA: ta, transposeB: tb });
        expect(r.shape).toEqual([batch, m, n]);
        expect(r.diff).toBeLessThan(1e-4);
      });
    }
  }
});

it('BatchMatMul on wasm broadcasts a batch of 1 against 3 with transposes', async () => {
  const rnd = seeded(499);
  const a = { values: rnd(4 * 6), shape: [1, 6, 4] };
  const b = { values: rnd(3 * 5 * 6), shape: [3, 5, 6] };
  const r = await compare('BatchMatMul', { a, b }, { transposeA: true, transposeB: true });
  expect(r.shape).toEqual([3, 4, 5]);
  expect(r.diff).toBeLessThan(1e-4);
});

describe('Tile on wasm matches the cpu backend', () => {
  const CASES: [number[], number[]][] = [
    [[1, 1, 1, 5], [2, 3, 4, 1]], // batch-norm gradient shape: a channel vector over N×H×W
    [[2, 3], [3, 2]],
    [[3], [4]],
    [[2, 1, 3], [1, 4, 2]],
    [[2, 2, 2, 2], [1, 1, 1, 1]],
  ];
  CASES.forEach(([shape, reps], i) => {
    it(`${shape.join('×')} reps ${reps.join(',')}`, async () => {
      const x = { values: seeded(600 + i)(shape.reduce((a, b) => a * b, 1)), shape };
      const r = await compare('Tile', { x }, { reps });
      expect(r.shape).toEqual(r.cpuShape);
      expect(r.diff).toBe(0);
    });
  });
  it('tiles int32 exactly', async () => {
    await tf.setBackend('wasm');
    const t = tf.tile(tf.tensor2d([[1, -2], [3, 2147483647]], [2, 2], 'int32'), [2, 3]);
    expect(t.dtype).toBe('int32');
    expect(Array.from(t.dataSync())).toEqual([1, -2, 1, -2, 1, -2, 3, 2147483647, 3, 2147483647, 3, 2147483647, 1, -2, 1, -2, 1, -2, 3, 2147483647, 3, 2147483647, 3, 2147483647]);
    t.dispose();
  });
});

describe('_FusedMatMul (dense forward) on wasm matches the cpu backend', () => {
  for (const activation of ['linear', 'relu', 'elu'] as const) {
    it(`bias + ${activation}`, async () => {
      const rnd = seeded(700);
      const a = { values: rnd(6 * 5), shape: [6, 5] };
      const b = { values: rnd(5 * 4), shape: [5, 4] };
      const bias = { values: rnd(4), shape: [4] };
      const r = await compare('_FusedMatMul', { a, b, bias }, { transposeA: false, transposeB: false, activation });
      expect(r.shape).toEqual([6, 4]);
      expect(r.diff).toBeLessThan(1e-5);
    });
  }
});
