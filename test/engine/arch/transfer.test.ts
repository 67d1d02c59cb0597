import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutBackbone, readBackboneFolder, readBundledBackbone } from '../../../src-main/engine/arch/backbone';
import { buildModel, describeModel, pinFrozenBatchNorm, transferParts } from '../../../src-main/engine/arch/index';

let tmp: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hebb-backbone-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('the shipped MobileNetV2 backbone', () => {
  it('dequantises the uint8 weights as min + scale·q', async () => {
    const art = await readBundledBackbone();
    const spec = art.weightSpecs[0]!;
    expect(spec).toMatchObject({ name: 'Conv1/kernel', dtype: 'float32', quantization: { dtype: 'uint8' } });
    const q = new Uint8Array(art.weightData, 0, 8);
    const decoded = tf.io.decodeWeights(art.weightData, [spec])['Conv1/kernel']!;
    const { min, scale } = spec.quantization as { min: number; scale: number };
    const expected = Array.from(q, (v) => min + scale * v);
    Array.from(decoded.dataSync().slice(0, 8)).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    decoded.dispose();
  });

  // Inference only, so the stock wasm kernels serve it: a 224×224 MobileNetV2 forward takes ~10× longer on the pure-JS backend.
  it('at 224×224 gives exactly the out_relu features of the original model', async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    const art = await readBundledBackbone();
    const full = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: { model_config: art.topology } as never, weightSpecs: art.weightSpecs, weightData: art.weightData }));
    const ref = tf.model({ inputs: full.inputs, outputs: full.getLayer('out_relu').output as tf.SymbolicTensor });
    const cut = await cutBackbone(art, { inputShape: [224, 224, 3] });
    const x = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 7);
    const a = cut.predict(x) as tf.Tensor;
    const b = ref.predict(x) as tf.Tensor;
    expect(a.shape).toEqual([1, 7, 7, 1280]);
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBe(0);
    expect(tf.max(a).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([x, a, b]);
    full.dispose();
    cut.dispose();
    await tf.setBackend('cpu');
  });

  it('takes greyscale input by folding the first conv: grey x gives the same features as RGB (x, x, x)', async () => {
    const art = await readBundledBackbone();
    const grey = await cutBackbone(art, { inputShape: [32, 32, 1] });
    const rgb = await cutBackbone(art, { inputShape: [32, 32, 3] });
    const g = tf.randomUniform([1, 32, 32, 1], 0, 1, 'float32', 3);
    const diff = tf.max(tf.abs(tf.sub(grey.predict(g) as tf.Tensor, rgb.predict(tf.tile(g, [1, 1, 1, 3])) as tf.Tensor))).dataSync()[0]!;
    expect(diff).toBeLessThan(1e-4);
    grey.dispose();
    rgb.dispose();
  });
});

describe('transfer-mobilenetv2', () => {
  it('is a frozen backbone with a trainable head whose batch norms stay put while training', async () => {
    const model = await buildModel({ arch: 'transfer-mobilenetv2', inputShape: [32, 32, 3], numClasses: 3, seed: 1 });
    expect(model.trainableWeights.map((w) => w.originalName)).toEqual(['output/kernel', 'output/bias']);
    expect(model.layers.slice(-3).map((l) => l.getClassName())).toEqual(['GlobalAveragePooling2D', 'Dropout', 'Dense']);
    const bn = model.getLayer('bn_Conv1');
    const before = bn.getWeights().map((w) => Array.from(w.dataSync()));
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 5);
    const y = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
    const head = Array.from(model.getLayer('output').getWeights()[0]!.dataSync());
    expect(Number.isFinite((await model.trainOnBatch(x, y)) as number)).toBe(true);
    expect(bn.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    expect(Array.from(model.getLayer('output').getWeights()[0]!.dataSync())).not.toEqual(head);
    expect(pinFrozenBatchNorm(model)).toBe(0); // already pinned, never twice
    tf.dispose([x, y]);
    model.dispose();
  });

  it('describes 224×224 with the frozen and trainable counts, and refuses inputs under 32 px', async () => {
    const info = await describeModel({ arch: 'transfer-mobilenetv2', inputShape: [224, 224, 3], numClasses: 10 });
    expect(info.trainableParams).toBe(1280 * 10 + 10);
    expect(info.params).toBeGreaterThan(2_200_000);
    expect(info.input).toMatchObject({ recommended: [224, 224], range: [0, 1] });
    await expect(buildModel({ arch: 'transfer-mobilenetv2', inputShape: [28, 28, 1], numClasses: 10 })).rejects.toThrow(/at least 32×32 \(224×224 recommended\); got 28×28/);
  });
});

/** Save as a tfjs LayersModel folder (model.json + weights.bin), the way tensorflowjs_converter lays it out. */
async function saveTo(model: tf.LayersModel, dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      await fs.writeFile(path.join(dir, 'weights.bin'), Buffer.from(a.weightData as ArrayBuffer));
      await fs.writeFile(path.join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] }));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

