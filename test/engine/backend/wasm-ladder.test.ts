import * as tf from '@tensorflow/tfjs';
import { afterAll, expect, it } from 'vitest';
import { ARCHITECTURES } from '../../../src-main/engine/arch/index';
import { trainProbe } from '../../../src-main/engine/arch/probe';
import { initBackend, type Loader } from '../../../src-main/engine/backend/index';

const absent: Loader = { load: () => Promise.reject(Object.assign(new Error("Cannot find package 'x'"), { code: 'ERR_MODULE_NOT_FOUND' })) };

afterAll(async () => {
  await tf.setBackend('cpu');
});

// The bar: the WASM rung (with the extra training kernels) must train every architecture we offer.
const offered = ARCHITECTURES.filter((a) => a.id !== 'custom').map((a) => a.id);

it.each(offered)('the ladder settles on wasm for %s (one training step passes)', async (arch) => {
  const side = arch === 'transfer-mobilenetv2' ? 32 : 16;
  const report = await initBackend({
    loaders: { 'tensorflow-gpu': absent, webgpu: absent, tensorflow: absent },
    canTrain: trainProbe({ arch, inputShape: [side, side, 3], numClasses: 3 }),
  });
  const wasm = report.attempts.find((a) => a.backend === 'wasm')!;
  expect(wasm.reason).toMatch(/extra training kernels registered; convolutions and matrix products on onnxruntime.s native kernels \(up to \d+ threads\); passed a one-step training probe/);
  expect(report.active).toBe('wasm');
});
