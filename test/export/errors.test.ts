// Failure paths: an unsupported layer is named, and a wrong export fails the parity check as an error.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { exportModel, generatedPixels } from '../../src-main/export/index';
import { toOnnx } from '../../src-main/onnx/index';
import { compare, onnxParity } from '../../src-main/export/parity';
import { KERAS_REFERENCE, pythonMissing } from '../helpers/python';
import { sequentialZoo } from './fixtures';

const kerasMissing = pythonMissing(KERAS_REFERENCE, 'the keras reference checks');

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hebb-export-err-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const pre = { width: 16, height: 16, channels: 3 as const, fit: 'fill' as const };

describe('unsupported layers', () => {
  it('names the layer that ONNX cannot express', async () => {
    const model = tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3 }),
      tf.layers.upSampling2d({ size: [2, 2], name: 'my_upsampler' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ] });
    const err = await exportModel({ model, labels: ['a', 'b'], preprocess: { ...pre, width: 8, height: 8, channels: 1 }, format: 'onnx', outDir: path.join(tmp, 'up') })
      .catch((e: unknown) => e) as { code: string; message: string; detail: { layer: string } };
    expect(err.code).toBe('EXPORT_UNSUPPORTED_LAYER');
    expect(err.detail.layer).toBe('my_upsampler');
    expect(err.message).toContain('my_upsampler');
    expect(err.message).toContain('UpSampling2D');
  });

  it('names an unsupported activation', () => {
    const model = tf.sequential({ layers: [
      tf.layers.flatten({ inputShape: [4, 4, 1] }),
      tf.layers.dense({ units: 3, activation: 'mish', name: 'fancy' }),
    ] });
    expect(() => toOnnx(model, { preprocess: { ...pre, width: 4, height: 4, channels: 1 }, labels: ['a', 'b', 'c'] }))
      .toThrow(/Layer "fancy" \(Dense\).*mish/);
  });
});

describe.skipIf(kerasMissing !== null)('keras reference', () => {
  it('a layer the h5py+torch reference cannot run fails the check, naming the class', async () => {
    const model = tf.sequential({ layers: [
      tf.layers.upSampling2d({ inputShape: [4, 4, 1], size: [2, 2] }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ] });
    const err = await exportModel({ model, labels: ['a', 'b'], preprocess: { ...pre, width: 4, height: 4, channels: 1 }, format: 'keras', outDir: path.join(tmp, 'kup') })
      .catch((e: unknown) => e) as { code: string; message: string };
    expect(err.code).toBe('PARITY_FAILED');
    expect(err.message).toContain('UpSampling2D');
  });
});

describe('parity check', () => {
  it('compare finds the largest difference and argmax disagreements', () => {
    const ref = Float32Array.from([0.9, 0.1, 0.4, 0.6]);
    expect(compare(ref, Float32Array.from([0.9, 0.1, 0.4, 0.6]), 2)).toEqual({ maxAbsDiff: 0, argmaxAgreement: 1 });
    const c = compare(ref, [0.9, 0.1, 0.7, 0.3], 2);
    expect(c.maxAbsDiff).toBeCloseTo(0.3, 6);
    expect(c.argmaxAgreement).toBe(0.5);
    expect(compare(ref, [NaN, 0, 0, 0], 2).maxAbsDiff).toBe(Infinity);
  });

  it('fails when the ONNX file predicts differently from the studio', async () => {
    const a = sequentialZoo();
    const file = path.join(tmp, 'a.onnx');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, toOnnx(a, { preprocess: pre, labels: ['a', 'b', 'c', 'd'] }));
    const pixels = generatedPixels(4, 16, 16, 3);
    const sample = { pixels, shape: [4, 16, 16, 3] as [number, number, number, number], source: 'generated' as const };
    const ref = tf.tidy(() => (a.predict(tf.tensor4d(pixels, sample.shape).div(255)) as tf.Tensor).dataSync() as Float32Array);
    expect((await onnxParity(file, ref, sample)).passed).toBe(true);
    const shifted = ref.map((v, i) => (i === 1 ? v + 2e-4 : v));
    const r = await onnxParity(file, shifted, sample);
    expect(r.passed).toBe(false);
    expect(r.maxAbsDiff).toBeGreaterThan(1e-4);
  });

  it.skipIf(kerasMissing !== null)('exportModel throws PARITY_FAILED with the numbers when the keras weights on disk differ', async () => {
    // A model whose output depends on a weight we change after the studio's reference prediction is taken.
    const model = sequentialZoo();
    const dense = model.layers[model.layers.length - 1]!;
    const original = dense.getWeights();
    const origPredict = model.predict.bind(model);
    let calls = 0;
    // The first predict is the studio reference; afterwards the weights written to disk are altered.
    model.predict = ((x: tf.Tensor) => {
      const y = origPredict(x);
      if (calls++ === 0) dense.setWeights([original[0]!.mul(3), original[1]!]);
      return y;
    }) as typeof model.predict;
    const err = await exportModel({ model, labels: ['a', 'b', 'c', 'd'], preprocess: pre, format: 'keras', outDir: path.join(tmp, 'k') })
      .catch((e: unknown) => e) as { code: string; message: string; detail: { maxAbsDiff: number; passed: boolean } };
    expect(err.code).toBe('PARITY_FAILED');
    expect(err.detail.passed).toBe(false);
    expect(err.detail.maxAbsDiff).toBeGreaterThan(1e-4);
    expect(err.message).toMatch(/max \|Δprob\|/);
    const card = JSON.parse(readFileSync(path.join(tmp, 'k', 'model-card.json'), 'utf8'));
    expect(card.parity.passed).toBe(false);
  });
});
