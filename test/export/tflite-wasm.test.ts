// The .tflite files in Google's own TFLite interpreter (@tensorflow/tfjs-tflite's WASM build, in Debian Chromium):
// float parity for every architecture, and the dynamic-range file Arm NN 22 cannot read (its convolutions need
// constant weights), with int8 beside it, on one briefly trained cnn-small.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHITECTURES, buildModel } from '../../src-main/engine/arch/index';
import { initBackend } from '../../src-main/engine/backend/index';
import { generatedPixels } from '../../src-main/export/index';
import { compare, predictTfjs, type Sample } from '../../src-main/export/parity';
import { buildGraph, floatModelDef } from '../../src-main/export/tflite/index';
import { calibrate, dynamicModelDef, foldDequantize, int8ModelDef } from '../../src-main/export/tflite/quantize';
import { writeModel } from '../../src-main/export/tflite/schema';
import { openTfliteWasm, tfliteWasmMissing, type TfliteWasm } from '../helpers/tflite-wasm';
import { CUSTOM_LAYERS, perturb, textures } from './fixtures';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hebb-tflite-wasm-'));
const missing = tfliteWasmMissing();
if (missing && process.env.HEBB_REQUIRE_REFERENCES === '1') throw new Error(`HEBB_REQUIRE_REFERENCES=1 but ${missing}`);
if (missing) console.warn(`skipping the tfjs-tflite checks: ${missing}`);
let rt: TfliteWasm;
beforeAll(async () => { if (!missing) rt = await openTfliteWasm(); }, 120_000);
afterAll(async () => { await rt?.close(); rmSync(tmp, { recursive: true, force: true }); });

const INPUT: Record<string, [number, number, number]> = { 'transfer-mobilenetv2': [32, 32, 3], lenet5: [28, 28, 1], mlp: [16, 16, 1], custom: [16, 16, 1] };
const opts = (h: number, w: number, c: number) => ({ preprocess: { width: w, height: h, channels: c as 1 | 3, fit: 'cover' as const }, labels: ['a', 'b', 'c'] });
const argmax = (r: number[]): number => r.indexOf(Math.max(...r));

describe.skipIf(missing !== null)('tfjs-tflite (TFLite WASM in Chromium)', () => {
  it.for(ARCHITECTURES.map((a) => a.id))('float %s: max |Δprob| ≤ 1e-4 against hebb predict, same argmax', async (arch) => {
    const [h, w, c] = INPUT[arch] ?? [16, 16, 3];
    const model = await buildModel({ arch, inputShape: [h, w, c], numClasses: 3, seed: 3, ...(arch === 'custom' ? { layers: CUSTOM_LAYERS } : {}) });
    perturb(model);
    const o = opts(h, w, c), { g, input, output } = buildGraph(model, o.preprocess);
    const file = path.join(tmp, `float-${arch}.tflite`);
    writeFileSync(file, writeModel(floatModelDef(g, input, output, o)));
    const s: Sample = { pixels: generatedPixels(4, h, w, c, 9), shape: [4, h, w, c], source: 'generated' };
    const got = await rt.run(file, s.pixels, s.shape, false);
    const cmp = compare(predictTfjs(model, s, o.preprocess), got.flat(), 4);
    console.log(`TFLITE-WASM float ${arch}: max|Δprob|=${cmp.maxAbsDiff.toExponential(2)}`);
    expect(cmp.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(cmp.argmaxAgreement).toBe(1);
    model.dispose();
  });

  describe('cnn-small, trained', () => {
    const [h, w] = [16, 16];
    const train = textures(300, h, w, 1), val = textures(200, h, w, 2);
    const o = opts(h, w, 3);
    let model: tf.LayersModel, ref: number[];
    beforeAll(async () => {
      await initBackend({ prefer: 'wasm' }); // the studio's own training path: minutes faster than tfjs's JS kernels
      model = await buildModel({ arch: 'cnn-small', inputShape: [h, w, 3], numClasses: 3, seed: 5 });
      model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy' });
      const xs = tf.tensor4d(train.x, [300, h, w, 3]).div(255), ys = tf.oneHot(tf.tensor1d(train.y, 'int32'), 3);
      await model.fit(xs, ys, { epochs: 4, batchSize: 32, verbose: 0, shuffle: true });
      tf.dispose([xs, ys]);
      const p = predictTfjs(model, { pixels: val.x, shape: [200, h, w, 3], source: 'dataset' }, o.preprocess);
      ref = Array.from({ length: 200 }, (_, i) => argmax(Array.from(p.subarray(i * 3, i * 3 + 3))));
    }, 300_000);

    it.for(['dynamic', 'int8'] as const)('%s: argmax agreement ≥ 98% with hebb predict, accuracy within 1 point', async (q) => {
      const { g, input, output } = buildGraph(model, o.preprocess);
      const def = q === 'dynamic' ? dynamicModelDef(floatModelDef(g, input, output, o), g) : int8ModelDef(g, input, output, calibrate(g, input, train.x.subarray(0, 100 * h * w * 3), [h, w, 3]), o);
      const file = path.join(tmp, `${q}.tflite`);
      writeFileSync(file, writeModel(def));
      const got = (await rt.run(file, val.x, [200, h, w, 3], q === 'int8')).map(argmax);
      const agree = got.filter((p, i) => p === ref[i]).length / 200;
      const acc = (pred: number[]): number => pred.filter((p, i) => p === val.y[i]).length / 200;
      console.log(`TFLITE-WASM ${q} cnn-small: agreement ${(agree * 100).toFixed(1)}%, float acc ${acc(ref).toFixed(3)}, ${q} acc ${acc(got).toFixed(3)}`);
      if (q === 'dynamic') {
        // The export checks dynamic files in Arm NN through this fold: it must compute what the file computes.
        const twin = path.join(tmp, 'dynamic-folded.tflite');
        writeFileSync(twin, writeModel(foldDequantize(def)));
        const [a, b] = [await rt.run(file, val.x.subarray(0, 20 * h * w * 3), [20, h, w, 3], false), await rt.run(twin, val.x.subarray(0, 20 * h * w * 3), [20, h, w, 3], false)];
        const fold = compare(Float32Array.from(a.flat()), b.flat(), 20);
        console.log(`TFLITE-WASM dynamic vs its DEQUANTIZE fold: max|Δprob|=${fold.maxAbsDiff.toExponential(2)}`);
        expect(fold.maxAbsDiff).toBeLessThanOrEqual(1e-5);
        expect(def.operators.some((op) => op.op === 'DEQUANTIZE')).toBe(true);
        expect(foldDequantize(def).operators.some((op) => op.op === 'DEQUANTIZE')).toBe(false);
      }
      expect(acc(ref)).toBeGreaterThan(0.8);
      expect(agree).toBeGreaterThanOrEqual(0.98);
      expect(acc(ref) - acc(got)).toBeLessThanOrEqual(0.01 + 1e-9);
    });
  });
});
