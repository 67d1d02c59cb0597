/** One loader per rung of the backend ladder: each imports its package (dynamically, so absence is a reason) and names the tf backend it registered. */

import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '#contract/engine';
import { applyUtilShim } from './shim';

export interface Loaded {
  /** The name tfjs registered the backend under (tfjs-node and tfjs-node-gpu both register 'tensorflow'). */
  tfName: string;
  /** Extra words for the report, e.g. "3 training kernels added". */
  note?: string;
}

/** After `tf.setBackend(tfName)` succeeded: a last check that the backend is the one promised (throws a user-facing reason). */
export type Loader = { load: () => Promise<Loaded>; verify?: () => Promise<string | void> };

export type Loaders = Record<BackendName, Loader>;

/** Import by a computed name so bundlers and tsc leave optional packages alone. */
const importOptional = (name: string): Promise<unknown> => import(/* @vite-ignore */ name);

function assertRegistered(pkg: string): void {
  if (!tf.findBackendFactory('tensorflow')) {
    throw new Error(`${pkg} loaded but registered no 'tensorflow' backend on this app's @tensorflow/tfjs (a second tfjs copy? versions must match 4.22.0)`);
  }
}

const gpu: Loader = {
  async load() {
    const shimmed = applyUtilShim();
    await importOptional('@tensorflow/tfjs-node-gpu');
    assertRegistered('@tensorflow/tfjs-node-gpu');
    return { tfName: 'tensorflow', note: shimmed.length ? `util shim added ${shimmed.join(', ')}` : undefined };
  },
  async verify() {
    // libtensorflow quietly falls back to its CPU kernels when the CUDA libraries or the device are missing.
    const b = tf.backend() as unknown as { isUsingGpuDevice?: boolean };
    if (b.isUsingGpuDevice === false) {
      throw new Error('no CUDA device found / wrong CUDA version: libtensorflow loaded but sees no GPU (needs CUDA 11.2 + cuDNN 8.1; check `nvidia-smi`)');
    }
  },
};

/** Dawn's WebGPU (see webgpu.ts): the GPU rung for any vendor whose Vulkan, Metal or D3D12 driver Dawn accepts. */
const webgpu: Loader = {
  async load() {
    const { loadDawnBackend } = await import('./webgpu');
    return { tfName: 'webgpu', note: await loadDawnBackend() };
  },
};

const node: Loader = {
  async load() {
    // tfjs-node-gpu may already have registered 'tensorflow' (GPU missing): its CPU kernels are still the fastest rung.
    if (tf.findBackendFactory('tensorflow')) return { tfName: 'tensorflow', note: 'libtensorflow CPU kernels (from @tensorflow/tfjs-node-gpu)' };
    const shimmed = applyUtilShim();
    await importOptional('@tensorflow/tfjs-node');
    assertRegistered('@tensorflow/tfjs-node');
    return { tfName: 'tensorflow', note: shimmed.length ? `util shim added ${shimmed.join(', ')}` : undefined };
  },
};

const wasm: Loader = {
  async load() {
    await import('@tensorflow/tfjs-backend-wasm');
    return { tfName: 'wasm' };
  },
  async verify() {
    const { registerWasmTrainingKernels, nativeAvailable } = await import('../kernels/index');
    const { nativeThreads } = await import('../kernels/native');
    const n = registerWasmTrainingKernels().length;
    const native = nativeAvailable() ? `convolutions and matrix products on onnxruntime's native kernels (up to ${nativeThreads()} threads)` : 'onnxruntime unavailable: convolutions on XNNPACK';
    return `${n} extra training kernels registered; ${native}`;
  },
};

const cpu: Loader = {
  async load() {
    quietCpuBanner();
    return { tfName: 'cpu' };
  },
};

/**
 * tfjs's CPU backend prints "Hi, looks like you are running TensorFlow.js in Node.js…" on its first write. Our ladder
 * report already says why the CPU backend was chosen and what would be faster (`hebb doctor`), and the process serving
 * the UI only describes models on it. tfjs re-creates backend instances (choosing the best one makes a fresh one), so
 * the flag is pinned on the class: its constructor's `firstUse = true` lands in this setter and is ignored.
 */
export function quietCpuBanner(): void {
  const b = tf.findBackend('cpu') as unknown as object | null;
  if (!b) return;
  const proto = Object.getPrototypeOf(b) as object;
  if (Object.getOwnPropertyDescriptor(proto, 'firstUse')) return;
  Object.defineProperty(proto, 'firstUse', { get: () => false, set: () => {}, configurable: true });
  delete (b as { firstUse?: boolean }).firstUse; // this instance was built before the accessor existed
}

export const defaultLoaders: Loaders = { 'tensorflow-gpu': gpu, webgpu, tensorflow: node, wasm, cpu };
