import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainerEvent } from '#contract/worker';
import { normalizeConfig } from '../../../src-main/engine/train/config';
import { startTrainingWorker } from '../../../src-main/engine/train/worker-client';
import { removeTmpDirs, tmpDir } from '../../helpers/fixtures';
import { colourTree } from './colour-tree';

afterAll(removeTmpDirs);

let root: string;
beforeAll(async () => {
  root = await tmpDir('hebb-worker-');
  await colourTree(path.join(root, 'data'), 10);
  process.env.HEBB_HOME = path.join(root, 'home'); // inherited by the worker thread
});

const config = (epochs: number) => normalizeConfig({ data: path.join(root, 'data'), arch: 'mlp', epochs, imageWidth: 4, imageHeight: 4, batchSize: 4, learningRate: 0.02, optimizer: 'momentum' });

describe('startTrainingWorker', () => {
  it('trains in a worker thread and streams plain-data events to the end', async () => {
    const events: TrainerEvent[] = [];
    const h = startTrainingWorker(config(2), (e) => events.push(e), { runDir: path.join(root, 'runs', 'w1') });
    expect(h.runId).toBe('w1');
    const end = await h.done;
    expect(end).toMatchObject({ status: 'completed', epochsDone: 2, runDir: path.join(root, 'runs', 'w1') });
    const types = new Set(events.map((e) => e.type));
    for (const t of ['status', 'batch', 'epoch', 'histograms', 'end']) expect(types.has(t as TrainerEvent['type'])).toBe(true);
    expect(events.find((e) => e.type === 'status' && e.backend)).toBeTruthy();
  });

  it('stop ends the run as stopped; pause and resume cross the thread boundary', async () => {
    const events: TrainerEvent[] = [];
    let h: ReturnType<typeof startTrainingWorker> | null = null;
    let paused = false;
    h = startTrainingWorker(config(200), (e) => {
      events.push(e);
      if (e.type === 'epoch' && e.epoch === 1 && !paused) { paused = true; h!.pause(); }
      if (e.type === 'status' && e.state === 'paused') { h!.resume(); }
      if (e.type === 'status' && e.state === 'running' && paused) h!.stop();
    }, { runDir: path.join(root, 'runs', 'w2') });
    const end = await h.done;
    expect(end.status).toBe('stopped');
    expect(end.epochsDone).toBeLessThan(200);
    const states = events.filter((e) => e.type === 'status').map((e) => (e as { state: string }).state);
    expect(states).toEqual(expect.arrayContaining(['paused', 'running', 'stopping']));
  });

  it('a config that cannot train ends as failed data, not a crash', async () => {
    const end = await startTrainingWorker(normalizeConfig({ data: path.join(root, 'missing'), arch: 'mlp' }), () => {}, { runDir: path.join(root, 'runs', 'w3') }).done;
    expect(end.status).toBe('failed');
    expect(end.error?.message).toContain('missing');
  });
});
