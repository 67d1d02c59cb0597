import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, describeModel, listArchitectures, type ModelSpec } from '../../../src-main/engine/arch/index';

const LOCAL = ['mlp', 'cnn-small', 'lenet5', 'vgg-mini', 'resnet-mini', 'mobilenet-mini'];
const SHAPES: [number, number, number][] = [[28, 28, 1], [32, 32, 3]];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Compile, take one SGD step on random data; returns the loss and whether any trainable weight moved. */
async function oneStep(model: tf.LayersModel, classes: number): Promise<{ loss: number; moved: boolean }> {
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  const x = tf.randomUniform([2, ...shape], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.tensor1d([0, 1], 'int32'), classes);
  const before = model.trainableWeights.map((w) => w.read().dataSync().slice());
  const out = (await model.trainOnBatch(x, y)) as number[];
  const after = model.trainableWeights.map((w) => w.read().dataSync());
  tf.dispose([x, y]);
  const moved = before.some((b, i) => b.some((v, j) => v !== after[i]![j]));
  return { loss: out[0]!, moved };
}

describe.each(LOCAL)('%s', (arch) => {
  it.each(SHAPES)('builds for %i×%i×%i and counts its parameters', async (h, w, c) => {
    const spec: ModelSpec = { arch, inputShape: [h, w, c], numClasses: 10, seed: 1 };
    const info = await describeModel(spec);
    const model = await buildModel(spec);
    expect(model.inputs[0]!.shape).toEqual([null, h, w, c]);
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    expect(info.params).toBe(model.countParams());
    expect(info.layers.reduce((n, l) => n + l.params, 0)).toBe(info.params);
    expect(info.layers.at(-1)).toMatchObject({ name: 'output', type: 'Dense', outputShape: [null, 10] });
    model.dispose();
  });

  // tfjs's pure-JS conv gradients take seconds per step at 28×28 on a loaded 2-core machine, so the step runs at 8×8.
  it.each([1, 3])('trains one step at 8×8×%i (loss finite, weights move)', async (c) => {
    const model = await buildModel({ arch, inputShape: [8, 8, c], numClasses: 10, seed: 2 });
    const { loss, moved } = await oneStep(model, 10);
    expect(Number.isFinite(loss)).toBe(true);
    expect(moved).toBe(true);
    model.dispose();
  });
});

describe('seeds, L2 and options', () => {
  const weightsOf = async (spec: ModelSpec): Promise<number[]> => {
    const m = await buildModel(spec);
    const v = Array.from(m.getWeights()[0]!.dataSync());
    m.dispose();
    return v;
  };

  it('the same seed gives the same initial weights; another seed does not', async () => {
    const spec: ModelSpec = { arch: 'cnn-small', inputShape: [12, 12, 1], numClasses: 3, seed: 42 };
    expect(await weightsOf(spec)).toEqual(await weightsOf(spec));
    expect(await weightsOf({ ...spec, seed: 43 })).not.toEqual(await weightsOf(spec));
  });

  it('l2 > 0 adds a regularisation term to the training loss', async () => {
    const spec: ModelSpec = { arch: 'mlp', inputShape: [4, 4, 1], numClasses: 2, seed: 3 };
    const loss = async (l2: number): Promise<number> => {
      const m = await buildModel({ ...spec, l2 });
      m.compile({ optimizer: tf.train.sgd(0), loss: 'categoricalCrossentropy' });
      const x = tf.ones([2, 4, 4, 1]);
      const y = tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2);
      const v = (await m.trainOnBatch(x, y)) as number;
      tf.dispose([x, y]);
      m.dispose();
      return v;
    };
    expect(await loss(0.01)).toBeGreaterThan((await loss(0)) + 1e-3);
  });

  it('mlp takes hidden sizes and an activation', async () => {
    const info = await describeModel({ arch: 'mlp', inputShape: [8, 8, 1], numClasses: 4, options: { hidden: [16], activation: 'tanh' } });
    expect(info.layers.map((l) => l.type)).toEqual(['Flatten', 'Dense', 'Dense']);
    expect(info.params).toBe(64 * 16 + 16 + 16 * 4 + 4);
    await expect(describeModel({ arch: 'mlp', inputShape: [8, 8, 1], numClasses: 4, options: { activation: 'softmax' } })).rejects.toThrow(/activation 'softmax' is not one of/);
  });

  it('cnn-small at 28×28×1 is the seeds\' Keras model (225,034 parameters)', async () => {
    const info = await describeModel({ arch: 'cnn-small', inputShape: [28, 28, 1], numClasses: 10 });
    expect(info.layers.map((l) => `${l.type}:${l.outputShape.slice(1).join('x')}`)).toEqual([
      'Conv2D:26x26x32', 'MaxPooling2D:13x13x32', 'Conv2D:11x11x64', 'MaxPooling2D:5x5x64', 'Flatten:1600', 'Dense:128', 'Dropout:128', 'Dense:10',
    ]);
    expect(info.params).toBe(225034);
  });

  it('small inputs (8×8 digits) still build for every local architecture', async () => {
    for (const arch of LOCAL) {
      const m = await buildModel({ arch, inputShape: [8, 8, 1], numClasses: 10 });
      expect(m.outputs[0]!.shape).toEqual([null, 10]);
      m.dispose();
    }
  });

  it('non-square inputs (20×36×3) build for every local architecture', async () => {
    for (const arch of LOCAL) {
      const info = await describeModel({ arch, inputShape: [20, 36, 3], numClasses: 4 });
      expect(info.layers.at(-1)!.outputShape).toEqual([null, 4]);
    }
  });

  it('rejects an unknown architecture and a bad input shape with clear words', async () => {
    await expect(buildModel({ arch: 'alexnet', inputShape: [8, 8, 1], numClasses: 2 })).rejects.toThrow(/unknown architecture 'alexnet': choose one of mlp, cnn-small/);
    await expect(buildModel({ arch: 'mlp', inputShape: [8, 8, 4], numClasses: 2 })).rejects.toThrow(/1 or 3 channels/);
    await expect(buildModel({ arch: 'mlp', inputShape: [8, 8, 1], numClasses: 1 })).rejects.toThrow(/at least 2 classes/);
  });

  it('lists every architecture for an input, marking the ones that cannot take it', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const list = await listArchitectures({ width: 28, height: 28, channels: 1, classes: 10 });
    expect(list.map((a) => a.id)).toEqual([...LOCAL, 'transfer-mobilenetv2']);
    expect(list.find((a) => a.id === 'transfer-mobilenetv2')).toMatchObject({ params: -1, unavailable: expect.stringContaining('at least 32×32'), input: { recommended: [224, 224], minimum: 32 } });
    expect(list.filter((a) => a.params > 0)).toHaveLength(LOCAL.length);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
