// Evaluate, predict and the Playground run a trained model as one onnxruntime session of our own ONNX export; it
// must give tfjs's probabilities, be built once per run (kept in the run dir), and give way to tfjs where it cannot run.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRun, loadRun } from '../../../src-main/engine/evaluate/index';
import { inferenceDir, modelInference } from '../../../src-main/engine/evaluate/inference';
import { setOrtInferenceDisabled } from '../../../src-main/engine/ort/session';
import { normalizeConfig } from '../../../src-main/engine/train/config';
import { runTrainingJob } from '../../../src-main/engine/train/job';
import { createBatchStream } from '../../../src-main/preprocess/batches';
import { scanDataset } from '../../../src-main/dataset/scan';
import { removeTmpDirs, tmpDir } from '../../helpers/fixtures';
import { colourTree } from '../train/colour-tree';

let root: string;
let data: string;
const runs: Record<string, string> = {};
beforeAll(async () => {
  root = await tmpDir('hebb-inference-');
  data = path.join(root, 'data');
  await colourTree(data, 6);
  process.env.HEBB_HOME = path.join(root, 'home');
  for (const [arch, side] of [['transfer-mobilenetv2', 32], ['cnn-small', 8]] as const) {
    runs[arch] = path.join(root, arch);
    const end = await runTrainingJob(normalizeConfig({ data, arch, epochs: 2, imageWidth: side, imageHeight: side, batchSize: 4, learningRate: 0.01, optimizer: 'adam', seed: 3 }), { runDir: runs[arch]! });
    expect(end.status).toBe('completed');
  }
}, 120_000);
afterAll(async () => {
  setOrtInferenceDisabled(false);
  await removeTmpDirs();
});

describe('whole-model inference on onnxruntime', () => {
  for (const arch of ['transfer-mobilenetv2', 'cnn-small']) {
    it(`${arch}: the same probabilities as tfjs on the run's images (max |Δ| ≤ 1e-4, same argmax)`, async () => {
      const run = await loadRun(runs[arch]!);
      expect(run.inference.runtime).toBe('onnxruntime');
      const js = await modelInference(run.model, runs[arch]!, { fast: false });
      const scan = await scanDataset(data);
      const k = run.labels.length;
      let max = 0, n = 0;
      for await (const b of createBatchStream({ root: data, entries: scan.entries, numClasses: k, preprocess: run.preprocess, batchSize: 8, split: 'test' })) {
        const a = await run.inference.run(b.x, b.n);
        const c = await js.run(b.x, b.n);
        for (let i = 0; i < b.n; i++) {
          const row = (p: Float32Array) => p.subarray(i * k, (i + 1) * k);
          const am = (p: Float32Array) => row(p).indexOf(Math.max(...row(p)));
          expect(am(a)).toBe(am(c));
        }
        for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - c[i]!));
        n += b.n;
      }
      expect(n).toBe(18);
      expect(max).toBeLessThanOrEqual(1e-4);
    }, 60_000);
  }

  it('builds the graph once per run, in the run dir, and evaluates alike on the tfjs fallback', async () => {
    const dir = runs['cnn-small']!;
    const files = await fs.readdir(inferenceDir(dir));
    expect(files).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.onnx$/)]);
    const { mtimeMs } = await fs.stat(path.join(inferenceDir(dir), files[0]!));
    const run = await loadRun(dir);
    const again = await modelInference(run.model, dir);
    expect((await fs.stat(path.join(inferenceDir(dir), files[0]!))).mtimeMs).toBe(mtimeMs);
    await again.release();
    const fast = await evaluateRun(dir, data);
    setOrtInferenceDisabled(true);
    const fallback = await modelInference(run.model, dir);
    expect(fallback).toMatchObject({ runtime: 'tfjs', reason: expect.stringMatching(/HEBB_ORT_INFERENCE=0/) });
    const later = new Date(Date.now() + 5000);
    await fs.utimes(path.join(dir, 'model', 'model.json'), later, later); // reload the run: now on tfjs
    const slow = await evaluateRun(dir, data);
    expect((await loadRun(dir)).inference.runtime).toBe('tfjs');
    expect(slow.confusionMatrix).toEqual(fast.confusionMatrix);
    setOrtInferenceDisabled(false);
  }, 60_000);
});
