import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compare, seeded, type Input } from './helpers';

describe('FusedBatchNorm on wasm matches the cpu backend', () => {
  const CASES: { x: number[]; stat: number[]; offset: boolean; scale: boolean }[] = [
    { x: [2, 4, 4, 8], stat: [8], offset: true, scale: true }, // SIMD body only
    { x: [3, 3, 5, 6], stat: [1, 1, 1, 6], offset: true, scale: true }, // kept dims and a scalar tail
    { x: [4, 5], stat: [5], offset: false, scale: true }, // no offset
    { x: [4, 5], stat: [5], offset: true, scale: false }, // no scale
    { x: [2, 3, 4], stat: [2, 3, 4], offset: true, scale: true }, // full-shape statistics: the stock kernel
  ];
  CASES.forEach((c, i) => {
    it(`${c.x.join('×')} with ${c.stat.join('×')} statistics${c.offset ? '' : ', no offset'}${c.scale ? '' : ', no scale'}`, async () => {
      const rnd = seeded(1500 + i);
      const n = c.stat.reduce((p, d) => p * d, 1);
      const inputs: Record<string, Input> = {
        x: { values: rnd(c.x.reduce((p, d) => p * d, 1)), shape: c.x },
        mean: { values: rnd(n), shape: c.stat },
        variance: { values: rnd(n).map((v) => v * v + 0.1), shape: c.stat },
      };
      if (c.offset) inputs.offset = { values: rnd(n), shape: c.stat };
      if (c.scale) inputs.scale = { values: rnd(n), shape: c.stat };
      const r = await compare('FusedBatchNorm', inputs, { varianceEpsilon: 1e-3 });
      expect(r.shape).toEqual(c.x);
      expect(r.diff).toBeLessThan(1e-5);
    });
  });

  it('a batch-norm layer trains the same on wasm as on the cpu backend', async () => {
    const run = async () => {
      const rnd = seeded(1600);
      const layer = tf.layers.batchNormalization({ inputShape: [3, 3, 4] });
      const model = tf.sequential({ layers: [layer, tf.layers.flatten(), tf.layers.dense({ units: 2, kernelInitializer: 'ones' })] });
      const x = tf.tensor(rnd(5 * 3 * 3 * 4), [5, 3, 3, 4]);
      const opt = tf.train.sgd(0.05);
      for (let s = 0; s < 3; s++) tf.dispose(opt.minimize(() => tf.mean(tf.square(tf.sub(model.apply(x, { training: true }) as tf.Tensor, 1))) as tf.Scalar, true)!);
      const w = model.getWeights().map((t) => Array.from(t.dataSync()));
      model.dispose();
      opt.dispose();
      x.dispose();
      return w.flat();
    };
    await tf.setBackend('cpu');
    const cpu = await run();
    const { useWasm } = await import('./helpers');
    await useWasm();
    const wasm = await run();
    expect(cpu.every(Number.isFinite)).toBe(true);
    wasm.forEach((v, i) => expect(Math.abs(v - cpu[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(cpu[i]!))));
  });
});

describe('the FusedBatchNorm gradient on wasm (one SIMD pass) matches tfjs\'s on the cpu backend', () => {
  const CASES = [
    { x: [2, 3, 3, 8], scale: true }, // SIMD body only
    { x: [3, 2, 2, 6], scale: true }, // a scalar tail
  ];
  CASES.forEach((c, i) => {
    it(`${c.x.join('×')}${c.scale ? '' : ', no scale'}: d/dx, mean, variance, scale, offset`, async () => {
      const rnd = seeded(1700 + i);
      const C = c.x[c.x.length - 1]!;
      const vals = { x: rnd(c.x.reduce((p, d) => p * d, 1)), m: rnd(C), v: rnd(C).map((t) => t * t + 0.2), o: rnd(C), s: rnd(C), w: rnd(c.x.reduce((p, d) => p * d, 1)) };
      const grads = () => {
        const [x, m, v, o, s, w] = [tf.tensor(vals.x, c.x), tf.tensor(vals.m), tf.tensor(vals.v), tf.tensor(vals.o), tf.tensor(vals.s), tf.tensor(vals.w, c.x)];
        // A weighted sum makes dy non-uniform, so every term of the gradient counts.
        const f = (x: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
          tf.sum(tf.mul(tf.batchNorm(x as tf.Tensor4D, m, v, o, c.scale ? s : undefined, 1e-3), w));
        const gs = tf.grads(f)([x, m, v, o, s]);
        const out = gs.slice(0, c.scale ? 5 : 4).map((g) => g.dataSync().slice() as Float32Array);
        tf.dispose([...gs, x, m, v, o, s, w]);
        return out;
      };
      await tf.setBackend('cpu');
      const cpu = grads();
      const { useWasm, maxAbsDiff } = await import('./helpers');
      await useWasm();
      const before = tf.memory().numTensors;
      const wasm = grads();
      expect(tf.memory().numTensors).toBe(before);
      wasm.forEach((g, k) => expect(maxAbsDiff(g, cpu[k]!)).toBeLessThan(1e-4));
    });
  });
});
