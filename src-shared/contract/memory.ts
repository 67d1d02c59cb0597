/** Memory-lab shapes: Hopfield storage and recall of images. */

import { z } from 'zod';

export const MEMORY_RULES = ['hebb', 'storkey', 'pseudoinverse', 'modern'] as const;
export const MemoryRule = z.enum(MEMORY_RULES);
export type MemoryRule = z.infer<typeof MemoryRule>;

export interface RecallStep {
  step: number;
  energy: number;
  /** ±1 state, row-major size×size. */
  state: number[];
}

export interface PatternRecall {
  name: string;
  /** m = 1/N Σ s_i ξ_i between the recalled state and the stored pattern (1 = perfect). */
  overlap: number;
  /** Full asynchronous sweeps (classic rules, the last one changing nothing) or attention updates (modern). */
  steps: number;
  /** overlap ≥ 0.95. */
  recalled: boolean;
  /** Overlap of the corrupted cue with the stored pattern, before recall. */
  cueOverlap?: number;
  /** Single-neuron state changes during recall. */
  flips?: number;
}

export interface MemoryReport {
  rule: MemoryRule;
  neurons: number;
  patterns: PatternRecall[];
  recallRate: number;
}

export interface CapacityPoint {
  patterns: number;
  loadRatio: number;
  recallRate: number;
  /** Mean overlap of the converged state with the stored pattern it started from. */
  meanOverlap?: number;
  /** Neurons of the network this point was measured on (the service caps the sweep's N). */
  neurons?: number;
}
