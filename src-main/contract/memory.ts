/** Memory-lab shapes: Hopfield storage and recall of images. */

export type MemoryRule = 'hebb' | 'storkey' | 'pseudoinverse' | 'modern';

export interface RecallStep {
  step: number;
  energy: number;
  /** ±1 state, row-major size×size. */
  state: number[];
}

export interface PatternRecall {
  name: string;
  overlap: number;
  steps: number;
  recalled: boolean;
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
}
