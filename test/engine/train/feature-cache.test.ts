// Transfer learning trains the head on backbone features computed once per image: the same training as running the
// frozen backbone every step, for a fraction of the work after the first epoch.
import { rmSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '#contract/dataset';
import type { BackbonePath } from '#contract/backbone';
import type { EpochMetrics } from '#contract/engine';
import { loadModelDir } from '../../../src-main/engine/train/model-io';
import { buildModel } from '../../../src-main/engine/arch/index';
import { normalizeConfig } from '../../../src-main/engine/train/config';
import { featureCache } from '../../../src-main/engine/train/feature-cache';
import { runTrainingJob } from '../../../src-main/engine/train/job';
import { removeTmpDirs, tmpDir } from '../../helpers/fixtures';
import { colourTree } from './colour-tree';

let root: string;
beforeAll(async () => {
  root = await tmpDir('hebb-features-');
  await colourTree(path.join(root, 'data'), 6);
  process.env.HEBB_HOME = path.join(root, 'home');
});
afterAll(removeTmpDirs);

async function* batchesOf(x: tf.Tensor4D, paths: string[], size: number): AsyncIterable<Batch> {
  const [n, h, w, c] = x.shape;
  const data = x.dataSync() as Float32Array;
  for (let lo = 0; lo < n; lo += size) {
    const hi = Math.min(n, lo + size);
    yield { x: data.slice(lo * h * w * c, hi * h * w * c), y: new Int32Array(hi - lo), n: hi - lo, height: h, width: w, channels: c, paths: paths.slice(lo, hi) };
  }
}

describe('featureCache', () => {
  it('computes each image\'s backbone features once, equal to the backbone\'s own output, then reuses them', async () => {
    const model = await buildModel({ arch: 'transfer-mobilenetv2', inputShape: [32, 32, 3], numClasses: 3, seed: 2 });
    const fc = (await featureCache(model, { images: 6 }))!;
    expect(fc.dim).toBe(1280);
    const x = tf.randomUniform([6, 32, 32, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const paths = ['a', 'b', 'c', 'd', 'e', 'f'];
    const epoch = async () => { const out: Batch[] = []; for await (const b of fc.wrap(batchesOf(x, paths, 4))) out.push(b); return out; };
    const first = await epoch();
    expect(fc.stats).toEqual({ computed: 6, reused: 0 });
    const second = await epoch();
    expect(fc.stats).toEqual({ computed: 6, reused: 6 });
    expect(second.map((b) => Array.from(b.x))).toEqual(first.map((b) => Array.from(b.x)));
    expect(first[0]).toMatchObject({ n: 4, height: 1, width: 1, channels: 1280, paths: ['a', 'b', 'c', 'd'] });
    // The features are the full model's pooled backbone output, and the head on them gives the model's prediction.
    const gap = model.layers.find((l) => l.name === 'head_gap')!;
    const pooled = tf.model({ inputs: model.inputs, outputs: gap.output as tf.SymbolicTensor }).predict(x) as tf.Tensor;
    const ours = tf.tensor2d(Float32Array.from([...first[0]!.x, ...first[1]!.x]), [6, 1280]);
    expect(tf.max(tf.abs(tf.sub(ours, pooled))).dataSync()[0]).toBeLessThan(1e-6);
    const viaHead = fc.head.predict(ours) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(viaHead, model.predict(x) as tf.Tensor))).dataSync()[0]).toBeLessThan(1e-6);
  });

  it('is not used for models without a frozen backbone, and keeps nothing when the features would not fit', async () => {
    expect(await featureCache(await buildModel({ arch: 'cnn-small', inputShape: [28, 28, 1], numClasses: 2 }), { images: 10 })).toBeNull();
    const t = await buildModel({ arch: 'transfer-mobilenetv2', inputShape: [32, 32, 3], numClasses: 2 });
    const fc = (await featureCache(t, { images: 1000, maxBytes: 1000 * 1280 * 4 - 1 }))!;
    expect(fc.caching).toBe(false);
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    for (let e = 0; e < 2; e++) for await (const b of fc.wrap(batchesOf(x, ['a', 'b'], 2))) expect(b.channels).toBe(1280);
    expect(fc.stats).toEqual({ computed: 4, reused: 0 });
    expect(fc.has('a')).toBe(false);
  });
});

