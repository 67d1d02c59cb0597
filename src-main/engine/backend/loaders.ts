/** One loader per rung of the backend ladder: each imports its package (dynamically, so absence is a reason) and names the tf backend it registered. */

import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../contract/engine';
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
    return registerExtraKernels();
  },
};

const cpu: Loader = {
  async load() {
    return { tfName: 'cpu' };
  },
};

/** Helper C's training kernels for wasm, if that module exists yet; its absence is not an error. */
async function registerExtraKernels(): Promise<string | void> {
  let mod: { registerWasmTrainingKernels?: () => unknown };
  try {
    mod = (await import('../kernels/index')) as typeof mod;
  } catch {
    return 'stock tfjs kernels only (no extra training kernels module)';
  }
  if (typeof mod.registerWasmTrainingKernels !== 'function') return 'stock tfjs kernels only (no extra training kernels module)';
  const added = await mod.registerWasmTrainingKernels();
  return Array.isArray(added) ? `${added.length} extra training kernels registered` : 'extra training kernels registered';
}

export const defaultLoaders: Loaders = { 'tensorflow-gpu': gpu, tensorflow: node, wasm, cpu };
