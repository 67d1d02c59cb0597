/** Learning-rate schedules as pure functions of (epoch, batch), so a resumed run replays exactly the same rates. */

import type { ScheduleName } from '#contract/engine';

export interface ScheduleOptions {
  schedule: ScheduleName;
  learningRate: number;
  epochs: number;
  /** Linear warm-up over this many epochs, per batch. @default 0 */
  warmupEpochs?: number;
  /** 'step': multiply by `gamma` every `stepEpochs`. @default gamma 0.1, stepEpochs max(1, floor(epochs/3)) */
  gamma?: number;
  stepEpochs?: number;
  /** 'exponential': multiply by `decay` each epoch. @default 0.95 */
  decay?: number;
  /** 'cosine': anneal down to this share of the base rate. @default 0 */
  minRatio?: number;
}

/**
 * Rate for 0-based `epoch` and 0-based `batch` of `batches`. Warm-up ramps linearly per batch from lr/(warm-up
 * batches) to lr; the schedule then runs over the remaining epochs, changing at epoch boundaries (cosine per batch).
 */
export function learningRateAt(o: ScheduleOptions, epoch: number, batch = 0, batches = 1): number {
  const lr = o.learningRate;
  const warm = Math.max(0, o.warmupEpochs ?? 0);
  const t = epoch + batch / Math.max(1, batches);
  if (warm > 0 && t < warm) return lr * Math.min(1, (t * batches + 1) / (warm * batches));
  const e = epoch - warm;
  const span = Math.max(1, o.epochs - warm);
  switch (o.schedule) {
    case 'constant': return lr;
    case 'step': return lr * Math.pow(o.gamma ?? 0.1, Math.floor(Math.max(0, e) / (o.stepEpochs ?? Math.max(1, Math.floor(o.epochs / 3)))));
    case 'exponential': return lr * Math.pow(o.decay ?? 0.95, Math.max(0, e));
    case 'cosine': {
      const p = Math.min(1, Math.max(0, (t - warm) / span));
      const min = o.minRatio ?? 0;
      return lr * (min + (1 - min) * 0.5 * (1 + Math.cos(Math.PI * p)));
    }
    default: throw new Error(`unknown schedule '${o.schedule as string}'`);
  }
}
