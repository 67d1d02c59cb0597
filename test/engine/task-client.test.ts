// Engine tasks (evaluate, predict, export) run in a worker: typed results and typed errors cross the boundary,
// and a crashed worker fails its pending calls with a reason, then is replaced on the next call.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from '#contract/worker';
import { HebbError } from '../../src-main/core/errors';
import { createTaskRunner, type TaskRunner } from '../../src-main/engine/task-client';
import { normalizeConfig } from '../../src-main/engine/train/config';
import { runTrainingJob } from '../../src-main/engine/train/job';
import type { WorkerLike } from '../../src-main/engine/train/worker-client';
import { removeTmpDirs, tmpDir } from '../helpers/fixtures';
import { colourTree } from './train/colour-tree';

afterAll(removeTmpDirs);

let root: string;
let runDir: string;
let runner: TaskRunner;

beforeAll(async () => {
  root = await tmpDir('hebb-tasks-');
  await colourTree(path.join(root, 'data'), 8);
  process.env.HEBB_HOME = path.join(root, 'home'); // inherited by the worker thread
  runDir = path.join(root, 'runs', 'r1');
  const cfg = normalizeConfig({ data: path.join(root, 'data'), arch: 'mlp', epochs: 3, imageWidth: 4, imageHeight: 4, batchSize: 4, learningRate: 0.05, optimizer: 'momentum' });
  const end = await runTrainingJob(cfg, { runDir });
  expect(end.status).toBe('completed');
  runner = createTaskRunner();
}, 120_000);

afterAll(async () => { await runner?.dispose(); });

describe('createTaskRunner with a real worker thread', () => {
  it('evaluates, predicts and exports a run, and its errors arrive as HebbError with code and file', async () => {
    const report = await runner.run({ task: 'evaluate', runDir, dataRoot: path.join(root, 'data') });
    expect(report.labels).toEqual(['blue', 'green', 'red']);
    expect(report.confusionMatrix.flat().reduce((a, b) => a + b)).toBe(24);

    const file = path.join(root, 'data', 'red', 'red_0.png');
    const p = await runner.run({ task: 'predict', runDir, file, topK: 2, saliency: true });
    expect(p.probabilities).toHaveLength(3);
    expect(p.topK).toHaveLength(2);
    expect(p.saliencyPng).toBeInstanceOf(Uint8Array);

    const out = path.join(root, 'export');
    const x = await runner.run({ task: 'export', runDir, format: 'tfjs', outDir: out });
    expect(x.parity.passed).toBe(true);
    expect(existsSync(path.join(out, 'model.json'))).toBe(true);

    const missing = path.join(root, 'data', 'red', 'nope.png');
    const err = await runner.run({ task: 'predict', runDir, file: missing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HebbError);
    expect((err as HebbError).message).toMatch(/nope\.png/);
  }, 120_000);
});

/** A worker we script by hand: records requests, answers or dies on demand. */
class FakeWorker extends EventEmitter implements WorkerLike {
  sent: ToWorker[] = [];
  terminated = false;
  postMessage(msg: ToWorker): void { this.sent.push(msg); }
  reply(msg: FromWorker): void { this.emit('message', msg); }
  terminate(): void { this.terminated = true; }
}

describe('createTaskRunner protocol', () => {
  it('fails pending calls when the worker crashes, then spawns a fresh one; dispose cancels', async () => {
    const spawned: FakeWorker[] = [];
    const r = createTaskRunner(() => { const w = new FakeWorker(); spawned.push(w); return w; });
    const a = r.run({ task: 'evaluate', runDir: '/r', dataRoot: '/d' });
    const b = r.run({ task: 'export', runDir: '/r', format: 'onnx', outDir: '/o' });
    expect(spawned).toHaveLength(1);
    const [ta, tb] = spawned[0]!.sent as Extract<ToWorker, { kind: 'task' }>[];
    spawned[0]!.reply({ kind: 'task-result', id: tb!.id, result: { ok: false, error: { code: 'EXPORT_UNSUPPORTED_LAYER', message: 'layer Foo', file: '/r/model.json' } } });
    await expect(b).rejects.toMatchObject({ code: 'EXPORT_UNSUPPORTED_LAYER', file: '/r/model.json' });
    spawned[0]!.emit('exit', 1);
    await expect(a).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/exited \(code 1\)/) });
    expect(ta!.request).toEqual({ task: 'evaluate', runDir: '/r', dataRoot: '/d' });

    const c = r.run({ task: 'evaluate', runDir: '/r', dataRoot: '/d' });
    expect(spawned).toHaveLength(2);
    await r.dispose();
    await expect(c).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(spawned[1]!.terminated).toBe(true);
  });
});
