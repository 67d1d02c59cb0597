// Every architecture in the registry × every export format, with parity against each format's own runtime.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFormatIds } from '../../src-main/export/formats/registry';
import { ARCHITECTURES, buildModel } from '../../src-main/engine/arch/index';
import { exportModel, generatedPixels } from '../../src-main/export/index';
import { KERAS_REFERENCE, PYTHON, pythonMissing } from '../helpers/python';
import { CUSTOM_LAYERS } from './fixtures';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hebb-export-arch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** input [h, w, c] per architecture: small, but what each one accepts. */
const INPUT: Record<string, [number, number, number]> = {
  mlp: [16, 16, 1], 'cnn-small': [16, 16, 3], lenet5: [28, 28, 1], 'vgg-mini': [16, 16, 3], 'resnet-mini': [16, 16, 3],
  'mobilenet-mini': [16, 16, 3], 'transfer-mobilenetv2': [32, 32, 3], custom: [16, 16, 1],
};

/**
 * Seeded weights away from their initial values, so batch-norm statistics and biases take part in the check.
 * Frozen (pretrained) layers keep their real weights.
 */
function perturb(model: tf.LayersModel, seed: number): void {
  for (const layer of model.layers) {
    const ws = layer.getWeights();
    if (!ws.length || !layer.trainable) continue;
    layer.setWeights(layer.weights.map((v, i) => tf.tidy(() => {
      // Noise on the scale of the tensor's own spread, so deep stacks do not saturate the softmax.
      const spread = tf.moments(ws[i]!).variance.sqrt().dataSync()[0]!;
      const noise = tf.randomNormal(ws[i]!.shape, 0, spread > 0 ? spread / 2 : 0.1, 'float32', seed++);
      return v.originalName.endsWith('moving_variance') ? ws[i]!.abs().add(noise.abs()).add(0.5) : ws[i]!.add(noise);
    })));
  }
}

const archs = ARCHITECTURES.map((a) => a.id);
const kerasMissing = pythonMissing(KERAS_REFERENCE, 'the keras export parity');

describe.each(archs)('%s', (arch) => {
  const [h, w, c] = INPUT[arch] ?? [16, 16, 3];
  const labels = ['cat', 'dog', 'bird'];
  let model: tf.LayersModel | undefined;
  const get = async () => {
    model ??= await buildModel({ arch, inputShape: [h, w, c], numClasses: 3, seed: 3, ...(arch === 'custom' ? { layers: CUSTOM_LAYERS } : {}) });
    if (!(model as unknown as { perturbed?: boolean }).perturbed) { perturb(model, 11); (model as unknown as { perturbed: boolean }).perturbed = true; }
    return model;
  };
  it.for(exportFormatIds())(`exports ${arch} to %s with parity`, async (format, ctx) => {
    if (format === 'keras' && kerasMissing) return ctx.skip(kerasMissing);
    const m = await get();
    const res = await exportModel({ model: m, labels, preprocess: { width: w, height: h, channels: c as 1 | 3, fit: 'cover' }, format, outDir: path.join(tmp, `${arch}-${format}`), sample: generatedPixels(4, h, w, c, 5), sampleSource: 'generated', meta: { arch } });
    expect(res.parity).toMatchObject({ passed: true, samples: 4, argmaxAgreement: 1 });
    expect(res.parity.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    // 2.2 M backbone parameters: the TF.js folder is split into 4 MB shards, all of which the reload read.
    if (arch === 'transfer-mobilenetv2' && format === 'tfjs') expect(res.files.filter((f) => f.endsWith('.bin')).length).toBeGreaterThan(1);
    // The check means something only if some probabilities are not saturated at 0/1.
    const probs = tf.tidy(() => (m.predict(tf.tensor4d(generatedPixels(4, h, w, c, 5), [4, h, w, c]).div(255)) as tf.Tensor).max(-1).min().dataSync()[0]!);
    expect(probs).toBeLessThan(0.9999);
    console.log(`PARITY ${arch} ${format} ${h}x${w}x${c}: max|Δprob|=${res.parity.maxAbsDiff.toExponential(2)} (${res.parity.runtime})`);
  });
});

/** The reference `onnx` package (Debian python3-onnx) validates every model.onnx written above against the spec. */
it.skipIf(pythonMissing(['onnx'], 'the onnx checker') !== null)('every ONNX export passes the onnx checker and strict shape inference', async () => {
  const files = archs.map((a) => path.join(tmp, `${a}-onnx`, 'model.onnx')).filter((f) => existsSync(f));
  expect(files).toHaveLength(archs.length);
  const run = spawnSync(PYTHON, [path.resolve(__dirname, '../../scripts/reference/onnx_check.py'), ...files], { encoding: 'utf8' });
  const report = JSON.parse(run.stdout) as Record<string, { ok: boolean; error?: string; output: (number | string)[] }>;
  for (const f of files) {
    expect(report[f], f).toMatchObject({ ok: true, output: ['batch', 3] });
  }
});

it('covers every registered architecture', () => {
  expect(archs.filter((a) => !(a in INPUT))).toEqual([]);
});

describe('transfer-mobilenetv2 at its pretrained size (224×224)', () => {
  // One build for the three formats: the backbone is 2.2 M parameters.
  let model: tf.LayersModel;
  beforeAll(async () => { model = await buildModel({ arch: 'transfer-mobilenetv2', inputShape: [224, 224, 3], numClasses: 2, seed: 4 }); });
  afterAll(() => model?.dispose());
  // tfjs is left to the 32×32 case above: same weights (and shards), and stock tfjs on CPU is the slow part here.
  it.for(['onnx', 'keras'] as const)('exports to %s with parity', async (format, ctx) => {
    if (format === 'keras' && kerasMissing) return ctx.skip(kerasMissing);
    {
      const res = await exportModel({ model, labels: ['a', 'b'], preprocess: { width: 224, height: 224, channels: 3, fit: 'cover' }, format, outDir: path.join(tmp, `t224-${format}`), sample: generatedPixels(2, 224, 224, 3, 8), meta: { arch: 'transfer-mobilenetv2' } });
      expect(res.parity).toMatchObject({ passed: true, argmaxAgreement: 1 });
      console.log(`PARITY transfer-mobilenetv2 ${format} 224x224x3: max|Δprob|=${res.parity.maxAbsDiff.toExponential(2)}`);
    }
  });
});