describe('a transfer training job', () => {
  it('trains the same with cached features as with the backbone run every batch', async () => {
    const run = async (cacheFeatures: boolean) => {
      const epochs: EpochMetrics[] = [];
      const notes: string[] = [];
      const cfg = normalizeConfig({ data: path.join(root, 'data'), arch: 'transfer-mobilenetv2', epochs: 3, imageWidth: 32, imageHeight: 32, batchSize: 4, learningRate: 0.01, optimizer: 'adam', seed: 5 });
      const end = await runTrainingJob(cfg, { runDir: path.join(root, `run-${cacheFeatures}`), cacheFeatures, onEvent: (e) => { if (e.type === 'epoch') epochs.push(e); if (e.type === 'status' && e.note) notes.push(e.note); } });
      expect(end.status).toBe('completed');
      return { end, epochs, notes };
    };
    const cached = await run(true);
    const plain = await run(false);
    expect(cached.notes).toEqual([expect.stringMatching(/backbone runs .*once per image .* 1280 cached features/)]);
    expect(plain.notes).toEqual([expect.stringMatching(/backbone runs .* on every batch/)]);
    for (const [a, b] of cached.epochs.map((e, i) => [e, plain.epochs[i]!] as const)) {
      expect(a.loss).toBeCloseTo(b.loss, 4);
      expect(a.valLoss!).toBeCloseTo(b.valLoss!, 4);
      expect(a.valAccuracy).toBe(b.valAccuracy);
    }
    expect(cached.end.valAccuracy).toBe(plain.end.valAccuracy);
  }, 120_000);

  it('reads each image once: after the first epoch the dataset is not touched (here: gone)', async () => {
    const data = path.join(root, 'data-once');
    await colourTree(data, 6);
    const cfg = normalizeConfig({ data, arch: 'transfer-mobilenetv2', epochs: 3, imageWidth: 32, imageHeight: 32, batchSize: 4, seed: 5 });
    const epochs: EpochMetrics[] = [];
    const end = await runTrainingJob(cfg, {
      runDir: path.join(root, 'run-once'), cacheDir: path.join(root, 'cache-once'),
      // Our own temporary copy: with the images and their cached pixels gone, a later read would fail the job.
      onEvent: (e) => { if (e.type === 'epoch') { epochs.push(e); if (e.epoch === 1) { rmSync(data, { recursive: true }); rmSync(path.join(root, 'cache-once'), { recursive: true }); } } },
    });
    expect(end.error).toBeUndefined();
    expect(end.status).toBe('completed');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
  }, 120_000);

  it('trains the same head with the backbone on onnxruntime as on tfjs, and says which path it took', async () => {
    const run = async (backbone: 'auto' | 'tfjs') => {
      const epochs: EpochMetrics[] = [];
      let path_: BackbonePath | undefined;
      const cfg = normalizeConfig({ data: path.join(root, 'data'), arch: 'transfer-mobilenetv2', epochs: 3, imageWidth: 32, imageHeight: 32, batchSize: 4, learningRate: 0.01, optimizer: 'adam', seed: 9 });
      const runDir = path.join(root, `run-backbone-${backbone}`);
      const end = await runTrainingJob(cfg, { runDir, backbone, cacheDir: path.join(root, 'cache-backbone'), onEvent: (e) => { if (e.type === 'epoch') epochs.push(e); if (e.type === 'status' && e.backbone) path_ = e.backbone; } });
      expect(end.status).toBe('completed');
      const model = await loadModelDir(path.join(runDir, 'model'));
      const head = model.getLayer('output').getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return { epochs, path: path_, head };
    };
    const fast = await run('auto');
    const js = await run('tfjs');
    expect(fast.path).toMatchObject({ runtime: 'onnxruntime', cached: true });
    expect(js.path).toMatchObject({ runtime: 'tfjs', cached: true });
    for (const [a, b] of fast.epochs.map((e, i) => [e, js.epochs[i]!] as const)) {
      expect(a.loss).toBeCloseTo(b.loss, 4);
      expect(a.valAccuracy).toBe(b.valAccuracy);
    }
    fast.head.flat().forEach((v, i) => expect(v).toBeCloseTo(js.head.flat()[i]!, 3));
  }, 120_000);
});
