// Early stopping's best-weights snapshot must survive later optimizer steps on every backend we train on: a clone can
// share its buffer with the variable, so an optimizer writing into that buffer would silently change the snapshot.
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { OptimizerName } from '#contract/engine';
import { initBackend } from '../../../src-main/engine/backend/index';
import { createOptimizer } from '../../../src-main/engine/train/optimizers/registry';
import { modelWeightAccess } from '../../../src-main/engine/train/weight-snapshot';

afterAll(async () => { await tf.setBackend('cpu'); });

function model(): tf.LayersModel {
  return tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, activation: 'relu' }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 4, activation: 'softmax' }),
  ] });
}

describe.each(['wasm', 'cpu'] as const)('modelWeightAccess on %s', (backend) => {
  it.each(['adam', 'sgd', 'momentum', 'rmsprop'] as OptimizerName[])('a snapshot taken before %s steps keeps its values, and put restores them', async (name) => {
    await initBackend({ prefer: backend });
    const m = model();
    const opt = createOptimizer(name, 0.05);
    const access = modelWeightAccess(m);
    const before = m.getWeights().map((w) => Array.from(w.dataSync()));
    const snap = access.take();
    const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
    const x = tf.randomUniform([5, 6, 6, 2], 0, 1, 'float32', 1);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0], 'int32'), 4);
    for (let i = 0; i < 3; i++) {
      opt.minimize(() => tf.losses.softmaxCrossEntropy(y, m.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, false, vars);
    }
    const moved = m.getWeights().some((w, i) => Array.from(w.dataSync()).some((v, j) => v !== before[i]![j]));
    expect(moved).toBe(true);
    expect(snap.map((w) => Array.from(w.dataSync()))).toEqual(before);
    access.put(snap);
    expect(m.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    access.dispose(snap);
    tf.dispose([x, y]);
    opt.dispose();
    m.dispose();
  });
});
