/** The subscriber side of the trainer: callbacks hear about batches and epochs, and may only ask the loop to stop. */

import type { BatchMetrics, EpochMetrics, TrainEnd } from '#contract/engine';
import type { TrainPosition } from '#contract/train-state';

/** What a callback may do to the loop: ask it to stop at the next batch boundary (the same flag Cancel sets). */
export interface TrainControl {
  stop(reason: string): void;
  readonly stopRequested: boolean;
}

export interface TrainBeginInfo {
  epochs: number;
  /** 0-based index of the first epoch this session runs (> 0 after a resume). */
  startEpoch: number;
  batchesPerEpoch: number;
  /** Where the loop stands now (after the latest batch or epoch): what a checkpoint records. */
  position: () => TrainPosition;
}

/** Every hook is optional; epochs and batches are 1-based in the metrics. */
export interface Callback {
  /** Key under which `state()` is saved in checkpoints, for callbacks that carry state across a resume. */
  name?: string;
  onTrainBegin?(info: TrainBeginInfo, control: TrainControl): void | Promise<void>;
  onEpochBegin?(epoch: number): void | Promise<void>;
  onBatchEnd?(m: BatchMetrics, control: TrainControl): void | Promise<void>;
  onEpochEnd?(m: EpochMetrics, control: TrainControl): void | Promise<void>;
  onTrainEnd?(end: TrainEnd): void | Promise<void>;
  state?(): unknown;
  restore?(state: unknown): void;
}

/** Runs callbacks in order; onTrainEnd runs for every callback even if one of them throws. */
export class CallbackList {
  constructor(readonly items: Callback[]) {}

  async trainBegin(info: TrainBeginInfo, c: TrainControl): Promise<void> { for (const cb of this.items) await cb.onTrainBegin?.(info, c); }
  async epochBegin(epoch: number): Promise<void> { for (const cb of this.items) await cb.onEpochBegin?.(epoch); }
  async batchEnd(m: BatchMetrics, c: TrainControl): Promise<void> { for (const cb of this.items) await cb.onBatchEnd?.(m, c); }
  async epochEnd(m: EpochMetrics, c: TrainControl): Promise<void> { for (const cb of this.items) await cb.onEpochEnd?.(m, c); }

  async trainEnd(end: TrainEnd): Promise<unknown[]> {
    const errors: unknown[] = [];
    for (const cb of this.items) {
      try { await cb.onTrainEnd?.(end); } catch (err) { errors.push(err); }
    }
    return errors;
  }

  /** Named callbacks' state, for a checkpoint. */
  states(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const cb of this.items) if (cb.name && cb.state) out[cb.name] = cb.state();
    return out;
  }

  restore(states: Record<string, unknown>): void {
    for (const cb of this.items) if (cb.name && cb.restore && states[cb.name] !== undefined) cb.restore(states[cb.name]);
  }
}
