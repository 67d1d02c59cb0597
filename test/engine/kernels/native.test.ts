import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nativeAvailable, nativeStats, runNative, setNativeDisabled, setNativeThreads, type GraphSpec } from '../../../src-main/engine/kernels/native';
import { nativeGemm } from '../../../src-main/engine/kernels/native-gemm';
import { seeded, useWasm } from './helpers';

const addGraph = (): GraphSpec => ({
  inputs: { A: ['n'], B: ['n'] }, outputs: { Y: ['n'] }, nodes: [{ op: 'Add', inputs: ['A', 'B'], outputs: ['Y'] }],
});

afterEach(() => { setNativeDisabled(false); setNativeThreads(1); });

describe('native ops (onnxruntime-node MLAS)', () => {
  // Loud on purpose: an onnxruntime-node upgrade that moves its binding must fail here, not silently slow training 3×.
  it('are available on this machine', () => {
    expect(nativeAvailable()).toBe(true);
    expect(nativeAvailable()).toBe(true);
  });

  it('run a graph and write its output in place, into the buffer given', () => {
    const y = new Float32Array(8).fill(-1);
    const out = y.subarray(2, 5); // a view at an offset, like a tensor on the wasm heap
    const ok = runNative('test-add', addGraph, { A: { data: Float32Array.of(1, 2, 3), dims: [3] }, B: { data: Float32Array.of(10, 20, 30), dims: [3] } }, 'Y', { data: out, dims: [3] });
    expect(ok).toBe(true);
    expect([...y]).toEqual([-1, -1, 11, 22, 33, -1, -1, -1]);
  });

  it('copy operands and result on a SharedArrayBuffer (the threaded wasm heap), which the binding rejects', () => {
    const sab = (v: number[]) => { const a = new Float32Array(new SharedArrayBuffer(4 * v.length)); a.set(v); return a; };
    const y = sab([0, 0, 0]);
    const ok = runNative('test-add', addGraph, { A: { data: sab([1, 2, 3]), dims: [3] }, B: { data: Float32Array.of(1, 1, 1), dims: [3] } }, 'Y', { data: y, dims: [3] });
    expect(ok).toBe(true);
    expect([...y]).toEqual([2, 3, 4]);
  });

  it('compute a GEMM with each transpose flag like a plain triple loop, on 1 and 2 threads', () => {
    const rnd = seeded(5);
    const [m, k, n] = [5, 7, 3];
    const a = rnd(m * k), b = rnd(k * n);
    const at = Float32Array.from({ length: k * m }, (_, i) => a[(i % m) * k + Math.floor(i / m)]!); // [k, m]
    const bt = Float32Array.from({ length: n * k }, (_, i) => b[(i % k) * n + Math.floor(i / k)]!); // [n, k]
    const want = Float32Array.from({ length: m * n }, (_, i) => {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[Math.floor(i / n) * k + p]! * b[p * n + (i % n)]!;
      return s;
    });
    for (const threads of [1, 2]) {
      setNativeThreads(threads);
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const y = new Float32Array(m * n);
        expect(nativeGemm(ta ? at : a, tb ? bt : b, m, k, n, ta, tb, y)).toBe(true);
        y.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
      }
    }
  });

  it('return false with a warning when onnxruntime rejects a graph, and do not retry it', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const bad = (): GraphSpec => ({ inputs: { A: [2] }, outputs: { Y: [2] }, nodes: [{ op: 'NoSuchOp', inputs: ['A'], outputs: ['Y'] }] });
    const feed = { A: { data: new Float32Array(2), dims: [2] } };
    const before = nativeStats().failures;
    expect(runNative('test-bad', bad, feed, 'Y', { data: new Float32Array(2), dims: [2] })).toBe(false);
    expect(runNative('test-bad', bad, feed, 'Y', { data: new Float32Array(2), dims: [2] })).toBe(false);
    expect(nativeStats().failures).toBe(before + 1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/test-bad/);
    warn.mockRestore();
  });

  it('can be switched off, and then nothing runs natively', () => {
    setNativeDisabled(true);
    expect(nativeAvailable()).toBe(false);
    const y = new Float32Array(3);
    expect(runNative('test-add', addGraph, { A: { data: new Float32Array(3), dims: [3] }, B: { data: new Float32Array(3), dims: [3] } }, 'Y', { data: y, dims: [3] })).toBe(false);
  });
});

describe('conv kernels on wasm', () => {
  /** One training-like pass over every conv kernel of ours on a 2×8×8×8 → 16 layer (stride 2 too), disposed at once. */
  function pass(): void {
    const x = tf.randomNormal([2, 8, 8, 8]) as tf.Tensor4D;
    const f = tf.randomNormal([3, 3, 8, 16]) as tf.Tensor4D;
    const fd = tf.randomNormal([3, 3, 8, 2]) as tf.Tensor4D;
    for (const s of [1, 2]) {
      const y = tf.conv2d(x, f, s, 'same');
      const dy = tf.onesLike(y);
      const yd = tf.depthwiseConv2d(x, fd, s, 'same');
      const dyd = tf.onesLike(yd);
      const attrs = { strides: s, pad: 'same', dataFormat: 'NHWC', dilations: 1 };
      const run = (k: string, inputs: tf.NamedTensorMap, extra: object) => tf.engine().runKernel(k, inputs, { ...attrs, ...extra } as tf.NamedAttrMap) as tf.Tensor;
      tf.dispose([
        y, dy, yd, dyd,
        run('Conv2DBackpropFilter', { x, dy }, { filterShape: f.shape }),
        run('Conv2DBackpropInput', { dy, filter: f }, { inputShape: x.shape }),
        run('DepthwiseConv2dNativeBackpropFilter', { x, dy: dyd }, { filterShape: fd.shape }),
        run('DepthwiseConv2dNativeBackpropInput', { dy: dyd, filter: fd }, { inputShape: x.shape }),
      ]);
    }
    tf.dispose([x, f, fd]);
  }

  for (const mode of ['native', 'fallback'] as const) {
    it(`leak no wasm buffer and no tensor (${mode})`, async () => {
      await useWasm();
      setNativeDisabled(mode === 'fallback');
      const backend = tf.backend() as unknown as { numDataIds(): number };
      pass(); // first pass creates the sessions
      const { runs, failures } = nativeStats();
      const [ids, tensors] = [backend.numDataIds(), tf.memory().numTensors];
      for (let i = 0; i < 3; i++) pass();
      expect(backend.numDataIds()).toBe(ids);
      expect(tf.memory().numTensors).toBe(tensors);
      // 3 passes × 2 strides × 5 kernels (the depthwise input gradient with multiplier 2 is native too)
      expect(nativeStats().runs - runs).toBe(mode === 'native' ? 3 * 2 * 5 : 0);
      expect(nativeStats().failures).toBe(failures);
    });
  }
});
