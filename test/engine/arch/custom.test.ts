import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerSpec } from '#contract/engine';
import { buildModel, describeModel, validateLayers } from '../../../src-main/engine/arch/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const err = (layers: unknown, shape: [number, number, number] = [8, 8, 1]): string => {
  try {
    validateLayers(layers, shape);
  } catch (e) {
    expect((e as { code?: string }).code).toBe('INVALID_ARCHITECTURE');
    return (e as Error).message;
  }
  throw new Error('expected a validation error');
};

describe('custom architecture validation', () => {
  it('names the layer whose kernel does not fit and says how to fix it', () => {
    const layers = [
      { type: 'conv2d', filters: 16, kernelSize: 3, padding: 'same' },
      { type: 'maxPooling2d', poolSize: 4 },
      { type: 'conv2d', filters: 16, kernelSize: 5 },
    ];
    expect(err(layers)).toBe("layer 3 (conv2d): kernel 5×5 does not fit a 2×2×16 input — remove a pooling layer or use padding 'same'");
  });

  it('refuses dense after a 4-D output and a conv after flattening', () => {
    expect(err([{ type: 'conv2d', filters: 4, kernelSize: 3 }, { type: 'dense', units: 8 }])).toBe(
      'layer 2 (dense): after a 6×6×4 (4-D) output: add a flatten or globalAveragePooling2d layer first',
    );
    expect(err([{ type: 'flatten' }, { type: 'conv2d', filters: 4, kernelSize: 3 }])).toMatch(/^layer 2 \(conv2d\): needs a height×width×channels input but gets a flat vector of 64/);
  });

  it('reports unknown types and missing or invalid fields', () => {
    expect(err([{ type: 'conv3d' }])).toMatch(/^layer 1 \(conv3d\): unknown type 'conv3d': expected one of conv2d, /);
    expect(err([{ type: 'conv2d', kernelSize: 3 }])).toBe("layer 1 (conv2d): 'filters' must be a whole number ≥ 1 (got undefined)");
    expect(err([{ type: 'flatten' }, { type: 'dense', units: 2.5 }])).toBe("layer 2 (dense): 'units' must be a whole number ≥ 1 (got 2.5)");
    expect(err([{ type: 'flatten' }, { type: 'dropout', rate: 1 }])).toMatch(/^layer 2 \(dropout\): 'rate' must be a number in \[0, 1\)/);
    expect(err([{ type: 'conv2d', filters: 2, kernelSize: 3, padding: 'full' }])).toMatch(/padding must be 'same' or 'valid'/);
    expect(err([{ type: 'conv2d', filters: 2, kernelSize: 3, activation: 'swish' }])).toMatch(/^layer 1 \(conv2d\): activation 'swish' is not one of/);
    expect(err([null])).toMatch(/^layer 1 \(\?\)/);
    expect(err({ layers: [] })).toMatch(/expected a JSON list of layers/);
  });

  it('requires the stack to end flat, since the softmax output is appended', () => {
    expect(err([{ type: 'conv2d', filters: 4, kernelSize: 3 }])).toMatch(/the last layer outputs a 6×6×4 map: end with a flatten or globalAveragePooling2d layer/);
    expect(err([{ type: 'flatten' }, { type: 'dense', units: 3, activation: 'softmax' }])).toMatch(/^layer 2 \(dense\): the softmax output layer is added automatically/);
  });
});

describe('custom architecture build', () => {
  const layers: LayerSpec[] = [
    { type: 'conv2d', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'batchNormalization' },
    { type: 'depthwiseConv2d', kernelSize: 3, activation: 'relu' },
    { type: 'maxPooling2d', poolSize: 2 },
    { type: 'globalAveragePooling2d' },
    { type: 'dropout', rate: 0.25 },
    { type: 'dense', units: 16, activation: 'elu' },
  ];

  it('builds the list, appends dense(numClasses, softmax) and trains one step', async () => {
    const info = await describeModel({ arch: 'custom', layers, inputShape: [10, 10, 3], numClasses: 4 });
    expect(info.layers.map((l) => l.type)).toEqual(['Conv2D', 'BatchNormalization', 'DepthwiseConv2D', 'MaxPooling2D', 'GlobalAveragePooling2D', 'Dropout', 'Dense', 'Dense']);
    expect(info.layers.map((l) => l.outputShape.slice(1).join('x'))).toEqual(['10x10x8', '10x10x8', '8x8x8', '4x4x8', '8', '8', '16', '4']);
    // conv 3·3·3·8+8, BN 4·8, depthwise 3·3·8+8, dense 8·16+16, out 16·4+4
    expect(info.params).toBe(224 + 32 + 80 + 144 + 68);
    const model = await buildModel({ arch: 'custom', layers, inputShape: [10, 10, 3], numClasses: 4 });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const x = tf.randomUniform([2, 10, 10, 3]);
    const y = tf.oneHot(tf.tensor1d([0, 3], 'int32'), 4);
    expect(Number.isFinite((await model.trainOnBatch(x, y)) as number)).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('needs its layer list', async () => {
    await expect(buildModel({ arch: 'custom', inputShape: [8, 8, 1], numClasses: 2 })).rejects.toThrow(/needs a list of layers/);
  });
});
