/**
 * The engine in a Chromium page on tfjs-backend-webgpu: the real architecture registry and the trainer's own step,
 * compared with tfjs's cpu backend in the same page, and one epoch through runTrainer. Bundled by harness.ts.
 */

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import type { Batch } from '#contract/dataset';
import type { LayerSpec, TrainEnd } from '#contract/engine';
import type { WebGpuProbe } from '#contract/webgpu';
import { buildModel, type ModelSpec } from '../../src-main/engine/arch/index';
import { createOptimizer } from '../../src-main/engine/train/optimizers/registry';
import { TrainRandom } from '../../src-main/engine/train/seeded-random';
import { makeStep, runTrainer } from '../../src-main/engine/train/trainer';

/** One case: an architecture spec, and whether the whole model trains (transfer fine-tuning unfreezes the backbone). */
export interface Case { label: string; spec: ModelSpec; unfreeze?: boolean }

export interface CaseResult {
  label: string;
  losses: { cpu: number[]; webgpu: number[] };
  /** Largest |cpu − webgpu| over the first step's kernel gradients, and over every later weight after the 2 steps. */
  maxGradDiff: number;
  maxWeightDiff: number;
  gradsCompared: number;
  error?: string;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBatch(seed: number, n: number, [h, w, c]: [number, number, number], classes: number): Batch {
  const r = mulberry32(seed);
  return { x: Float32Array.from({ length: n * h * w * c }, r), y: Int32Array.from({ length: n }, (_, i) => i % classes), n, height: h, width: w, channels: c, paths: [] };
}

async function use(backend: 'cpu' | 'webgpu'): Promise<void> {
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs could not start the ${backend} backend`);
  await tf.ready();
}

interface Trained { losses: number[]; grads: Float32Array[]; weights: Float32Array[]; start: Float32Array[] }

/** Build on `backend` (with `initial` weights when given), then two steps of the trainer's own step. */
async function trainTwo(c: Case, backend: 'cpu' | 'webgpu', initial: Float32Array[] | null): Promise<Trained> {
  await use(backend);
  const model = await buildModel({ ...c.spec, seed: 11 });
  if (c.unfreeze) for (const l of model.layers) l.trainable = true;
  if (initial) model.setWeights(model.getWeights().map((w, i) => tf.tensor(initial[i]!, w.shape)));
  const start = initial ?? model.getWeights().map((w) => w.dataSync() as Float32Array);
  const optimizer = createOptimizer('adam', 1e-2);
  const step = makeStep({ model, optimizer, fused: false });
  const out: Trained = { losses: [], grads: [], weights: [], start };
  const random = new TrainRandom(5, model);
  try {
    for (let s = 0; s < 2; s++) {
      // The same dropout masks on both backends: the trainer's own generator, seeded per step.
      random.startEpoch(s);
      random.beforeStep();
      const [loss] = await step.async(randomBatch(100 + s, 4, c.spec.inputShape, c.spec.numClasses), s === 0 ? (g) => { out.grads = g.map((x) => x.values); } : undefined);
      out.losses.push(loss);
    }
  } finally {
    random.release();
  }
  out.weights = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
  model.dispose();
  optimizer.dispose();
  return out;
}

const maxDiff = (a: Float32Array[], b: Float32Array[]): number => {
  let m = 0;
  a.forEach((x, i) => x.forEach((v, j) => { m = Math.max(m, Math.abs(v - b[i]![j]!)); }));
  return m;
};

async function compare(c: Case): Promise<CaseResult> {
  const result: CaseResult = { label: c.label, losses: { cpu: [], webgpu: [] }, maxGradDiff: NaN, maxWeightDiff: NaN, gradsCompared: 0 };
  try {
    const cpu = await trainTwo(c, 'cpu', null);
    const gpu = await trainTwo(c, 'webgpu', cpu.start);
    result.losses = { cpu: cpu.losses, webgpu: gpu.losses };
    result.gradsCompared = gpu.grads.length;
    result.maxGradDiff = gpu.grads.length === cpu.grads.length ? maxDiff(cpu.grads, gpu.grads) : Infinity;
    result.maxWeightDiff = maxDiff(cpu.weights, gpu.weights);
  } catch (err) {
    result.error = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
  }
  return result;
}

/** Two classes a CNN separates: bright top half vs bright bottom half, with noise. */
async function* generated(batches: number, n: number, seed: number): AsyncIterable<Batch> {
  const r = mulberry32(seed);
  for (let b = 0; b < batches; b++) {
    const x = new Float32Array(n * 28 * 28);
    const y = Int32Array.from({ length: n }, (_, i) => (i + b) % 2);
    for (let i = 0; i < n; i++) for (let p = 0; p < 784; p++) x[i * 784 + p] = 0.3 * r() + ((p < 392) === (y[i] === 0) ? 0.7 : 0);
    yield { x, y, n, height: 28, width: 28, channels: 1, paths: [] };
  }
}

export interface EpochResult { end: TrainEnd; steps: number; valBatches: number; readbacks: number; syncReadbacks: number; batchUploads: number; firstLoss: number; lastLoss: number }

/** One epoch of cnn-small through runTrainer on webgpu, counting the backend's uploads and readbacks. */
async function trainEpoch(): Promise<EpochResult> {
  await use('webgpu');
  const model = await buildModel({ arch: 'cnn-small', inputShape: [28, 28, 1], numClasses: 2, seed: 3 });
  const optimizer = createOptimizer('adam', 1e-3);
  const b = tf.backend() as unknown as Record<'read' | 'readSync' | 'write', (...a: unknown[]) => unknown>;
  const counts = { read: 0, readSync: 0, batchUploads: 0 };
  const orig = { read: b.read!, readSync: b.readSync!, write: b.write! };
  b.read = (...a) => { counts.read++; return orig.read.apply(b, a); };
  b.readSync = (...a) => { counts.readSync++; return orig.readSync.apply(b, a); };
  b.write = (...a) => { if (JSON.stringify(a[1]) === '[16,28,28,1]') counts.batchUploads++; return orig.write.apply(b, a); };
  const losses: number[] = [];
  try {
    const end = await runTrainer({
      model, optimizer, train: () => generated(12, 16, 1), batchesPerEpoch: 12, val: () => generated(2, 16, 2), epochs: 1,
      learningRate: () => 1e-3, seed: 1, backend: 'webgpu', runDir: 'page://run',
      callbacks: [{ onBatchEnd: (m) => { losses.push(m.loss); } }],
    });
    return { end, steps: losses.length, valBatches: 2, readbacks: counts.read, syncReadbacks: counts.readSync, batchUploads: counts.batchUploads, firstLoss: losses[0] ?? NaN, lastLoss: losses.at(-1) ?? NaN };
  } finally {
    Object.assign(b, orig);
    model.dispose();
    optimizer.dispose();
  }
}

async function adapter(): Promise<WebGpuProbe> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<any> } }).gpu;
  if (!gpu) return { ok: false, via: 'chromium', reason: 'navigator.gpu is missing (WebGPU disabled, or the page is not a secure context)' };
  const a = await gpu.requestAdapter();
  if (!a) return { ok: false, via: 'chromium', reason: 'navigator.gpu.requestAdapter() returned null' };
  const i = a.info ?? {}, l = a.limits;
  return {
    ok: true, via: 'chromium',
    adapter: {
      vendor: i.vendor ?? '', architecture: i.architecture ?? '', device: i.device ?? '', description: i.description ?? '', isFallbackAdapter: Boolean(a.isFallbackAdapter ?? i.isFallbackAdapter),
      limits: { maxBufferSize: l.maxBufferSize, maxStorageBufferBindingSize: l.maxStorageBufferBindingSize, maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize, maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup, maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX },
    },
  };
}

/** Every layer type the custom editor offers, with each activation whose gradient is its own kernel. */
export const CUSTOM_LAYERS: LayerSpec[] = [
  { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'elu' },
  { type: 'batchNormalization' },
  { type: 'depthwiseConv2d', kernelSize: 3, strides: 2, padding: 'same', activation: 'selu' },
  { type: 'averagePooling2d', poolSize: 2 },
  { type: 'activation', activation: 'tanh' },
  { type: 'dropout', rate: 0.25 },
  { type: 'flatten' },
  { type: 'dense', units: 8, activation: 'sigmoid' },
];

const api = { adapter, compare, trainEpoch };
(globalThis as unknown as { hebbWebGpu: typeof api }).hebbWebGpu = api;
export type PageApi = typeof api;
