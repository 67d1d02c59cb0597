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

it.skipIf(process.env.HEBB_NO_SIMD_KERNELS === '1')('im2col on the heap equals the JS im2col for strides, dilations, same/valid and asymmetric padding', async () => {
  await useWasm();
  const backend = tf.backend() as unknown as WasmBackend;
  const simd = simdFor(backend)!;
  const { im2col } = await import('../../../src-main/engine/kernels/conv2d');
  const { convGeom } = await import('../../../src-main/engine/kernels/geometry');
  const { heapOffset } = await import('../../../src-main/engine/kernels/simd');
  const cases: [number[], number[], number, Parameters<typeof convGeom>[3], number][] = [
    [[2, 7, 9, 3], [3, 2, 3, 4], 2, 'same', 1],
    [[1, 6, 5, 2], [3, 3, 2, 3], 1, 'valid', 1],
    [[2, 9, 8, 5], [3, 3, 5, 2], 1, 'same', 2],
    [[1, 11, 10, 16], [4, 4, 16, 2], 3, 'same', 1],
    [[2, 6, 7, 17], [3, 3, 17, 2], 1, [[0, 0], [2, 0], [1, 2], [0, 0]], 1],
    [[1, 5, 4, 1], [5, 5, 1, 2], 1, 'same', 1], // a kernel wider than the image: whole tap rows outside
  ];
  for (const [xs, fs, stride, pad, dil] of cases) {
    const g = convGeom(xs, fs, stride, pad, dil);
    const x = tf.randomNormal(xs, 0, 1, 'float32', 3);
    const K = g.kh * g.kw * g.ci, M = g.n * g.oh * g.ow;
    const out = backend.makeOutput([M, K], 'float32');
    backend.typedArrayFromHeap(out).fill(Number.NaN); // every element must be written
    simd.im2col(heapOffset(backend, x), heapOffset(backend, out), g.n, g.h, g.w, g.ci, g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.dh, g.dw, g.pt, g.pl);
    const want = new Float32Array(M * K);
    im2col(x.dataSync() as Float32Array, want, g);
    expect(Array.from(backend.typedArrayFromHeap(out)), `${xs.join('×')} k${fs.slice(0, 2).join('×')} s${stride} d${dil}`).toEqual(Array.from(want));
    backend.disposeData(out.dataId);
    x.dispose();
  }
});
