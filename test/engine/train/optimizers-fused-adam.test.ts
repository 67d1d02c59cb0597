import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { FusedAdamOptimizer } from '../../../src-main/engine/train/optimizers/fused-adam';
import { createOptimizer } from '../../../src-main/engine/train/optimizers/registry';
import { encodeOptimizer, restoreOptimizer, setLearningRate } from '../../../src-main/engine/train/optimizers/state';
import { maxAbsDiff, seeded, useWasm } from '../kernels/helpers';

async function use(backend: 'cpu' | 'wasm'): Promise<void> {
  if (backend === 'wasm') await useWasm();
  else { await tf.setBackend('cpu'); await tf.ready(); }
}

/** A small model's worth of variables (a conv kernel, a bias, a dense matrix) and a loss that touches all of them. */
function problem(seed: number) {
  const rnd = seeded(seed);
  // Sizes 90, 5 and 15: the SIMD loop's four-wide body and its scalar tail both run.
  const vars = [tf.variable(tf.tensor(rnd(3 * 3 * 2 * 5), [3, 3, 2, 5])), tf.variable(tf.tensor(rnd(5), [5])), tf.variable(tf.tensor(rnd(5 * 3), [5, 3]))];
  const x = tf.tensor(rnd(2 * 6 * 6 * 2), [2, 6, 6, 2]) as tf.Tensor4D;
  const loss = () => tf.tidy(() => {
    const h = tf.relu(tf.add(tf.conv2d(x, vars[0] as tf.Tensor4D, 1, 'valid'), vars[1]!));
    const z = tf.matMul(tf.mean(h, [1, 2]), vars[2] as tf.Tensor2D);
    return tf.sum(tf.square(tf.sub(z, 0.5))) as tf.Scalar;
  });
  return { vars, x, loss, dispose: () => tf.dispose([...vars, x]) };
}

/** Train the same problem with an optimizer for `steps` steps; return the final variables' values. */
async function train(make: () => tf.Optimizer, steps: number, seed = 1): Promise<Float32Array[]> {
  const p = problem(seed);
  const opt = make();
  for (let i = 0; i < steps; i++) tf.dispose(opt.minimize(p.loss, true, p.vars)!);
  const out = p.vars.map((v) => v.dataSync().slice() as Float32Array);
  opt.dispose();
  p.dispose();
  return out;
}

describe.each(['cpu', 'wasm'] as const)('FusedAdamOptimizer on %s', (backend) => {
  it('gives the same variables as tf.train.adam after 25 steps, and changes them', async () => {
    await use(backend);
    const init = await train(() => tf.train.adam(0.05), 0);
    const ref = await train(() => tf.train.adam(0.05), 25);
    const fused = await train(() => new FusedAdamOptimizer(0.05), 25);
    fused.forEach((f, i) => {
      expect(maxAbsDiff(f, ref[i]!)).toBeLessThan(1e-5);
      expect(maxAbsDiff(f, init[i]!)).toBeGreaterThan(1e-2);
    });
  });

  it('follows a learning rate changed between steps (setLearningRate, as the scheduler does)', async () => {
    await use(backend);
    const schedule = (make: () => tf.Optimizer) => async () => {
      const p = problem(5);
      const opt = make();
      for (let i = 0; i < 8; i++) {
        setLearningRate(opt, i < 4 ? 0.05 : 0.005);
        tf.dispose(opt.minimize(p.loss, true, p.vars)!);
      }
      const out = p.vars.map((v) => v.dataSync().slice() as Float32Array);
      opt.dispose();
      p.dispose();
      return out;
    };
    const ref = await schedule(() => tf.train.adam(0.05))();
    const fused = await schedule(() => new FusedAdamOptimizer(0.05))();
    fused.forEach((f, i) => expect(maxAbsDiff(f, ref[i]!)).toBeLessThan(1e-5));
  });

  it('leaks no tensors per step, in place or not', async () => {
    await use(backend);
    const p = problem(2);
    const opt = new FusedAdamOptimizer(0.01);
    tf.dispose(opt.minimize(p.loss, true, p.vars)!);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(opt.minimize(p.loss, true, p.vars)!);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    p.dispose();
  });

  it('round-trips its slots through getWeights/setWeights (a resumed run continues like an unbroken one)', async () => {
    await use(backend);
    const unbroken = await train(() => new FusedAdamOptimizer(0.05), 10, 3);
    const p = problem(3);
    const a = new FusedAdamOptimizer(0.05);
    for (let i = 0; i < 6; i++) tf.dispose(a.minimize(p.loss, true, p.vars)!);
    const saved = await encodeOptimizer(a);
    a.dispose();
    const b = createOptimizer('adam', 0.05);
    expect(b).toBeInstanceOf(FusedAdamOptimizer);
    await restoreOptimizer(b, saved);
    expect(b.iterations).toBe(6);
    for (let i = 0; i < 4; i++) tf.dispose(b.minimize(p.loss, true, p.vars)!);
    p.vars.forEach((v, i) => expect(maxAbsDiff(v.dataSync() as Float32Array, unbroken[i]!)).toBeLessThan(1e-5));
    b.dispose();
    p.dispose();
  });
});

describe('FusedAdamOptimizer on wasm with shared buffers', () => {
  it('does not write into a buffer another tensor shares (a clone of the variable keeps its value)', async () => {
    await useWasm();
    const p = problem(4);
    const opt = new FusedAdamOptimizer(0.05);
    tf.dispose(opt.minimize(p.loss, true, p.vars)!);
    const snapshot = tf.clone(p.vars[2]!); // shares the dataId on wasm
    const alias = tf.reshape(p.vars[1]!, [5, 1]); // so does a reshape
    const before = [snapshot.dataSync().slice(), alias.dataSync().slice()];
    tf.dispose(opt.minimize(p.loss, true, p.vars)!);
    expect(Array.from(snapshot.dataSync())).toEqual(Array.from(before[0]!));
    expect(Array.from(alias.dataSync())).toEqual(Array.from(before[1]!));
    expect(maxAbsDiff(p.vars[2]!.dataSync() as Float32Array, before[0] as Float32Array)).toBeGreaterThan(1e-3);
    tf.dispose([snapshot, alias]);
    opt.dispose();
    p.dispose();
  });

  it('serializes as tfjs Adam', () => {
    const opt = new FusedAdamOptimizer(0.002);
    expect(opt.getClassName()).toBe('Adam');
    expect(opt.getConfig()).toMatchObject({ learningRate: 0.002, beta1: 0.9, beta2: 0.999 });
    opt.dispose();
  });
});

afterAll(async () => { await tf.setBackend('cpu'); });
