// archOptions.unfreeze: N trains the backbone's last N blocks from epoch 2 on; the frozen part still runs as one
// graph, and everything before the cut keeps its pretrained weights.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../src-main/engine/arch/index';
import { backboneBlocks, fineTuneParts } from '../../../src-main/engine/arch/fine-tune';
import { normalizeConfig } from '../../../src-main/engine/train/config';
import { runTrainingJob } from '../../../src-main/engine/train/job';
import { loadModelDir } from '../../../src-main/engine/train/model-io';
import { removeTmpDirs, tmpDir } from '../../helpers/fixtures';
import { colourTree } from './colour-tree';

let root: string;
beforeAll(async () => {
  root = await tmpDir('hebb-fine-tune-');
  await colourTree(path.join(root, 'data'), 6);
  process.env.HEBB_HOME = path.join(root, 'home');
});
afterAll(removeTmpDirs);

const spec = { arch: 'transfer-mobilenetv2', inputShape: [32, 32, 3] as [number, number, number], numClasses: 3, seed: 4 };

describe('fine-tuning the last blocks', () => {
  it('cuts the model before the last N blocks: head(features(x)) is the model, and N is checked', async () => {
    const model = await buildModel(spec);
    expect(backboneBlocks(model)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    const parts = fineTuneParts(model, 2);
    expect(parts.features.outputs[0]!.shape).toEqual([null, 1, 1, 160]);
    expect(new Set(parts.unfrozen.map((l) => /^(block_\d+|Conv_1)/.exec(l.name)?.[1]))).toEqual(new Set(['block_15', 'block_16', 'Conv_1']));
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 5);
    const viaParts = parts.head.predict(parts.features.predict(x) as tf.Tensor) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(viaParts, model.predict(x) as tf.Tensor))).dataSync()[0]).toBeLessThan(1e-5);
    expect(() => fineTuneParts(model, 17)).toThrow(/unfreeze must be a whole number of blocks in 1\.\.16/);
    expect(() => fineTuneParts(model, 0)).toThrow(/1\.\.16/);
  });

  it('trains only the head in epoch 1, then the last block too; earlier blocks keep their pretrained weights', async () => {
    const train = async (epochs: number) => {
      const notes: string[] = [];
      const runDir = path.join(root, `run-${epochs}`);
      const cfg = normalizeConfig({ data: path.join(root, 'data'), arch: 'transfer-mobilenetv2', archOptions: { unfreeze: 1 }, epochs, imageWidth: 32, imageHeight: 32, batchSize: 4, learningRate: 0.01, optimizer: 'adam', seed: 4 });
      const end = await runTrainingJob(cfg, { runDir, onEvent: (e) => { if (e.type === 'status' && e.note) notes.push(e.note); } });
      expect(end.error).toBeUndefined();
      expect(end.status).toBe('completed');
      return { notes, model: await loadModelDir(path.join(runDir, 'model')) };
    };
    const fresh = await buildModel(spec);
    const differ = (trained: tf.LayersModel) => (name: string) => {
      const a = trained.getLayer(name).getWeights(), b = fresh.getLayer(name).getWeights();
      return Math.max(...a.map((w, i) => tf.max(tf.abs(tf.sub(w, b[i]!))).dataSync()[0]!));
    };
    const one = await train(1);
    expect(one.notes.join('\n')).not.toMatch(/Fine-tuning/);
    expect(differ(one.model)('block_16_project')).toBe(0);
    expect(differ(one.model)('output')).toBeGreaterThan(0);
    const { notes, model: trained } = await train(3);
    expect(notes).toContainEqual(expect.stringMatching(/Fine-tuning from epoch 2: the backbone's last 1 block/));
    const diff = differ(trained);
    expect(diff('block_16_project')).toBeGreaterThan(1e-4);
    expect(diff('block_16_project_BN')).toBeGreaterThan(0); // γ, β learn
    expect(diff('block_15_project')).toBe(0);
    // Batch norms stay in inference mode: moving statistics are the pretrained ones.
    const stats = (m: tf.LayersModel) => m.getLayer('block_16_project_BN').getWeights().slice(2).map((w) => Array.from(w.dataSync()));
    expect(stats(trained)).toEqual(stats(fresh));
  }, 120_000);
});
