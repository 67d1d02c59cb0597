// The frozen backbone as one onnxruntime graph must compute the features tfjs computes, on real photos at the size
// the weights were trained at; converted once and found again on disk by its weights' hash; tfjs where it cannot run.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, transferParts } from '../../../src-main/engine/arch/index';
import { featureExtractor } from '../../../src-main/engine/ort/features';
import { setOrtInferenceDisabled } from '../../../src-main/engine/ort/session';
import { preprocessImage } from '../../../src-main/preprocess/decode';
import { removeTmpDirs, tmpDir } from '../../helpers/fixtures';

const SKIMAGE = '/usr/lib/python3/dist-packages/skimage/data';
const PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg'];
const SIDE = 224;
/** The photos come from Debian's python3-skimage; without it the photo test skips, saying why (CI requires it). */
const photosMissing = existsSync(path.join(SKIMAGE, PHOTOS[0]!)) ? null : `${SKIMAGE} has no sample photos (apt-get install python3-skimage)`;
if (photosMissing && process.env.HEBB_REQUIRE_REFERENCES === '1') throw new Error(`HEBB_REQUIRE_REFERENCES=1 but ${photosMissing}`);
if (photosMissing) console.warn(`skipping the real-photo feature check: ${photosMissing}`);

let dir: string;
let features: tf.LayersModel;
let x: Float32Array;
beforeAll(async () => {
  // Inference only: the stock wasm kernels serve tfjs's side (the pure-JS backend is ~10× slower at 224 px).
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
  dir = await tmpDir('hebb-ort-features-');
  const model = await buildModel({ arch: 'transfer-mobilenetv2', inputShape: [SIDE, SIDE, 3], numClasses: 3, seed: 1 });
  features = transferParts(model)!.features;
  x = new Float32Array(PHOTOS.length * SIDE * SIDE * 3);
  if (photosMissing) { x.forEach((_, i) => { x[i] = ((i * 2654435761) >>> 24) / 255; }); return; } // only the cache and fallback tests use it then
  const pixels = await Promise.all(PHOTOS.map((f) => preprocessImage(path.join(SKIMAGE, f), { width: SIDE, height: SIDE, fit: 'cover', channels: 3 })));
  pixels.forEach((p, i) => x.set(Float32Array.from(p, (v) => v / 255), i * p.length));
}, 120_000);
afterAll(async () => {
  setOrtInferenceDisabled(false);
  await removeTmpDirs();
});

describe('the backbone on onnxruntime', () => {
  it.skipIf(photosMissing !== null)('gives the tfjs features on real photos at 224 px (max |Δ| ≤ 1e-4)', async () => {
    const ort = await featureExtractor(features, { cacheDir: dir, threads: 2 });
    const js = await featureExtractor(features, { cacheDir: dir, fast: false });
    expect(ort.path).toEqual({ runtime: 'onnxruntime', threads: 2 });
    expect(js.path.runtime).toBe('tfjs');
    const a = await ort.extract(x, PHOTOS.length);
    const b = await js.extract(x, PHOTOS.length);
    expect(a.length).toBe(PHOTOS.length * 1280);
    let max = 0;
    for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
    expect(max).toBeLessThanOrEqual(1e-4);
    // Not a vacuous match: the photos give different, non-zero features.
    expect(Math.max(...b.subarray(0, 1280))).toBeGreaterThan(0.1);
    expect(Math.max(...b.subarray(0, 1280).map((v, i) => Math.abs(v - b[1280 + i]!)))).toBeGreaterThan(0.1);
    await ort.dispose();
  }, 120_000);

  it('converts once: the graph is kept under its weights\' hash, and other weights get another file', async () => {
    const files = async () => (await fs.readdir(path.join(dir, 'backbones'))).filter((f) => f.endsWith('.onnx'));
    await (await featureExtractor(features, { cacheDir: dir, threads: 1 })).dispose(); // converts, unless the photo test already did
    const before = await files();
    expect(before).toHaveLength(1);
    const again = await featureExtractor(features, { cacheDir: dir, threads: 1 });
    expect(await files()).toEqual(before);
    await again.dispose();
    const other = await buildModel({ arch: 'transfer-mobilenetv2', inputShape: [64, 64, 3], numClasses: 3, seed: 1 });
    await (await featureExtractor(transferParts(other)!.features, { cacheDir: dir, threads: 1 })).dispose();
    expect((await files()).length).toBe(2);
  }, 60_000);

  it('falls back to tfjs, saying why, where onnxruntime cannot run', async () => {
    setOrtInferenceDisabled(true);
    const fx = await featureExtractor(features, { cacheDir: dir });
    expect(fx.path).toEqual({ runtime: 'tfjs', reason: expect.stringMatching(/HEBB_ORT_INFERENCE=0/) });
    expect((await fx.extract(x.subarray(0, SIDE * SIDE * 3), 1)).length).toBe(1280);
    setOrtInferenceDisabled(false);
  }, 60_000);
});
