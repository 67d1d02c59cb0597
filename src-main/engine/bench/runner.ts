/** Times training steps of the reference models on the active tfjs backend: random data, Adam, categorical cross-entropy, warm-up excluded. */

import * as tf from '@tensorflow/tfjs';
import { architectureModel, referenceCnn, referenceMlp, type BenchModel } from './models';
import { createOptimizer } from '../train/optimizers';

export interface BenchOptions {
  /** Timed steps per model. @default DEFAULT_STEPS (cnn 50, mlp 300: about a second each, so a timer tick or a scheduler hiccup stays small) */
  steps?: number;
  /** Untimed steps first (kernel setup, XNNPACK operator creation, allocator growth). @default 5 */
  warmup?: number;
  /** Which models. @default ['cnn', 'mlp'] */
  models?: ('cnn' | 'mlp')[];
}

export interface BenchResult {
  backend: string;
  cnn_img_s: number | null;
  mlp_samples_s: number | null;
  /** Samples per second of process CPU time: robust to other processes on the machine (load shows in wall time only). */
  cnn_img_cpu_s?: number | null;
  mlp_samples_cpu_s?: number | null;
}

export const DEFAULT_STEPS = { cnn: 50, mlp: 300 } as const;

/** Distinct random batches the steps cycle through: like real training, the model never memorises one batch (PyTorch's side does the same). */
export const BATCH_POOL = 4;

export interface Stepper {
  bench: BenchModel;
  /** One training step; resolves after the loss has been read back (as the trainer does every batch). */
  step(): Promise<number>;
  dispose(): void;
}

/** A model with its optimizer and a small pool of random batches with random labels (the data is not what is measured). */
export function makeStepper(id: 'cnn' | 'mlp' | BenchModel): Stepper {
  const bench = typeof id !== 'string' ? id : id === 'cnn' ? referenceCnn() : referenceMlp();
  const opt = createOptimizer('adam', 1e-3);
  const pool = Array.from({ length: BATCH_POOL }, () => ({
    x: tf.randomUniform([bench.batch, ...bench.inputShape]),
    y: tf.tidy(() => tf.oneHot(tf.randomUniform([bench.batch], 0, bench.classes, 'int32') as tf.Tensor1D, bench.classes)),
  }));
  const vars = bench.model.trainableWeights.map((w) => w.read() as tf.Variable);
  let next = 0;
  return {
    bench,
    async step() {
      const { x, y } = pool[next++ % BATCH_POOL]!;
      const loss = opt.minimize(() => {
        const p = bench.model.apply(x, { training: true }) as tf.Tensor;
        return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, 1e-7, 1 - 1e-7))), -1))) as tf.Scalar;
      }, true, vars)!;
      const v = (await loss.data())[0]!;
      loss.dispose();
      return v;
    },
    dispose() {
      bench.model.dispose();
      opt.dispose();
      tf.dispose(pool.flatMap((b) => [b.x, b.y]));
    },
  };
}

/** Samples per wall-clock second and per CPU second over `steps` timed steps, after `warmup` untimed ones. */
export async function timeSteps(s: Stepper, steps: number, warmup: number): Promise<{ wall: number; cpu: number }> {
  for (let i = 0; i < warmup; i++) await s.step();
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
  const warmup = opts.warmup ?? 5;
  const which = opts.models ?? ['cnn', 'mlp'];
  const result: BenchResult = { backend: tf.getBackend(), cnn_img_s: null, mlp_samples_s: null };
  for (const id of which) {
    const s = makeStepper(id);
    try {
      const rate = await timeSteps(s, opts.steps ?? DEFAULT_STEPS[id], warmup);
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
    const rate = await timeSteps(s, opts.steps ?? 20, opts.warmup ?? 3);
    return { backend: tf.getBackend(), arch, img_s: round(rate.wall), img_cpu_s: round(rate.cpu) };
  } finally {
    s.dispose();
  }
}
