import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { FusedMomentumOptimizer, FusedRMSPropOptimizer } from '../../../src-main/engine/train/optimizers/fused-optimizers';
import { createOptimizer } from '../../../src-main/engine/train/optimizers/registry';
import { encodeOptimizer, restoreOptimizer, setLearningRate } from '../../../src-main/engine/train/optimizers/state';
import { maxAbsDiff, seeded, useWasm } from '../kernels/helpers';

/** Variables of sizes 90, 5 and 15 (SIMD body and scalar tail) and a loss touching all of them. */
function problem(seed: number) {
  const rnd = seeded(seed);
  const variable = (n: number, shape: number[]) => { const t = tf.tensor(rnd(n), shape); const v = tf.variable(t); t.dispose(); return v; };
  const vars = [variable(90, [3, 3, 2, 5]), variable(5, [5]), variable(15, [5, 3])];
  const x = tf.tensor(rnd(2 * 6 * 6 * 2), [2, 6, 6, 2]) as tf.Tensor4D;
  const loss = () => tf.tidy(() => {
    const h = tf.relu(tf.add(tf.conv2d(x, vars[0] as tf.Tensor4D, 1, 'valid'), vars[1]!));
    return tf.sum(tf.square(tf.sub(tf.matMul(tf.mean(h, [1, 2]), vars[2] as tf.Tensor2D), 0.5))) as tf.Scalar;
  });
  return { vars, loss, dispose: () => tf.dispose([...vars, x]) };
}

async function train(make: () => tf.Optimizer, steps: number, seed = 1, lrAt?: (i: number) => number): Promise<Float32Array[]> {
  const p = problem(seed);
  const opt = make();
  for (let i = 0; i < steps; i++) {
    if (lrAt) setLearningRate(opt, lrAt(i));
    tf.dispose(opt.minimize(p.loss, true, p.vars)!);
  }
  const out = p.vars.map((v) => v.dataSync().slice() as Float32Array);
  opt.dispose();
  p.dispose();
  return out;
}

const KINDS = [
  { name: 'momentum' as const, fused: (lr: number) => new FusedMomentumOptimizer(lr, 0.9), stock: (lr: number) => tf.train.momentum(lr, 0.9) },
  { name: 'rmsprop' as const, fused: (lr: number) => new FusedRMSPropOptimizer(lr, 0.9), stock: (lr: number) => tf.train.rmsprop(lr, 0.9) },
];

describe.each(KINDS)('fused $name on wasm', (k) => {
  it('gives the same variables as tfjs\'s optimizer after 20 steps, with a learning-rate change, and leaks nothing', async () => {
    await useWasm();
    const init = await train(() => k.stock(0.01), 0);
    const lrAt = (i: number) => (i < 10 ? 0.01 : 0.003);
    // tfjs's momentum optimizer never disposes its −lr scalar: the fused one may leave exactly what tfjs leaves.
    const t0 = tf.memory().numTensors;
    const ref = await train(() => k.stock(0.01), 20, 1, lrAt);
    const t1 = tf.memory().numTensors;
    const fused = await train(() => k.fused(0.01), 20, 1, lrAt);
    expect(tf.memory().numTensors - t1).toBe(t1 - t0);
    fused.forEach((f, i) => {
      expect(maxAbsDiff(f, ref[i]!)).toBeLessThan(1e-5);
      expect(maxAbsDiff(f, init[i]!)).toBeGreaterThan(1e-3);
    });
  });

  it('resumes from its encoded slots like an unbroken run', async () => {
    await useWasm();
    const unbroken = await train(() => k.fused(0.01), 8, 3);
    const p = problem(3);
    const a = createOptimizer(k.name, 0.01);
    expect(a).toBeInstanceOf(k.name === 'momentum' ? FusedMomentumOptimizer : FusedRMSPropOptimizer);
    for (let i = 0; i < 5; i++) tf.dispose(a.minimize(p.loss, true, p.vars)!);
    const saved = await encodeOptimizer(a);
    a.dispose();
    const b = createOptimizer(k.name, 0.01);
    await restoreOptimizer(b, saved);
    for (let i = 0; i < 3; i++) tf.dispose(b.minimize(p.loss, true, p.vars)!);
    p.vars.forEach((v, i) => expect(maxAbsDiff(v.dataSync() as Float32Array, unbroken[i]!)).toBeLessThan(1e-5));
    b.dispose();
    p.dispose();
  });
});

it('momentum and RMSprop fall back to tfjs on the cpu backend and agree with it', async () => {
  await tf.setBackend('cpu');
  for (const k of KINDS) {
    const ref = await train(() => k.stock(0.01), 5);
    const fused = await train(() => k.fused(0.01), 5);
    fused.forEach((f, i) => expect(maxAbsDiff(f, ref[i]!)).toBe(0));
  }
});

afterAll(async () => { await tf.setBackend('cpu'); });
