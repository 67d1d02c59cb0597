/** Learning-rate schedules as pure functions of (epoch, batch), so a resumed run replays exactly the same rates. */

import { schedules, type ScheduleOptions } from './schedules/registry';

export type { ScheduleOptions } from './schedules/registry';

/**
 * Rate for 0-based `epoch` and 0-based `batch` of `batches`. Warm-up ramps linearly per batch from lr/(warm-up
 * batches) to lr; the schedule (schedules/) then runs over the remaining epochs, changing at epoch boundaries
 * (cosine per batch).
 */
export function learningRateAt(o: ScheduleOptions, epoch: number, batch = 0, batches = 1): number {
  const lr = o.learningRate;
  const warm = Math.max(0, o.warmupEpochs ?? 0);
  const t = epoch + batch / Math.max(1, batches);
  if (warm > 0 && t < warm) return lr * Math.min(1, (t * batches + 1) / (warm * batches));
  const span = Math.max(1, o.epochs - warm);
  return schedules.require(o.schedule, 'schedule').rate(o, { epoch: epoch - warm, progress: (t - warm) / span });
}
