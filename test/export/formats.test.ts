// Every format on the layer-coverage models: files present, parity against each format's own runtime.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { exportModel, generatedPixels } from '../../src-main/export/index';
import { exportFormatIds } from '../../src-main/export/formats/registry';
import { KERAS_REFERENCE, pythonMissing } from '../helpers/python';
import { functionalZoo, sequentialZoo } from './fixtures';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hebb-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cases = [
  { name: 'sequential zoo (rgb 16×16)', build: () => sequentialZoo(), h: 16, w: 16, c: 3 as const, labels: ['a', 'b', 'c', 'd'] },
  { name: 'functional zoo (grey 12×12, nested model)', build: () => functionalZoo(), h: 12, w: 12, c: 1 as const, labels: ['x', 'y', 'z'] },
];

const kerasMissing = pythonMissing(KERAS_REFERENCE, 'the keras export parity');

describe.each(cases)('$name', ({ build, h, w, c, labels }) => {
  const model = build();
  // TFLite (Arm NN's parser) is checked on these two zoos and every architecture in tflite.test.ts.
  it.for(exportFormatIds().filter((f) => f !== 'tflite'))('exports %s with parity', async (format, ctx) => {
    // keras parity is checked by Debian's h5py + torch; without them that one case skips.
    if (format === 'keras' && kerasMissing) return ctx.skip(kerasMissing);
    const outDir = path.join(tmp, `${model.name}-${format}`);
    const res = await exportModel({ model, labels, preprocess: { width: w, height: h, channels: c, fit: 'fill' }, format, outDir, sample: generatedPixels(6, h, w, c, 99), meta: { arch: model.name, seed: 1 } });
    expect(res.parity.passed).toBe(true);
    expect(res.parity.samples).toBe(6);
    expect(res.parity.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(res.parity.argmaxAgreement).toBe(1);
    for (const f of res.files) expect(existsSync(path.join(outDir, f)), f).toBe(true);
    const readme = readFileSync(path.join(outDir, 'README.md'), 'utf8');
    for (const l of labels) expect(readme).toContain(l);
    const card = JSON.parse(readFileSync(path.join(outDir, 'model-card.json'), 'utf8'));
    expect(card).toMatchObject({ format, labels, architecture: model.name, seed: 1, parity: { passed: true } });
    expect(readFileSync(path.join(outDir, 'labels.txt'), 'utf8').trim().split('\n')).toEqual(labels);
    console.log(`${model.name} ${format}: max|Δ|=${res.parity.maxAbsDiff.toExponential(2)} via ${res.parity.runtime}`);
  });
});

describe('tfjs folder', () => {
  it('metadata.json carries labels, size, channels and preprocessing', async () => {
    const outDir = path.join(tmp, 'meta');
    await exportModel({ model: sequentialZoo(), labels: ['a', 'b', 'c', 'd'], preprocess: { width: 16, height: 16, channels: 3, fit: 'cover' }, format: 'tfjs', outDir });
    const meta = JSON.parse(readFileSync(path.join(outDir, 'metadata.json'), 'utf8'));
    expect(meta).toMatchObject({ labels: ['a', 'b', 'c', 'd'], imageSize: 16, channels: 3, preprocessing: { fit: 'cover' } });
    const modelJson = JSON.parse(readFileSync(path.join(outDir, 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['group1-shard1of1.bin']);
  });

  it('loads over HTTP with stock tf.loadLayersModel(url), as a web page would', async () => {
    const outDir = path.join(tmp, 'http');
    const model = sequentialZoo();
    await exportModel({ model, labels: ['a', 'b', 'c', 'd'], preprocess: { width: 16, height: 16, channels: 3, fit: 'cover' }, format: 'tfjs', outDir });
    const server = http.createServer((req, res) => {
      const file = path.join(outDir, path.basename(req.url ?? ''));
      if (!existsSync(file)) { res.statusCode = 404; res.end(); return; }
      res.end(readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const loaded = await tf.loadLayersModel(`http://127.0.0.1:${port}/model.json`);
      const x = tf.tensor4d(generatedPixels(3, 16, 16, 3), [3, 16, 16, 3]).div(255);
      const a = (model.predict(x) as tf.Tensor).dataSync(), b = (loaded.predict(x) as tf.Tensor).dataSync();
      expect(Array.from(b)).toEqual(Array.from(a));
    } finally {
      server.close();
    }
  });
});

describe('model input checks', () => {
  it('refuses labels that do not match the outputs', async () => {
    await expect(exportModel({ model: sequentialZoo(), labels: ['a'], preprocess: { width: 16, height: 16, channels: 3, fit: 'fill' }, format: 'onnx', outDir: path.join(tmp, 'bad') }))
      .rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

