import { promises as fs } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRun, loadRun, predictFiles, predictImage } from '../../../src-main/engine/evaluate/index';
import { normalizeConfig } from '../../../src-main/engine/train/config';
import { runTrainingJob } from '../../../src-main/engine/train/job';
import type { Prediction } from '#contract/engine';
import { removeTmpDirs, tmpDir } from '../../helpers/fixtures';
import { colourTree } from '../train/colour-tree';

afterAll(removeTmpDirs);

let root: string;
let data: string;
let runDir: string;
beforeAll(async () => {
  root = await tmpDir('hebb-predict-');
  data = path.join(root, 'data');
  await colourTree(data, 10);
  process.env.HEBB_HOME = path.join(root, 'home');
  runDir = path.join(root, 'run');
  const end = await runTrainingJob(normalizeConfig({ data, arch: 'mlp', epochs: 4, imageWidth: 4, imageHeight: 4, batchSize: 4, learningRate: 0.02, optimizer: 'momentum' }), { runDir });
  expect(end.status).toBe('completed');
});

describe('evaluation and prediction with a run', () => {
  it('loads a run once, and again (disposing the old model) when its model.json changes, as after a resume', async () => {
    const a = await loadRun(runDir);
    expect(await loadRun(runDir)).toBe(a);
    const later = new Date(Date.now() + 5000);
    await fs.utimes(path.join(runDir, 'model', 'model.json'), later, later);
    const b = await loadRun(runDir);
    expect(b).not.toBe(a);
    await new Promise((r) => setImmediate(r));
    expect(() => a.model.weights[0]!.read()).toThrow(/disposed/);
    expect(b.labels).toEqual(a.labels);
  });

  it('evaluates only the requested split of the run', async () => {
    const all = await evaluateRun(runDir, data);
    const val = await evaluateRun(runDir, data, { split: 'val' });
    const total = (r: typeof all) => r.perClass.reduce((s, c) => s + c.support, 0);
    expect(total(all)).toBe(30);
    expect(total(val)).toBe(6); // 20 % of 10 per class
    expect(all.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('predicts bytes (the playground) like the same image as a file, with top-k and a saliency PNG', async () => {
    const file = path.join(data, 'green', 'green_2.png');
    const fromBytes = await predictImage(runDir, await fs.readFile(file), { topK: 2, saliency: true });
    const [fromFile] = await predictFiles(runDir, [file]);
    expect(fromBytes.label).toBe('green');
    expect(fromBytes.probabilities).toEqual((fromFile as Prediction).probabilities);
    expect(fromBytes.topK.map((t) => t.label)[0]).toBe('green');
    expect(fromBytes.topK).toHaveLength(2);
    const meta = await sharp(fromBytes.saliencyPng!).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 4, 4]);
  });

  it('refuses a folder with a class the model does not know, naming it', async () => {
    const other = path.join(root, 'other');
    await colourTree(other, 2, ['red']);
    await fs.cp(path.join(other, 'red'), path.join(other, 'purple'), { recursive: true });
    await expect(evaluateRun(runDir, other)).rejects.toThrow(/purple/);
  });
});
