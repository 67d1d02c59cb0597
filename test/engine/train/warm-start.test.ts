// "Train again" from a run: its final weights load into a fresh model of the same arch, input and classes; any
// difference is refused by name.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunPreprocess, TrainConfig } from '#contract/engine';
import { buildModel } from '../../../src-main/engine/arch/index';
import { normalizeConfig } from '../../../src-main/engine/train/config';
import { saveModelDir } from '../../../src-main/engine/train/model-io';
import { files } from '../../../src-main/engine/train/run-dir';
import { warmStart, warmStartDir } from '../../../src-main/engine/train/steps/warm-start';
import { removeTmpDirs, tmpDir } from '../../helpers/fixtures';

afterAll(removeTmpDirs);
beforeAll(async () => { await tf.setBackend('cpu'); });

const PRE: RunPreprocess = { width: 8, height: 8, fit: 'cover', channels: 1, rescale: 1 / 255 };
const spec = (seed: number, numClasses = 2) => ({ arch: 'mlp', inputShape: [8, 8, 1] as [number, number, number], numClasses, options: { hidden: [6] }, seed });

async function previousRun(labels: string[], o: { warmStartEpochs?: number; summary?: object } = {}): Promise<{ dir: string; cfg: TrainConfig; weights: number[][] }> {
  const dir = path.join(await tmpDir(), 'runs', 'r-old');
  const cfg = { ...normalizeConfig({ data: '/nowhere', arch: 'mlp', imageWidth: 8, imageHeight: 8 }), ...(o.warmStartEpochs != null ? { warmStartEpochs: o.warmStartEpochs } : {}) };
  const model = await buildModel(spec(1, labels.length));
  await fs.mkdir(files(dir).model, { recursive: true });
  await saveModelDir(model, files(dir).model);
  await fs.writeFile(files(dir).config, JSON.stringify({ runId: 'r-old', createdAt: '', config: cfg }));
  await fs.writeFile(files(dir).labels, JSON.stringify(labels));
  await fs.writeFile(files(dir).preprocess, JSON.stringify(PRE));
  if (o.summary) await fs.writeFile(files(dir).summary, JSON.stringify(o.summary));
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  model.dispose();
  return { dir, cfg, weights };
}

describe('warm start', () => {
  it('loads the previous run\'s weights into a differently seeded model', async () => {
    const prev = await previousRun(['a', 'b']);
    const model = await buildModel(spec(99));
    expect(Array.from(model.getWeights()[0]!.dataSync())).not.toEqual(prev.weights[0]);
    await warmStart(model, prev.dir, prev.cfg, ['a', 'b'], PRE);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(prev.weights);
  });

  it('resolves to the epochs behind the loaded weights: the restored or last epoch, plus the parent\'s own warm start', async () => {
    const final = (epoch: number) => ({ epoch, epochs: 9, loss: 0.3, accuracy: 0.9, valLoss: 0.4, valAccuracy: 0.8, learningRate: 0.001, imagesPerSecond: 1, etaSeconds: 0, seconds: 1 });
    const cases: [Parameters<typeof previousRun>[1], number][] = [
      [{}, 0], // killed before its first epoch ended: no summary, no epochs
      [{ summary: { status: 'completed', final: final(5) } }, 5],
      [{ summary: { status: 'completed', final: final(9), weightsEpoch: 3 }, warmStartEpochs: 4 }, 7],
    ];
    for (const [o, epochs] of cases) {
      const prev = await previousRun(['a', 'b'], o);
      const model = await buildModel(spec(99));
      expect(await warmStart(model, prev.dir, prev.cfg, ['a', 'b'], PRE)).toBe(epochs);
      model.dispose();
    }
  });

  it('refuses other classes, input or architecture, naming the difference', async () => {
    const prev = await previousRun(['a', 'b']);
    const model = await buildModel(spec(99));
    await expect(warmStart(model, prev.dir, prev.cfg, ['a', 'c'], PRE)).rejects.toThrow(/classes \[a, b\], not \[a, c\]/);
    await expect(warmStart(model, prev.dir, prev.cfg, ['a', 'b'], { ...PRE, width: 16 })).rejects.toThrow(/input 8×8×1, not 16×8×1/);
    await expect(warmStart(model, prev.dir, { ...prev.cfg, arch: 'cnn-small' }, ['a', 'b'], PRE)).rejects.toThrow(/architecture mlp, not cnn-small/);
  });

  it('names a run by id inside the runs folder, or by its directory', () => {
    expect(warmStartDir('r-old', '/data/runs')).toBe(path.join('/data/runs', 'r-old'));
    expect(warmStartDir('/elsewhere/r-old', '/data/runs')).toBe('/elsewhere/r-old');
  });
});
