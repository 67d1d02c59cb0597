/**
 * The one place that knows onnxruntime-node's internals: runs tiny ONNX graphs on its native MLAS kernels (AVX2/
 * AVX-512 with FMA) synchronously — tfjs kernels must be synchronous, and the binding's InferenceSession.run is, while
 * the public API is async. Sessions are cached per signature key. Any failure (no binary for the platform, an
 * onnxruntime upgrade that moved the binding, an op it rejects) is warned about once and makes runNative return
 * false; callers then fall back to XNNPACK/JS.
 */

import { createRequire } from 'node:module';
import os from 'node:os';
import onnxProto from 'onnx-proto';

interface OrtSession { loadModel(b: ArrayBufferLike, off: number, len: number, o: object): void; run(feeds: object, fetches: object, o: object): Record<string, { data: Float32Array }> }
interface Ort { Session: new () => OrtSession; Tensor: new (type: string, data: Float32Array, dims: number[]) => object }

/** A dimension of a graph input/output: fixed, or symbolic (named) so one session serves many shapes. */
export type Dim = number | string;

/** One ONNX node. Attribute values: a number is an INT, an array INTS. */
export interface NodeSpec { op: string; inputs: string[]; outputs: string[]; attrs?: Record<string, number | number[]> }

/** A float32 graph: named inputs/outputs with their dims, int64 constants (initializers), nodes in order. */
export interface GraphSpec { inputs: Record<string, Dim[]>; outputs: Record<string, Dim[]>; nodes: NodeSpec[]; consts?: Record<string, number[]> }

/** An input or output buffer with its shape. */
export interface NativeTensor { data: Float32Array; dims: number[] }

let ort: Ort | null | undefined;
let disabled = false;
const stats = { runs: 0, failures: 0 };
let threads = Math.min(8, os.availableParallelism());
const sessions = new Map<string, OrtSession | null>();
/**
 * Work (floating-point operations) below which an op runs on one thread whatever setNativeThreads says. At 2e7 the
 * mlp's dense graphs (largest product 64×784×256) take two: its step went 2.01 → 1.86 ms here, the CNN's 20.3 → 19.9.
 */
const PARALLEL_FLOPS = 2e7;
/** Enough for every op of a model's convs (one session per layer and op, whatever the batch); the oldest go first beyond. */
const MAX_SESSIONS = 96;

function load(): Ort | null {
  if (ort !== undefined) return ort;
  try {
    const require = createRequire(import.meta.url);
    const binding = require('onnxruntime-node/dist/binding') as { binding: { InferenceSession: Ort['Session'] }; initOrt(): void };
    const common = require('onnxruntime-common') as { Tensor: Ort['Tensor'] };
    binding.initOrt();
    if (typeof binding.binding?.InferenceSession !== 'function') throw new Error('onnxruntime-node binding has no InferenceSession');
    ort = { Session: binding.binding.InferenceSession, Tensor: common.Tensor };
  } catch (err) {
    process.emitWarning(`native kernels unavailable, using XNNPACK/JS: ${(err as Error)?.message ?? String(err)}`);
    ort = null;
  }
  return ort;
}

/** Whether native kernels run here (onnxruntime-node loads and is not switched off). */
export function nativeAvailable(): boolean {
  return !disabled && load() !== null;
}

/** Switch the native path off (tests of the fallbacks) or back on. @default false */
export function setNativeDisabled(off: boolean): void {
  disabled = off;
}

/**
 * Intra-op threads MLAS may use per native op of at least PARALLEL_FLOPS (smaller ones always run on one: a second
 * thread costs more than it saves there). Takes effect for sessions created afterwards (the cache is dropped).
 * Default: one per core (at most 8), as PyTorch does. On this 2-core machine a second thread cut the wall time of a
 * 14×14×32→64 conv by ~30% for ~25% more CPU, and the reference CNN trained 8–17% faster. Pool threads spin only
 * while a graph runs (with onnxruntime's default, spinning on between runs, they cost 6× more CPU on a loaded box;
 * sleeping between the ops of one graph cost the mlp's backward 560 µs against 500 spinning).
 * @default min(8, os.availableParallelism())
 */
export function setNativeThreads(n: number): void {
  const t = Math.max(1, Math.floor(n));
  if (t !== threads) { threads = t; sessions.clear(); }
}

