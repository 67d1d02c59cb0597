import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { WasmBackend } from '../../../src-main/engine/kernels/heap';
import { simdFor } from '../../../src-main/engine/kernels/simd';
import { useWasm } from './helpers';

it.skipIf(process.env.HEBB_NO_SIMD_KERNELS === '1')('attaches the SIMD loops to the wasm heap (so the kernel tests exercise them, not only the JS fallback)', async () => {
  await useWasm();
  const simd = simdFor(tf.backend() as unknown as WasmBackend);
  expect(simd).not.toBeNull();
  // colsum over a tensor where it lies: [[1, 2, 3, 4, 5], [10, 20, 30, 40, 50]] → [11, 22, 33, 44, 55]
  const x = tf.tensor([1, 2, 3, 4, 5, 10, 20, 30, 40, 50], [2, 5]);
  const s = tf.sum(x, 0);
  expect(Array.from(s.dataSync())).toEqual([11, 22, 33, 44, 55]);
  tf.dispose([x, s]);
});

it('simd-wasm.ts is up to date with simd.wat (run `npm run build:simd` after editing the .wat)', async () => {
  // @ts-expect-error: a plain .mjs build script without types
  const { generate } = await import('../../../scripts/build-simd.mjs');
  const { readFileSync } = await import('node:fs');
  const committed = readFileSync(new URL('../../../src-main/engine/kernels/simd-wasm.ts', import.meta.url), 'utf8');
  expect(await generate()).toBe(committed);
});
