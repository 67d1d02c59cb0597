import { describe, expect, it } from 'vitest';
import { loadFailureReason, missingKernel, trainFailureReason } from '../../../src-main/engine/backend/reasons';

const err = (message: string, code?: string): Error => Object.assign(new Error(message), code ? { code } : {});

describe('loadFailureReason', () => {
  it('says an absent optional package is not installed, with what it needs', () => {
    const r = loadFailureReason('tensorflow-gpu', err("Cannot find package '@tensorflow/tfjs-node-gpu' imported from /app/x.js", 'ERR_MODULE_NOT_FOUND'));
    expect(r).toBe('package @tensorflow/tfjs-node-gpu is not installed (optional; needs an NVIDIA GPU with CUDA 11.2 + cuDNN 8.1)');
    expect(loadFailureReason('tensorflow', err("Cannot find module '@tensorflow/tfjs-node'", 'MODULE_NOT_FOUND'))).toMatch(/tfjs-node is not installed.*npm install/);
  });

  it('tells a half-installed package (binding never downloaded) from an absent one', () => {
    const e = err("Cannot find module '/app/node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v8/tfjs_binding.node'", 'MODULE_NOT_FOUND');
    expect(loadFailureReason('tensorflow-gpu', e)).toMatch(/^@tensorflow\/tfjs-node-gpu is installed but its native binding is missing: .*npm rebuild/);
  });

  it('names the missing CUDA library from a dlopen message', () => {
    const r = loadFailureReason('tensorflow-gpu', err('libcudart.so.11.0: cannot open shared object file: No such file or directory'));
    expect(r).toMatch(/^no CUDA device found \/ wrong CUDA version \(libcudart\.so\.11\.0 missing\)/);
    expect(loadFailureReason('tensorflow-gpu', err('Could not load dynamic library libcudnn.so.8'))).toMatch(/libcudnn\.so\.8 missing/);
  });

  it('classifies a libtensorflow load failure and an ABI mismatch', () => {
    const dl = loadFailureReason('tensorflow', err('/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node: libtensorflow.so.2: cannot open shared object file'));
    expect(dl).toMatch(/^libtensorflow failed to load: .*libtensorflow\.so\.2/);
    const abi = loadFailureReason('tensorflow', err('The module was compiled against a different Node.js version using NODE_MODULE_VERSION 108.'));
    expect(abi).toMatch(/npm rebuild @tensorflow\/tfjs-node/);
    expect(loadFailureReason('tensorflow-gpu', err('CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected'))).toMatch(/^no CUDA device found: check that `nvidia-smi`/);
  });

  it('falls back to the package and the first line of the message', () => {
    expect(loadFailureReason('wasm', err('boom\nstack'))).toBe('@tensorflow/tfjs-backend-wasm failed to load: boom');
  });
});

describe('trainFailureReason', () => {
  it('names the kernel that is missing', () => {
    const e = err("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'");
    expect(missingKernel(e)).toBe('Conv2DBackpropFilter');
    expect(trainFailureReason('wasm', e)).toMatch(/^WASM backend cannot train this model: kernel Conv2DBackpropFilter not registered/);
    expect(missingKernel(err('other'))).toBeNull();
  });
});