describe('a user backbone folder', () => {
  async function saveTiny(dir: string): Promise<tf.LayersModel> {
    const input = tf.input({ shape: [16, 16, 3], name: 'img' });
    let x = tf.layers.conv2d({ name: 'c1', filters: 4, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: 'bn1' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.activation({ name: 'feat', activation: 'relu' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tf.SymbolicTensor;
    const out = tf.layers.dense({ name: 'cls', units: 5, activation: 'softmax' }).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    await saveTo(model, dir);
    return model;
  }

  it('is cut at its last feature map, frozen, and gives the same features', async () => {
    const dir = path.join(tmp, 'tiny');
    const original = await saveTiny(dir);
    const model = await buildModel({ arch: 'transfer-mobilenetv2', inputShape: [32, 32, 3], numClasses: 2, options: { backbone: dir, dropout: 0 } });
    expect(model.layers.map((l) => l.name)).toEqual(['img', 'c1', 'bn1', 'feat', 'head_gap', 'output']);
    expect(model.trainableWeights).toHaveLength(2);
    const cut = await cutBackbone(await readBackboneFolder(dir), { inputShape: [16, 16, 3] });
    const ref = tf.model({ inputs: original.inputs, outputs: original.getLayer('feat').output as tf.SymbolicTensor });
    const x = tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 9);
    expect(tf.max(tf.abs(tf.sub(cut.predict(x) as tf.Tensor, ref.predict(x) as tf.Tensor))).dataSync()[0]).toBeLessThan(1e-6);
  });

  it('accepts a Sequential model folder too', async () => {
    const dir = path.join(tmp, 'seq');
    const seq = tf.sequential({ layers: [tf.layers.conv2d({ name: 's1', inputShape: [8, 8, 3], filters: 2, kernelSize: 3, padding: 'same' }), tf.layers.flatten({ name: 'sflat' }), tf.layers.dense({ name: 'sout', units: 2 })] });
    await saveTo(seq, dir);
    const model = await buildModel({ arch: 'transfer-mobilenetv2', inputShape: [32, 32, 3], numClasses: 2, options: { backbone: dir } });
    expect(model.layers.map((l) => l.name)).toEqual(['backbone_input', 's1', 'head_gap', 'head_dropout', 'output']);
    const x = tf.randomUniform([1, 32, 32, 3]);
    const ref = tf.conv2d(x as tf.Tensor4D, seq.getLayer('s1').getWeights()[0] as tf.Tensor4D, 1, 'same').add(seq.getLayer('s1').getWeights()[1]!);
    const cut = tf.model({ inputs: model.inputs, outputs: model.getLayer('s1').output as tf.SymbolicTensor });
    expect(tf.max(tf.abs(tf.sub(cut.predict(x) as tf.Tensor, ref))).dataSync()[0]).toBeLessThan(1e-5);
  });

  it('says what is wrong with a missing folder, a GraphModel, or an unknown cut layer', async () => {
    await expect(readBackboneFolder(path.join(tmp, 'nope'))).rejects.toMatchObject({ code: 'ENOENT' });
    const graph = path.join(tmp, 'graph');
    await fs.mkdir(graph);
    await fs.writeFile(path.join(graph, 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: {}, weightsManifest: [] }));
    await expect(readBackboneFolder(graph)).rejects.toThrow(/GraphModel, which cannot be cut/);
    await expect(buildModel({ arch: 'transfer-mobilenetv2', inputShape: [32, 32, 3], numClasses: 2, options: { backbone: path.join(tmp, 'tiny'), backboneLayer: 'nope' } })).rejects.toThrow(/no layer named 'nope'/);
  });
});

describe('transferParts', () => {
  it('splits into a feature extractor and a head that share weights with the full model', async () => {
    const model = await buildModel({ arch: 'transfer-mobilenetv2', inputShape: [32, 32, 3], numClasses: 3, seed: 4 });
    const parts = transferParts(model)!;
    expect(parts.features.outputs[0]!.shape).toEqual([null, 1280]);
    expect(parts.head.trainableWeights.map((w) => w.originalName)).toEqual(['output/kernel', 'output/bias']);
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 8);
    const feats = parts.features.predict(x) as tf.Tensor;
    const viaParts = parts.head.predict(feats) as tf.Tensor;
    const whole = model.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(viaParts, whole))).dataSync()[0]).toBeLessThan(1e-6);
    // Training the head moves the full model's output layer: same variables.
    parts.head.compile({ optimizer: tf.train.sgd(1), loss: 'categoricalCrossentropy' });
    await parts.head.trainOnBatch(feats, tf.oneHot(tf.tensor1d([0, 1], 'int32'), 3));
    const after = model.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(after, whole))).dataSync()[0]).toBeGreaterThan(1e-4);
    expect(transferParts(await buildModel({ arch: 'mlp', inputShape: [4, 4, 1], numClasses: 2 }))).toBeNull();
  });
});
