// What each layer sees: the spatial layers of a run in order with their shapes, the most active channels of each drawn
// min–max normalised into a grid PNG of the stated size, tensors released, and a transfer model's backbone included.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { activationMaps, pickLayers } from '../../../src-main/engine/evaluate/activations';
import { layerActivations } from '../../../src-main/engine/evaluate/index';
import { buildModel, transferParts } from '../../../src-main/engine/arch/index';
import { normalizeConfig } from '../../../src-main/engine/train/config';
import { runTrainingJob } from '../../../src-main/engine/train/job';
import { removeTmpDirs, tmpDir } from '../../helpers/fixtures';
import { colourTree } from '../train/colour-tree';

afterAll(removeTmpDirs);

/** 1×1 conv whose 4 channels are the input times 0.1, 0.2, 3, 0.5 (channel 2 the most active), then a 2×2 max pool. */
function knownModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ name: 'c', inputShape: [6, 6, 1], filters: 4, kernelSize: 1, useBias: false }));
  m.add(tf.layers.maxPooling2d({ name: 'p', poolSize: 2 }));
  m.add(tf.layers.flatten({ name: 'f' }));
  m.add(tf.layers.dense({ name: 'd', units: 2, activation: 'softmax' }));
  m.getLayer('c').setWeights([tf.tensor4d([0.1, 0.2, 3, 0.5], [1, 1, 1, 4])]);
  return m;
}
/** A ramp from 0 (top left) to 1 (bottom right). */
const ramp = () => tf.tensor4d(Array.from({ length: 36 }, (_, i) => i / 35), [1, 6, 6, 1]);

describe('layer activations', () => {
  it('shows the conv and pool maps in order, most active channel first, as a grid PNG of the stated size', async () => {
    const r = await activationMaps(knownModel(), ramp());
    expect(r.layers.map((l) => [l.name, l.type, l.shape])).toEqual([['c', 'Conv2D', [6, 6, 4]], ['p', 'MaxPooling2D', [3, 3, 4]]]);
    expect(r.layers.map((l) => l.channels)).toEqual([[2, 3, 1, 0], [2, 3, 1, 0]]);
    expect(r.layers[0]!.means[0]).toBeCloseTo(3 * 0.5, 5);
    expect(r.truncated).toBe(false);
    for (const l of r.layers) {
      // 2×2 cells of 48 px (6 px × 8, 3 px × 16: whole nearest-neighbour factors) and a 1 px gap
      expect(l.grid).toEqual({ cols: 2, rows: 2, cellWidth: 48, cellHeight: 48, width: 97, height: 97 });
      const meta = await sharp(l.png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', 97, 97]);
    }
    // Each map min–max normalised: the ramp's first pixel is black and its last white, in every cell.
    const { data, info } = await sharp(r.layers[0]!.png).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    expect([px(0, 0), px(47, 47), px(49, 0), px(96, 96)]).toEqual([0, 255, 0, 255]);
    expect(data[(48 * info.width + 0) * info.channels + 1]).toBe(0); // the gap row is transparent
  });

  it('shows at most the requested channels and releases every tensor it made', async () => {
    const model = knownModel();
    await activationMaps(model, ramp()); // the probe model is built (and cached) once
    const before = tf.memory().numTensors;
    const r = await activationMaps(model, ramp(), { channels: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.layers[0]!.channels).toEqual([2, 3]);
    expect(r.layers[0]!.grid).toMatchObject({ cols: 2, rows: 1, width: 97, height: 48 });
  });

  it('leaves layers out past the byte cap and says so', async () => {
    const r = await activationMaps(knownModel(), ramp(), { maxBytes: 1 });
    expect(r).toMatchObject({ layers: [], eligible: 2, truncated: true });
  });

  it('spreads a deep model over its depth, first and last layer kept', () => {
    const m = tf.sequential();
    for (let i = 0; i < 30; i++) m.add(tf.layers.conv2d({ name: `k${i}`, filters: 1, kernelSize: 1, inputShape: i ? undefined : [2, 2, 1] }));
    const { picked, eligible } = pickLayers(m, 12);
    expect(eligible).toBe(30);
    expect(picked).toHaveLength(12);
    expect(picked[0]!.layer.name).toBe('k0');
    expect(picked.at(-1)!.layer.name).toBe('k29');
  });

  it('shows a transfer model through its frozen backbone on tfjs, after its head was split off', async () => {
    const model = await buildModel({ arch: 'transfer-mobilenetv2', inputShape: [32, 32, 3], numClasses: 2, seed: 1 });
    transferParts(model); // re-applies the head layers, as a training worker does
    const r = await activationMaps(model, tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 3) as tf.Tensor4D);
    expect(r.layers).toHaveLength(12);
    expect(r.eligible).toBeGreaterThan(12);
    expect(r.truncated).toBe(true);
    // Spread over the backbone's ReLUs (its stage ends), from the first block's to out_relu
    expect(r.layers.map((l) => l.type)).toEqual(Array(12).fill('ReLU'));
    expect([r.layers[0]!.name, r.layers[0]!.shape]).toEqual(['Conv1_relu', [16, 16, 32]]); // Conv1 has stride 2
    expect(r.layers.at(-1)!.name).toBe('out_relu');
    expect(r.layers.every((l) => l.shape.length === 3 && l.channels.length === Math.min(16, l.shape[2]!))).toBe(true);
    expect(r.layers.reduce((s, l) => s + l.png.byteLength, 0)).toBeLessThan(1_200_000);
  });

  it('for a trained cnn-small run names conv1, its pool, conv2 and its pool with their output shapes', async () => {
    const root = await tmpDir('hebb-acts-');
    const data = path.join(root, 'data');
    await colourTree(data, 4);
    process.env.HEBB_HOME = path.join(root, 'home');
    const runDir = path.join(root, 'run');
    const end = await runTrainingJob(normalizeConfig({ data, arch: 'cnn-small', epochs: 1, imageWidth: 8, imageHeight: 8, batchSize: 4 }), { runDir });
    expect(end.status).toBe('completed');
    const r = await layerActivations(runDir, path.join(data, 'red', 'red_0.png'));
    expect(r.layers.map((l) => [l.name, l.shape])).toEqual([['conv1', [6, 6, 32]], ['conv1_pool', [3, 3, 32]], ['conv2', [3, 3, 64]], ['conv2_pool', [1, 1, 64]]]);
    expect(r.layers.map((l) => l.channels.length)).toEqual([16, 16, 16, 16]);
    const meta = await sharp(r.layers[3]!.png).metadata();
    expect([meta.width, meta.height]).toEqual([r.layers[3]!.grid.width, r.layers[3]!.grid.height]);
    expect(r.layers[3]!.grid).toMatchObject({ cols: 4, rows: 4, cellWidth: 48 });
  });
});
