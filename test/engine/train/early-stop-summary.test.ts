// After an early stop that restored its best epoch, the saved model holds that epoch's weights: summary.json and the
// run list say which, so a run warm-started from it is known to continue from there, not from the last epoch.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../src-main/engine/train/config';
import { runTrainingJob } from '../../../src-main/engine/train/job';
import { files } from '../../../src-main/engine/train/run-dir';
import { listRuns, readRunMetrics } from '../../../src-main/engine/train/runs';
import { removeTmpDirs, tmpDir, writeImage } from '../../helpers/fixtures';

afterAll(removeTmpDirs);

let root: string;
let data: string;
beforeAll(async () => {
  root = await tmpDir('hebb-es-');
  data = path.join(root, 'data');
  // Labels that do not follow the colour: training memorises them and validation loss soon rises, so it stops early.
  for (let i = 0; i < 40; i++) {
    const hex = `#${[i * 97, i * 53 + 17, i * 29 + 71].map((v) => (v % 256).toString(16).padStart(2, '0')).join('')}`;
    await writeImage(path.join(data, i % 2 ? 'odd' : 'even', `${i}.png`), { color: hex });
  }
  process.env.HEBB_HOME = path.join(root, 'home');
});

describe('early stop with restored weights', () => {
  it('records the restored epoch in summary.json and the run list', async () => {
    const runDir = path.join(root, 'runs', 'es');
    const cfg = normalizeConfig({ data, arch: 'mlp', epochs: 30, imageWidth: 4, imageHeight: 4, batchSize: 4, learningRate: 0.05, optimizer: 'adam', earlyStoppingPatience: 2, archOptions: { hidden: [64] } });
    const end = await runTrainingJob(cfg, { runDir, cacheDir: path.join(root, 'cache') });
    const epochs = (await readRunMetrics(runDir)).epochs;
    const best = epochs.reduce((a, b) => (b.valLoss! < a.valLoss! ? b : a));
    // the data makes it stop early, after its best epoch: what this test is about
    expect(end.status).toBe('stopped');
    expect(epochs.at(-1)!.epoch).toBeGreaterThan(best.epoch);
    const summary = JSON.parse(await fs.readFile(files(runDir).summary, 'utf8')) as { weightsEpoch?: number; final: { epoch: number } };
    expect(summary).toMatchObject({ weightsEpoch: best.epoch, final: { epoch: epochs.at(-1)!.epoch } });
    expect((await listRuns(path.join(root, 'runs'))).find((r) => r.id === 'es')?.weightsEpoch).toBe(best.epoch);
  });

  it('lists no weights epoch for a run that kept its last, nor for one that is not an epoch number', async () => {
    const runs = path.join(root, 'listed');
    for (const [id, extra] of [['last', {}], ['odd', { weightsEpoch: 'four' }]] as const) {
      const dir = path.join(runs, id);
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(files(dir).config, JSON.stringify({ runId: id, createdAt: '', config: normalizeConfig({ data, arch: 'mlp' }) }));
      await fs.writeFile(files(dir).summary, JSON.stringify({ status: 'completed', end: {}, final: null, ...extra }));
    }
    const listed = await listRuns(runs);
    expect(listed.map((r) => [r.id, 'weightsEpoch' in r]).sort()).toEqual([['last', false], ['odd', false]]);
  });
});
