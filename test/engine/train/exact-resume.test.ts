import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainEnd } from '#contract/engine';
import type { TrainInput } from '../../../src-main/engine/train/config';
import { completeCheckpointIds } from '../../../src-main/engine/train/run-dir';
import { tmpDir } from '../../helpers/fixtures';
import { colourTree } from './colour-tree';

const CHILD = fileURLToPath(new URL('./kill-child.ts', import.meta.url));
let root: string;
let config: TrainInput;

beforeAll(async () => {
  root = await tmpDir('hebb-exact-');
  await colourTree(path.join(root, 'data'), 10);
  // Every source of randomness in play: seeded init, per-epoch shuffle, augmentation draws and dropout masks.
  config = {
    data: path.join(root, 'data'), arch: 'mlp', epochs: 3, imageWidth: 4, imageHeight: 4, batchSize: 4, learningRate: 0.02, optimizer: 'adam',
    archOptions: { hidden: [16], dropout: 0.3 }, augment: { horizontalFlip: true, rotationRange: 20, brightnessRange: [0.8, 1.2] },
    checkpointEverySteps: 2, checkpointEverySeconds: 0, backend: 'cpu',
  };
});
afterAll(async () => { await fs.rm(root, { recursive: true, force: true }); });

/** Runs the job in a child process; `killAt` makes it SIGKILL itself on reaching that (1-based) batch. */
function job(runDir: string, o: { resume?: boolean; killAt?: { epoch: number; batch: number }; config?: TrainInput } = {}): { signal: NodeJS.Signals | null; end: TrainEnd | null; stderr: string } {
  const args = { runDir, cacheDir: path.join(root, 'cache'), ...o, config: o.resume ? { backend: 'cpu' } : (o.config ?? config) };
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(args)], { encoding: 'utf8', env: { ...process.env, HEBB_HOME: path.join(root, 'home') }, timeout: 120_000 });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return { signal: r.signal, end: last.startsWith('{') ? JSON.parse(last) as TrainEnd : null, stderr: r.stderr };
}

const weights = (runDir: string) => fs.readFile(path.join(runDir, 'model', 'weights.bin'));

describe('a run killed with SIGKILL and resumed ends bit-identical to the uninterrupted run', () => {
  let reference: Buffer;
  beforeAll(() => {
    const r = job(path.join(root, 'whole'));
    expect(r.end?.status, r.stderr).toBe('completed');
  }, 120_000);
  beforeAll(async () => { reference = await weights(path.join(root, 'whole')); });

  it('killed mid-epoch: resumes at the exact batch of its step checkpoint', async () => {
    const runDir = path.join(root, 'step');
    expect(job(runDir, { killAt: { epoch: 2, batch: 6 } }).signal).toBe('SIGKILL');
    // batch 6's checkpoint never ran; batch 5 is not a multiple of 2: the newest is after batch 4 of epoch 2
    expect((await completeCheckpointIds(runDir)).at(-1)).toEqual({ epoch: 1, batch: 4 });
    const r = job(runDir, { resume: true });
    expect(r.end, r.stderr).toMatchObject({ status: 'completed', epochsDone: 3 });
    expect((await weights(runDir)).equals(reference)).toBe(true);
  }, 120_000);

  it('killed before the first epoch ends: a step checkpoint is there to resume from', async () => {
    const runDir = path.join(root, 'first-epoch');
    expect(job(runDir, { killAt: { epoch: 1, batch: 4 } }).signal).toBe('SIGKILL');
    expect(await completeCheckpointIds(runDir)).toEqual([{ epoch: 0, batch: 2 }]);
    const r = job(runDir, { resume: true });
    expect(r.end, r.stderr).toMatchObject({ status: 'completed', epochsDone: 3 });
    expect((await weights(runDir)).equals(reference)).toBe(true);
  }, 120_000);

  it('killed right after an epoch end: resumes from the epoch checkpoint', async () => {
    const runDir = path.join(root, 'epoch');
    expect(job(runDir, { killAt: { epoch: 3, batch: 1 } }).signal).toBe('SIGKILL');
    expect((await completeCheckpointIds(runDir)).at(-1)).toEqual({ epoch: 2, batch: 0 });
    const r = job(runDir, { resume: true });
    expect(r.end, r.stderr).toMatchObject({ status: 'completed', epochsDone: 3 });
    expect((await weights(runDir)).equals(reference)).toBe(true);
  }, 120_000);

  it('the comparison can fail: another seed gives other weights', async () => {
    const runDir = path.join(root, 'other-seed');
    const other = { ...config, seed: 7 };
    const args = { config: other, runDir, cacheDir: path.join(root, 'cache') };
    const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(args)], { encoding: 'utf8', env: { ...process.env, HEBB_HOME: path.join(root, 'home') }, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect((await weights(runDir)).equals(reference)).toBe(false);
  }, 120_000);
});

describe('a transfer run (cached backbone features) killed in its first epoch resumes bit-identical too', () => {
  it('features of images the killed session never reached are computed later, in other batches, to the same bits', async () => {
    const transfer: TrainInput = { data: path.join(root, 'data'), arch: 'transfer-mobilenetv2', epochs: 2, imageWidth: 32, imageHeight: 32, batchSize: 4, checkpointEverySteps: 2, checkpointEverySeconds: 0, backend: 'cpu' };
    expect(job(path.join(root, 't-whole'), { config: transfer }).end?.status).toBe('completed');
    const runDir = path.join(root, 't-killed');
    expect(job(runDir, { config: transfer, killAt: { epoch: 1, batch: 4 } }).signal).toBe('SIGKILL');
    expect((await completeCheckpointIds(runDir)).at(-1)).toEqual({ epoch: 0, batch: 2 });
    expect(job(runDir, { resume: true }).end).toMatchObject({ status: 'completed', epochsDone: 2 });
    expect((await weights(runDir)).equals(await weights(path.join(root, 't-whole')))).toBe(true);
  }, 240_000);
});
