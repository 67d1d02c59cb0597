/** Checkpoints: after every `every`-th epoch (and the last), hand the finished epoch to a saver that writes weights and optimizer state. */

import type { Callback } from './types';

export interface CheckpointOptions {
  /** Save every N epochs. @default 1 */
  every?: number;
}

/** `save(epoch)` receives the 1-based epoch just finished; the trainer's saver knows the model and optimizer. */
export function checkpoint(save: (epoch: number) => Promise<void>, opts: CheckpointOptions = {}): Callback {
  const every = Math.max(1, opts.every ?? 1);
  return {
    async onEpochEnd(m) {
      if (m.epoch % every === 0 || m.epoch === m.epochs) await save(m.epoch);
    },
  };
}
