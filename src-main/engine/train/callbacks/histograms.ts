/** Weight histograms per layer at the end of each epoch, as plain counts (never tensors) for the dashboard. */

import type { HistogramSet } from '#contract/engine';
import type { TrainerEvent } from '#contract/worker';
import type { Callback } from './types';

export interface NamedValues { name: string; values: Float32Array | number[]; kind?: 'weights' | 'gradients' }

export interface HistogramOptions {
  /** Bins per histogram. @default 30 */
  bins?: number;
  /** Every N epochs. @default 1 */
  every?: number;
}

/** `sample()` returns the current weights (and last gradients) to bin; emits one 'histograms' event per epoch. */
export function histograms(sample: () => NamedValues[], emit: (ev: TrainerEvent) => void, opts: HistogramOptions = {}): Callback {
  const every = Math.max(1, opts.every ?? 1);
  return {
    onEpochEnd(m) {
      if (m.epoch % every !== 0) return;
      const layers = sample().map((w) => ({ name: w.name, kind: w.kind ?? 'weights', ...histogram(w.values, opts.bins ?? 30) }));
      const set: HistogramSet = { epoch: m.epoch, layers };
      emit({ type: 'histograms', ...set });
    },
  };
}

/** Equal-width bins over [min, max]; a constant tensor lands in one bin. */
export function histogram(values: ArrayLike<number>, bins: number): { min: number; max: number; counts: number[] } {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < values.length; i++) { const v = values[i]!; if (v < min) min = v; if (v > max) max = v; }
  const counts = new Array<number>(bins).fill(0);
  if (values.length === 0) return { min: 0, max: 0, counts };
  const width = (max - min) / bins || 1;
  for (let i = 0; i < values.length; i++) {
    const k = Math.min(bins - 1, Math.floor((values[i]! - min) / width));
    counts[k] = counts[k]! + 1;
  }
  return { min, max, counts };
}