export function nativeThreads(): number {
  return threads;
}

/** Native ops run so far, and ops that failed (each then served by XNNPACK/JS): for tests and the benchmark. */
export function nativeStats(): { runs: number; failures: number } {
  return { ...stats };
}

function encode(g: GraphSpec): Uint8Array {
  const { onnx } = onnxProto;
  const vi = (name: string, dims: Dim[]) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } } });
  const attr = (name: string, v: number | number[]) => (Array.isArray(v) ? { name, type: 7, ints: v } : { name, type: 2, i: v });
  return onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'hebb',
      node: g.nodes.map((n) => ({ opType: n.op, input: n.inputs, output: n.outputs, attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attr(k, v)) })),
      input: Object.entries(g.inputs).map(([k, d]) => vi(k, d)),
      output: Object.entries(g.outputs).map(([k, d]) => vi(k, d)),
      initializer: Object.entries(g.consts ?? {}).map(([name, v]) => ({ name, dataType: 7, dims: [v.length], int64Data: v })),
    },
  })).finish();
}

function session(fullKey: string, t: number, build: () => GraphSpec): OrtSession | null {
  if (sessions.has(fullKey)) return sessions.get(fullKey)!;
  let s: OrtSession | null = null;
  try {
    const model = encode(build());
    s = new (load()!.Session)();
    // Pool threads spin only inside a run, so a graph's ops hand over to them without a wake-up each, and stop at
    // its end (force_spinning_stop): spinning between runs (onnxruntime's default) ate the core the JS thread needed.
    const extra = t > 1 ? { extra: { session: { intra_op: { allow_spinning: '1' }, force_spinning_stop: '1' } } } : {};
    s.loadModel(model.buffer, model.byteOffset, model.byteLength, { intraOpNumThreads: t, interOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 3, ...extra });
  } catch (err) {
    process.emitWarning(`native op '${fullKey}' unavailable, using XNNPACK/JS: ${(err as Error)?.message ?? String(err)}`);
    stats.failures++;
    s = null; // remembered: no retry per call
  }
  if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
  sessions.set(fullKey, s);
  return s;
}

/** The threaded wasm build's heap is a SharedArrayBuffer, which the binding rejects ("Invalid argument"). */
const shared = (v: Float32Array) => typeof SharedArrayBuffer !== 'undefined' && v.buffer instanceof SharedArrayBuffer;

/**
 * Run the graph `build()` (cached under `key`, which must determine the graph) on `feeds`, writing its single output
 * into `out.data` (written in place when possible, e.g. straight into the wasm heap). `flops`, the op's work, decides
 * whether it may use more than one thread. Returns false — `out.data` untouched or partly written — when the native
 * path is unavailable or failed; the caller then computes it itself.
 */
export function runNative(key: string, build: () => GraphSpec, feeds: Record<string, NativeTensor>, output: string, out: NativeTensor, flops = 0): boolean {
  return runNativeOutputs(key, build, feeds, { [output]: out }, flops);
}

/** runNative for a graph with several outputs, each written into its own `outs[name].data`. */
export function runNativeOutputs(key: string, build: () => GraphSpec, feeds: Record<string, NativeTensor>, outs: Record<string, NativeTensor>, flops = 0): boolean {
  const o = nativeAvailable() ? ort! : null;
  const t = flops >= PARALLEL_FLOPS ? threads : 1;
  const fullKey = `${t}|${key}`;
  const s = o && session(fullKey, t, build);
  if (!o || !s) return false;
  const tensors: Record<string, object> = {};
  for (const [name, t] of Object.entries(feeds)) tensors[name] = new o.Tensor('float32', shared(t.data) ? t.data.slice() : t.data, t.dims);
  try {
    const fetches: Record<string, object | null> = {};
    for (const [name, out] of Object.entries(outs)) fetches[name] = shared(out.data) ? null : new o.Tensor('float32', out.data, out.dims);
    const got = s.run(tensors, fetches, {});
    for (const [name, out] of Object.entries(outs)) if (fetches[name] === null) out.data.set(got[name]!.data);
    stats.runs++;
    return true;
  } catch (err) {
    process.emitWarning(`native op '${key}' failed, using XNNPACK/JS: ${(err as Error)?.message ?? String(err)}`);
    stats.failures++;
    sessions.set(fullKey, null);
    return false;
  }
}
