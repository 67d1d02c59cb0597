/** Side-by-side rounds of our bench and PyTorch's, back to back so both see the same machine load; medians and ratios. */

import os from 'node:os';
import type { BenchResult } from '#contract/worker';
import { runBench } from './runner';
import { runTorchBench } from './torch';

export interface CompareOptions {
  /** Timed steps per model. @default the runner's per-model defaults */
  steps?: number;
  /** Untimed steps per model. @default the runner's per-model defaults */
  warmup?: number;
  rounds: number;
  models: ('cnn' | 'mlp')[];
  /** torch.set_num_threads settings to run; the first is the headline (the reference is 2). @default [2, 1] */
  threads?: number[];
  /** Called after each round (progress for humans). */
  onRound?: (round: number, ours: BenchResult, torch: Map<number, BenchResult>) => void;
  /**
   * Our side's bench of one model. The CLI runs each in a fresh worker (benchInWorker), as PyTorch's runs in a fresh
   * process per model, so neither side's second model inherits the first one's state. @default in this process
   */
  ours?: (model: 'cnn' | 'mlp') => Promise<BenchResult>;
  /** PyTorch as Debian runs it (see TorchOptions.asInstalled). @default false */
  torchAsInstalled?: boolean;
  /** PyTorch's bench of one model at one thread setting. @default runTorchBench (a fresh /usr/bin/python3 per call) */
  torch?: (model: 'cnn' | 'mlp', threads: number) => Promise<BenchResult>;
}

type Rates = { cnn_img_s: number | null; mlp_samples_s: number | null };

export interface CompareResult extends BenchResult {
  /** PyTorch with threads[0] (the headline setting). */
  torch_cnn_img_s: number | null;
  torch_mlp_samples_s: number | null;
  cnn_ratio: number | null;
  mlp_ratio: number | null;
  /** The fastest PyTorch setting measured, per model: the stricter yardstick (Debian's 2-thread torch is often slower than 1). */
  torch_best_cnn_img_s: number | null;
  torch_best_mlp_samples_s: number | null;
  cnn_ratio_best: number | null;
  mlp_ratio_best: number | null;
  /**
   * Median over rounds of each round's own ratio against that round's faster PyTorch setting: the machine's slow
   * and fast phases (±15% here) hit both sides of a round alike, so this moves less than the ratio of medians.
   */
  cnn_ratio_paired: number | null;
  mlp_ratio_paired: number | null;
  /** Medians per torch thread setting. */
  torch_by_threads: Record<string, Rates>;
  /** Ratios per CPU-second against the headline setting. */
  cnn_cpu_ratio: number | null;
  mlp_cpu_ratio: number | null;
  rounds: number;
  torch_threads: number[];
  /** 1-minute load average before and after: how contended the 2 cores were. */
  load: [number, number];
}

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

type Key = 'cnn_img_s' | 'mlp_samples_s' | 'cnn_img_cpu_s' | 'mlp_samples_cpu_s';
const ratio = (a: number | null, b: number | null) => (a != null && b ? Math.round((a / b) * 100) / 100 : null);
/** Median over rounds, to 0.1 like the rates themselves (an even count averages two). */
const med = (rs: BenchResult[], k: Key) => {
  const m = median(rs.map((r) => r[k]).filter((v): v is number => v != null));
  return m == null ? null : Math.round(m * 10) / 10;
};
const best = (xs: (number | null)[]) => xs.reduce<number | null>((a, v) => (v != null && (a == null || v > a) ? v : a), null);

export async function compareWithTorch(o: CompareOptions): Promise<CompareResult> {
  const threads = o.threads?.length ? o.threads : [2, 1];
  const load0 = os.loadavg()[0]!;
  const ours: BenchResult[] = [];
  const torch = new Map<number, BenchResult[]>(threads.map((t) => [t, []]));
  const oursOf = o.ours ?? ((model) => runBench({ ...o, models: [model] }));
  const eachModel = async (run: (model: 'cnn' | 'mlp') => Promise<BenchResult>) => {
    const parts = [];
    for (const model of o.models) parts.push(await run(model));
    return parts.reduce((a, p) => ({ ...a, ...Object.fromEntries(Object.entries(p).filter(([, v]) => v != null)) }));
  };
  const runTorch = async () => {
    const round = new Map<number, BenchResult>();
    const torchOf = o.torch ?? ((model, t) => runTorchBench({ ...o, models: [model], threads: t, asInstalled: o.torchAsInstalled }));
    for (const t of threads) round.set(t, await eachModel((model) => torchOf(model, t)));
    return round;
  };
  for (let r = 0; r < o.rounds; r++) {
    // Alternate who goes first so a load spike does not always land on the same side.
    const first = r % 2 === 0 ? await runTorch() : null;
    const us = await eachModel(oursOf);
    const t = first ?? (await runTorch());
    ours.push(us);
    for (const [n, res] of t) torch.get(n)!.push(res);
    o.onRound?.(r + 1, us, t);
  }
  const cnn = med(ours, 'cnn_img_s');
  const mlp = med(ours, 'mlp_samples_s');
  const byThreads: Record<string, Rates> = {};
  for (const [n, rs] of torch) byThreads[n] = { cnn_img_s: med(rs, 'cnn_img_s'), mlp_samples_s: med(rs, 'mlp_samples_s') };
  const head = torch.get(threads[0]!)!;
  const tc = med(head, 'cnn_img_s');
  const tm = med(head, 'mlp_samples_s');
  const bc = best(Object.values(byThreads).map((v) => v.cnn_img_s));
  const bm = best(Object.values(byThreads).map((v) => v.mlp_samples_s));
  const paired = (k: 'cnn_img_s' | 'mlp_samples_s') => median(ours.flatMap((us, r) => {
    const fastest = best([...torch.values()].map((rs) => rs[r]![k]));
    const q = ratio(us[k], fastest);
    return q == null ? [] : [q];
  }));
  return {
    backend: ours[0]?.backend ?? 'unknown', cnn_img_s: cnn, mlp_samples_s: mlp,
    torch_cnn_img_s: tc, torch_mlp_samples_s: tm, cnn_ratio: ratio(cnn, tc), mlp_ratio: ratio(mlp, tm),
    torch_best_cnn_img_s: bc, torch_best_mlp_samples_s: bm, cnn_ratio_best: ratio(cnn, bc), mlp_ratio_best: ratio(mlp, bm),
    cnn_ratio_paired: paired('cnn_img_s'), mlp_ratio_paired: paired('mlp_samples_s'),
    torch_by_threads: byThreads,
    cnn_cpu_ratio: ratio(med(ours, 'cnn_img_cpu_s'), med(head, 'cnn_img_cpu_s')),
    mlp_cpu_ratio: ratio(med(ours, 'mlp_samples_cpu_s'), med(head, 'mlp_samples_cpu_s')),
    rounds: o.rounds, torch_threads: threads,
    load: [load0, os.loadavg()[0]!].map((v) => Math.round(v * 100) / 100) as [number, number],
  };
}
