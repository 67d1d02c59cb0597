/** Where a training loop stands, as saved in every checkpoint: enough to continue a run at the exact batch. */

import { z } from 'zod';

export const TrainPosition = z.object({
  /** Whole epochs finished. */
  epochsDone: z.number().int().min(0),
  /** Batches finished of the epoch after those (0 at an epoch's end). */
  batch: z.number().int().min(0),
  /** The unfinished epoch's running sums (loss·n, accuracy·n, n), so its metrics come out as if never interrupted. */
  sums: z.object({ loss: z.number(), accuracy: z.number(), seen: z.number().int().min(0) }),
  /** The trainer's generator state after that batch (dropout seeds; see engine/train/seeded-random.ts). */
  random: z.number().int().min(0).max(0xffffffff),
  /** Seconds spent in the unfinished epoch so far. */
  epochSeconds: z.number().min(0),
});
export type TrainPosition = z.infer<typeof TrainPosition>;

/** When the trainer writes a checkpoint inside an epoch (epoch ends always get one). */
export const StepCheckpointOptions = z.object({
  /** Also after every N batches; 0 disables. @default 0 */
  checkpointEverySteps: z.number().int().min(0).optional(),
  /** Also when this many seconds passed since the last checkpoint, as Keras BackupAndRestore's save_freq; 0 disables. @default 60 */
  checkpointEverySeconds: z.number().min(0).optional(),
});
export type StepCheckpointOptions = z.infer<typeof StepCheckpointOptions>;
