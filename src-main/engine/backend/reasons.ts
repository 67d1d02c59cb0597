/** Turns the errors a backend throws while loading or training into sentences a user can act on. */

import type { BackendName } from '#contract/engine';

const PACKAGES: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

const INSTALL_HINT: Record<BackendName, string> = {
  'tensorflow-gpu': 'optional; needs an NVIDIA GPU with CUDA 11.2 + cuDNN 8.1',
  webgpu: 'reinstall Hebb Studio',
  tensorflow: 'optional; `npm install @tensorflow/tfjs-node@4.22.0` for native CPU speed',
  wasm: 'reinstall Hebb Studio',
  cpu: 'reinstall Hebb Studio',
};

export function packageOf(backend: BackendName): string {
  return PACKAGES[backend];
}

/** The kernel name when `err` is tfjs's "Kernel 'X' not registered for backend 'Y'", else null. */
export function missingKernel(err: unknown): string | null {
  const m = /Kernel '([^']+)' not registered/.exec(messageOf(err));
  return m ? m[1]! : null;
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? text;
}

/** Why `backend` could not be loaded, classified by the error's code and message (dlopen texts included). */
export function loadFailureReason(backend: BackendName, err: unknown): string {
  const msg = messageOf(err);
  const code = (err as { code?: string } | null)?.code;
  const pkg = PACKAGES[backend];
  if (/tfjs_binding\.node/.test(msg) && /Cannot find (module|package)|no such file/i.test(msg)) {
    return `${pkg} is installed but its native binding is missing: its install step could not download libtensorflow (run \`npm rebuild ${pkg}\` with network access)`;
  }
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(msg);
  if (notFound && msg.includes(pkg)) return `package ${pkg} is not installed (${INSTALL_HINT[backend]})`;
  if (backend === 'webgpu') return firstLine(msg); // webgpu.ts already words Dawn's reason; the classifiers below are libtensorflow's
  const cudaLib = /(lib(?:cudart|cudnn|cublas|cublasLt|cufft|curand|cusolver|cusparse|nvinfer)\.so[.\d]*)/.exec(msg);
  if (cudaLib) {
    return `no CUDA device found / wrong CUDA version (${cudaLib[1]} missing): ${pkg} 4.22 needs CUDA 11.2 + cuDNN 8.1 on the library path`;
  }
  if (/CUDA_ERROR_NO_DEVICE|no CUDA-capable device|cuInit/i.test(msg)) {
    return 'no CUDA device found: check that `nvidia-smi` lists a GPU and the NVIDIA driver is loaded';
  }
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(msg)) {
    return `${pkg}'s native binding was built for another Node/Electron version: run \`npm rebuild ${pkg}\` (${firstLine(msg)})`;
  }
  if (/GLIBC_[\d.]+' not found|GLIBCXX_[\d.]+' not found/.test(msg)) {
    return `libtensorflow needs a newer system C/C++ library than this machine has: ${firstLine(msg)}`;
  }
  if (/isNullOrUndefined|isArray is not a function/.test(msg)) {
    return `${pkg} needs util.isArray/isNullOrUndefined (removed in Node ≥ 23) and the shim did not take: ${firstLine(msg)}`;
  }
  if (/libtensorflow|tfjs_binding|\.so[.\d]*: cannot open shared object|dlopen|\.dll|dylib/.test(msg)) {
    return `libtensorflow failed to load: ${firstLine(msg)}`;
  }
  if (/wasm|WebAssembly/i.test(msg)) return `the WebAssembly module failed to start: ${firstLine(msg)}`;
  return `${pkg} failed to load: ${firstLine(msg)}`;
}

/** Why `backend` loaded but cannot train the chosen model. */
export function trainFailureReason(backend: BackendName, err: unknown): string {
  const kernel = missingKernel(err);
  const label = backend === 'wasm' ? 'WASM' : backend === 'webgpu' ? 'WebGPU' : backend;
  if (kernel) {
    return `${label} backend cannot train this model: kernel ${kernel} not registered (its gradient is missing on this backend)`;
  }
  return `${label} backend failed a one-step training probe: ${firstLine(messageOf(err))}`;
}
