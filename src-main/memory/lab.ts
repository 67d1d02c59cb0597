/** The folder experiment behind `hebb memory`: load images, store them with one rule, recall each from a corrupted cue. */

import type { MemoryReport, MemoryRule } from '#contract/memory';
import { corrupt, type CorruptOptions } from './corrupt';
import { overlap } from './hopfield';
import { loadPatternDir, type Threshold } from './images';
import { createMemory, type AssociativeMemory, type RecallRequest } from './network';

/** Overlap at or above which a recall counts as a success (≤ 2.5% of pixels wrong). */
export const RECALL_THRESHOLD = 0.95;

export interface ExperimentOptions {
  dir: string;
  /** Images are resized to size×size: N = size² neurons. */
  size: number;
  rule: MemoryRule;
  /** @default 'otsu' */
  threshold?: Threshold;
  /** Share of pixels flipped in each cue. @default 0.1 */
  noise?: number;
  /** Share of rows hidden (bottom band) in each cue. @default 0 */
  mask?: number;
  /** @default 'off' */
  maskFill?: CorruptOptions['maskFill'];
  /** Seeds corruption and update order. @default 0 */
  seed?: number;
  /** Sweeps (classic) / updates (modern) per recall. @default 100 / 50 */
  maxSteps?: number;
  /** Modern rule's inverse temperature. @default 64 / N */
  beta?: number;
}

export interface ExperimentReport extends MemoryReport {
  size: number;
  noise: number;
  mask: number;
  seed: number;
}

export async function runExperiment(opts: ExperimentOptions): Promise<ExperimentReport> {
  const loaded = await loadPatternDir(opts.dir, { size: opts.size, threshold: opts.threshold });
  const memory = createMemory(opts.rule, loaded.map((l) => l.pattern));
  const noise = opts.noise ?? 0.1, mask = opts.mask ?? 0, seed = opts.seed ?? 0;
  const report = recallAll(memory, loaded.map((l) => l.name), opts.size, {
    noise, mask, maskFill: opts.maskFill, seed,
  }, { maxSteps: opts.maxSteps, beta: opts.beta, seed });
  return { ...report, size: opts.size, noise, mask, seed };
}

/** Corrupt every stored pattern (seed + index) and recall it; the report's rate counts overlaps ≥ RECALL_THRESHOLD. */
export function recallAll(memory: AssociativeMemory, names: string[], side: number, cue: CorruptOptions, req: RecallRequest = {}): MemoryReport {
  const patterns = memory.patterns.map((xi, k) => {
    const c = corrupt(xi, side, { ...cue, seed: (cue.seed ?? 0) * 7919 + k });
    const r = memory.recall(c, { ...req, seed: (req.seed ?? 0) * 7919 + k });
    const m = overlap(r.state, xi);
    return {
      name: names[k] ?? `#${k}`,
      overlap: round(m),
      cueOverlap: round(overlap(c, xi)),
      steps: r.steps,
      flips: r.flips,
      recalled: m >= RECALL_THRESHOLD,
    };
  });
  const recallRate = patterns.filter((p) => p.recalled).length / patterns.length;
  return { rule: memory.rule, neurons: memory.neurons, patterns, recallRate };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
