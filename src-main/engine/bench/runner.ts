/** Times training steps of the reference models on the active tfjs backend: random data, Adam, categorical cross-entropy, warm-up excluded. */

import * as tf from '@tensorflow/tfjs';
import { architectureModel, referenceCnn, referenceMlp, type BenchModel } from './models';
import type { Batch } from '#contract/dataset';
import type { BenchResult } from '#contract/worker';
import { mulberry32 } from '../../core/random';
import { createOptimizer } from '../train/optimizers/registry';
import { makeStep } from '../train/trainer';

export interface BenchOptions {
  /** Timed steps per model. @default DEFAULT_STEPS (cnn 50, mlp 500: about a second each, so a timer tick or a scheduler hiccup stays small) */
  steps?: number;
  /** Untimed steps first; exactly these when given, else the default count lasting at least WARMUP_SECONDS. @default DEFAULT_WARMUP (cnn 5, mlp 30) */
  warmup?: number;
  /** Which models. @default ['cnn', 'mlp'] */
  models?: ('cnn' | 'mlp')[];
}

export const DEFAULT_STEPS = { cnn: 50, mlp: 500 } as const;
/** Untimed steps first: kernel setup, native sessions, allocator growth, and V8 optimising the JS loops (the mlp's steps are short, so it needs more of them). */
export const DEFAULT_WARMUP = { cnn: 5, mlp: 30 } as const;
/**
 * Warm-up lasts at least this long whatever the step count: on this VM a step only reaches its steady speed after
 * ~0.5 s of work (the mlp's native graphs take 3.0 ms per step over their first 50 runs, 1.1 ms from the 200th on, on
 * one thread as on two — the CPU ramping up, as far as we can tell), so a count-only warm-up timed the ramp.
 * scripts/bench_torch.py applies the same floor to PyTorch.
 */
export const WARMUP_SECONDS = 1;

/** Distinct random batches the steps cycle through: like real training, the model never memorises one batch (PyTorch's side does the same). */
export const BATCH_POOL = 4;

export interface Stepper {
  bench: BenchModel;
  /** One training step; resolves after the loss has been read back (as the trainer does every batch). */
  step(): Promise<number>;
  dispose(): void;
}

/**
 * A model with its optimizer and a small pool of random batches with random labels (the data is not what is
 * measured). A step is the trainer's own (makeStep): the same kernels `hebb train` runs, loss read back every batch.
 */
export function makeStepper(id: 'cnn' | 'mlp' | BenchModel): Stepper {
  const bench = typeof id !== 'string' ? id : id === 'cnn' ? referenceCnn() : referenceMlp();
  const opt = createOptimizer('adam', 1e-3);
  const [h, w, c] = bench.inputShape.length === 3 ? bench.inputShape : [1, 1, bench.inputShape[0]!];
  const rand = mulberry32(7);
  const pool: Batch[] = Array.from({ length: BATCH_POOL }, () => ({
    x: Float32Array.from({ length: bench.batch * h! * w! * c! }, rand),
    y: Int32Array.from({ length: bench.batch }, () => Math.floor(rand() * bench.classes)),
    n: bench.batch, height: h!, width: w!, channels: c!, paths: [],
  }));
  const step = makeStep({ model: bench.model, optimizer: opt });
  let next = 0;
  return {
    bench,
    async step() {
      return (await step.async(pool[next++ % BATCH_POOL]!))[0];
    },
    dispose() {
      bench.model.dispose();
      opt.dispose();
    },
  };
}

/** Samples per wall-clock second and per CPU second over `steps` timed steps, after `warmup` untimed ones (and at least `warmupSeconds`). */
export async function timeSteps(s: Stepper, steps: number, warmup: number, warmupSeconds = 0): Promise<{ wall: number; cpu: number }> {
  const w0 = performance.now();
  for (let i = 0; i < warmup || performance.now() - w0 < warmupSeconds * 1000; i++) await s.step();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < steps; i++) await s.step();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const samples = steps * s.bench.batch;
  return { wall: samples / seconds, cpu: samples / ((c.user + c.system) / 1e6) };
}

/** Run the bench on whatever backend tf is set to now. */
export async function runBench(opts: BenchOptions = {}): Promise<BenchResult> {
  const which = opts.models ?? ['cnn', 'mlp'];
  const result: BenchResult = { backend: tf.getBackend(), cnn_img_s: null, mlp_samples_s: null };
  for (const id of which) {
    const s = makeStepper(id);
    try {
      const rate = await timeSteps(s, opts.steps ?? DEFAULT_STEPS[id], opts.warmup ?? DEFAULT_WARMUP[id], opts.warmup === undefined ? WARMUP_SECONDS : 0);
      if (id === 'cnn') { result.cnn_img_s = round(rate.wall); result.cnn_img_cpu_s = round(rate.cpu); }
      else { result.mlp_samples_s = round(rate.wall); result.mlp_samples_cpu_s = round(rate.cpu); }
    } finally {
      s.dispose();
    }
  }
  return result;
}

const round = (v: number) => Math.round(v * 10) / 10;

/** Images per second (wall and CPU) of training steps of one registry architecture, on the active backend. */
export async function benchArchitecture(arch: string, side: number, channels: number, opts: { steps?: number; warmup?: number } = {}): Promise<{ backend: string; arch: string; img_s: number; img_cpu_s: number }> {
  const s = makeStepper(await architectureModel(arch, side, channels));
  try {
    const rate = await timeSteps(s, opts.steps ?? 20, opts.warmup ?? 3, opts.warmup === undefined ? WARMUP_SECONDS : 0);
    return { backend: tf.getBackend(), arch, img_s: round(rate.wall), img_cpu_s: round(rate.cpu) };
  } finally {
    s.dispose();
  }
}
