import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpochMetrics } from '#contract/engine';
import { DEFAULTS, epochsForSteps, normalizeConfig } from '../../../src-main/engine/train/config';
import { runTrainingJob } from '../../../src-main/engine/train/job';
import { tmpDir } from '../../helpers/fixtures';
import { colourTree } from './colour-tree';

let root: string;
beforeAll(async () => {
  root = await tmpDir('hebb-transfer-defaults-');
  await colourTree(path.join(root, 'data'), 8); // 24 images: 18 to train, 1 step an epoch at batch 32
});
afterAll(async () => { await fs.rm(root, { recursive: true, force: true }); });

describe('transfer defaults for small sets', () => {
  const input = { data: '/d', arch: 'transfer-mobilenetv2' };

  it('take the architecture\'s learning rate and enough epochs for its minimum of steps, only where the caller gave none', () => {
    const cfg = normalizeConfig(input);
    expect(cfg.learningRate).toBe(0.01);
    expect(normalizeConfig({ ...input, learningRate: 0.002 }).learningRate).toBe(0.002);
    expect(normalizeConfig({ data: '/d', arch: 'mlp' }).learningRate).toBe(DEFAULTS.learningRate);
    expect(epochsForSteps(input, cfg, 72)).toBe(34); // 72 images at batch 32: 3 steps an epoch, 100 steps
    expect(epochsForSteps({ ...input, epochs: 10 }, { ...cfg, epochs: 10 }, 72)).toBeNull(); // asked for: kept
    expect(epochsForSteps(input, cfg, 20_000)).toBeNull(); // 625 steps an epoch: the default 10 epochs stand
    expect(epochsForSteps({ data: '/d', arch: 'mlp' }, normalizeConfig({ data: '/d', arch: 'mlp' }), 72)).toBeNull();
  });

  it('a small generated set converges with the defaults alone', async () => {
    const epochs: EpochMetrics[] = [];
    const notes: string[] = [];
    const end = await runTrainingJob({ data: path.join(root, 'data'), arch: 'transfer-mobilenetv2', checkpointEverySeconds: 0 }, {
      runDir: path.join(root, 'run'), cacheDir: path.join(root, 'cache'),
      onEvent: (e) => { if (e.type === 'epoch') epochs.push(e); if (e.type === 'status' && e.note) notes.push(e.note); },
    });
    expect(end, end.error?.message).toMatchObject({ status: 'completed', epochsDone: 100 });
    expect(notes.join('\n')).toContain('100 epochs instead of 10');
    expect(end.valAccuracy).toBe(1);
    expect(epochs.at(-1)!.loss).toBeLessThan(epochs[0]!.loss / 2);
    const saved = JSON.parse(await fs.readFile(path.join(root, 'run', 'config.json'), 'utf8'));
    expect(saved.config).toMatchObject({ epochs: 100, learningRate: 0.01 }); // a resume continues the same plan
  }, 120_000);
});
