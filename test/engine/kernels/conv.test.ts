import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeStats, setNativeDisabled } from '../../../src-main/engine/kernels/native';
import { compare, matchesCpu, runOn, seeded, type Input } from './helpers';

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
interface Case { n: number; h: number; w: number; ci: number; co: number; k: [number, number]; s: number; pad: Pad; d?: number }

const CASES: Case[] = [
  { n: 2, h: 7, w: 7, ci: 3, co: 4, k: [3, 3], s: 1, pad: 'same' },
  { n: 1, h: 6, w: 5, ci: 2, co: 3, k: [3, 3], s: 1, pad: 'valid' },
  { n: 2, h: 9, w: 8, ci: 3, co: 5, k: [3, 3], s: 2, pad: 'same' },
  { n: 3, h: 7, w: 9, ci: 2, co: 2, k: [2, 3], s: 2, pad: 'valid' },
  { n: 1, h: 8, w: 8, ci: 4, co: 6, k: [1, 1], s: 1, pad: 'same' },
  { n: 2, h: 5, w: 5, ci: 1, co: 4, k: [5, 5], s: 1, pad: 'same' },
  { n: 1, h: 11, w: 10, ci: 3, co: 2, k: [4, 4], s: 3, pad: 'same' },
  // taps × input channels < output channels: the fallback filter gradient takes its dyᵀ·cols path
  { n: 2, h: 6, w: 7, ci: 1, co: 12, k: [3, 3], s: 1, pad: 'same' },
  { n: 1, h: 7, w: 7, ci: 1, co: 10, k: [3, 3], s: 2, pad: 'valid' },
  // ≥ 8 input channels: the forward conv runs natively too
  { n: 2, h: 6, w: 6, ci: 8, co: 5, k: [3, 3], s: 1, pad: 'same' },
  { n: 1, h: 9, w: 7, ci: 9, co: 3, k: [3, 2], s: 2, pad: 'valid' },
  { n: 2, h: 5, w: 6, ci: 10, co: 7, k: [1, 1], s: 1, pad: 'valid' },
  { n: 1, h: 6, w: 6, ci: 8, co: 4, k: [1, 1], s: 2, pad: 'same' },
  // explicit padding, asymmetric
  { n: 2, h: 6, w: 7, ci: 8, co: 3, k: [3, 3], s: 1, pad: [[0, 0], [2, 0], [1, 2], [0, 0]] },
  { n: 1, h: 8, w: 9, ci: 3, co: 4, k: [3, 3], s: 2, pad: [[0, 0], [0, 1], [1, 1], [0, 0]] },
  // ≥ 16 input channels: the filter gradient takes its im2col from our SIMD loop
  { n: 2, h: 6, w: 7, ci: 16, co: 5, k: [3, 3], s: 1, pad: 'same' },
  { n: 1, h: 9, w: 8, ci: 17, co: 3, k: [3, 2], s: 2, pad: 'valid' },
  { n: 2, h: 6, w: 6, ci: 16, co: 4, k: [3, 3], s: 1, pad: [[0, 0], [0, 2], [2, 1], [0, 0]] },
  // stride 1 with more padding than the kernel reaches: the input gradient cannot be a plain conv (ConvTranspose)
  { n: 2, h: 5, w: 6, ci: 8, co: 3, k: [2, 2], s: 1, pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
];

/** Forward only (the tfjs gradients refuse dilation > 1). */
const DILATED: Case[] = [
  { n: 1, h: 9, w: 8, ci: 8, co: 3, k: [3, 3], s: 1, pad: 'same', d: 2 },
  { n: 2, h: 10, w: 9, ci: 3, co: 4, k: [3, 2], s: 1, pad: 'valid', d: 3 },
];

function outSize(c: Case): [number, number] {
  const xs = [c.n, c.h, c.w, c.ci] as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(xs, [...c.k, c.ci, c.co] as [number, number, number, number], c.s, c.d ?? 1, c.pad);
  return [info.outHeight, info.outWidth];
}

function data(c: Case, seed: number) {
  const rnd = seeded(seed);
  const [oh, ow] = outSize(c);
  const x = { values: rnd(c.n * c.h * c.w * c.ci), shape: [c.n, c.h, c.w, c.ci] };
  const dy = { values: rnd(c.n * oh * ow * c.co), shape: [c.n, oh, ow, c.co] };
  const filter = { values: rnd(c.k[0] * c.k[1] * c.ci * c.co), shape: [...c.k, c.ci, c.co] };
  const pad = typeof c.pad === 'string' ? c.pad : `[${c.pad.slice(1, 3).join(' ')}]`;
  const label = `${c.n}×${c.h}×${c.w}×${c.ci}→${c.co} k${c.k.join('x')} s${c.s}${c.d ? ` d${c.d}` : ''} ${pad}`;
  return { x, dy, filter, label };
}

/** Every conv test runs on the native path (onnxruntime) and again with it switched off (the XNNPACK/JS fallbacks). */
for (const mode of ['native', 'fallback'] as const) {
  describe(`Conv2D and its gradients on wasm (${mode}) match the cpu backend`, () => {
    let before = nativeStats();
    beforeAll(() => { setNativeDisabled(mode === 'fallback'); before = nativeStats(); });
    afterAll(() => setNativeDisabled(false));

    CASES.forEach((c, i) => {
      const { x, dy, filter, label } = data(c, 100 + i);
      const attrs = { strides: c.s, pad: c.pad, dataFormat: 'NHWC' };

      it(`Conv2D ${label}`, async () => {
        await matchesCpu('Conv2D', { x, filter }, { ...attrs, dilations: 1 }, dy.shape);
      });

      it(`Conv2DBackpropFilter ${label}`, async () => {
        await matchesCpu('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: filter.shape }, filter.shape);
      });

      it(`Conv2DBackpropInput ${label}`, async () => {
        await matchesCpu('Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: x.shape }, x.shape);
      });
    });

    it(`ran ${mode === 'native' ? 'natively, without a failure' : 'nothing natively'}`, () => {
      const now = nativeStats();
      expect(now.failures).toBe(before.failures);
      // Forward convs with < 8 input channels stay on XNNPACK by design; every gradient is native.
      if (mode === 'native') expect(now.runs - before.runs).toBeGreaterThanOrEqual(2 * CASES.length);
      else expect(now.runs).toBe(before.runs);
    });

    // Inference runs the fused kernel (no gradient tape): bias and activation inside the native graph.
    const FUSED: [Case, string, boolean][] = [
      [CASES[9]!, 'relu', true], [CASES[10]!, 'elu', true], [CASES[11]!, 'sigmoid', true], [CASES[13]!, 'linear', false],
      [CASES[0]!, 'relu', true], // < 8 channels: the stock kernel
      [CASES[9]!, 'relu6', true], // an activation we leave to the stock kernel
    ];
    FUSED.forEach(([c, activation, withBias], i) => {
      const { x, dy, filter, label } = data(c, 170 + i);
      const bias = { values: seeded(180 + i)(c.co), shape: [c.co] };
      it(`FusedConv2D ${activation}${withBias ? ' + bias' : ''} ${label}`, async () => {
        const inputs: Record<string, Input> = withBias ? { x, filter, bias } : { x, filter };
        const runs = nativeStats().runs;
        const r = await compare('FusedConv2D', inputs, { strides: c.s, pad: c.pad, dataFormat: 'NHWC', dilations: 1, activation });
        expect(r.shape).toEqual(dy.shape);
        expect(r.diff).toBeLessThan(1e-4);
        const native = mode === 'native' && c.ci >= 8 && activation !== 'relu6';
        expect(nativeStats().runs - runs).toBe(native ? 1 : 0);
      });
    });

    DILATED.forEach((c, i) => {
      const { x, dy, filter, label } = data(c, 150 + i);
      it(`Conv2D ${label}`, async () => {
        await matchesCpu('Conv2D', { x, filter }, { strides: c.s, pad: c.pad, dataFormat: 'NHWC', dilations: c.d }, dy.shape);
      });
    });
  });
}

for (const mode of ['native', 'fallback'] as const) {
  let dwBefore = nativeStats();
  describe(`Depthwise conv gradients on wasm (${mode}) match the cpu backend`, () => {
    beforeAll(() => { setNativeDisabled(mode === 'fallback'); dwBefore = nativeStats(); });
    afterAll(() => setNativeDisabled(false));
    const DW: (Case & { m: number; d: number })[] = [
      { n: 2, h: 7, w: 7, ci: 3, co: 3, m: 1, d: 1, k: [3, 3], s: 1, pad: 'same' },
      { n: 1, h: 8, w: 7, ci: 2, co: 4, m: 2, d: 1, k: [3, 3], s: 2, pad: 'same' },
      { n: 2, h: 9, w: 9, ci: 4, co: 12, m: 3, d: 1, k: [3, 3], s: 2, pad: 'valid' },
      { n: 1, h: 5, w: 6, ci: 3, co: 3, m: 1, d: 1, k: [5, 5], s: 1, pad: 'same' },
      { n: 2, h: 6, w: 7, ci: 5, co: 5, m: 1, d: 1, k: [3, 3], s: 1, pad: 'valid' },
      { n: 1, h: 8, w: 8, ci: 4, co: 4, m: 1, d: 1, k: [3, 3], s: 2, pad: 'same' },
    ];
    DW.forEach((c, i) => {
      const rnd = seeded(200 + i);
      const info = tf.backend_util.computeConv2DInfo([c.n, c.h, c.w, c.ci], [...c.k, c.ci, c.m] as [number, number, number, number], c.s, c.d, c.pad, undefined, true);
      const x = { values: rnd(c.n * c.h * c.w * c.ci), shape: [c.n, c.h, c.w, c.ci] };
      const dy = { values: rnd(c.n * info.outHeight * info.outWidth * c.co), shape: [c.n, info.outHeight, info.outWidth, c.co] };
      const filter = { values: rnd(c.k[0] * c.k[1] * c.ci * c.m), shape: [...c.k, c.ci, c.m] };
      const attrs = { strides: c.s, pad: c.pad, dilations: c.d };
      const label = `${c.n}×${c.h}×${c.w}×${c.ci}·m${c.m} k${c.k.join('x')} s${c.s} d${c.d} ${c.pad}`;

      it(`DepthwiseConv2dNativeBackpropFilter ${label}`, async () => {
        await matchesCpu('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: filter.shape }, filter.shape);
      });

      it(`DepthwiseConv2dNativeBackpropInput ${label}`, async () => {
        await matchesCpu('DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...attrs, inputShape: x.shape }, x.shape);
      });
    });
  });

  /**
   * Dilations: the cpu backend's depthwise backprops ignore them (tfjs's gradient refuses dilation > 1), so check the
   * adjoint identities instead, against the cpu's dilated forward conv: ⟨dy, conv(x, W)⟩ = ⟨dW, W⟩ = ⟨dx, x⟩.
   */
  describe(`Depthwise conv gradients on wasm (${mode}) with dilation are the adjoints of the dilated forward conv`, () => {
    beforeAll(() => setNativeDisabled(mode === 'fallback'));
    afterAll(() => setNativeDisabled(false));
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    for (const [m, pad] of [[1, 'valid'], [2, 'same']] as const) {
      it(`k3 d2 m${m} ${pad}`, async () => {
        const rnd = seeded(250 + m);
        const xShape = [1, 9, 8, 2], fShape = [3, 3, 2, m];
        const x = { values: rnd(9 * 8 * 2), shape: xShape };
        const filter = { values: rnd(9 * 2 * m), shape: fShape };
        await tf.setBackend('cpu');
        const y = tf.depthwiseConv2d(tf.tensor4d(x.values, xShape as [number, number, number, number]), tf.tensor4d(filter.values, fShape as [number, number, number, number]), 1, pad, 'NHWC', 2);
        const dy = { values: rnd(y.size), shape: y.shape };
        const lhs = dot(dy.values, y.dataSync() as Float32Array);
        const attrs = { strides: 1, pad, dilations: 2 };
        const dW = await runOn('wasm', 'DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: fShape });
        const dX = await runOn('wasm', 'DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...attrs, inputShape: xShape });
        expect(Math.abs(dot(dW.values, filter.values) - lhs)).toBeLessThan(1e-4 * Math.max(1, Math.abs(lhs)));
        expect(Math.abs(dot(dX.values, x.values) - lhs)).toBeLessThan(1e-4 * Math.max(1, Math.abs(lhs)));
      });
    }

    it(`served every depthwise gradient ${mode === 'native' ? 'natively' : 'in JS'} since the depthwise tests began`, () => {
      expect(nativeStats().failures).toBe(dwBefore.failures);
      if (mode === 'native') expect(nativeStats().runs).toBeGreaterThan(dwBefore.runs);
      else expect(nativeStats().runs).toBe(dwBefore.runs);
    });
  });
}
