import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelDir, saveModelDir } from '../../../src-main/engine/train/model-io';
import { createOptimizer } from '../../../src-main/engine/train/optimizers/registry';
import { decodeOrdered, encodeOptimizer, encodeOrdered, restoreOptimizer } from '../../../src-main/engine/train/optimizers/state';
import { cleanTemporary, completeCheckpoints, loadCheckpoint, saveCheckpoint } from '../../../src-main/engine/train/run-dir';
import { removeTmpDirs, tmpDir } from '../../helpers/fixtures';
import { tinyModel } from './fakes';

afterAll(removeTmpDirs);

beforeAll(async () => { await tf.setBackend('cpu'); });

async function stepOnce(model: tf.LayersModel, opt: tf.Optimizer): Promise<void> {
  tf.tidy(() => {
    const x = tf.ones([2, 2, 2, 1]);
    opt.minimize(() => tf.mean(tf.square(model.apply(x) as tf.Tensor)) as tf.Scalar, false, model.trainableWeights.map((w) => w.read() as tf.Variable));
  });
}

describe('checkpoints', () => {
  it('round-trip weights and Adam state; only folders with COMPLETE count; old ones are pruned', async () => {
    const runDir = await tmpDir('hebb-ckpt-');
    const model = tinyModel();
    const opt = createOptimizer('adam', 0.01);
    await stepOnce(model, opt);
    for (const epoch of [1, 2, 3]) {
      await saveCheckpoint(runDir, { epoch, weights: await encodeOrdered(model.getWeights()), optimizer: await encodeOptimizer(opt), state: { callbacks: { es: { wait: epoch } }, elapsedSeconds: epoch, history: [] } });
    }
    // a kill -9 during a save leaves a temporary folder and maybe a final-named folder without its marker
    await fs.mkdir(path.join(runDir, 'checkpoints', '.epoch-0004.123.tmp'), { recursive: true });
    await fs.mkdir(path.join(runDir, 'checkpoints', 'epoch-0005'), { recursive: true });
    expect(await completeCheckpoints(runDir)).toEqual([2, 3]);
    await cleanTemporary(runDir);
    expect((await fs.readdir(path.join(runDir, 'checkpoints'))).sort()).toEqual(['epoch-0002', 'epoch-0003', 'epoch-0005']);

    const c = await loadCheckpoint(runDir, 3);
    expect(c.state.callbacks).toEqual({ es: { wait: 3 } });
    const restored = tinyModel(99);
    const w = decodeOrdered(c.weights);
    restored.setWeights(w);
    const opt2 = createOptimizer('adam', 0.01);
    await restoreOptimizer(opt2, c.optimizer);
    // one more identical step on both gives identical weights only if the moments were restored
    await stepOnce(model, opt);
    await stepOnce(restored, opt2);
    const a = model.getWeights().map((t) => Array.from(t.dataSync()));
    const b = restored.getWeights().map((t) => Array.from(t.dataSync()));
    expect(b).toEqual(a);
    tf.dispose(w);
  });
});

describe('optimizer state', () => {
  it('Adam restored after any number of steps continues bit for bit (its running β products are saved as they are)', async () => {
    const values = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
    for (let t = 1; t <= 12; t++) {
      const model = tinyModel();
      const opt = createOptimizer('adam', 0.01);
      for (let i = 0; i < t; i++) await stepOnce(model, opt);
      const copy = tinyModel(99);
      copy.setWeights(model.getWeights());
      const opt2 = createOptimizer('adam', 0.01);
      await restoreOptimizer(opt2, await encodeOptimizer(opt));
      await stepOnce(model, opt);
      await stepOnce(copy, opt2);
      expect(values(copy), `after ${t} steps`).toEqual(values(model));
      opt.dispose(); opt2.dispose(); model.dispose(); copy.dispose();
    }
  });
});

describe('model folder', () => {
  it('saves model.json + weights.bin that load back to the same predictions', async () => {
    const dir = path.join(await tmpDir('hebb-model-'), 'model');
    const model = tinyModel();
    await saveModelDir(model, dir);
    const json = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const back = await loadModelDir(dir);
    const x = tf.tensor4d([0.1, 0.5, 0.9, 0.3], [1, 2, 2, 1]);
    expect(Array.from((back.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });

  it('names the folder when there is no model', async () => {
    const dir = await tmpDir('hebb-nomodel-');
    await expect(loadModelDir(dir)).rejects.toThrow(dir);
  });
});
