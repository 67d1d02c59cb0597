/**
 * Early stopping: asks the loop to stop when the monitored loss has not improved for `patience` epochs, and (given
 * access to the weights) puts the best epoch's weights back when it does, as Keras's restore_best_weights.
 */

import type { EpochMetrics } from '#contract/engine';
import type { Callback } from './types';

/** Copies of the model's weights in, and back out. The callback owns (and disposes) what `take` returns. */
export interface WeightAccess<W> {
  take(): W;
  put(w: W): void;
  dispose(w: W): void;
}

export interface EarlyStoppingOptions<W = unknown> {
  /** Epochs without improvement before stopping. */
  patience: number;
  /** Smallest decrease that counts as an improvement. @default 0 */
  minDelta?: number;
  /** When given, the best epoch's weights are kept and restored on stopping. @default none (the last epoch's stay) */
  weights?: WeightAccess<W>;
}

interface State { best: number; wait: number; bestEpoch: EpochMetrics | null }

export interface EarlyStopping extends Callback {
  readonly best: number;
  /** The epoch whose weights the model holds after an early stop with restored weights, else null. */
  readonly restored: EpochMetrics | null;
}

/** Monitors validation loss, or training loss when there is no validation set. */
export function earlyStopping<W>(opts: EarlyStoppingOptions<W>): EarlyStopping {
  let s: State = { best: Infinity, wait: 0, bestEpoch: null };
  let snapshot: W | null = null;
  let restored: EpochMetrics | null = null;
  const drop = () => { if (snapshot !== null) opts.weights?.dispose(snapshot); snapshot = null; };
  return {
    name: 'earlyStopping',
    get best() { return s.best; },
    get restored() { return restored; },
    onEpochEnd(m, control) {
      const value = m.valLoss ?? m.loss;
      if (value < s.best - (opts.minDelta ?? 0)) {
        s = { best: value, wait: 0, bestEpoch: m };
        if (opts.weights) { drop(); snapshot = opts.weights.take(); }
        return;
      }
      s.wait++;
      if (s.wait < opts.patience) return;
      let why = `early stopping: no improvement for ${s.wait} epochs (best loss ${s.best.toFixed(4)}`;
      if (snapshot !== null && s.bestEpoch) {
        opts.weights!.put(snapshot);
        restored = s.bestEpoch;
        why += `; restored the weights of epoch ${s.bestEpoch.epoch}`;
      } else if (opts.weights && s.bestEpoch) {
        why += `; the weights of epoch ${s.bestEpoch.epoch} were not kept across the resume, so the last epoch's stay`;
      }
      control.stop(`${why})`);
    },
    onTrainEnd() { drop(); },
    state: () => ({ ...s, best: Number.isFinite(s.best) ? s.best : null }),
    restore(v) {
      const r = v as { best: number | null; wait: number; bestEpoch?: EpochMetrics | null };
      s = { best: r.best ?? Infinity, wait: r.wait, bestEpoch: r.bestEpoch ?? null };
    },
  };
}
