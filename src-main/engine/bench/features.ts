/**
 * `hebb bench --arch transfer-mobilenetv2 --compare-torch`: the frozen backbone's feature extraction (batch 32,
 * random pixels) on our FeatureExtractor against torchvision's mobilenet_v2().features in eval/no_grad
 * (scripts/bench_torch_features.py), in alternating rounds as the CNN bench runs them.
 */

import { execFile } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type * as tf from '@tensorflow/tfjs';
import { HebbError } from '../../core/errors';
import { mulberry32 } from '../../core/random';
import { buildModel, transferParts } from '../arch/index';
import { featureExtractor } from '../ort/features';
import { median } from './compare';
import { WARMUP_SECONDS } from './runner';

export const TORCH_FEATURES_SCRIPT = fileURLToPath(new URL('../../../scripts/bench_torch_features.py', import.meta.url));

export interface FeatureBenchOptions {
  arch: string;
  side: number;
  /** @default 32 */
  batch?: number;
  /** Timed batches per round and side. @default 4 */
  steps?: number;
  rounds: number;
  /** torch.set_num_threads; onnxruntime runs with the ladder's native thread count. @default 2 */
  torchThreads?: number;
  /** false: only our side. @default true */
  torch?: boolean;
  /** Where converted backbones are kept. */
  cacheDir: string;
  onRound?: (round: number, ours: number, torch: number | null) => void;
}

export interface FeatureBenchResult {
  arch: string; side: number; batch: number; runtime: string; threads: number | null;
  img_s: number | null; torch_img_s: number | null; ratio: number | null; ratio_paired: number | null;
  rounds: number; load: [number, number];
}

const round1 = (v: number | null) => (v == null ? null : Math.round(v * 10) / 10);

/** Images per second of feature extraction on our extractor, after ≥ WARMUP_SECONDS of warm-up. */
async function ours(features: tf.LayersModel, o: FeatureBenchOptions): Promise<{ img_s: number; runtime: string; threads: number | null }> {
  const fx = await featureExtractor(features, { cacheDir: o.cacheDir });
  const batch = o.batch ?? 32;
  const rand = mulberry32(7);
  const pool = [0, 1].map(() => Float32Array.from({ length: batch * o.side * o.side * 3 }, rand));
  try {
    const w0 = performance.now();
    for (let i = 0; i < 1 || performance.now() - w0 < WARMUP_SECONDS * 1000; i++) await fx.extract(pool[i % 2]!, batch);
    const t0 = performance.now();
    const steps = o.steps ?? 4;
    for (let s = 0; s < steps; s++) await fx.extract(pool[s % 2]!, batch);
    return { img_s: (steps * batch) / ((performance.now() - t0) / 1000), runtime: fx.path.runtime, threads: fx.path.threads ?? null };
  } finally {
    await fx.dispose();
  }
}

function torchRound(o: FeatureBenchOptions): Promise<number> {
  const args = [TORCH_FEATURES_SCRIPT, '--side', String(o.side), '--batch', String(o.batch ?? 32), '--steps', String(o.steps ?? 4), '--threads', String(o.torchThreads ?? 2)];
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', args, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new HebbError('INTERNAL', `PyTorch features reference failed: ${stderr.trim().split('\n').pop() ?? err.message}`));
      try { resolve((JSON.parse(stdout.trim().split('\n').pop() ?? '') as { img_s: number }).img_s); } catch { reject(new HebbError('INTERNAL', `PyTorch features reference printed no JSON line: ${stdout.slice(0, 200)}`)); }
    });
  });
}

export async function benchFeatures(o: FeatureBenchOptions): Promise<FeatureBenchResult> {
  const model = await buildModel({ arch: o.arch, inputShape: [o.side, o.side, 3], numClasses: 10, seed: 1 });
  const parts = transferParts(model);
  if (!parts) throw new HebbError('INVALID_ARGUMENT', `--arch ${o.arch} has no frozen backbone to extract features with (try transfer-mobilenetv2)`);
  const load0 = os.loadavg()[0]!;
  const us: number[] = [], them: number[] = [], paired: number[] = [];
  let runtime = 'tfjs', threads: number | null = null;
  try {
    for (let r = 0; r < o.rounds; r++) {
      // Alternate who goes first so a load spike does not always land on the same side.
      const t1 = o.torch !== false && r % 2 === 0 ? await torchRound(o) : null;
      const mine = await ours(parts.features, o);
      const t = o.torch === false ? null : t1 ?? (await torchRound(o));
      ({ runtime, threads } = mine);
      us.push(mine.img_s);
      if (t != null) { them.push(t); paired.push(mine.img_s / t); }
      o.onRound?.(r + 1, round1(mine.img_s)!, t);
    }
  } finally {
    model.dispose();
  }
  const a = median(us), b = median(them), p = median(paired);
  return {
    arch: o.arch, side: o.side, batch: o.batch ?? 32, runtime, threads,
    img_s: round1(a), torch_img_s: round1(b), ratio: a != null && b ? Math.round((a / b) * 100) / 100 : null, ratio_paired: p == null ? null : Math.round(p * 100) / 100,
    rounds: o.rounds, load: [load0, os.loadavg()[0]!].map((v) => Math.round(v * 100) / 100) as [number, number],
  };
}
