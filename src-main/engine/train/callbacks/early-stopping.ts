/** Early stopping: asks the loop to stop when the monitored loss has not improved for `patience` epochs. */

import type { Callback } from './types';

export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping. */
  patience: number;
  /** Smallest decrease that counts as an improvement. @default 0 */
  minDelta?: number;
}

interface State { best: number; wait: number }

/** Monitors validation loss, or training loss when there is no validation set. */
export function earlyStopping(opts: EarlyStoppingOptions): Callback & { readonly best: number } {
  let s: State = { best: Infinity, wait: 0 };
  return {
    name: 'earlyStopping',
    get best() { return s.best; },
    onEpochEnd(m, control) {
      const value = m.valLoss ?? m.loss;
      if (value < s.best - (opts.minDelta ?? 0)) { s = { best: value, wait: 0 }; return; }
      s.wait++;
      if (s.wait >= opts.patience) control.stop(`early stopping: no improvement for ${s.wait} epochs (best loss ${s.best.toFixed(4)})`);
    },
    state: () => ({ ...s, best: Number.isFinite(s.best) ? s.best : null }),
    restore(v) {
      const r = v as { best: number | null; wait: number };
      s = { best: r.best ?? Infinity, wait: r.wait };
    },
  };
}
