import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { HebbError } from '../../../src-main/core/errors';
import { activeBackend, initBackend, type Loader } from '../../../src-main/engine/backend/index';

const absent = (pkg: string): Loader => ({
  load: () => Promise.reject(Object.assign(new Error(`Cannot find package '${pkg}' imported from /app/x.js`), { code: 'ERR_MODULE_NOT_FOUND' })),
});
/** A rung that "loads" by switching to the real CPU backend, so no native package is needed. */
/** The WebGPU rung as on a machine where Dawn finds no adapter (the real one probes the machine's GPU). */
const noAdapter: Loader = { load: () => Promise.reject(new Error('Dawn found no WebGPU adapter: Vulkan shaderUniform*ArrayDynamicIndexing required')) };
const fake = (verify?: Loader['verify']): Loader => ({ load: async () => ({ tfName: 'cpu' }), verify });

/** One real training step of a tiny CNN: needs Conv2DBackpropFilter, which stock tfjs-backend-wasm lacks. */
async function convStep(t: typeof tf): Promise<void> {
  const m = t.sequential({ layers: [t.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3 }), t.layers.flatten(), t.layers.dense({ units: 2, activation: 'softmax' })] });
  m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
  const x = t.ones([2, 6, 6, 1]);
  const y = t.oneHot(t.tensor1d([0, 1], 'int32'), 2);
  try {
    await m.trainOnBatch(x, y);
  } finally {
    t.dispose([x, y]);
    m.dispose();
  }
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('initBackend', () => {
  it('walks down: gpu absent → tfjs-node absent → wasm', async () => {
    const report = await initBackend({
      loaders: { 'tensorflow-gpu': absent('@tensorflow/tfjs-node-gpu'), webgpu: noAdapter, tensorflow: absent('@tensorflow/tfjs-node'), wasm: fake() },
    });
    expect(report.active).toBe('wasm');
    expect(report.attempts.map((a) => [a.backend, a.ok])).toEqual([['tensorflow-gpu', false], ['webgpu', false], ['tensorflow', false], ['wasm', true]]);
    expect(report.attempts[1]!.reason).toBe('Dawn found no WebGPU adapter: Vulkan shaderUniform*ArrayDynamicIndexing required');
    expect(report.attempts[0]!.reason).toMatch(/package @tensorflow\/tfjs-node-gpu is not installed \(optional; needs .*CUDA 11\.2/);
    expect(activeBackend()).toEqual(report);
  });

  it('explains a GPU dlopen failure and takes the next rung', async () => {
    const report = await initBackend({
      loaders: {
        'tensorflow-gpu': { load: () => Promise.reject(new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory')) },
        webgpu: noAdapter,
        tensorflow: fake(),
      },
    });
    expect(report.active).toBe('tensorflow');
    expect(report.attempts[0]!.reason).toMatch(/wrong CUDA version \(libcudart\.so\.11\.0 missing\)/);
  });

  it('skips a GPU package that loaded but sees no device', async () => {
    const report = await initBackend({
      loaders: { 'tensorflow-gpu': fake(() => Promise.reject(new Error('no CUDA device found / wrong CUDA version: libtensorflow loaded but sees no GPU'))), webgpu: noAdapter, tensorflow: fake() },
    });
    expect(report.active).toBe('tensorflow');
    expect(report.attempts[0]).toMatchObject({ ok: false, reason: expect.stringMatching(/sees no GPU/) });
  });

  it('falls from wasm to cpu when the probe hits a missing kernel, never crashing', async () => {
    const report = await initBackend({
      loaders: { 'tensorflow-gpu': absent('@tensorflow/tfjs-node-gpu'), webgpu: noAdapter, tensorflow: absent('@tensorflow/tfjs-node') },
      canTrain: async (t) => {
        if (t.getBackend() === 'wasm') throw new Error("Kernel 'DepthwiseConv2dNativeBackpropFilter' not registered for backend 'wasm'");
        await convStep(t);
      },
    });
    expect(report.active).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(report.attempts[3]!.reason).toBe(
      'WASM backend cannot train this model: kernel DepthwiseConv2dNativeBackpropFilter not registered (its gradient is missing on this backend)',
    );
    expect(report.attempts[4]!.reason).toMatch(/passed a one-step training probe/);
  });

  it('on the real wasm backend, a conv training probe either passes or names the missing kernel', async () => {
    const report = await initBackend({ loaders: { 'tensorflow-gpu': absent('x'), webgpu: noAdapter, tensorflow: absent('y') }, canTrain: convStep });
    const wasm = report.attempts.find((a) => a.backend === 'wasm')!;
    if (wasm.ok) expect(report.active).toBe('wasm');
    else expect(wasm.reason).toMatch(/^WASM backend cannot train this model: kernel \w+ not registered/);
  });

  it('a forced backend that cannot load throws BACKEND_UNAVAILABLE with the reason', async () => {
    const err = await initBackend({ prefer: 'tensorflow-gpu' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HebbError);
    expect((err as HebbError).code).toBe('BACKEND_UNAVAILABLE');
    expect((err as HebbError).message).toMatch(/^backend 'tensorflow-gpu' cannot be used — tensorflow-gpu: package @tensorflow\/tfjs-node-gpu is not installed/);
  });

  it('a forced backend that loads is the only one tried', async () => {
    const report = await initBackend({ prefer: 'cpu' });
    expect(report.attempts).toHaveLength(1);
    expect(report.active).toBe('cpu');
  });

  it('rejects an unknown backend name', async () => {
    await expect(initBackend({ prefer: 'cuda' as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('on this machine the real ladder lands on wasm with the native packages reported absent', async () => {
    const report = await initBackend();
    expect(report.attempts[0]).toMatchObject({ backend: 'tensorflow-gpu', ok: false });
    expect(report.attempts[0]!.reason).toMatch(/not installed|failed to load|CUDA/);
    expect(['wasm', 'tensorflow', 'tensorflow-gpu']).toContain(report.active);
  });
});
