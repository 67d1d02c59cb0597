// The fused dense-stack step gives the tfjs route's loss, accuracy and gradients, and applies only where it can.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend/index';
import { densePlan, denseStep } from '../../../src-main/engine/train/dense-fast';
import { accuracyOf, computeLoss } from '../../../src-main/engine/train/loss';

beforeAll(async () => { await initBackend({ prefer: 'wasm' }); });
afterAll(async () => { await tf.setBackend('cpu'); });

function mlp(acts: string[], units: number[], extra: Partial<Parameters<typeof tf.layers.dense>[0]> = {}): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.flatten({ inputShape: [2, 3, 2] }));
  acts.forEach((a, i) => m.add(tf.layers.dense({ units: units[i]!, activation: a as 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: i + 1 }), biasInitializer: tf.initializers.randomNormal({ seed: i + 9 }), ...extra })));
  m.add(tf.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }));
  return m;
}

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe.each([
  { name: 'relu, relu', acts: ['relu', 'relu'], units: [9, 7], opts: {} },
  { name: 'linear hidden, label smoothing', acts: ['linear'], units: [5], opts: { labelSmoothing: 0.1 } },
  { name: 'class weights and l2', acts: ['relu'], units: [8], opts: { classWeights: [1, 2.5, 0.5, 1], l2: 0.01 } },
])('denseStep ($name)', ({ acts, units, opts }) => {
  it('matches the tfjs route: loss, accuracy and every gradient', () => {
    const model = mlp(acts, units);
    const plan = densePlan(model, 'categoricalCrossentropy')!;
    expect(plan.acts).toEqual(acts);
    const x = tf.randomUniform([11, 2, 3, 2], -1, 1, 'float32', 4);
    const labels = tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3, 3, 2, 1], 'int32');
    const fast = denseStep(plan, { x, labels, ...opts });
    const kernels = model.trainableWeights.filter((w) => /kernel/.test(w.name)).map((w) => w.read());
    const { value, grads } = tf.variableGrads(() => {
      let l = computeLoss('categoricalCrossentropy', labels, model.apply(x, { training: true }) as tf.Tensor2D, opts);
      for (const k of kernels) l = l.add(tf.sum(tf.square(k)).mul(opts.l2 ?? 0));
      return l as tf.Scalar;
    }, plan.vars);
    expect(fast.loss).toBeCloseTo(value.dataSync()[0]!, 5);
    expect(fast.accuracy).toBeCloseTo(accuracyOf(labels, model.apply(x) as tf.Tensor2D).dataSync()[0]!, 6);
    for (const v of plan.vars) {
      const scale = Math.max(1e-3, tf.max(tf.abs(grads[v.name]!)).dataSync()[0]!);
      expect(maxDiff(fast.grads[v.name]!, grads[v.name]!) / scale, v.name).toBeLessThan(1e-5);
    }
  });
});

describe('densePlan', () => {
  it('takes plain dense stacks only', () => {
    expect(densePlan(mlp(['relu'], [5]), 'categoricalCrossentropy')).not.toBeNull();
    expect(densePlan(mlp(['relu'], [5]), 'meanSquaredError')).toBeNull();
    expect(densePlan(mlp(['sigmoid'], [5]), 'categoricalCrossentropy')).toBeNull();
    expect(densePlan(mlp(['relu'], [5], { kernelRegularizer: tf.regularizers.l2({ l2: 0.1 }) }), 'categoricalCrossentropy')).toBeNull();
    const withDropout = mlp(['relu'], [5]);
    withDropout.add(tf.layers.dropout({ rate: 0.2 }));
    expect(densePlan(withDropout, 'categoricalCrossentropy')).toBeNull();
    const conv = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3 }), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'softmax' })] });
    expect(densePlan(conv, 'categoricalCrossentropy')).toBeNull();
  });

  it('is off on other backends', async () => {
    await tf.setBackend('cpu');
    try {
      expect(densePlan(mlp(['relu'], [5]), 'categoricalCrossentropy')).toBeNull();
    } finally {
      await tf.setBackend('wasm');
    }
  });
});

describe('makeStep with the fused dense stack', () => {
  it('trains an mlp to the same weights as tfjs autodiff, step after step (Adam, class weights, l2)', async () => {
    const { makeStep } = await import('../../../src-main/engine/train/trainer');
    const { createOptimizer } = await import('../../../src-main/engine/train/optimizers/registry');
    const run = (fused: boolean) => {
      const model = mlp(['relu', 'relu'], [16, 8]);
      const step = makeStep({ model, optimizer: createOptimizer('adam', 0.01), classWeights: [1, 2, 1, 0.5], l2: 0.001, fused });
      expect(step.fused).toBe(fused);
      const losses: number[] = [];
      for (let s = 0; s < 6; s++) {
        const x = Float32Array.from({ length: 10 * 12 }, (_, i) => Math.sin(i * 0.37 + s));
        const y = Int32Array.from({ length: 10 }, (_, i) => (i + s) % 4);
        losses.push(step({ x, y, n: 10, height: 2, width: 3, channels: 2, paths: [] })[0]);
      }
      return { losses, weights: model.getWeights().map((w) => Array.from(w.dataSync())) };
    };
    const fused = run(true), plain = run(false);
    fused.losses.forEach((l, i) => expect(l).toBeCloseTo(plain.losses[i]!, 5));
    fused.weights.forEach((w, i) => w.forEach((v, j) => expect(v).toBeCloseTo(plain.weights[i]![j]!, 4)));
    expect(fused.losses.at(-1)).toBeLessThan(fused.losses[0]!);
  });
});
