/**
 * Multithreaded WASM in Node: tfjs-backend-wasm ships a threaded-SIMD binary but refuses it under Node
 * (tfjs issue #3830). Three things stand in the way, each bridged here only while the backend initialises:
 * 1. WASM_HAS_MULTITHREAD_SUPPORT is hard-wired false on Node → we set it.
 * 2. Emscripten's pthread workers are started from blob: URLs, which worker_threads rejects → we write the worker
 *    and main scripts to a temp dir (the main script needs the bundle's rollup aliases for fs/path/os) and hand out paths.
 * 3. The C side caps XNNPACK's pool at os.cpus().length / 2 ("hyperthreads"), i.e. 1 on a 2-core box → we report
 *    2× the wanted count to os.cpus while the module's static initialisers run.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** Rollup's names for the Node modules inside tf-backend-wasm.node.js; its factory's source refers to them. */
const BUNDLE_PRELUDE = 'var commonjsGlobal=globalThis,require$$0=require("fs"),require$$1=require("path"),require$$3=require("perf_hooks"),require$$4=require("os");';
const MAIN_MARK = 'var WasmBackendModuleThreadedSimd';

let enabled: number | null = null;

/** Patch globals for the duration of one backend init; returns the undo. */
function bridge(threads: number, dir: string): () => void {
  const OrigBlob = globalThis.Blob;
  const origCreate = URL.createObjectURL;
  const origCpus = os.cpus;
  const texts = new WeakMap<Blob, string>();
  const mainPath = path.join(dir, 'main.cjs');
  globalThis.Blob = class extends OrigBlob {
    constructor(...[parts, opts]: ConstructorParameters<typeof Blob>) {
      super(parts, opts);
      const text = (parts ?? []).map((p) => (typeof p === 'string' ? p : '')).join('');
      texts.set(this, text);
      if (text.startsWith(MAIN_MARK)) fs.writeFileSync(mainPath, BUNDLE_PRELUDE + text);
    }
  } as typeof Blob;
  URL.createObjectURL = (b: Blob) => {
    const text = texts.get(b);
    if (text === undefined) return origCreate(b);
    // The worker is handed the main script as a Blob; make its createObjectURL return our file instead.
    const workerPath = path.join(dir, 'worker.cjs');
    fs.writeFileSync(workerPath, `URL.createObjectURL=()=>${JSON.stringify(mainPath)};URL.revokeObjectURL=()=>{};` + text);
    return workerPath;
  };
  (os as { cpus: typeof os.cpus }).cpus = () => {
    const one = origCpus()[0]!;
    return Array.from({ length: threads * 2 }, () => one);
  };
  return () => {
    globalThis.Blob = OrigBlob;
    URL.createObjectURL = origCreate;
    (os as { cpus: typeof os.cpus }).cpus = origCpus;
  };
}

/**
 * Make the next initialisation of tfjs's 'wasm' backend use XNNPACK with `threads` threads (pthreads on
 * worker_threads). Call after importing '@tensorflow/tfjs-backend-wasm' and before the first tf.setBackend('wasm').
 * Returns false (and changes nothing) when the wasm backend is already initialised or threads ≤ 1.
 * @param threads @default os.availableParallelism()
 */
export async function enableWasmThreads(threads = os.availableParallelism()): Promise<boolean> {
  if (threads <= 1 || enabled !== null) return enabled !== null && threads === enabled;
  const engine = tf.engine() as unknown as { registry: Record<string, unknown> };
  if (engine.registry.wasm) return false; // already initialised single-threaded
  const factory = tf.findBackendFactory('wasm');
  if (!factory) throw new Error('enableWasmThreads: import @tensorflow/tfjs-backend-wasm first');
  const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as { setThreadsCount(n: number): void };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hebb-wasm-threads-'));
    // The pthread workers load their scripts from here for as long as the backend lives: removed at exit.
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const undo = bridge(threads, dir);
    try {
      const backend = (await factory()) as { wasm?: { PThread?: { runningWorkers: { unref(): void }[] } } };
      // XNNPACK's pool threads wait forever; unref'd, they no longer keep the process alive at exit.
      backend.wasm?.PThread?.runningWorkers.forEach((w) => w.unref());
      return backend as tf.KernelBackend;
    } catch (err) {
      undo();
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // fall back to the single-threaded SIMD binary
      enabled = 1;
      process.emitWarning(`wasm threads unavailable, using 1 thread: ${(err as Error)?.message ?? String(err)}`);
      return (await factory()) as tf.KernelBackend;
    } finally {
      undo();
      fs.rmSync(dir, { recursive: true, force: true }); // workers have read both scripts before init resolves
    }
  }, 2);
  enabled = threads;
  return true;
}

/** Threads XNNPACK actually uses on the initialised wasm backend (1 when single-threaded). */
export async function wasmThreadCount(): Promise<number> {
  const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as { getThreadsCount(): number };
  try { return wasm.getThreadsCount(); } catch { return 1; }
}
