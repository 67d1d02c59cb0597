/** Test helpers for the wasm kernels: seeded data, and running one kernel on the cpu and wasm backends to compare. */

import { expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../../src-main/engine/kernels/index';

/** mulberry32: deterministic floats in [-1, 1). */
export function seeded(seed: number): (n: number) => Float32Array {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n) => Float32Array.from({ length: n }, () => next() * 2 - 1);
}

export async function useWasm(): Promise<string[]> {
  await tf.setBackend('wasm');
  await tf.ready();
  return registerWasmTrainingKernels();
}

export interface Input { values: Float32Array; shape: number[] }

/** Run `kernel` on `backend` and return its (first) output's values; checks no tensor is left behind. */
export async function runOn(backend: 'cpu' | 'wasm', kernel: string, inputs: Record<string, Input>, attrs: object): Promise<{ values: Float32Array; shape: number[] }> {
  if (backend === 'wasm') await useWasm();
  else { await tf.setBackend('cpu'); await tf.ready(); }
  const before = tf.memory().numTensors;
  const ts: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) ts[k] = tf.tensor(v.values, v.shape, 'float32');
  const out = tf.engine().runKernel(kernel, ts as unknown as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor;
  const result = { values: (await out.data()) as Float32Array, shape: out.shape };
  out.dispose();
  Object.values(ts).forEach((t) => t.dispose());
  if (tf.memory().numTensors !== before) throw new Error(`${kernel} on ${backend} leaked ${tf.memory().numTensors - before} tensors`);
  return result;
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Compare one kernel call on wasm against the cpu backend. */
export async function compare(kernel: string, inputs: Record<string, Input>, attrs: object): Promise<{ diff: number; shape: number[]; cpuShape: number[] }> {
  const cpu = await runOn('cpu', kernel, inputs, attrs);
  const wasm = await runOn('wasm', kernel, inputs, attrs);
  return { diff: maxAbsDiff(cpu.values, wasm.values), shape: wasm.shape, cpuShape: cpu.shape };
}

/** Our wasm kernel gives the cpu backend's result (to 1e-4) in the expected shape. */
export async function matchesCpu(kernel: string, inputs: Record<string, Input>, attrs: object, shape: number[]): Promise<void> {
  const r = await compare(kernel, inputs, attrs);
  expect(r.shape).toEqual(shape);
  expect(r.diff).toBeLessThan(1e-4);
}
