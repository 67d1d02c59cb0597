/** Side-by-side rounds of our bench and PyTorch's, back to back so both see the same machine load; medians and ratios. */

import os from 'node:os';
import { runBench, type BenchResult } from './runner';
import { runTorchBench } from './torch';

export interface CompareOptions {
  steps: number;
  warmup: number;
  rounds: number;
  models: ('cnn' | 'mlp')[];
  /** torch.set_num_threads. @default 2 */
  threads?: number;
  /** Called after each round (progress for humans). */
  onRound?: (round: number, ours: BenchResult, torch: BenchResult) => void;
}

export interface CompareResult extends BenchResult {
  torch_cnn_img_s: number | null;
  torch_mlp_samples_s: number | null;
  cnn_ratio: number | null;
  mlp_ratio: number | null;
  /** Same ratios per CPU-second: ours is one thread, PyTorch up to two, so ×2 of this is the best a 1-thread run can do per wall-second on an idle machine. */
  cnn_cpu_ratio: number | null;
  mlp_cpu_ratio: number | null;
  rounds: number;
  torch_threads: number;
  /** 1-minute load average before and after: how contended the 2 cores were. */
  load: [number, number];
}

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const ratio = (a: number | null, b: number | null) => (a != null && b ? Math.round((a / b) * 100) / 100 : null);
const nums = (rs: BenchResult[], k: 'cnn_img_s' | 'mlp_samples_s' | 'cnn_img_cpu_s' | 'mlp_samples_cpu_s') => rs.map((r) => r[k]).filter((v): v is number => v != null);

export async function compareWithTorch(o: CompareOptions): Promise<CompareResult> {
  const load0 = os.loadavg()[0]!;
  const ours: BenchResult[] = [];
  const torch: BenchResult[] = [];
  for (let r = 0; r < o.rounds; r++) {
    // Alternate who goes first so a load spike does not always land on the same side.
    const t = r % 2 === 0 ? await runTorchBench(o) : null;
    const us = await runBench(o);
    const t2 = t ?? (await runTorchBench(o));
    ours.push(us);
    torch.push(t2);
    o.onRound?.(r + 1, us, t2);
  }
  const cnn = median(nums(ours, 'cnn_img_s'));
  const mlp = median(nums(ours, 'mlp_samples_s'));
  const tc = median(nums(torch, 'cnn_img_s'));
  const tm = median(nums(torch, 'mlp_samples_s'));
  const cpuRatio = (k: 'cnn_img_cpu_s' | 'mlp_samples_cpu_s') => ratio(median(nums(ours, k)), median(nums(torch, k)));
  return {
    cnn_cpu_ratio: cpuRatio('cnn_img_cpu_s'), mlp_cpu_ratio: cpuRatio('mlp_samples_cpu_s'),
    backend: ours[0]?.backend ?? 'unknown', cnn_img_s: cnn, mlp_samples_s: mlp,
    torch_cnn_img_s: tc, torch_mlp_samples_s: tm, cnn_ratio: ratio(cnn, tc), mlp_ratio: ratio(mlp, tm),
    rounds: o.rounds, torch_threads: o.threads ?? 2, load: [load0, os.loadavg()[0]!].map((v) => Math.round(v * 100) / 100) as [number, number],
  };
}
