// End to end through the CLI: hebb train a tiny run, hebb export it, and check hebb predict agrees with the ONNX and TF.js exports.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult } from '#contract/export';
import { normalise } from '../../src-main/export/parity';
import { exportRun } from '../../src-main/export/run';
import { armnnMissing } from '../../src-main/export/tflite/parity';
import { loadTfjsExport } from '../../src-main/export/tfjs';
import { preprocessImage } from '../../src-main/preprocess/decode';

const repo = path.resolve(__dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hebb-export-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `hebb …`; resolves with the exit code and the last stdout line parsed as JSON (when --json). */
async function hebb(...args: string[]): Promise<{ code: number; json: any; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(repo, 'bin/hebb.js'), ...args], { env: { ...process.env, HEBB_HOME: path.join(tmp, 'home') }, maxBuffer: 64 << 20 });
    return { code: 0, json: args.includes('--json') ? JSON.parse(stdout.trim().split('\n').pop()!) : null, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    const last = err.stdout?.trim().split('\n').pop();
    return { code: err.code, json: last?.startsWith('{') ? JSON.parse(last) : null, stderr: err.stderr };
  }
}

/** Stripe images: horizontal vs vertical, seeded phase and tint. */
async function stripes(dir: string, cls: 'horizontal' | 'vertical', n: number, offset: number): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const w = 20, h = 20, buf = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const v = ((cls === 'horizontal' ? y : x) + i + offset) % 6 < 3 ? 220 : 30;
      buf.set([v, (v + 17 * (i + offset)) % 256, 255 - v], (y * w + x) * 3);
    }
    const file = path.join(dir, `${cls}-${i}.png`);
    await sharp(buf, { raw: { width: w, height: h, channels: 3 } }).png().toFile(file);
    out.push(file);
  }
  return out;
}

describe('hebb export', () => {
  const run = path.join(tmp, 'run');
  const held: string[] = [];
  beforeAll(async () => {
    for (const cls of ['horizontal', 'vertical'] as const) {
      await stripes(path.join(tmp, 'data', cls), cls, 10, 0);
      held.push(...(await stripes(path.join(tmp, 'held-out'), cls, 3, 50)));
    }
    const t = await hebb('train', '--data', path.join(tmp, 'data'), '--arch', 'cnn-small', '--epochs', '2', '--image-size', '16', '--seed', '1', '--out', run, '--json');
    expect(t.code, t.stderr).toBe(0);
  });

  it('exports onnx and tfjs with parity on dataset images, and both agree with hebb predict on held-out images', async () => {
    const exp = await hebb('export', '--model', run, '--format', 'onnx,tfjs', '--out', path.join(tmp, 'exp'), '--json');
    expect(exp.code, exp.stderr).toBe(0);
    const results = exp.json.results as ExportResult[];
    expect(results.map((r) => r.format)).toEqual(['onnx', 'tfjs']);
    for (const r of results) expect(r.parity).toMatchObject({ passed: true, sampleSource: 'dataset', argmaxAgreement: 1 });

    const pred = await hebb('predict', '--model', run, ...held, '--json');
    expect(pred.code, pred.stderr).toBe(0);
    const predictions = pred.json.predictions as { file: string; label: string; probabilities: number[] }[];
    expect(predictions).toHaveLength(held.length);

    const pre = { width: 16, height: 16, channels: 3 as const, fit: 'cover' as const };
    const pixels = new Float32Array(held.length * 16 * 16 * 3);
    for (const [i, f] of held.entries()) pixels.set(await preprocessImage(f, pre), i * 768);
    const session = await ort.InferenceSession.create(path.join(tmp, 'exp', 'onnx', 'model.onnx'));
    const onnxProbs = (await session.run({ image: new ort.Tensor('float32', pixels, [held.length, 16, 16, 3]) })).probabilities!.data as Float32Array;
    const tfjsModel = await loadTfjsExport(path.join(tmp, 'exp', 'tfjs'));
    const sample = { pixels, shape: [held.length, 16, 16, 3] as [number, number, number, number], source: 'dataset' as const };
    const tfjsProbs = tf.tidy(() => (tfjsModel.predict(normalise(sample, pre)) as tf.Tensor).dataSync());
    const labels = ['horizontal', 'vertical'];
    let maxDiff = 0;
    for (const [i, p] of predictions.entries()) {
      for (const probs of [onnxProbs, tfjsProbs]) {
        const row = Array.from(probs.slice(i * 2, i * 2 + 2));
        for (let k = 0; k < 2; k++) maxDiff = Math.max(maxDiff, Math.abs(row[k]! - p.probabilities[k]!));
        expect(labels[row.indexOf(Math.max(...row))]).toBe(p.label);
      }
    }
    expect(maxDiff).toBeLessThanOrEqual(1e-4);
    console.log(`hebb predict vs exports on ${held.length} held-out images: max |Δprob| ${maxDiff.toExponential(2)}`);
  });

  it('says so when the dataset is gone and parity ran on generated inputs', async () => {
    const moved = path.join(tmp, 'run-moved');
    cpSync(run, moved, { recursive: true });
    const cfgFile = path.join(moved, 'config.json');
    const cfg = JSON.parse(readFileSync(cfgFile, 'utf8'));
    writeFileSync(cfgFile, JSON.stringify({ ...cfg, config: { ...cfg.config, data: path.join(tmp, 'no-such-dataset') } }));
    const res = await exportRun(moved, 'onnx', path.join(tmp, 'exp-moved'));
    expect(res.parity).toMatchObject({ passed: true, sampleSource: 'generated' });
    expect(res.note).toContain('generated inputs');
    const card = JSON.parse(readFileSync(path.join(tmp, 'exp-moved', 'model-card.json'), 'utf8'));
    expect(card).toMatchObject({ architecture: 'cnn-small', seed: 1, datasetHash: null, finalMetrics: { status: 'completed' } });
  });

  it('puts a quantised TFLite export beside the float one by default, not over it', async (ctx) => {
    const missing = await armnnMissing();
    if (missing) ctx.skip(`TFLite reference runtime unavailable: ${missing}`);
    const exp = await hebb('export', '--model', run, '--format', 'tflite', '--quantize', 'dynamic', '--json');
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.json).toMatchObject({ format: 'tflite', quantize: 'dynamic', outDir: path.join(run, 'export', 'tflite-dynamic') });
    expect(existsSync(path.join(run, 'export', 'tflite'))).toBe(false);
  });

  it('never writes into the dataset folder', async () => {
    await expect(exportRun(run, 'onnx', path.join(tmp, 'data', 'horizontal', 'export'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(existsSync(path.join(tmp, 'data', 'horizontal', 'export'))).toBe(false);
  });

  it('rejects an unknown format and a missing run with clear messages', async () => {
    const bad = await hebb('export', '--model', run, '--format', 'coreml', '--json');
    expect(bad.code).toBe(1);
    expect(bad.json.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(bad.json.error.message).toContain('coreml');
    const missing = await hebb('export', '--model', path.join(tmp, 'nope'), '--format', 'onnx', '--json');
    expect(missing.json.error).toMatchObject({ code: 'UNKNOWN_RUN' });
  });
});
