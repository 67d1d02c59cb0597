// TFLite export checked in Arm NN's TfLite parser (Debian python3-pyarmnn, CpuRef): float parity for every
// architecture, int8 and weight-only models of trained networks scored on a validation split, refusals by layer.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHITECTURES, buildModel } from '../../src-main/engine/arch/index';
import { initBackend } from '../../src-main/engine/backend/index';
import { exportModel, generatedPixels } from '../../src-main/export/index';
import { armnnMissing } from '../../src-main/export/tflite/parity';
import { CUSTOM_LAYERS, functionalZoo, perturb, sequentialZoo, textures, UNEXPRESSIBLE } from './fixtures';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hebb-export-tflite-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Skip (with the reason) when the reference runtime is not installed, unless HEBB_REQUIRE_REFERENCES=1.
let missing: string | null = null;
beforeAll(async () => {
  missing = await armnnMissing();
  if (missing && process.env.HEBB_REQUIRE_REFERENCES === '1') throw new Error(`HEBB_REQUIRE_REFERENCES=1 but ${missing}`);
});
const need = (ctx: { skip: (note?: string) => void }): void => { if (missing) ctx.skip(`TFLite reference runtime unavailable: ${missing}`); };

const INPUT: Record<string, [number, number, number]> = { 'transfer-mobilenetv2': [32, 32, 3], lenet5: [28, 28, 1], mlp: [16, 16, 1] };

