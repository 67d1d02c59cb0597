/** What one learning-rate schedule file exports (a registry entry), and the options every schedule reads from. */

import type { ScheduleName } from '#contract/engine';
import type { Described } from '../../../core/registry';

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

/** Where the run is once warm-up is over. */
export interface ScheduleTime {
  /** 0-based epoch counted from the end of warm-up (below 0 inside a fractional warm-up's last epoch). */
  epoch: number;
  /** Share of the post-warm-up span done, per batch, not clamped to [0, 1]. */
  progress: number;
}

export interface ScheduleDescriptor<Id extends string = string> extends Described<Id> {
  /** The rate after warm-up; a pure function, so a resumed run replays exactly the same rates. */
  rate(o: ScheduleOptions, at: ScheduleTime): number;
}

/** Keeps the id's literal type, so the registry can be checked against the contract's ScheduleName. */
export function defineSchedule<const Id extends string>(d: ScheduleDescriptor<Id>): ScheduleDescriptor<Id> {
  return d;
}
