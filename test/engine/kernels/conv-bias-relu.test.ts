import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { HEBB_CONV_BIAS_RELU, reluBiasGrad } from '../../../src-main/engine/kernels/conv-bias-relu';
import type { KernelArgs } from '../../../src-main/engine/kernels/heap';
import { maxAbsDiff, seeded, useWasm } from './helpers';

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
interface Layer { filters: number; k: [number, number]; s: number; pad: Pad }

/** Two stacked conv + bias + ReLU (tf.fused.conv2d, as tfjs-layers calls it) and a weighted sum: grads of x, W1, b1, W2, b2. */
async function gradsOn(backend: 'cpu' | 'wasm', xShape: number[], layers: [Layer, Layer], seed: number) {
  if (backend === 'wasm') await useWasm();
  else { await tf.setBackend('cpu'); await tf.ready(); }
  const rnd = seeded(seed);
  const before = tf.memory().numTensors;
  const x = tf.tensor4d(rnd(xShape.reduce((a, b) => a * b)), xShape as [number, number, number, number]);
  let ci = xShape[3]!;
  const ws = layers.map((l) => {
    const w = tf.tensor4d(rnd(l.k[0] * l.k[1] * ci * l.filters), [l.k[0], l.k[1], ci, l.filters]);
    const b = tf.tensor1d(rnd(l.filters).map((v) => v * 0.3));
    ci = l.filters;
    return { w, b };
  });
  const kernels = new Set<string>();
  let backpropInputs = 0;
  const prof = await tf.profile(() => {
    const f = (...args: tf.Tensor[]) => {
      const [xx, w1, b1, w2, b2] = args as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.Tensor4D, tf.Tensor1D];
      const h = tf.fused.conv2d({ x: xx, filter: w1, bias: b1, strides: layers[0].s, pad: layers[0].pad, activation: 'relu' });
      const y = tf.fused.conv2d({ x: h, filter: w2, bias: b2, strides: layers[1].s, pad: layers[1].pad, activation: 'relu' });
      return tf.sum(tf.mul(y, tf.linspace(-1, 1, y.size).reshape(y.shape)));
    };
    const g = tf.grads(f)([x, ws[0]!.w, ws[0]!.b, ws[1]!.w, ws[1]!.b]);
    (globalThis as { __grads?: Float32Array[] }).__grads = g.map((t) => t.dataSync() as Float32Array);
    tf.dispose(g);
  });
  for (const k of prof.kernels) { kernels.add(k.name); if (k.name === 'Conv2DBackpropInput') backpropInputs++; }
  tf.dispose([x, ...ws.flatMap((p) => [p.w, p.b])]);
  return { grads: (globalThis as { __grads?: Float32Array[] }).__grads!, kernels, backpropInputs, leaked: tf.memory().numTensors - before };
}

const CASES: { x: number[]; layers: [Layer, Layer] }[] = [
  { x: [2, 9, 8, 3], layers: [{ filters: 16, k: [3, 3], s: 1, pad: 'same' }, { filters: 5, k: [3, 2], s: 2, pad: 'valid' }] },
  { x: [1, 7, 7, 1], layers: [{ filters: 4, k: [5, 5], s: 1, pad: 'same' }, { filters: 3, k: [1, 1], s: 1, pad: 'valid' }] },
  { x: [3, 6, 7, 2], layers: [{ filters: 6, k: [3, 3], s: 2, pad: [[0, 0], [1, 0], [2, 1], [0, 0]] }, { filters: 2, k: [2, 2], s: 1, pad: 'same' }] },
];

describe('conv + bias + ReLU while recording gradients runs as one op on wasm', () => {
  CASES.forEach((c, i) => {
    it(`gives the cpu backend's gradients: ${c.x.join('×')}, ${c.layers.map((l) => `${l.filters} k${l.k.join('x')} s${l.s}`).join(' → ')}`, async () => {
      const cpu = await gradsOn('cpu', c.x, c.layers, 10 + i);
      const wasm = await gradsOn('wasm', c.x, c.layers, 10 + i);
      expect(wasm.kernels.has(HEBB_CONV_BIAS_RELU)).toBe(true);
      expect(wasm.kernels.has('Relu') || wasm.kernels.has('Add')).toBe(false); // bias and ReLU inside the fused op
      expect(wasm.leaked).toBe(0);
      cpu.grads.forEach((g, j) => expect(maxAbsDiff(g, wasm.grads[j]!), `gradient ${j}`).toBeLessThan(1e-4));
    });
  });

  it('computes an input gradient only where one is needed (not for the data fed to the first layer)', async () => {
    await useWasm();
    const x = tf.randomNormal([2, 6, 6, 2]);
    const w1 = tf.variable(tf.randomNormal([3, 3, 2, 4])), b1 = tf.variable(tf.zeros([4]));
    const w2 = tf.variable(tf.randomNormal([3, 3, 4, 3])), b2 = tf.variable(tf.zeros([3]));
    const prof = await tf.profile(() => {
      const { grads, value } = tf.variableGrads(() => {
        const h = tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w1 as tf.Tensor4D, bias: b1, strides: 1, pad: 'same', activation: 'relu' });
        return tf.sum(tf.fused.conv2d({ x: h, filter: w2 as tf.Tensor4D, bias: b2, strides: 1, pad: 'same', activation: 'relu' }));
      }, [w1, w2, b1, b2]);
      tf.dispose([value, ...Object.values(grads)]);
    });
    expect(prof.kernels.filter((k) => k.name === 'Conv2DBackpropInput')).toHaveLength(1);
    expect(prof.kernels.filter((k) => k.name === 'Conv2DBackpropFilter')).toHaveLength(2);
    tf.dispose([x, w1, b1, w2, b2]);
  });

  it('leaves inference (no gradient tape) to tfjs\'s own fused conv', async () => {
    await useWasm();
    const x = tf.randomNormal([1, 5, 5, 2]), w = tf.randomNormal([3, 3, 2, 3]), b = tf.zeros([3]);
    const prof = await tf.profile(() => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, bias: b as tf.Tensor1D, strides: 1, pad: 'same', activation: 'relu' }).dispose());
    expect(prof.kernels.map((k) => k.name)).toContain('FusedConv2D');
    expect(prof.kernels.map((k) => k.name)).not.toContain(HEBB_CONV_BIAS_RELU);
    tf.dispose([x, w, b]);
  });
});

it('the ReLU-and-bias gradient without the SIMD module (JS loop) masks dy by y > 0 and sums it per channel', () => {
  const store = new Map<object, Float32Array>();
  const backend = {
    makeOutput: (shape: number[]) => { const dataId = {}; store.set(dataId, new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(7)); return { dataId, shape, dtype: 'float32' }; },
    typedArrayFromHeap: (t: tf.TensorInfo) => store.get(t.dataId as object)!,
    disposeData: () => true,
  };
  const info = (values: number[], shape: number[]) => { const t = backend.makeOutput(shape); store.get(t.dataId)!.set(values); return t; };
  const dy = info([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]);
  const y = info([0.5, 0, -1, 2, 3, 0], [1, 1, 2, 3]);
  const [dz, db] = reluBiasGrad({ inputs: { dy, y }, attrs: {}, backend } as unknown as KernelArgs);
  expect(Array.from(backend.typedArrayFromHeap(dz!))).toEqual([1, 0, 0, 4, 5, 0]);
  expect(Array.from(backend.typedArrayFromHeap(db!))).toEqual([5, 5, 0]);
});
