/** Shared plumbing for our WASM kernels: typed views on the wasm heap, scratch outputs, and calls into stock wasm kernels. */

import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;
type Attrs = Record<string, unknown>;

/** The parts of tfjs-backend-wasm's BackendWasm our kernels use (it exports no such type for outside kernels). */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  disposeData(dataId: unknown, force?: boolean): boolean;
}

export interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  attrs: Attrs;
  backend: WasmBackend;
}

export type WasmKernel = (args: KernelArgs) => TensorInfo | TensorInfo[];

/** The stock wasm kernels, captured before we override any of them (so overrides can still call the originals). */
const stock = new Map<string, WasmKernel>();

export function captureStock(name: string): void {
  if (stock.has(name)) return;
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`the wasm backend has no '${name}' kernel to build on (is @tensorflow/tfjs-backend-wasm 4.22.0 imported?)`);
  stock.set(name, k.kernelFunc as unknown as WasmKernel);
}

/** Run a stock wasm kernel directly (no engine bookkeeping: the caller disposes what it does not return). */
export function runStock(name: string, backend: WasmBackend, inputs: Record<string, TensorInfo>, attrs: Attrs = {}): TensorInfo {
  captureStock(name);
  return stock.get(name)!({ inputs, attrs, backend }) as TensorInfo;
}

/** A fresh float32 output on the wasm heap; `zero` clears it (malloc'd memory is not zeroed). */
export function alloc(backend: WasmBackend, shape: number[], zero = false): TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  if (zero) backend.typedArrayFromHeap(out).fill(0);
  return out;
}

/**
 * Float32 views of several tensors. Take them only after every allocation of the kernel: a malloc can grow the
 * wasm memory, which detaches views taken before it.
 */
export function views(backend: WasmBackend, ...ts: TensorInfo[]): Float32Array[] {
  return ts.map((t) => backend.typedArrayFromHeap(t));
}

export function free(backend: WasmBackend, ...ts: TensorInfo[]): void {
  for (const t of ts) backend.disposeData(t.dataId);
}

/** Same data, new shape: reshape on wasm shares memory, so it is only a new TensorInfo over the same dataId. */
export function withShape(t: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}
