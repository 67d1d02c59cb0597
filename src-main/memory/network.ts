/** One face for every rule: store ±1 patterns, then recall a cue to a trace the CLI, service and UI all read. */

import type { MemoryRule } from '#contract/memory';
import { HebbError } from '../core/errors';
import { recall, storeHebb, storePseudoinverse, storeStorkey, type Snapshot, type Spins, type Weights } from './hopfield';
import { recallModern } from './modern';

export interface RecallRequest {
  /** Classic rules: full asynchronous sweeps; modern: attention updates. @default 100 (classic) / 50 (modern) */
  maxSteps?: number;
  /** Seeds the asynchronous update order (classic rules only). @default 0 */
  seed?: number;
  /** Snapshot every this many single-neuron updates (classic rules), for the step-by-step view. @default 0 */
  snapshotEvery?: number;
  /** Modern rule's inverse temperature. @default 64 / N */
  beta?: number;
}

export interface Recalled {
  state: Spins;
  /** Sweeps (classic) or attention updates (modern) until nothing changed, including that last quiet one. */
  steps: number;
  /** Single-neuron flips (classic); neurons whose sign differs from the cue (modern). */
  flips: number;
  converged: boolean;
  energies: number[];
  snapshots: Snapshot[];
}

export interface AssociativeMemory {
  rule: MemoryRule;
  neurons: number;
  patterns: Spins[];
  recall(cue: Spins, req?: RecallRequest): Recalled;
}

/** Learn `patterns` (all of one length) with `rule`. */
export function createMemory(rule: MemoryRule, patterns: Spins[]): AssociativeMemory {
  if (patterns.length === 0) throw new HebbError('INVALID_ARGUMENT', 'Store at least one pattern');
  const n = patterns[0]!.length;
  if (patterns.some((p) => p.length !== n)) throw new HebbError('INVALID_ARGUMENT', 'All patterns must have the same number of neurons');
  if (rule === 'modern') {
    return {
      rule, neurons: n, patterns,
      recall(cue, req = {}) {
        check(cue, n);
        const t = recallModern(patterns, cue, { maxSteps: req.maxSteps, beta: req.beta });
        let flips = 0;
        for (let i = 0; i < n; i++) if (t.state[i] !== cue[i]) flips++;
        return { state: t.state, steps: t.steps, flips, converged: t.converged, energies: t.energies, snapshots: t.snapshots };
      },
    };
  }
  const weights = learn(rule, patterns, n);
  return {
    rule, neurons: n, patterns,
    recall(cue, req = {}) {
      check(cue, n);
      const t = recall(weights, cue, { maxSweeps: req.maxSteps, seed: req.seed, snapshotEvery: req.snapshotEvery });
      return { state: t.state, steps: t.sweeps, flips: t.flips, converged: t.converged, energies: t.energies, snapshots: t.snapshots };
    },
  };
}

export function learn(rule: Exclude<MemoryRule, 'modern'>, patterns: Spins[], n: number): Weights {
  switch (rule) {
    case 'hebb': return storeHebb(patterns, n);
    case 'storkey': return storeStorkey(patterns, n);
    case 'pseudoinverse':
      if (patterns.length >= n) throw new HebbError('INVALID_ARGUMENT', `The pseudo-inverse rule stores fewer patterns than neurons (${patterns.length} ≥ ${n})`);
      return storePseudoinverse(patterns, n);
    default: throw new HebbError('INVALID_ARGUMENT', `Unknown memory rule "${String(rule)}" (hebb, storkey, pseudoinverse, modern)`);
  }
}

export const RULES: readonly MemoryRule[] = ['hebb', 'storkey', 'pseudoinverse', 'modern'];

export function parseRule(s: string): MemoryRule {
  if (!(RULES as readonly string[]).includes(s)) throw new HebbError('INVALID_ARGUMENT', `Unknown memory rule "${s}" (${RULES.join(', ')})`);
  return s as MemoryRule;
}

function check(cue: Spins, n: number): void {
  if (cue.length !== n) throw new HebbError('INVALID_ARGUMENT', `Cue has ${cue.length} entries, the memory has ${n} neurons`);
}
