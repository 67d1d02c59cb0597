import { describe, expect, it } from 'vitest';
import type { BenchResult } from '#contract/worker';
import { compareWithTorch, median } from '../../../src-main/engine/bench/compare';

const result = (model: 'cnn' | 'mlp', v: number, backend = 'wasm'): BenchResult =>
  model === 'cnn' ? { backend, cnn_img_s: v, mlp_samples_s: null, cnn_img_cpu_s: v / 2 } : { backend, cnn_img_s: null, mlp_samples_s: v, mlp_samples_cpu_s: v / 2 };

describe('compareWithTorch', () => {
  it('benches each model separately on both sides, alternates who goes first, and reports medians and ratios', async () => {
    const calls: string[] = [];
    const oursBy = { cnn: [100, 300, 200], mlp: [1000, 900, 1100] };
    const torchBy: Record<number, { cnn: number[]; mlp: number[] }> = { 2: { cnn: [400, 400, 400], mlp: [1000, 1000, 1000] }, 1: { cnn: [250, 250, 250], mlp: [1200, 1300, 1250] } };
    let oursRound = { cnn: 0, mlp: 0 };
    const torchRound: Record<number, { cnn: number; mlp: number }> = { 2: { cnn: 0, mlp: 0 }, 1: { cnn: 0, mlp: 0 } };
    const r = await compareWithTorch({
      rounds: 3, models: ['cnn', 'mlp'], threads: [2, 1],
      ours: async (m) => { calls.push(`ours:${m}`); return result(m, oursBy[m][oursRound[m]++]!); },
      torch: async (m, t) => { calls.push(`torch${t}:${m}`); return result(m, torchBy[t]![m][torchRound[t]![m]++]!, 'pytorch'); },
    });
    const torchRun = ['torch2:cnn', 'torch2:mlp', 'torch1:cnn', 'torch1:mlp'];
    expect(calls).toEqual([...torchRun, 'ours:cnn', 'ours:mlp', 'ours:cnn', 'ours:mlp', ...torchRun, ...torchRun, 'ours:cnn', 'ours:mlp']);
    expect(r).toMatchObject({
      backend: 'wasm', cnn_img_s: 200, mlp_samples_s: 1000,
      torch_cnn_img_s: 400, torch_mlp_samples_s: 1000, cnn_ratio: 0.5, mlp_ratio: 1,
      torch_best_cnn_img_s: 400, torch_best_mlp_samples_s: 1250, cnn_ratio_best: 0.5, mlp_ratio_best: 0.8,
      cnn_cpu_ratio: 0.5, mlp_cpu_ratio: 1, rounds: 3, torch_threads: [2, 1],
      // per round against that round's faster setting: cnn 100/400, 300/400, 200/400; mlp 1000/1200, 900/1300, 1100/1250
      cnn_ratio_paired: 0.5, mlp_ratio_paired: 0.83,
    });
  });

  it('takes the middle of an odd count and the mean of the middle two of an even one', () => {
    expect([median([3, 1, 2]), median([4, 1, 3, 2]), median([])]).toEqual([2, 2.5, null]);
  });
});
