/**
 * Resume state: before the first batch of a resumed session, put back what a checkpoint saved (weights, optimizer
 * slots, the carried callbacks' state). The loop's position itself goes to the trainer as `start`.
 */

import type { Callback } from './types';

/** How the saved tensors get back into the model and optimizer (the job passes tfjs; tests pass fakes). */
export interface RestoreTargets<C> {
  weights(checkpoint: C): void | Promise<void>;
  optimizer(checkpoint: C): void | Promise<void>;
  /** Callbacks whose state was saved under their `name`. @default none */
  carry?: Callback[];
}

export function resumeFrom<C extends { state: { callbacks: Record<string, unknown> } }>(checkpoint: C, to: RestoreTargets<C>): Callback {
  return {
    async onTrainBegin() {
      await to.weights(checkpoint);
      await to.optimizer(checkpoint);
      for (const cb of to.carry ?? []) {
        const s = cb.name ? checkpoint.state.callbacks[cb.name] : undefined;
        if (s !== undefined) cb.restore?.(s);
      }
    },
  };
}
