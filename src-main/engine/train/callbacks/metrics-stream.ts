/** Streams metrics to a listener (UI, worker port): every epoch and the end, batches throttled to a few per second. */

import type { TrainerEvent } from '#contract/worker';
import type { Callback } from './types';

export interface MetricsStreamOptions {
  /** Most batch events per second; the last batch of an epoch is always sent. @default 20 */
  maxPerSecond?: number;
  /** Clock in ms (tests inject one). @default Date.now */
  now?: () => number;
}

export function metricsStream(emit: (ev: TrainerEvent) => void, opts: MetricsStreamOptions = {}): Callback {
  const gap = 1000 / (opts.maxPerSecond ?? 20);
  const now = opts.now ?? Date.now;
  let last = -Infinity;
  return {
    onBatchEnd(m) {
      const t = now();
      if (t - last < gap && m.batch < m.batchesPerEpoch) return;
      last = t;
      emit({ type: 'batch', ...m });
    },
    onEpochEnd(m) { emit({ type: 'epoch', ...m }); },
    onTrainEnd(end) { emit({ type: 'end', ...end }); },
  };
}