describe.each(ARCHITECTURES.map((a) => a.id))('float %s', (arch) => {
  it('predicts like tfjs in Arm NN (max |Δprob| ≤ 1e-4, same argmax)', async (ctx) => {
    need(ctx);
    const [h, w, c] = INPUT[arch] ?? [16, 16, 3];
    const model = await buildModel({ arch, inputShape: [h, w, c], numClasses: 3, seed: 3, ...(arch === 'custom' ? { layers: CUSTOM_LAYERS } : {}) });
    perturb(model);
    const res = await exportModel({ model, labels: ['a', 'b', 'c'], preprocess: { width: w, height: h, channels: c as 1 | 3, fit: 'cover' }, format: 'tflite', outDir: path.join(tmp, `float-${arch}`), sample: generatedPixels(6, h, w, c, 9), sampleSource: 'generated', meta: { arch } });
    expect(res.parity).toMatchObject({ passed: true, argmaxAgreement: 1 });
    expect(res.parity.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(res.parity.runtime).toMatch(/Arm NN/);
    expect(res.files).toEqual(expect.arrayContaining(['model.tflite', 'labels.txt', 'README.md', 'model-card.json']));
    const bytes = readFileSync(path.join(tmp, `float-${arch}`, 'model.tflite'));
    expect(bytes.subarray(4, 8).toString()).toBe('TFL3');
    console.log(`TFLITE float ${arch}: max|Δprob|=${res.parity.maxAbsDiff.toExponential(2)} (${res.parity.runtime})`);
    model.dispose();
  });
});

// The layer-coverage zoos: a ZeroPadding2D before a 'same' conv (one PAD, VALID conv) and a softplus Dense.
describe.each([
  { name: 'sequential zoo', build: () => sequentialZoo(), h: 16, w: 16, c: 3 as const, labels: ['a', 'b', 'c', 'd'], ops: ['PAD'] },
  { name: 'functional zoo', build: () => functionalZoo(), h: 12, w: 12, c: 1 as const, labels: ['x', 'y', 'z'], ops: ['EXP', 'CONCATENATION'] },
])('float $name', ({ build, h, w, c, labels, ops }) => {
  it('predicts like tfjs in Arm NN (max |Δprob| ≤ 1e-4, same argmax)', async (ctx) => {
    need(ctx);
    const out = path.join(tmp, `zoo-${h}-${c}`);
    const res = await exportModel({ model: build(), labels, preprocess: { width: w, height: h, channels: c, fit: 'fill' }, format: 'tflite', outDir: out, sample: generatedPixels(6, h, w, c, 99) });
    expect(res.parity).toMatchObject({ passed: true, argmaxAgreement: 1 });
    expect(res.parity.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(JSON.parse(readFileSync(path.join(out, 'model-card.json'), 'utf8')).tflite.operators).toEqual(expect.arrayContaining(ops));
    console.log(`TFLITE float ${build().name}: max|Δprob|=${res.parity.maxAbsDiff.toExponential(2)}`);
  });
});

// Each case trains its model in-process on the studio's WASM path (seconds each).
const QUANTIZED = ['mlp', 'cnn-small', 'lenet5', 'vgg-mini', 'mobilenet-mini', 'resnet-mini'];
describe.each(QUANTIZED)('int8 %s (trained)', (arch) => {
  const [h, w] = [16, 16];
  const train = textures(400, h, w, 1), val = textures(200, h, w, 2);
  let model: tf.LayersModel;
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm' }); // the studio's own training path: minutes faster than tfjs's JS kernels
    model = await buildModel({ arch, inputShape: [h, w, 3], numClasses: 3, seed: 5 });
    model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const xs = tf.tensor4d(train.x, [400, h, w, 3]).div(255), ys = tf.oneHot(tf.tensor1d(train.y, 'int32'), 3);
    await model.fit(xs, ys, { epochs: 6, batchSize: 32, verbose: 0, shuffle: true });
    tf.dispose([xs, ys]);
  }, 300_000);

  // 'dynamic' (int8 weights, float compute) is checked through its DEQUANTIZEs folded to constants, which Arm NN reads.
  it.for(['int8', 'dynamic'] as const)('%s: argmax agreement ≥ 98% and validation accuracy within 1 point of float', async (quantize, ctx) => {
    need(ctx);
    const out = path.join(tmp, `${quantize}-${arch}`);
    const res = await exportModel({ model, labels: ['h', 'v', 'd'], preprocess: { width: w, height: h, channels: 3, fit: 'cover' }, format: 'tflite', outDir: out, sample: val.x.subarray(0, 8 * h * w * 3), sampleSource: 'dataset', meta: { arch }, tflite: { quantize, calibration: train.x.subarray(0, 200 * h * w * 3), validation: { pixels: val.x, labels: val.y } } });
    const card = JSON.parse(readFileSync(path.join(out, 'model-card.json'), 'utf8'));
    const v = res.parity.validation!;
    expect(card.parity.validation).toEqual(v);
    console.log(`TFLITE ${quantize} ${arch}: float acc ${v.floatAccuracy.toFixed(3)}, ${quantize} acc ${v.quantizedAccuracy.toFixed(3)}, agreement ${(res.parity.argmaxAgreement * 100).toFixed(1)}%, max|Δprob| ${res.parity.maxAbsDiff.toExponential(2)}, ${readFileSync(path.join(out, 'model.tflite')).length} bytes`);
    expect(v.floatAccuracy).toBeGreaterThan(0.8); // the comparison means something only for a model that learned
    expect(res.parity.passed).toBe(true);
    expect(res.parity.argmaxAgreement).toBeGreaterThanOrEqual(0.98);
    expect(v.floatAccuracy - v.quantizedAccuracy).toBeLessThanOrEqual(0.01 + 1e-9);
    expect(v.images).toBe(200);
    if (quantize === 'int8') expect(card.tflite.calibration).toEqual({ images: 200, source: 'training split' });
  });
});

describe('refusals', () => {
  it.each(UNEXPRESSIBLE)('$what: EXPORT_UNSUPPORTED_LAYER names the layer and writes no model.tflite', async ({ build, layer, why }) => {
    const out = path.join(tmp, `refuse-${layer}`);
    const err = await exportModel({ model: build(), labels: ['a', 'b', 'c'], preprocess: { width: 4, height: 4, channels: 1, fit: 'cover' }, format: 'tflite', outDir: out }).catch((e) => e);
    expect(err.code).toBe('EXPORT_UNSUPPORTED_LAYER');
    expect(err.message).toContain(`"${layer}"`);
    expect(err.message).toMatch(why);
    expect(err.detail).toMatchObject({ layer, format: 'tflite' });
    expect(existsSync(path.join(out, 'model.tflite'))).toBe(false);
  });
});
