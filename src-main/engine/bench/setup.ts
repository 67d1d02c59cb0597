/** The backend a bench runs on, set up the same way in the CLI's process and in a bench worker. */

import type { BackendName, BackendReport } from '#contract/engine';
import { initBackend } from '../backend/index';
import { enableWasmThreads, setNativeThreads } from '../kernels/index';

export interface BenchBackendOptions {
  backend: 'auto' | BackendName;
  /** XNNPACK threads; 1 = the single-threaded SIMD build, 0 = one per core. @default 1 */
  wasmThreads?: number;
  /** onnxruntime threads for large ops; 0 = one per core. @default 0 */
  nativeThreads?: number;
}

export async function setUpBenchBackend(o: BenchBackendOptions): Promise<BackendReport> {
  const threads = o.wasmThreads ?? 1;
  if (threads !== 1 && (o.backend === 'wasm' || o.backend === 'auto')) {
    await import('@tensorflow/tfjs-backend-wasm');
    await enableWasmThreads(threads || undefined);
  }
  if (o.nativeThreads) setNativeThreads(o.nativeThreads);
  return initBackend({ prefer: o.backend });
}
